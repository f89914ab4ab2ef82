/* Reading a place configuration: block codes and tier labels from CSV (read
 * with OGR's CSV driver), with every bad row named. */
#include "check.h"

#include <ctype.h>
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
    free(c->tier);
    free(c->code);
    free(c->line);
    free(c->cell);
    free(c->source);
    memset(c, 0, sizeof *c);
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

static ct_status read_header(ct_ctx *ctx, const char *path, ct__ckconf *c, char ***fields,
                             size_t *nf)
{
    ct_status st = ct__gdal_read_fields(ctx, path, fields, nf);
    if (st == CT_EIO && ct__file_exists(path)) /* e.g. one column: OGR sees no CSV */
        return ct__err(ctx, CT_EFORMAT, "%s: not a configuration CSV with a 'block' column and "
                                        "tier columns", path);
    if (st)
        return st;
    if (*nf == 0 || strcasecmp((*fields)[0], "block"))
        return ct__err(ctx, CT_EFORMAT, "%s: the first column must be 'block' (found '%s')",
                       path, *nf ? (*fields)[0] : "");
    if (*nf < 2)
        return ct__err(ctx, CT_EFORMAT, "%s: no tier columns after 'block' (e.g. "
                                        "block,system,place)", path);
    if (*nf - 1 > CT__CK_MAX_TIERS)
        return ct__err(ctx, CT_EFORMAT, "%s: %zu tiers; at most %d are supported", path,
                       *nf - 1, CT__CK_MAX_TIERS);
    c->ntiers = *nf - 1;
    c->tier = ct__calloc(c->ntiers, sizeof *c->tier);
    if (!c->tier)
        return ct__nomem(ctx);
    for (size_t t = 0; t < c->ntiers; t++) {
        if (!(c->tier[t] = ct__strdup((*fields)[t + 1])))
            return ct__nomem(ctx);
        trim(c->tier[t]); /* the untrimmed field name still reads the column */
        if ((st = ct__ck_tier_name_check(ctx, CT_EFORMAT, path, c->tier[t])))
            return st;
        for (size_t k = 0; k < t; k++)
            if (!strcasecmp(c->tier[t], c->tier[k]))
                return ct__err(ctx, CT_EFORMAT, "%s: tier '%s' appears twice in the header",
                               path, c->tier[t]);
    }
    return CT_OK;
}

static bool row_blank(const char *const *cells, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (*cells[j])
            return false;
    return true;
}

/* Check row r of the text table and move it into the configuration. */
static ct_status take_row(ct_ctx *ctx, ct__ckconf *c, ct__texttab *t, size_t r,
                          ct__strmap *seen)
{
    size_t nc = t->ncols;
    char **cells = &t->cells[r * nc];
    size_t line = r + 2; /* the header is line 1 */
    for (size_t j = 0; j < nc; j++)
        trim(cells[j]);
    if (row_blank((const char *const *)cells, nc))
        return ct__diag(ctx, CT_DIAG_WARNING, "%s: line %zu is empty and was skipped",
                        c->source, line);
    if (!*cells[0])
        return ct__err(ctx, CT_EDATA, "%s: line %zu: blank block code", c->source, line);
    for (size_t j = 1; j < nc; j++)
        if (!*cells[j])
            return ct__err(ctx, CT_EDATA, "%s: line %zu (block %s): blank cell in column '%s'",
                           c->source, line, cells[0], c->tier[j - 1]);
    size_t prev = ct__strmap_get(seen, cells[0]);
    if (prev != CT__NONE) {
        for (size_t j = 1; j < nc; j++)
            if (strcmp(cells[j], c->cell[prev * c->ntiers + j - 1]))
                return ct__err(ctx, CT_EDATA,
                               "%s: block %s is listed twice with different assignments: line "
                               "%zu has %s '%s', line %zu has '%s'",
                               c->source, cells[0], c->line[prev], c->tier[j - 1],
                               c->cell[prev * c->ntiers + j - 1], line, cells[j]);
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "%s: block %s is listed twice (lines %zu and %zu) with the same "
                        "assignment; the repeat was ignored",
                        c->source, cells[0], c->line[prev], line);
    }
    size_t k = c->nrows;
    c->code[k] = cells[0];
    for (size_t j = 1; j < nc; j++)
        c->cell[k * c->ntiers + j - 1] = cells[j];
    for (size_t j = 0; j < nc; j++)
        cells[j] = NULL; /* moved */
    c->line[k] = line;
    c->nrows++;
    return ct__strmap_put(ctx, seen, c->code[k], k, NULL);
}

ct_status ct__ckconf_read(ct_ctx *ctx, const char *path, ct__ckconf *c)
{
    memset(c, 0, sizeof *c);
    if (!path)
        return ct__err(ctx, CT_EINVAL, "check: no configuration file");
    char **fields = NULL;
    size_t nf = 0;
    ct__texttab t = {0};
    ct__strmap *seen = NULL;
    c->source = ct__strdup(path);
    ct_status st = c->source ? read_header(ctx, path, c, &fields, &nf) : ct__nomem(ctx);
    if (!st)
        st = ct__gdal_read_text(ctx, path, (const char *const *)fields, nf, &t);
    if (!st) {
        c->code = ct__calloc(t.nrows ? t.nrows : 1, sizeof *c->code);
        c->line = ct__calloc(t.nrows ? t.nrows : 1, sizeof *c->line);
        c->cell = ct__calloc((t.nrows ? t.nrows : 1) * c->ntiers, sizeof *c->cell);
        seen = ct__strmap_new(t.nrows);
        if (!c->code || !c->line || !c->cell || !seen)
            st = ct__nomem(ctx);
    }
    for (size_t r = 0; !st && r < t.nrows; r++)
        st = take_row(ctx, c, &t, r, seen);
    if (!st && c->nrows == 0)
        st = ct__err(ctx, CT_EDATA, "%s: the configuration has no rows", path);
    ct__strmap_free(seen);
    ct__texttab_free(&t);
    for (size_t j = 0; fields && j < nf; j++)
        free(fields[j]);
    free(fields);
    if (st)
        ct__ckconf_free(c);
    return st;
}

/* Copy n strings; false on allocation failure (the copies made stay in dst). */
static bool copy_strings(char **dst, char *const *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(dst[i] = ct__strdup(src[i])))
            return false;
    return true;
}

ct_status ct__ckconf_copy(ct_ctx *ctx, const ct__ckconf *src, ct__ckconf *out)
{
    memset(out, 0, sizeof *out);
    size_t nr = src->nrows ? src->nrows : 1, ncell = nr * (src->ntiers ? src->ntiers : 1);
    out->source = ct__strdup(src->source ? src->source : "configuration");
    out->tier = ct__calloc(src->ntiers ? src->ntiers : 1, sizeof *out->tier);
    out->code = ct__calloc(nr, sizeof *out->code);
    out->line = ct__calloc(nr, sizeof *out->line);
    out->cell = ct__calloc(ncell, sizeof *out->cell);
    bool ok = out->source && out->tier && out->code && out->line && out->cell;
    out->ntiers = src->ntiers;
    out->nrows = src->nrows; /* set before copying so a failure frees what was made */
    ok = ok && copy_strings(out->tier, src->tier, src->ntiers) &&
         copy_strings(out->code, src->code, src->nrows) &&
         copy_strings(out->cell, src->cell, src->nrows * src->ntiers);
    if (!ok) {
        ct__ckconf_free(out);
        return ct__nomem(ctx);
    }
    if (src->nrows)
        memcpy(out->line, src->line, src->nrows * sizeof *out->line);
    return CT_OK;
}
