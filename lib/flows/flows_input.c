/* coterm flows: reading and checking the flow table, provider names and
 * unit groupings (places, organisations). */
#include "flows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Shares may exceed 1 by rounding only. */
#define SHARE_SLACK 1e-9

void ct__flowtab_free(ct__flowtab *t)
{
    if (!t)
        return;
    for (size_t p = 0; p < t->np; p++) {
        free(t->pids ? t->pids[p] : NULL);
        free(t->pnames ? t->pnames[p] : NULL);
    }
    free(t->pids);
    free(t->pnames);
    free(t->rows);
    free(t->line);
    free(t->source);
    memset(t, 0, sizeof *t);
}

/* The first of names that the table has, or NULL: one reader accepts the
 * issue's column names and the embedded OHID ones. */
static ct_status pick(ct_ctx *ctx, const char *path, const char *const *names, size_t n,
                      const char **out)
{
    char **fields = NULL;
    size_t nf = 0;
    *out = NULL;
    ct_status st = ct__gdal_read_fields(ctx, path, &fields, &nf);
    for (size_t i = 0; !st && i < n && !*out; i++)
        for (size_t j = 0; j < nf && !*out; j++)
            if (!strcmp(fields[j], names[i]))
                *out = names[i];
    for (size_t j = 0; j < nf; j++)
        free(fields[j]);
    free(fields);
    return st;
}

/* Provider names: provider_id/provider_name or the trusts22 fields. */
static ct_status read_names(ct_ctx *ctx, const char *path, ct__texttab *tab, ct__strmap **map)
{
    static const char *const idc[] = {"provider_id", "nhs_trust22_code", "org_id"};
    static const char *const namec[] = {"provider_name", "nhs_trust22_name", "org_name"};
    const char *id = NULL, *name = NULL;
    ct_status st = pick(ctx, path, idc, 3, &id);
    if (!st)
        st = pick(ctx, path, namec, 3, &name);
    if (!st && (!id || !name))
        st = ct__err(ctx, CT_EFORMAT,
                     "%s: provider names need columns provider_id and provider_name", path);
    const char *cols[2] = {id, name};
    if (!st)
        st = ct__gdal_read_text(ctx, path, cols, 2, tab);
    *map = st ? NULL : ct__strmap_new(tab->nrows);
    if (!st && !*map)
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < tab->nrows; i++) {
        size_t old;
        st = ct__strmap_put(ctx, *map, tab->cells[2 * i], i, &old);
    }
    return st;
}

/* Column names of the flow table. */
static ct_status flow_fields(ct_ctx *ctx, const char *path, const ct_layer *origins,
                             const char *cols[3], bool *absolute)
{
    static const char *const pc[] = {"provider_id", "nhs_trust22_code"};
    static const char *const vc[] = {"patients", "share", "proportion_trust_came_from_ltla"};
    const char *oc[] = {"origin_id", ct_layer_id_field(origins)};
    ct_status st = pick(ctx, path, pc, 2, &cols[0]);
    if (!st)
        st = pick(ctx, path, oc, 2, &cols[1]);
    if (!st)
        st = pick(ctx, path, vc, 3, &cols[2]);
    if (!st && (!cols[0] || !cols[1] || !cols[2]))
        st = ct__err(ctx, CT_EFORMAT,
                     "%s: a flow table needs columns provider_id, origin_id (or %s) and "
                     "patients or share",
                     path, oc[1]);
    *absolute = cols[2] && !strcmp(cols[2], "patients");
    return st;
}

/* Check one row's value and ids; *keep false to drop the row. */
static ct_status check_row(ct_ctx *ctx, const ct__flowtab_in *in, const ct__flowtab *t,
                           size_t row, const char *pid, const char *oid, double v,
                           const ct__strmap *names, bool *keep, size_t *origin)
{
    *keep = true;
    if (!*pid)
        return ct__err(ctx, CT_EDATA, "%s: row %zu: empty provider id", in->path, row);
    if (v < 0)
        return ct__err(ctx, CT_EDATA, "%s: row %zu: %s %g is negative (provider %s, origin %s)",
                       in->path, row, t->value_field, v, pid, oid);
    if (!t->absolute && v > 1 + SHARE_SLACK)
        return ct__err(ctx, CT_EDATA,
                       "%s: row %zu: %s %g is more than 1 (provider %s, origin %s)", in->path,
                       row, t->value_field, v, pid, oid);
    *origin = ct__strmap_get(in->origins->index, oid);
    bool unknown_p = names && in->providers_strict && ct__strmap_get(names, pid) == CT__NONE;
    if (*origin != CT__NONE && !unknown_p) {
        *keep = v > 0; /* a zero flow adds nothing */
        return CT_OK;
    }
    if (in->drop_unknown) {
        *keep = false;
        return CT_OK;
    }
    if (unknown_p)
        return ct__err(ctx, CT_EDATA, "%s: row %zu: provider '%s' is not in %s", in->path, row,
                       pid, in->providers_csv);
    return ct__err(ctx, CT_EDATA, "%s: row %zu: origin '%s' is not a unit of %s", in->path, row,
                   oid, ct_layer_source(in->origins));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_row(const void *a, const void *b)
{
    const ct__flowrow *x = a, *y = b;
    if (x->p != y->p)
        return (x->p > y->p) - (x->p < y->p);
    return (x->o > y->o) - (x->o < y->o);
}

/* Providers sorted by id, with names. */
static ct_status providers(ct_ctx *ctx, ct__flowtab *t, const char **ids, size_t n,
                           const ct__texttab *names, const ct__strmap *nmap)
{
    qsort(ids, n, sizeof *ids, cmp_str);
    t->pids = ct__calloc(n ? n : 1, sizeof *t->pids);
    t->pnames = ct__calloc(n ? n : 1, sizeof *t->pnames);
    if (!t->pids || !t->pnames)
        return ct__nomem(ctx);
    t->np = n;
    for (size_t p = 0; p < n; p++) {
        size_t i = nmap ? ct__strmap_get(nmap, ids[p]) : CT__NONE;
        t->n_unnamed += nmap && i == CT__NONE;
        t->pids[p] = ct__strdup(ids[p]);
        t->pnames[p] = ct__strdup(i == CT__NONE ? "" : names->cells[2 * i + 1]);
        if (!t->pids[p] || !t->pnames[p])
            return ct__nomem(ctx);
    }
    return CT_OK;
}

typedef struct keyed {
    ct__flowrow r; /* first, so cmp_row sorts keyed too */
    size_t line;
} keyed;

/* Provider indices of the rows, rows sorted by (provider, origin), and no
 * (provider, origin) twice. */
static ct_status index_rows(ct_ctx *ctx, ct__flowtab *t, const ct__flowtab_in *in,
                            const char **rowpid)
{
    keyed *kv = ct__malloc((t->nrows ? t->nrows : 1) * sizeof *kv);
    if (!kv)
        return ct__nomem(ctx);
    for (size_t k = 0; k < t->nrows; k++) {
        const char **hit =
            bsearch(&rowpid[k], (const char **)t->pids, t->np, sizeof *t->pids, cmp_str);
        t->rows[k].p = (size_t)(hit - (const char **)t->pids);
        kv[k] = (keyed){t->rows[k], t->line[k]};
    }
    qsort(kv, t->nrows, sizeof *kv, cmp_row);
    ct_status st = CT_OK;
    for (size_t k = 0; k < t->nrows; k++) {
        t->rows[k] = kv[k].r;
        t->line[k] = kv[k].line;
        if (!st && k && t->rows[k].p == t->rows[k - 1].p && t->rows[k].o == t->rows[k - 1].o &&
            t->rows[k].o != CT__NONE) {
            size_t a = kv[k - 1].line, b = kv[k].line;
            st = ct__err(ctx, CT_EDATA, "%s: rows %zu and %zu: provider %s and origin %s repeated",
                         in->path, a < b ? a : b, a < b ? b : a, t->pids[t->rows[k].p],
                         in->origins->ids[t->rows[k].o]);
        }
    }
    free(kv);
    return st;
}

/* Distinct provider ids of the kept rows (borrowed from rowpid). */
static ct_status distinct(ct_ctx *ctx, const char **rowpid, size_t n, const char ***out,
                          size_t *nout)
{
    ct__strmap *seen = ct__strmap_new(n);
    *out = ct__malloc((n ? n : 1) * sizeof **out);
    *nout = 0;
    ct_status st = seen && *out ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < n; k++) {
        size_t old;
        st = ct__strmap_put(ctx, seen, rowpid[k], *nout, &old);
        if (!st && old == CT__NONE)
            (*out)[(*nout)++] = rowpid[k];
    }
    ct__strmap_free(seen);
    return st;
}

/* Rows of the table that pass check_row. */
static ct_status collect_rows(ct_ctx *ctx, ct__flowtab *t, const ct__flowtab_in *in,
                              const ct__texttab *tab, const ct__strmap *names,
                              const char **rowpid)
{
    t->rows = ct__malloc((tab->nrows ? tab->nrows : 1) * sizeof *t->rows);
    t->line = ct__malloc((tab->nrows ? tab->nrows : 1) * sizeof *t->line);
    if (!t->rows || !t->line)
        return ct__nomem(ctx);
    for (size_t i = 0; i < tab->nrows; i++) {
        const char *pid = tab->cells[3 * i], *oid = tab->cells[3 * i + 1];
        double v = tab->nums[3 * i + 2];
        bool keep;
        size_t o = CT__NONE;
        ct_status st = check_row(ctx, in, t, i + 1, pid, oid, v, names, &keep, &o);
        if (st)
            return st;
        bool unknown_p = names && in->providers_strict && ct__strmap_get(names, pid) == CT__NONE;
        t->n_dropped_unknown += unknown_p || o == CT__NONE;
        /* a row of an unknown origin stays until the shares are checked,
         * then goes as one of an origin without people */
        if (!keep && !(o == CT__NONE && !unknown_p && v > 0))
            continue;
        rowpid[t->nrows] = pid;
        t->line[t->nrows] = i + 1;
        t->rows[t->nrows++] = (ct__flowrow){0, o, v};
    }
    return CT_OK;
}

ct_status ct__flowtab_read(ct_ctx *ctx, ct__flowtab *t, const ct__flowtab_in *in)
{
    memset(t, 0, sizeof *t);
    ct__texttab names = {0}, tab = {0};
    ct__strmap *nmap = NULL;
    const char **rowpid = NULL, **ids = NULL;
    size_t nids = 0;
    const char *cols[3] = {NULL, NULL, NULL};
    t->source = ct__strdup(in->path);
    ct_status st = t->source ? CT_OK : ct__nomem(ctx);
    if (!st && in->providers_csv)
        st = read_names(ctx, in->providers_csv, &names, &nmap);
    if (!st)
        st = flow_fields(ctx, in->path, in->origins, cols, &t->absolute);
    t->value_field = cols[2];
    if (!st)
        st = ct__gdal_read_table(ctx, in->path, cols, "ttr", 3, &tab);
    rowpid = st ? NULL : ct__malloc((tab.nrows ? tab.nrows : 1) * sizeof *rowpid);
    if (!st && !rowpid)
        st = ct__nomem(ctx);
    if (!st)
        st = collect_rows(ctx, t, in, &tab, nmap, rowpid);
    if (!st)
        st = distinct(ctx, rowpid, t->nrows, &ids, &nids);
    if (!st)
        st = providers(ctx, t, ids, nids, &names, nmap);
    if (!st)
        st = index_rows(ctx, t, in, rowpid);
    if (!st && t->nrows == 0)
        st = ct__err(ctx, CT_EDATA, "%s: no flows with a positive %s", in->path,
                     t->value_field);
    if (!st && t->n_dropped_unknown)
        st = ct__diag(ctx, CT_DIAG_REPAIR, "%s: dropped %zu rows with unknown origins%s",
                      in->path, t->n_dropped_unknown,
                      in->providers_strict ? " or providers" : "");
    if (!st && t->n_unnamed)
        st = ct__diag(ctx, CT_DIAG_WARNING, "%s: %zu of %zu providers have no name in %s",
                      in->path, t->n_unnamed, t->np, in->providers_csv);
    free(rowpid);
    free(ids);
    ct__strmap_free(nmap);
    ct__texttab_free(&names);
    ct__texttab_free(&tab);
    if (st)
        ct__flowtab_free(t);
    return st;
}

ct_status ct__flowtab_check_shares(ct_ctx *ctx, ct__flowtab *t, double tol, bool renormalise)
{
    if (t->absolute)
        return CT_OK;
    double *sum = ct__malloc((t->np ? t->np : 1) * sizeof *sum);
    if (!sum)
        return ct__nomem(ctx);
    ct__flows_row_sums(t->rows, t->nrows, t->np, sum);
    ct_status st = CT_OK;
    for (size_t p = 0, k = 0; !st && p < t->np; p++) {
        size_t first = CT__NONE; /* data row of the provider's first row */
        for (; k < t->nrows && t->rows[k].p == p; k++)
            first = first < t->line[k] ? first : t->line[k];
        double dev = fabs(sum[p] - 1);
        t->max_share_dev = fmax(t->max_share_dev, dev);
        if (dev > tol && !renormalise)
            st = ct__err(ctx, CT_EDATA,
                         "%s: provider %s: shares sum to %.6g, not 1 within SHARE_TOLERANCE=%g "
                         "(first row %zu)",
                         t->source, t->pids[p], sum[p], tol, first);
        else if (dev > tol)
            st = ct__diag(ctx, CT_DIAG_REPAIR, "%s: provider %s: shares sum to %.6g; renormalised",
                          t->source, t->pids[p], sum[p]);
        t->n_renormalised += dev > 1e-12;
    }
    if (!st)
        for (size_t k = 0; k < t->nrows; k++)
            t->rows[k].v /= sum[t->rows[k].p];
    if (!st && t->n_renormalised)
        st = ct__diag(ctx, CT_DIAG_REPAIR,
                      "%s: renormalised the shares of %zu providers to sum to 1 (largest "
                      "deviation %.3g)",
                      t->source, t->n_renormalised, t->max_share_dev);
    free(sum);
    return st;
}

ct_status ct__flowtab_drop_empty(ct_ctx *ctx, ct__flowtab *t, const double *pop_o,
                                 const ct_layer *origins)
{
    double *lost = ct__calloc(t->np ? t->np : 1, sizeof *lost);
    if (!lost)
        return ct__nomem(ctx);
    ct_status st = CT_OK;
    size_t kept = 0;
    for (size_t k = 0; !st && k < t->nrows; k++) {
        size_t o = t->rows[k].o;
        if (o != CT__NONE && pop_o[o] > 0) {
            t->line[kept] = t->line[k];
            t->rows[kept++] = t->rows[k];
            continue;
        }
        lost[t->rows[k].p] += t->rows[k].v;
        if (o == CT__NONE) /* unknown origin, dropped on request and reported */
            continue;
        t->n_dropped_nopop++;
        st = ct__diag(ctx, CT_DIAG_REPAIR,
                      "%s: row %zu: origin %s has no people in the population base; its %s "
                      "of %g for provider %s is dropped",
                      t->source, t->line[k], origins->ids[t->rows[k].o], t->value_field,
                      t->rows[k].v, t->pids[t->rows[k].p]);
    }
    if (!st)
        t->nrows = kept;
    for (size_t k = 0; !st && !t->absolute && k < t->nrows; k++)
        if (lost[t->rows[k].p] > 0 && lost[t->rows[k].p] < 1)
            t->rows[k].v /= 1 - lost[t->rows[k].p];
    for (size_t p = 0; !st && p < t->np; p++)
        if (lost[p] > 0 && lost[p] < 1 - 1e-12 && !t->absolute)
            st = ct__diag(ctx, CT_DIAG_REPAIR,
                          "%s: provider %s: %.4g of its share came from dropped origins; the "
                          "rest is renormalised",
                          t->source, t->pids[p], lost[p]);
        else if (lost[p] >= 1 - 1e-12 && !t->absolute)
            st = ct__diag(ctx, CT_DIAG_WARNING,
                          "%s: provider %s draws only from unknown origins or origins without "
                          "people; it gets no patients",
                          t->source, t->pids[p]);
    free(lost);
    return st;
}

void ct__grouping_free(ct__grouping *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->ids ? g->ids[i] : NULL);
        free(g->names ? g->names[i] : NULL);
    }
    free(g->ids);
    free(g->names);
    free(g->n_units);
    ct__assign_free(&g->map);
    memset(g, 0, sizeof *g);
}

typedef struct member {
    size_t unit, group, line;
} member;

static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->unit != y->unit)
        return (x->unit > y->unit) - (x->unit < y->unit);
    if (x->group != y->group)
        return (x->group > y->group) - (x->group < y->group);
    return (x->line > y->line) - (x->line < y->line);
}

/* Group ids sorted, with the name of each group's first row. */
static ct_status group_ids(ct_ctx *ctx, ct__grouping *g, const ct__texttab *tab, bool named)
{
    const char **ids = NULL;
    size_t n = 0;
    const char **col = ct__malloc((tab->nrows ? tab->nrows : 1) * sizeof *col);
    ct_status st = col ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < tab->nrows; i++)
        col[i] = tab->cells[i * tab->ncols];
    if (!st)
        st = distinct(ctx, col, tab->nrows, &ids, &n);
    if (!st)
        qsort(ids, n, sizeof *ids, cmp_str);
    g->ids = st ? NULL : ct__calloc(n ? n : 1, sizeof *g->ids);
    g->names = st ? NULL : ct__calloc(n ? n : 1, sizeof *g->names);
    g->n_units = st ? NULL : ct__calloc(n ? n : 1, sizeof *g->n_units);
    if (!st && (!g->ids || !g->names || !g->n_units))
        st = ct__nomem(ctx);
    if (!st)
        g->n = n;
    for (size_t i = 0; !st && i < n; i++) {
        const char *name = "";
        for (size_t r = 0; named && r < tab->nrows; r++)
            if (!strcmp(col[r], ids[i])) {
                name = tab->cells[r * tab->ncols + 2];
                break;
            }
        g->ids[i] = ct__strdup(ids[i]);
        g->names[i] = ct__strdup(name);
        if (!g->ids[i] || !g->names[i])
            st = ct__nomem(ctx);
    }
    free(col);
    free(ids);
    return st;
}

/* Memberships (unit, group) of every row, checked and sorted. */
static ct_status members(ct_ctx *ctx, ct__grouping *g, const ct__texttab *tab,
                         const ct_layer *layer, bool exclusive, const char *what,
                         member **out)
{
    member *m = ct__malloc((tab->nrows ? tab->nrows : 1) * sizeof *m);
    *out = m;
    if (!m)
        return ct__nomem(ctx);
    for (size_t i = 0; i < tab->nrows; i++) {
        const char *gid = tab->cells[i * tab->ncols], *uid = tab->cells[i * tab->ncols + 1];
        if (!*gid)
            return ct__err(ctx, CT_EDATA, "%s: row %zu: empty %s id", tab->source, i + 1, what);
        size_t u = ct__strmap_get(layer->index, uid);
        if (u == CT__NONE)
            return ct__err(ctx, CT_EDATA, "%s: row %zu: unit '%s' is not a unit of %s",
                           tab->source, i + 1, uid, layer->source);
        const char *key = gid;
        const char **hit =
            bsearch(&key, (const char **)g->ids, g->n, sizeof *g->ids, cmp_str);
        m[i] = (member){u, (size_t)(hit - (const char **)g->ids), i + 1};
    }
    qsort(m, tab->nrows, sizeof *m, cmp_member);
    for (size_t i = 1; i < tab->nrows; i++) {
        bool same_unit = m[i].unit == m[i - 1].unit;
        if (same_unit && (exclusive || m[i].group == m[i - 1].group)) {
            size_t a = m[i - 1].line, b = m[i].line;
            return ct__err(ctx, CT_EDATA, "%s: rows %zu and %zu: unit %s is listed under %s %s%s%s",
                           tab->source, a < b ? a : b, a < b ? b : a, layer->ids[m[i].unit],
                           what, g->ids[m[i - 1].group],
                           m[i].group == m[i - 1].group ? " twice" : " and ",
                           m[i].group == m[i - 1].group ? "" : g->ids[m[i].group]);
        }
    }
    return CT_OK;
}

ct_status ct__grouping_read(ct_ctx *ctx, ct__grouping *g, const char *path,
                            const char *group_col, const char *name_col, const char *unit_col,
                            const ct_layer *layer, bool exclusive)
{
    memset(g, 0, sizeof *g);
    ct__texttab tab = {0};
    member *m = NULL;
    const char *named = NULL;
    ct_status st = pick(ctx, path, &name_col, 1, &named);
    const char *cols[3] = {group_col, unit_col, name_col};
    if (!st)
        st = ct__gdal_read_text(ctx, path, cols, named ? 3 : 2, &tab);
    if (!st && tab.nrows == 0)
        st = ct__err(ctx, CT_EDATA, "%s: no rows", path);
    if (!st)
        st = group_ids(ctx, g, &tab, named != NULL);
    if (!st)
        st = members(ctx, g, &tab, layer, exclusive, group_col, &m);
    g->map.n = layer->n;
    g->map.start = st ? NULL : ct__calloc(layer->n + 1, sizeof *g->map.start);
    g->map.unit = st ? NULL : ct__malloc(tab.nrows * sizeof *g->map.unit);
    g->map.frac = st ? NULL : ct__malloc(tab.nrows * sizeof *g->map.frac);
    if (!st && (!g->map.start || !g->map.unit || !g->map.frac))
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < tab.nrows; i++) { /* m is sorted by unit */
        g->map.start[m[i].unit + 1]++;
        g->map.unit[i] = m[i].group;
        g->map.frac[i] = 1;
        g->n_units[m[i].group]++;
    }
    for (size_t u = 0; !st && u < layer->n; u++)
        g->map.start[u + 1] += g->map.start[u];
    free(m);
    ct__texttab_free(&tab);
    if (st)
        ct__grouping_free(g);
    return st;
}
