/* Place configurations: reading one from CSV (with OGR's CSV driver) into
 * the in-memory ct__ckconf, and validating any ct__ckconf, with every bad row
 * named. */
#include "check.h"
#include "../core/text.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ct__ckconf_free(ct__ckconf *c)
{
    if (!c)
        return;
    for (size_t t = 0; c->tier && t < c->ntiers; t++)
        free(c->tier[t]);
    for (size_t r = 0; c->code && r < c->nrows; r++)
        free(c->code[r]);
    for (size_t i = 0; c->cell && i < c->nrows * c->ntiers; i++)
        free(c->cell[i]);
    for (size_t i = 0; c->name && i < c->nrows * c->ntiers; i++)
        free(c->name[i]);
    free(c->tier);
    free(c->code);
    free(c->line);
    free(c->cell);
    free(c->name);
    free(c->source);
    memset(c, 0, sizeof *c);
}

ct_status ct__ckconf_alloc(ct_ctx *ctx, ct__ckconf *c, const char *source, size_t ntiers,
                           size_t nrows, bool names)
{
    memset(c, 0, sizeof *c);
    size_t nr = nrows ? nrows : 1, nt = ntiers ? ntiers : 1;
    c->source = ct__strdup(source ? source : "configuration");
    c->tier = ct__calloc(nt, sizeof *c->tier);
    c->code = ct__calloc(nr, sizeof *c->code);
    c->cell = ct__calloc(nr * nt, sizeof *c->cell);
    c->name = names ? ct__calloc(nr * nt, sizeof *c->name) : NULL;
    c->ntiers = ntiers;
    c->nrows = nrows;
    if (!c->source || !c->tier || !c->code || !c->cell || (names && !c->name)) {
        ct__ckconf_free(c);
        return ct__nomem(ctx);
    }
    return CT_OK;
}

static ct_status dup_or_null(ct_ctx *ctx, char **dst, const char *src)
{
    *dst = src ? ct__strdup(src) : NULL;
    return !src || *dst ? CT_OK : ct__nomem(ctx);
}

ct_status ct__ckconf_copy(ct_ctx *ctx, const ct__ckconf *src, ct__ckconf *out)
{
    ct_status st = ct__ckconf_alloc(ctx, out, src->source, src->ntiers, src->nrows,
                                    src->name != NULL);
    if (!st && src->line) {
        out->line = ct__malloc((src->nrows ? src->nrows : 1) * sizeof *out->line);
        if (!out->line)
            st = ct__nomem(ctx);
        else if (src->nrows)
            memcpy(out->line, src->line, src->nrows * sizeof *out->line);
    }
    for (size_t t = 0; !st && t < src->ntiers; t++)
        st = dup_or_null(ctx, &out->tier[t], src->tier[t]);
    for (size_t r = 0; !st && r < src->nrows; r++)
        st = dup_or_null(ctx, &out->code[r], src->code[r]);
    for (size_t i = 0; !st && i < src->nrows * src->ntiers; i++) {
        st = dup_or_null(ctx, &out->cell[i], src->cell[i]);
        if (!st && src->name)
            st = dup_or_null(ctx, &out->name[i], src->name[i]);
    }
    if (st)
        ct__ckconf_free(out);
    return st;
}

ct_status ct__ck_tier_name_check(ct_ctx *ctx, ct_status bad, const char *src, const char *name)
{
    /* tier tables share the result with these */
    static const char *const reserved[] = {"block", "units", "nesting", "findings", "summary"};
    if (!name || !*name)
        return ct__err(ctx, bad, "%s: a tier has an empty name", src);
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (!strcasecmp(name, reserved[i]))
            return ct__err(ctx, bad, "%s: '%s' cannot be a tier name (reserved)", src, name);
    return CT_OK;
}

/* "line 3" for a file row, "row 3" for an in-memory one (no line numbers:
 * line NULL, or 0 for a row made by hand). */
static bool has_lines(const ct__ckconf *c)
{
    return c->line && c->nrows && c->line[0];
}

static size_t row_no(const ct__ckconf *c, size_t r)
{
    return has_lines(c) ? c->line[r] : r + 1;
}

static const char *row_word(const ct__ckconf *c)
{
    return has_lines(c) ? "line" : "row";
}

static const char *name_at(const ct__ckconf *c, size_t r, size_t t)
{
    const char *s = c->name ? c->name[r * c->ntiers + t] : NULL;
    return s && *s ? s : NULL;
}

/* Rows name one unit name per label: the same label with two names is an
 * error naming both rows. */
static ct_status check_names(ct_ctx *ctx, const ct__ckconf *c, size_t t)
{
    ct__strmap *first = ct__strmap_new(c->nrows);
    ct_status st = first ? CT_OK : ct__nomem(ctx);
    for (size_t r = 0; !st && r < c->nrows; r++) {
        const char *name = name_at(c, r, t), *label = c->cell[r * c->ntiers + t];
        if (!name)
            continue;
        size_t q = ct__strmap_get(first, label);
        if (q == CT__NONE)
            st = ct__strmap_put(ctx, first, label, r, NULL);
        else if (strcmp(name, name_at(c, q, t)))
            st = ct__err(ctx, CT_EDATA, "%s: %s '%s' is named '%s' on %s %zu and '%s' on %s %zu",
                         c->source, c->tier[t], label, name_at(c, q, t), row_word(c),
                         row_no(c, q), name, row_word(c), row_no(c, r));
    }
    ct__strmap_free(first);
    return st;
}

ct_status ct__ckconf_validate(ct_ctx *ctx, const ct__ckconf *c)
{
    if (!c || !c->tier || !c->code || !c->cell)
        return ct__err(ctx, CT_EINVAL, "check: incomplete configuration");
    const char *src = c->source ? c->source : "configuration";
    if (c->ntiers == 0)
        return ct__err(ctx, CT_EFORMAT, "%s: no tiers (e.g. block,system,place)", src);
    if (c->ntiers > CT__CK_MAX_TIERS)
        return ct__err(ctx, CT_EFORMAT, "%s: %zu tiers; at most %d are supported", src,
                       c->ntiers, CT__CK_MAX_TIERS);
    if (c->nrows == 0)
        return ct__err(ctx, CT_EDATA, "%s: the configuration has no rows", src);
    ct_status st = CT_OK;
    for (size_t t = 0; !st && t < c->ntiers; t++) {
        st = ct__ck_tier_name_check(ctx, CT_EFORMAT, src, c->tier[t]);
        for (size_t k = 0; !st && k < t; k++)
            if (!strcasecmp(c->tier[t], c->tier[k]))
                st = ct__err(ctx, CT_EFORMAT, "%s: tier '%s' appears twice", src, c->tier[t]);
    }
    ct__strmap *seen = st ? NULL : ct__strmap_new(c->nrows);
    if (!st && !seen)
        st = ct__nomem(ctx);
    for (size_t r = 0; !st && r < c->nrows; r++) {
        char **cells = &c->cell[r * c->ntiers];
        if (!c->code[r] || !*c->code[r])
            st = ct__err(ctx, CT_EDATA, "%s: %s %zu: blank block code", src, row_word(c),
                         row_no(c, r));
        for (size_t t = 0; !st && t < c->ntiers; t++)
            if (!cells[t] || !*cells[t])
                st = ct__err(ctx, CT_EDATA,
                             "%s: %s %zu (block %s): blank cell in column '%s' (if '%s' is not "
                             "a tier, leave it out with --ignore %s)",
                             src, row_word(c), row_no(c, r), c->code[r], c->tier[t],
                             c->tier[t], c->tier[t]);
        size_t prev = st ? CT__NONE : ct__strmap_get(seen, c->code[r]);
        for (size_t t = 0; !st && prev != CT__NONE && t < c->ntiers; t++)
            if (strcmp(cells[t], c->cell[prev * c->ntiers + t]))
                st = ct__err(ctx, CT_EDATA,
                             "%s: block %s is listed twice with different assignments: %s %zu "
                             "has %s '%s', %s %zu has '%s'",
                             src, c->code[r], row_word(c), row_no(c, prev), c->tier[t],
                             c->cell[prev * c->ntiers + t], row_word(c), row_no(c, r), cells[t]);
        if (!st && prev != CT__NONE)
            st = ct__err(ctx, CT_EDATA, "%s: block %s is listed twice (%s %zu and %zu)", src,
                         c->code[r], row_word(c), row_no(c, prev), row_no(c, r));
        if (!st)
            st = ct__strmap_put(ctx, seen, c->code[r], r, NULL);
    }
    ct__strmap_free(seen);
    for (size_t t = 0; !st && c->name && t < c->ntiers; t++)
        st = check_names(ctx, c, t);
    return st;
}

/* ---- reading CSV */

/* Trim surrounding blanks in place (spreadsheets leave them). */
static void trim(char *s)
{
    size_t n = strlen(s), a = 0;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    while (isspace((unsigned char)s[a]))
        a++;
    if (a)
        memmove(s, s + a, n - a + 1);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcasecmp(s + n - m, suffix);
}

/* What each column of the file is: the block column, a tier, the names of a
 * tier's units, or left out. */
enum { COL_SKIP = -1, COL_BLOCK = -2 };
typedef struct layout {
    size_t ntiers;
    int *tier_of;     /* per column: tier index, COL_SKIP or COL_BLOCK */
    bool *is_name;    /* per column: holds names of tier tier_of */
    size_t *tier_col; /* per tier: its column */
} layout;

/* Headers that say a column holds something other than unit labels (its
 * first word, case-insensitive). */
static bool measure_header(const char *h)
{
    static const char *const words[] = {"name",     "names",  "notes", "note",
                                        "comment",  "comments", "description",
                                        "population", "pop",  "people", "patients"};
    size_t n = 0;
    while (isalnum((unsigned char)h[n]))
        n++;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !strncasecmp(h, words[i], n))
            return true;
    return false;
}

/* A column of numbers that are measures, not unit labels: every cell a
 * number, and some fractional, negative or of 1,000 or more (a count or an
 * area; units numbered 1, 2, 3 stay labels). */
static bool measure_cells(const ct__texttab *t, size_t col, const char **example)
{
    bool measure = false;
    size_t filled = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *cell = t->cells[r * t->ncols + col];
        double v;
        if (!*cell)
            continue;
        if (!ct__parse_double(cell, &v))
            return false;
        filled++;
        if (v != floor(v) || v < 0 || v >= 1000) { /* no cast: v may be 1e35 */
            measure = true;
            *example = cell;
        }
    }
    return filled && measure;
}

static ct_status not_a_tier(ct_ctx *ctx, const char *path, const char *col, const char *why)
{
    return ct__err(ctx, CT_EFORMAT,
                   "%s: column '%s' is not a tier (%s): to name the units of a tier, call the "
                   "column TIER_name and put it right after the tier's column (e.g. "
                   "place,place_name); to leave the column out, use --ignore '%s'",
                   path, col, why, col);
}

static bool ignored(const char *const *opts, const char *col)
{
    for (size_t i = 0; opts && opts[i]; i++)
        if (!strncmp(opts[i], "IGNORE=", 7) && !strcasecmp(opts[i] + 7, col))
            return true;
    return false;
}

/* Every IGNORE=COLUMN names a column of the file. */
static ct_status check_ignored(ct_ctx *ctx, const char *path, char **fields, size_t nf,
                               const char *const *opts)
{
    for (size_t i = 0; opts && opts[i]; i++) {
        if (strncmp(opts[i], "IGNORE=", 7))
            continue;
        size_t j = 1;
        while (j < nf && strcasecmp(opts[i] + 7, fields[j]))
            j++;
        if (j == nf)
            return ct__err(ctx, CT_EINVAL, "check: --ignore '%s' names no column of %s",
                           opts[i] + 7, path);
    }
    return CT_OK;
}

/* Column j: tier (TIER or TIER_code, renamed TIER in fields), names of the
 * tier just before, block names, ignored, or an error saying why it is not
 * a tier. */
static ct_status classify(ct_ctx *ctx, const char *path, char **fields, size_t j,
                          const ct__texttab *t, const char *const *opts, layout *lo)
{
    char *f = fields[j];
    size_t prev = lo->ntiers ? lo->ntiers - 1 : CT__NONE;
    const char *pname = prev == CT__NONE ? NULL : fields[lo->tier_col[prev]];
    const char *example = NULL;
    lo->tier_of[j] = COL_SKIP;
    if (ignored(opts, f) || !strcasecmp(f, "block_name"))
        return CT_OK; /* block names: the block layer has its own */
    if (ends_with(f, "_name")) {
        size_t n = strlen(f) - 5;
        if (pname && strlen(pname) == n && !strncasecmp(f, pname, n) &&
            lo->tier_col[prev] == j - 1) {
            lo->tier_of[j] = (int)prev;
            lo->is_name[j] = true;
            return CT_OK;
        }
        for (size_t k = 0; k < lo->ntiers; k++)
            if (strlen(fields[lo->tier_col[k]]) == n && !strncasecmp(f, fields[lo->tier_col[k]], n))
                return not_a_tier(ctx, path, f, "the names of a tier follow its column directly");
        return not_a_tier(ctx, path, f, "it names units of no tier before it");
    }
    if (measure_header(f))
        return not_a_tier(ctx, path, f, "its header names no tier");
    if (measure_cells(t, j, &example)) {
        char *why = ct__sprintf("it holds numbers such as %s, not unit labels", example);
        ct_status st = why ? not_a_tier(ctx, path, f, why) : ct__nomem(ctx);
        free(why);
        return st;
    }
    if (ends_with(f, "_code")) /* place_code is the tier place, labelled by codes */
        f[strlen(f) - 5] = '\0';
    lo->tier_of[j] = (int)lo->ntiers;
    lo->tier_col[lo->ntiers++] = j;
    return CT_OK;
}

static ct_status read_layout(ct_ctx *ctx, const char *path, char **fields, size_t nf,
                             const ct__texttab *t, const char *const *opts, layout *lo)
{
    if (nf == 0 || strcasecmp(fields[0], "block"))
        return ct__err(ctx, CT_EFORMAT, "%s: the first column must be 'block' (found '%s')",
                       path, nf ? fields[0] : "");
    lo->tier_of = ct__malloc(nf * sizeof *lo->tier_of);
    lo->is_name = ct__calloc(nf, sizeof *lo->is_name);
    lo->tier_col = ct__malloc(nf * sizeof *lo->tier_col);
    if (!lo->tier_of || !lo->is_name || !lo->tier_col)
        return ct__nomem(ctx);
    lo->tier_of[0] = COL_BLOCK;
    ct_status st = check_ignored(ctx, path, fields, nf, opts);
    for (size_t j = 1; !st && j < nf; j++)
        st = classify(ctx, path, fields, j, t, opts, lo);
    if (!st && lo->ntiers == 0)
        st = ct__err(ctx, CT_EFORMAT, "%s: no tier columns after 'block' (e.g. "
                                      "block,system,place)", path);
    return st;
}

static void layout_free(layout *lo)
{
    free(lo->tier_of);
    free(lo->is_name);
    free(lo->tier_col);
}

static ct_status read_fields(ct_ctx *ctx, const char *path, char ***fields, size_t *nf)
{
    ct_status st = ct__gdal_read_fields(ctx, path, fields, nf);
    if (st == CT_EIO && ct__file_exists(path)) /* e.g. one column: OGR sees no CSV */
        return ct__err(ctx, CT_EFORMAT, "%s: not a configuration CSV with a 'block' column and "
                                        "tier columns", path);
    return st;
}

static bool row_blank(char *const *cells, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (*cells[j])
            return false;
    return true;
}

/* Move the kept rows of the text table into the configuration: blank lines
 * and repeats of an identical row are dropped with a warning. */
static ct_status take_rows(ct_ctx *ctx, ct__ckconf *c, ct__texttab *t, const layout *lo)
{
    size_t nc = t->ncols;
    ct__strmap *seen = ct__strmap_new(t->nrows);
    ct_status st = seen ? CT_OK : ct__nomem(ctx);
    for (size_t r = 0; !st && r < t->nrows; r++) {
        char **cells = &t->cells[r * nc];
        size_t line = r + 2; /* the header is line 1 */
        if (row_blank(cells, nc)) {
            st = ct__diag(ctx, CT_DIAG_WARNING, "%s: line %zu is empty and was skipped",
                          c->source, line);
            continue;
        }
        size_t prev = *cells[0] ? ct__strmap_get(seen, cells[0]) : CT__NONE;
        bool same = prev != CT__NONE;
        for (size_t j = 1; same && j < nc; j++) {
            int k = lo->tier_of[j];
            const char *was = k < 0 ? NULL
                              : lo->is_name[j] ? c->name[prev * c->ntiers + (size_t)k]
                                               : c->cell[prev * c->ntiers + (size_t)k];
            same = k < 0 || !strcmp(was ? was : "", cells[j]);
        }
        if (same) {
            st = ct__diag(ctx, CT_DIAG_WARNING,
                          "%s: block %s is listed twice (lines %zu and %zu) with the same "
                          "assignment; the repeat was ignored",
                          c->source, cells[0], c->line[prev], line);
            continue;
        }
        size_t k = c->nrows++;
        c->line[k] = line;
        c->code[k] = cells[0];
        cells[0] = NULL; /* moved */
        for (size_t j = 1; j < nc; j++) {
            int tier = lo->tier_of[j];
            if (tier < 0)
                continue;
            char **dst = lo->is_name[j] ? c->name : c->cell;
            dst[k * c->ntiers + (size_t)tier] = cells[j];
            cells[j] = NULL;
        }
        if (*c->code[k] && prev == CT__NONE)
            st = ct__strmap_put(ctx, seen, c->code[k], k, NULL);
    }
    ct__strmap_free(seen);
    return st;
}

ct_status ct__ckconf_read(ct_ctx *ctx, const char *path, const char *const *opts,
                          ct__ckconf *c)
{
    memset(c, 0, sizeof *c);
    if (!path)
        return ct__err(ctx, CT_EINVAL, "check: no configuration file");
    char **raw = NULL, **fields = NULL;
    size_t nf = 0;
    layout lo = {0};
    ct__texttab t = {0};
    ct_status st = read_fields(ctx, path, &raw, &nf);
    /* cells first: whether a column is a tier depends on what it holds */
    if (!st)
        st = ct__gdal_read_text(ctx, path, (const char *const *)raw, nf, &t);
    if (!st && !(fields = ct__calloc(nf ? nf : 1, sizeof *fields)))
        st = ct__nomem(ctx);
    for (size_t j = 0; !st && j < nf; j++)
        if (!(fields[j] = ct__strdup(raw[j])))
            st = ct__nomem(ctx);
    if (!st) /* the raw names still read the columns */
        st = ct__utf8_strings(ctx, fields, nf, 0, path);
    for (size_t j = 0; !st && j < nf; j++)
        trim(fields[j]);
    for (size_t i = 0; !st && i < t.nrows * t.ncols; i++)
        trim(t.cells[i]);
    if (!st)
        st = read_layout(ctx, path, fields, nf, &t, opts, &lo);
    if (!st && lo.ntiers > CT__CK_MAX_TIERS)
        st = ct__err(ctx, CT_EFORMAT, "%s: %zu tiers; at most %d are supported", path,
                     lo.ntiers, CT__CK_MAX_TIERS);
    bool names = false;
    for (size_t j = 0; j < nf && lo.is_name; j++)
        names |= lo.is_name[j];
    if (!st)
        st = ct__ckconf_alloc(ctx, c, path, lo.ntiers, t.nrows, names);
    if (!st) {
        c->line = ct__malloc((t.nrows ? t.nrows : 1) * sizeof *c->line);
        st = c->line ? CT_OK : ct__nomem(ctx);
    }
    for (size_t k = 0; !st && k < lo.ntiers; k++)
        st = dup_or_null(ctx, &c->tier[k], fields[lo.tier_col[k]]);
    size_t nrows = c->nrows;
    c->nrows = 0;
    if (!st)
        st = take_rows(ctx, c, &t, &lo);
    else
        c->nrows = nrows;
    if (!st)
        st = ct__ckconf_validate(ctx, c);
    layout_free(&lo);
    ct__texttab_free(&t);
    for (size_t j = 0; j < nf; j++) {
        free(raw[j]);
        free(fields ? fields[j] : NULL);
    }
    free(raw);
    free(fields);
    if (st)
        ct__ckconf_free(c);
    return st;
}
