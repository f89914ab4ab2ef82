/* Registered patients by practice and small area: codes matched to the
 * population base, bridged through their polygons, or counted as
 * non-geographic (docs/pcn.md, "Registrations"). */
#include "pcn.h"

#include <stdlib.h>
#include <string.h>

/* A bridged code's piece smaller than this share of its area is a sliver of
 * generalised boundaries, not people. */
#define BRIDGE_MIN_AREA_SHARE 0.05

typedef struct regrow {
    const char *code;
    size_t pcn;
    double patients;
} regrow;

typedef struct triple {
    size_t area, pcn;
    double patients;
} triple;

static const char *const cat_names[REG_NCATS] = {
    "EMPTY", "CLOSED", "L99", "M99", "wales", "scotland", "northern_ireland",
    "england_unknown", "other"};

const char *ct__pcn_regcat_name(size_t c)
{
    return c < REG_NCATS ? cat_names[c] : "";
}

/* Category of a code the population base does not have. */
static size_t category(const char *code)
{
    if (!strcmp(code, "EMPTY"))
        return REG_EMPTY;
    if (!strcmp(code, "CLOSED"))
        return REG_CLOSED;
    if (!strncmp(code, "L99", 3))
        return REG_L99;
    if (!strncmp(code, "M99", 3))
        return REG_M99;
    if (code[0] == 'W')
        return REG_WALES;
    if (code[0] == 'S')
        return REG_SCOTLAND;
    if (code[0] == 'N' || code[0] == '9')
        return REG_NI;
    if (code[0] == 'E')
        return REG_ENGLAND_UNKNOWN;
    return REG_OTHER;
}

void ct__regtab_free(ct__regtab *r)
{
    free(r->source);
    ct__shares_free(&r->counts);
    free(r->registered);
    free(r->in_table);
    memset(r, 0, sizeof *r);
}

/* Practice -> PCN of every row; the table's own PCN column wins. */
static ct_status row_pcn(ct_ctx *ctx, ct__pcnrun *run, const char *src, size_t r,
                         const char *prac, const char *pcn_code, ct__strmap *seen,
                         size_t *out)
{
    ct__pracset *p = &run->prac;
    size_t i = ct__strmap_get(p->index, prac);
    *out = i == CT__NONE ? CT__NONE : p->pcn[i];
    ct_status st = CT_OK;
    bool first = ct__strmap_get(seen, prac) == CT__NONE;
    if (first && (st = ct__strmap_put(ctx, seen, prac, r, NULL)))
        return st;
    run->reg.practices += first;
    run->reg.practices_unknown += first && i == CT__NONE;
    if (!pcn_code)
        return CT_OK;
    if (!*pcn_code)
        return ct__err(ctx, CT_EDATA, "%s: row %zu: practice %s has an empty PCN code", src,
                       r + 2, prac);
    size_t k = ct__strmap_get(run->pcns.index, pcn_code);
    if (k == CT__NONE)
        return ct__err(ctx, CT_EDATA,
                       "%s: row %zu: PCN '%s' of practice %s is not in the membership file",
                       src, r + 2, pcn_code, prac);
    if (first && i != CT__NONE && p->pcn[i] != k) {
        run->reg.practices_moved++;
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %s: practice %s is in PCN %s in the registrations but %s in the "
                      "membership; the registrations' PCN is used",
                      src, prac, pcn_code,
                      p->pcn[i] == CT__NONE ? "none" : run->pcns.codes[p->pcn[i]]);
        p->pcn[i] = k;
    }
    *out = k;
    return st;
}

static ct_status read_rows(ct_ctx *ctx, ct__pcnrun *run, const char *path,
                           const char *area_field, const char *pcn_field, ct__texttab *t,
                           regrow **rows)
{
    const char *cols[] = {area_field, "practice_code", "patients", pcn_field};
    size_t nc = pcn_field ? 4 : 3;
    ct_status st = ct__gdal_read_text(ctx, path, cols, nc, t);
    if (st)
        return st;
    *rows = ct__calloc(t->nrows ? t->nrows : 1, sizeof **rows);
    ct__strmap *seen = ct__strmap_new(256);
    st = *rows && seen ? CT_OK : ct__nomem(ctx);
    for (size_t r = 0; !st && r < t->nrows; r++) {
        char **c = t->cells + r * nc;
        regrow *row = &(*rows)[r];
        row->code = c[0];
        if (!ct__parse_double(c[2], &row->patients) || row->patients < 0)
            st = ct__err(ctx, CT_EDATA, "%s: row %zu: patients '%s' is not a number >= 0",
                         path, r + 2, c[2]);
        if (!st && !*c[0])
            st = ct__err(ctx, CT_EDATA, "%s: row %zu: empty %s", path, r + 2, area_field);
        if (!st)
            st = row_pcn(ctx, run, path, r, c[1], pcn_field ? c[3] : NULL, seen, &row->pcn);
        run->reg.patients += row->patients;
    }
    run->reg.rows = t->nrows;
    ct__strmap_free(seen);
    return st;
}

/* Bridge codes missing from the base through their polygons: each code's
 * patients go to the base areas it overlaps, in proportion to the people
 * of each overlap (base population x share of the base area covered). */
static ct_status bridge(ct_ctx *ctx, ct__pcnrun *run, const ct_layer *areas,
                        const size_t *group_of, size_t ngroups, const char *const *gids,
                        ct__pieces *out)
{
    const ct_pop *pop = run->pop;
    const ct_layer *polys;
    ct_layer *sub = NULL;
    ct__pieces pc = {0};
    ct_status st = ct__pop_polys(ctx, pop, &polys);
    if (!st)
        st = ct__layer_from_groups(ctx, areas, group_of, ngroups, gids, NULL, areas->source,
                                   &sub);
    if (!st)
        st = ct__geoms_overlay(ctx, sub->geoms, polys->geoms, &pc);
    double *sum = st ? NULL : ct__calloc(ngroups ? ngroups : 1, sizeof *sum);
    size_t *kept = st ? NULL : ct__calloc(ngroups ? ngroups : 1, sizeof *kept);
    size_t *largest = st ? NULL : ct__malloc((ngroups ? ngroups : 1) * sizeof *largest);
    if (!st && (!sum || !kept || !largest))
        st = ct__nomem(ctx);
    for (size_t g = 0; !st && g < ngroups; g++)
        largest[g] = CT__NONE;
    for (size_t q = 0; !st && q < pc.n; q++) {
        ct__piece *x = &pc.v[q];
        size_t a = ct__strmap_get(pop->index, polys->ids[x->b]);
        x->pop = a == CT__NONE || polys->areas[x->b] <= 0
                     ? 0
                     : pop->pop[a] * x->area / polys->areas[x->b];
        if (largest[x->a] == CT__NONE || x->area > pc.v[largest[x->a]].area)
            largest[x->a] = q;
        if (x->area < BRIDGE_MIN_AREA_SHARE * sub->areas[x->a])
            x->pop = -x->pop - 1; /* mark a sliver; restored if nothing else is left */
    }
    for (size_t q = 0; !st && q < pc.n; q++)
        if (pc.v[q].pop >= 0) {
            sum[pc.v[q].a] += pc.v[q].pop;
            kept[pc.v[q].a]++;
        }
    for (size_t q = 0; !st && q < pc.n; q++) {
        ct__piece *x = &pc.v[q];
        if (x->pop < 0 && kept[x->a] == 0 && largest[x->a] == q) {
            x->pop = -x->pop - 1;
            sum[x->a] += x->pop;
            kept[x->a] = 1;
        }
    }
    for (size_t q = 0; !st && q < pc.n; q++) {
        ct__piece x = pc.v[q];
        if (x.pop < 0)
            continue;
        size_t a = ct__strmap_get(pop->index, polys->ids[x.b]);
        double w = sum[x.a] > 0 ? x.pop / sum[x.a] : 1.0 / (double)kept[x.a];
        if (a != CT__NONE)
            st = ct__pieces_push(ctx, out, x.a, a, 0, w); /* (code group, base area, weight) */
    }
    for (size_t g = 0; !st && g < ngroups; g++)
        run->reg.codes_bridged_split += kept[g] > 1;
    free(sum);
    free(kept);
    free(largest);
    ct__pieces_free(&pc);
    ct_layer_free(sub);
    return st;
}

static int cmp_triple(const void *x, const void *y)
{
    const triple *p = x, *q = y;
    if (p->area != q->area)
        return (p->area > q->area) - (p->area < q->area);
    return (p->pcn > q->pcn) - (p->pcn < q->pcn);
}

static ct_status push_triple(ct_ctx *ctx, triple **v, size_t *n, size_t *cap, triple t)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        triple *w = ct__realloc(*v, c * sizeof *w);
        if (!w)
            return ct__nomem(ctx);
        *v = w;
        *cap = c;
    }
    (*v)[(*n)++] = t;
    return CT_OK;
}

/* area -> PCN patients, merged, as a share table whose frac is patients. */
static ct_status build_counts(ct_ctx *ctx, ct__pcnrun *run, triple *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_triple); /* n > 0: the caller refuses a table placing nobody */
    ct__shares *s = &run->reg.counts;
    ct_status st = ct__shares_init(ctx, s, run->pop->n);
    size_t k = 0;
    for (size_t i = 0; !st && i < run->pop->n; i++) {
        while (!st && k < n && v[k].area == i) {
            size_t e = k;
            double sum = 0;
            while (e < n && v[e].area == i && v[e].pcn == v[k].pcn)
                sum += v[e++].patients;
            if (sum > 0)
                st = ct__shares_push(ctx, s, v[k].pcn, sum, CT__PCN_REGISTRATIONS);
            k = e;
        }
        ct__shares_close(s, i, 0);
    }
    return st;
}

/* Codes the base lacks, looked up in the registration areas layer. */
static ct_status map_missing(ct_ctx *ctx, ct__pcnrun *run, const regrow *rows, size_t nrows,
                             const char *areas_spec, triple **v, size_t *nv, size_t *cap)
{
    const ct_pop *pop = run->pop;
    ct_layer *areas = NULL;
    bool need = false;
    for (size_t r = 0; r < nrows && !need; r++)
        need = rows[r].pcn != CT__NONE && ct__strmap_get(pop->index, rows[r].code) == CT__NONE &&
               category(rows[r].code) == REG_ENGLAND_UNKNOWN;
    ct_status st = CT_OK;
    if (need && areas_spec && *areas_spec)
        st = ct__layer_open_in(ctx, &areas, areas_spec, pop->crs);
    size_t *group_of = areas ? ct__malloc((areas->n ? areas->n : 1) * sizeof *group_of) : NULL;
    const char **gids = areas ? ct__malloc((areas->n ? areas->n : 1) * sizeof *gids) : NULL;
    size_t ngroups = 0;
    if (!st && areas && (!group_of || !gids))
        st = ct__nomem(ctx);
    for (size_t u = 0; !st && areas && u < areas->n; u++)
        group_of[u] = CT__NONE;
    for (size_t r = 0; !st && r < nrows; r++) {
        const regrow *row = &rows[r];
        if (row->pcn == CT__NONE || ct__strmap_get(pop->index, row->code) != CT__NONE)
            continue;
        size_t u = areas ? ct__strmap_get(areas->index, row->code) : CT__NONE;
        if (u == CT__NONE) {
            size_t c = category(row->code);
            run->reg.cat_rows[c]++;
            run->reg.cat_patients[c] += row->patients;
            continue;
        }
        if (group_of[u] == CT__NONE) {
            gids[ngroups] = areas->ids[u];
            group_of[u] = ngroups++;
        }
        run->reg.patients_bridged += row->patients;
    }
    run->reg.codes_bridged = ngroups;
    ct__pieces w = {0};
    if (!st && ngroups)
        st = bridge(ctx, run, areas, group_of, ngroups, gids, &w);
    /* each row of a bridged code spreads over its weights (pieces sorted by group) */
    size_t *first = st || !ngroups ? NULL : ct__calloc(ngroups + 1, sizeof *first);
    if (!st && ngroups && !first)
        st = ct__nomem(ctx);
    for (size_t q = 0; first && q < w.n; q++)
        first[w.v[q].a + 1]++;
    for (size_t g = 0; first && g < ngroups; g++)
        first[g + 1] += first[g];
    ct__piece *sorted = first ? ct__malloc((w.n ? w.n : 1) * sizeof *sorted) : NULL;
    size_t *fill = first ? ct__calloc(ngroups, sizeof *fill) : NULL;
    if (first && (!sorted || !fill))
        st = ct__nomem(ctx);
    for (size_t q = 0; !st && first && q < w.n; q++)
        sorted[first[w.v[q].a] + fill[w.v[q].a]++] = w.v[q];
    for (size_t r = 0; !st && first && r < nrows; r++) {
        const regrow *row = &rows[r];
        if (row->pcn == CT__NONE || ct__strmap_get(pop->index, row->code) != CT__NONE)
            continue;
        size_t u = ct__strmap_get(areas->index, row->code);
        if (u == CT__NONE)
            continue;
        size_t g = group_of[u];
        for (size_t q = first[g]; !st && q < first[g + 1]; q++)
            st = push_triple(ctx, v, nv, cap,
                             (triple){sorted[q].b, row->pcn, row->patients * sorted[q].pop});
    }
    free(first);
    free(sorted);
    free(fill);
    ct__pieces_free(&w);
    free(group_of);
    free(gids);
    ct_layer_free(areas);
    return st;
}

ct_status ct__pcn_read_registrations(ct_ctx *ctx, ct__pcnrun *run, const char *path,
                                     const char *area_field, const char *pcn_field,
                                     const char *areas_spec)
{
    ct__regtab *reg = &run->reg;
    ct__texttab t = {0};
    regrow *rows = NULL;
    triple *v = NULL;
    size_t nv = 0, cap = 0;
    reg->source = ct__strdup(path);
    ct_status st = reg->source ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = read_rows(ctx, run, path, area_field, pcn_field && *pcn_field ? pcn_field : NULL,
                       &t, &rows);
    ct__strmap *exact = st ? NULL : ct__strmap_new(4096);
    if (!st && !exact)
        st = ct__nomem(ctx);
    size_t no_pcn = 0;
    for (size_t r = 0; !st && r < t.nrows; r++) {
        size_t a = ct__strmap_get(run->pop->index, rows[r].code);
        if (rows[r].pcn == CT__NONE) {
            no_pcn++;
            continue;
        }
        if (a == CT__NONE)
            continue;
        reg->patients_exact += rows[r].patients;
        if (ct__strmap_get(exact, rows[r].code) == CT__NONE) {
            reg->codes_exact++;
            st = ct__strmap_put(ctx, exact, rows[r].code, a, NULL);
        }
        if (!st)
            st = push_triple(ctx, &v, &nv, &cap, (triple){a, rows[r].pcn, rows[r].patients});
    }
    ct__strmap_free(exact);
    if (!st)
        st = map_missing(ctx, run, rows, t.nrows, areas_spec, &v, &nv, &cap);
    if (!st && nv == 0) /* else every area would silently have no patients */
        st = ct__err(ctx, CT_EDATA,
                     "%s: no row with a PCN has a %s of the population base %s%s: the "
                     "registrations place nobody",
                     path, area_field, run->pop->source, areas_spec ? " or of the areas layer" : "");
    if (!st)
        st = build_counts(ctx, run, v, nv);
    size_t np = run->pcns.n ? run->pcns.n : 1;
    reg->registered = st ? NULL : ct__calloc(np, sizeof *reg->registered);
    reg->in_table = st ? NULL : ct__calloc(np, sizeof *reg->in_table);
    if (!st && (!reg->registered || !reg->in_table))
        st = ct__nomem(ctx);
    for (size_t r = 0; !st && r < t.nrows; r++)
        if (rows[r].pcn != CT__NONE) {
            reg->registered[rows[r].pcn] += rows[r].patients;
            reg->pcns += !reg->in_table[rows[r].pcn];
            reg->in_table[rows[r].pcn] = true;
        }
    if (!st && no_pcn)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %s: %zu rows are of practices in no PCN of the membership and are "
                      "not used",
                      path, no_pcn);
    size_t nongeo = 0;
    double nongeo_pat = 0;
    for (size_t c = 0; c < REG_NCATS; c++) {
        nongeo += reg->cat_rows[c];
        nongeo_pat += reg->cat_patients[c];
    }
    if (!st && nongeo)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %s: %zu rows (%.0f patients) have codes outside the population "
                      "base (EMPTY %.0f, CLOSED %.0f, L99 %.0f, M99 %.0f, Wales %.0f, "
                      "Scotland %.0f, Northern Ireland %.0f, unknown England %.0f, other %.0f "
                      "patients); they count in registered lists but not in footprints",
                      path, nongeo, nongeo_pat, reg->cat_patients[REG_EMPTY],
                      reg->cat_patients[REG_CLOSED], reg->cat_patients[REG_L99],
                      reg->cat_patients[REG_M99], reg->cat_patients[REG_WALES],
                      reg->cat_patients[REG_SCOTLAND], reg->cat_patients[REG_NI],
                      reg->cat_patients[REG_ENGLAND_UNKNOWN], reg->cat_patients[REG_OTHER]);
    free(v);
    free(rows);
    ct__texttab_free(&t);
    return st;
}
