/* Population bases: small areas with population, centroids and nesting. */
#include "inputs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILTIN_POP_CSV "population20_lsoa11.csv"
#define BUILTIN_LOOKUP_CSV "lookup_lsoa11_msoa11_ltla21_utla21.csv"
#define BUILTIN_NHS_CSV "lookup_lsoa11_sicbl22_icb22.csv"
#define BUILTIN_POPBASE "popbase_lsoa11.gpkg" /* the three sources joined */
#define PWC_CRS "EPSG:27700"

void ct_pop_free(ct_pop *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->ids ? p->ids[i] : NULL);
        free(p->names ? p->names[i] : NULL);
    }
    for (size_t k = 0; k < p->nlevels; k++) {
        ct__level *lv = &p->levels[k];
        for (size_t i = 0; i < lv->nunits; i++)
            free(lv->codes[i]);
        free(lv->codes);
        free(lv->unit_of);
        free(lv->name);
        ct__strmap_free(lv->index);
    }
    ct_layer_free(p->polys);
    ct_layer_free(p->snap_polys);
    ct__ptgrid_free(p->council_grid);
    free(p->ids);
    free(p->names);
    free(p->pop);
    free(p->x);
    free(p->y);
    free(p->poly_spec);
    free(p->source);
    free(p->crs);
    free(p->snap_level);
    ct__strmap_free(p->index);
    free(p);
}

size_t ct_pop_size(const ct_pop *p) { return p ? p->n : 0; }
double ct_pop_total(const ct_pop *p) { return p ? p->total : 0; }

static ct_status parse_pop(ct_ctx *ctx, const char *src, const char *id, const char *text,
                           double *out)
{
    if (!ct__parse_double(text, out) || *out < 0)
        return ct__err(ctx, CT_EDATA, "%s: area %s: population '%s' is not a number >= 0", src,
                       id, text);
    return CT_OK;
}

static ct_status alloc_areas(ct_ctx *ctx, ct_pop *p, size_t n)
{
    p->ids = ct__calloc(n, sizeof *p->ids);
    p->names = ct__calloc(n, sizeof *p->names);
    p->pop = ct__calloc(n, sizeof *p->pop);
    p->index = ct__strmap_new(n);
    if (!p->ids || !p->names || !p->pop || !p->index)
        return ct__nomem(ctx);
    return CT_OK;
}

static ct_status add_area(ct_ctx *ctx, ct_pop *p, const char *id, const char *name,
                          double pop)
{
    size_t i = p->n;
    if (!(pop >= 0))
        return ct__err(ctx, CT_EDATA, "%s: area %s: population %g is negative", p->source, id,
                       pop);
    p->pop[i] = pop;
    ct_status st;
    if (!*id)
        return ct__err(ctx, CT_EDATA, "%s: row %zu has an empty id", p->source, i + 2);
    p->ids[i] = ct__strdup(id);
    p->names[i] = ct__strdup(name);
    if (!p->ids[i] || !p->names[i]) {
        free(p->ids[i]);
        free(p->names[i]);
        p->ids[i] = p->names[i] = NULL;
        return ct__nomem(ctx);
    }
    p->n++;
    size_t old;
    st = ct__strmap_put(ctx, p->index, p->ids[i], i, &old);
    if (!st && old != CT__NONE)
        st = ct__err(ctx, CT_EDATA, "%s: duplicate area id '%s'", p->source, id);
    p->total += p->pop[i];
    return st;
}

static ct_status read_population(ct_ctx *ctx, ct_pop *p, const char *path)
{
    const char *cols[] = {"lsoa11_code", "lsoa11_name", "total_population"};
    ct__texttab t;
    ct_status st = ct__gdal_read_table(ctx, path, cols, "ttr", 3, &t);
    if (st)
        return st;
    st = alloc_areas(ctx, p, t.nrows);
    for (size_t i = 0; !st && i < t.nrows; i++)
        st = add_area(ctx, p, t.cells[i * 3], t.cells[i * 3 + 1], t.nums[i * 3 + 2]);
    ct__texttab_free(&t);
    return st;
}

/* Population-weighted centroids, reprojected to the measuring CRS. */
static ct_status read_centroids(ct_ctx *ctx, ct_pop *p, const char *path)
{
    ct__read_req req = {
        .path = path,
        .layer = "lsoa11_pwc",
        .id_field = "lsoa11_code",
        .name_field = "lsoa11_name",
        .want_geometry = true,
    };
    ct__features f;
    ct_status st = ct__gdal_read_features(ctx, &req, &f);
    if (st)
        return st;
    double *fx = NULL, *fy = NULL;
    st = ct__feature_points(ctx, &f, p->crs, "centroids", &fx, &fy);
    p->x = st ? NULL : ct__malloc((p->n ? p->n : 1) * sizeof *p->x);
    p->y = st ? NULL : ct__malloc((p->n ? p->n : 1) * sizeof *p->y);
    if (!st && (!p->x || !p->y))
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < p->n; i++)
        p->x[i] = p->y[i] = NAN;
    for (size_t k = 0; !st && k < f.n; k++) {
        size_t i = ct__strmap_get(p->index, f.ids[k]);
        if (i != CT__NONE) { /* a centroid without population is not used */
            p->x[i] = fx[k];
            p->y[i] = fy[k];
        }
    }
    for (size_t i = 0; !st && i < p->n; i++)
        if (isnan(p->x[i]))
            st = ct__err(ctx, CT_EDATA, "%s: no centroid for area %s", f.source, p->ids[i]);
    free(fx);
    free(fy);
    ct__features_free(&f);
    return st;
}

/* Where row r of a table is, for messages: a CSV line (after the header)
 * or a feature number. */
static const char *row_kind(const ct__texttab *t) { return ct__is_csv(t->source) ? "line" : "feature"; }
static size_t row_pos(const ct__texttab *t, size_t r) { return ct__is_csv(t->source) ? r + 2 : r + 1; }

/* Each small area's unit at one level, from column col of a lookup: every
 * row an area of the base, listed once, with a code; every area listed. */
static ct_status fill_level(ct_ctx *ctx, ct_pop *p, ct__level *lv, const ct__texttab *t,
                            size_t col, size_t *row_of)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *id = t->cells[r * t->ncols], *code = t->cells[r * t->ncols + col];
        size_t i = ct__strmap_get(p->index, id);
        if (i == CT__NONE)
            return ct__err(ctx, CT_EDATA, "%s: %s %zu: area '%s' is not in the population "
                           "base %s", t->source, row_kind(t), row_pos(t, r), id, p->source);
        if (row_of[i] != CT__NONE)
            return ct__err(ctx, CT_EDATA, "%s: %s %zu: area %s is listed twice (also %s %zu)",
                           t->source, row_kind(t), row_pos(t, r), id, row_kind(t),
                           row_pos(t, row_of[i]));
        row_of[i] = r;
        if (!*code)
            return ct__err(ctx, CT_EDATA, "%s: %s %zu: area %s has no %s code", t->source,
                           row_kind(t), row_pos(t, r), id, lv->name);
        size_t u = ct__strmap_get(lv->index, code);
        if (u == CT__NONE) {
            u = lv->nunits;
            if (!(lv->codes[u] = ct__strdup(code)))
                return ct__nomem(ctx);
            lv->nunits++;
            ct_status st = ct__strmap_put(ctx, lv->index, lv->codes[u], u, NULL);
            if (st)
                return st;
        }
        lv->unit_of[i] = u;
    }
    size_t missing = 0, first = CT__NONE;
    for (size_t i = 0; i < p->n; i++)
        if (lv->unit_of[i] == CT__NONE && missing++ == 0)
            first = i;
    if (missing)
        return ct__err(ctx, CT_EDATA, "%s: area %s%s is missing: no %s code for it (%zu areas "
                       "of %s missing)", t->source, p->ids[first], missing > 1 ? " and others" : "",
                       lv->name, missing, p->source);
    return CT_OK;
}

static ct_status add_level(ct_ctx *ctx, ct_pop *p, const char *name, const ct__texttab *t,
                           size_t col, bool lookup_only)
{
    ct__level *lv = &p->levels[p->nlevels++];
    lv->lookup_only = lookup_only;
    lv->name = ct__strdup(name);
    lv->unit_of = ct__malloc((p->n ? p->n : 1) * sizeof *lv->unit_of);
    lv->codes = ct__calloc(t->nrows ? t->nrows : 1, sizeof *lv->codes);
    lv->index = ct__strmap_new(512);
    size_t *row_of = ct__malloc((p->n ? p->n : 1) * sizeof *row_of);
    ct_status st = lv->name && lv->unit_of && lv->codes && lv->index && row_of ? CT_OK
                                                                              : ct__nomem(ctx);
    for (size_t i = 0; !st && i < p->n; i++)
        lv->unit_of[i] = row_of[i] = CT__NONE;
    if (!st)
        st = fill_level(ctx, p, lv, t, col, row_of);
    free(row_of);
    return st;
}

/* Levels from a lookup's columns (ONS lookups: "<level>_code"). */
static ct_status read_levels(ct_ctx *ctx, ct_pop *p, const char *path, const char *const *cols,
                             size_t ncols, bool lookup_only)
{
    ct__texttab t;
    ct_status st = ct__gdal_read_text(ctx, path, cols, ncols, &t);
    for (size_t k = 1; !st && k < ncols; k++) {
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(strlen(cols[k]) - 5), cols[k]);
        st = add_level(ctx, p, name, &t, k, lookup_only);
    }
    ct__texttab_free(&t);
    return st;
}

/* CRS=auto for the built-in base: from the extent of its centroids
 * (columns xcol, xcol + 1 of t, in PWC_CRS). */
static ct_status resolve_auto(ct_ctx *ctx, ct_pop *p, const ct__texttab *t, size_t xcol,
                              size_t ncols, const char *path)
{
    double ext[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = 0; i < t->nrows; i++) {
        const double *xy = &t->nums[i * ncols + xcol];
        ext[0] = fmin(ext[0], xy[0]);
        ext[1] = fmin(ext[1], xy[1]);
        ext[2] = fmax(ext[2], xy[0]);
        ext[3] = fmax(ext[3], xy[1]);
    }
    char *crs = NULL;
    ct_status st = ct__crs_resolve(ctx, p->crs, PWC_CRS, t->nrows ? ext : NULL, path, &crs);
    if (!st) {
        free(p->crs);
        p->crs = crs;
    }
    return st;
}

/* The joined table: id, name, population, msoa, ltla, utla, centroid x, y,
 * sub-ICB location, ICB. */
static ct_status read_popbase(ct_ctx *ctx, ct_pop *p, const char *path)
{
    const char *cols[] = {"lsoa11_code", "lsoa11_name", "population", "msoa11_code",
                          "ltla21_code", "utla21_code", "pwc_x", "pwc_y", "sicbl22_code",
                          "icb22_code"};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    ct__texttab t;
    ct_status st = ct__gdal_read_table(ctx, path, cols, "ttrtttrrtt", NCOLS, &t);
    if (st)
        return st;
    ct__proj_tf *tf = NULL;
    st = alloc_areas(ctx, p, t.nrows);
    if (!st && ct__crs_is_auto(p->crs))
        st = resolve_auto(ctx, p, &t, 6, NCOLS, path);
    if (!st) {
        p->x = ct__malloc((t.nrows ? t.nrows : 1) * sizeof *p->x);
        p->y = ct__malloc((t.nrows ? t.nrows : 1) * sizeof *p->y);
        st = p->x && p->y ? ct__proj_tf_new(ctx, &tf, PWC_CRS, p->crs) : ct__nomem(ctx);
    }
    for (size_t i = 0; !st && i < t.nrows; i++) {
        char *const *row = &t.cells[i * NCOLS];
        const double *num = &t.nums[i * NCOLS];
        st = add_area(ctx, p, row[0], row[1], num[2]);
        p->x[i] = num[6];
        p->y[i] = num[7];
        if (!st && tf && !ct__proj_xy(tf, &p->x[i], &p->y[i]))
            st = ct__err(ctx, CT_ECRS, "%s: area %s: cannot reproject its centroid", path, row[0]);
    }
    const char *levels[] = {"msoa11", "ltla21", "utla21", "sicbl22", "icb22"};
    const size_t col[] = {3, 4, 5, 8, 9};
    for (size_t k = 0; !st && k < 5; k++)
        st = add_level(ctx, p, levels[k], &t, col[k], k >= 3);
    ct__proj_tf_free(tf);
    ct__texttab_free(&t);
    return st;
}

/* The published sources, read one by one (used when the joined table is
 * absent, and by the test that checks the joined table). */
static ct_status read_sources(ct_ctx *ctx, ct_pop *p)
{
    char *pop_csv = ct__data_path(ctx, BUILTIN_POP_CSV);
    char *gpkg = pop_csv ? ct__data_path(ctx, "boundaries.gpkg") : NULL;
    char *lookup = gpkg ? ct__data_path(ctx, BUILTIN_LOOKUP_CSV) : NULL;
    char *nhs = lookup ? ct__data_path(ctx, BUILTIN_NHS_CSV) : NULL;
    const char *nesting[] = {"lsoa11_code", "msoa11_code", "ltla21_code", "utla21_code"};
    const char *nhs_cols[] = {"lsoa11_code", "sicbl22_code", "icb22_code"};
    ct_status st = nhs ? CT_OK : ct_errcode(ctx);
    if (!st)
        st = read_population(ctx, p, pop_csv);
    if (!st)
        st = read_centroids(ctx, p, gpkg);
    if (!st)
        st = read_levels(ctx, p, lookup, nesting, 4, false);
    if (!st)
        st = read_levels(ctx, p, nhs, nhs_cols, 3, true);
    free(pop_csv);
    free(gpkg);
    free(lookup);
    free(nhs);
    return st;
}

static ct_status open_builtin(ct_ctx *ctx, ct_pop *p, bool from_sources)
{
    char *base = ct__data_path(ctx, BUILTIN_POPBASE);
    ct_status st = base ? CT_OK : ct_errcode(ctx);
    if (!st) {
        bool joined = !from_sources && ct__file_exists(base);
        p->source = joined ? ct__strdup(base) : ct__data_path(ctx, BUILTIN_POP_CSV);
        p->poly_spec = ct__strdup("lsoa11");
        p->snap_level = ct__strdup("ltla21");
        if (!p->source || !p->poly_spec || !p->snap_level)
            st = ct__nomem(ctx);
        else
            st = joined ? read_popbase(ctx, p, base) : read_sources(ctx, p);
    }
    free(base);
    return st;
}

static ct_status open_custom(ct_ctx *ctx, ct_pop *p, const char *spec, const char *const *opts)
{
    const char *field = ct__opt(opts, "POP_FIELD");
    if (!field)
        return ct__err(ctx, CT_EINVAL, "%s: a custom population layer needs POP_FIELD "
                                       "(--pop-field)", spec);
    if (ct__opt_yes(opts, "DISSOLVE"))
        return ct__err(ctx, CT_EINVAL, "%s: a population layer cannot be dissolved", spec);
    char **vals = NULL;
    ct_status st = ct__layer_open_extra(ctx, &p->polys, spec, opts, field, &vals);
    if (st)
        return st;
    p->source = ct__strdup(ct_layer_source(p->polys));
    st = p->source ? alloc_areas(ctx, p, p->polys->n) : ct__nomem(ctx);
    for (size_t i = 0; !st && i < p->polys->n; i++) {
        double v;
        st = parse_pop(ctx, p->source, p->polys->ids[i], vals[i], &v);
        if (!st)
            st = add_area(ctx, p, p->polys->ids[i], p->polys->names[i], v);
    }
    for (size_t i = 0; vals && i < p->polys->n; i++)
        free(vals[i]);
    free(vals);
    return st;
}

ct_status ct_pop_open(ct_ctx *ctx, ct_pop **out, const char *spec, const char *const *opts)
{
    static const char *const allowed[] = {"POP_FIELD", "ID_FIELD", "NAME_FIELD", "ASSUME_CRS",
                                          "CRS",       "STRICT",   "DISSOLVE",  NULL};
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_pop_open: NULL argument");
    *out = NULL;
    ct_status st = ct__opt_check(ctx, opts, allowed, "population");
    if (st)
        return st;
    ct_pop *p = ct__calloc(1, sizeof *p);
    if (!p)
        return ct__nomem(ctx);
    p->ctx = ctx;
    const char *crs = ct__opt(opts, "CRS");
    p->crs = ct__strdup(crs ? crs : "EPSG:27700");
    st = !p->crs                    ? ct__nomem(ctx)
         : ct__crs_is_auto(p->crs) ? CT_OK /* resolved by the first input read */
                                   : ct__proj_check_measuring(ctx, p->crs);
    bool builtin = !spec || !strcmp(spec, "lsoa11") || !strcmp(spec, "lsoa11:sources");
    if (!st && builtin)
        st = open_builtin(ctx, p, spec && !strcmp(spec, "lsoa11:sources"));
    else if (!st)
        st = open_custom(ctx, p, spec, opts);
    if (!st && ct__crs_is_auto(p->crs)) { /* resolved by its polygons or centroids */
        const char *chosen = ct__crs_auto_chosen(ctx);
        char *copy = chosen ? ct__strdup(chosen) : NULL;
        if (copy) {
            free(p->crs);
            p->crs = copy;
        } else
            st = chosen ? ct__nomem(ctx)
                        : ct__err(ctx, CT_EINTERNAL, "%s: CRS=auto not resolved", p->source);
    }
    if (st)
        ct_pop_free(p);
    else
        *out = p;
    return st;
}

ct_status ct__pop_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out)
{
    ct_pop *p = (ct_pop *)pop; /* a cache: loading it does not change the base */
    if (!p->polys) {
        ct_status st = ct__layer_open_in(ctx, &p->polys, p->poly_spec, p->crs);
        if (st)
            return st;
    }
    *out = p->polys;
    return CT_OK;
}

const ct__level *ct__pop_level_for(const ct_pop *pop, const ct_layer *layer)
{
    for (size_t k = 0; k < pop->nlevels; k++) {
        const ct__level *lv = &pop->levels[k];
        bool all = layer->n > 0;
        for (size_t i = 0; all && i < layer->n; i++)
            all = ct__strmap_get(lv->index, layer->ids[i]) != CT__NONE;
        if (all)
            return lv;
    }
    return NULL;
}

ct_status ct__pop_snap_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out)
{
    ct_pop *p = (ct_pop *)pop; /* a cache, as ct__pop_polys */
    *out = NULL;
    if (!p->snap_level)
        return CT_OK;
    if (p->snap_lent) {
        *out = p->snap_lent;
        return CT_OK;
    }
    if (!p->snap_polys) {
        ct_status st = ct__layer_open_in(ctx, &p->snap_polys, p->snap_level, p->crs);
        if (st)
            return st;
    }
    *out = p->snap_polys;
    return CT_OK;
}

void ct__pop_lend_snap(const ct_pop *pop, const ct_layer *layer)
{
    ct_pop *p = (ct_pop *)pop; /* a cache, as ct__pop_polys */
    const ct__level *lv = layer ? ct__pop_level_for(pop, layer) : NULL;
    p->snap_lent = lv && p->snap_level && !strcmp(lv->name, p->snap_level) ? layer : NULL;
}

ct_status ct__pop_council_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out)
{
    ct_pop *p = (ct_pop *)pop; /* a cache, as ct__pop_polys */
    if (!p->snap_level)
        return ct__err(ctx, CT_EINTERNAL, "population base %s has no council level", p->source);
    if (p->snap_lent && ct__is_builtin(ctx, p->snap_lent, p->snap_level)) {
        *out = p->snap_lent;
        return CT_OK;
    }
    ct_status st = p->snap_polys ? CT_OK
                                 : ct__layer_open_in(ctx, &p->snap_polys, p->snap_level, p->crs);
    *out = p->snap_polys;
    return st;
}

ct_status ct__pop_council_grid(ct_ctx *ctx, const ct_pop *pop, const ct__ptgrid **out)
{
    ct_pop *p = (ct_pop *)pop; /* a cache, as ct__pop_polys */
    *out = NULL;
    if (!p->snap_level || !p->x)
        return CT_OK;
    if (!p->council_grid) {
        const ct_layer *councils;
        ct__bpoints bp = {0};
        ct_status st = ct__pop_council_polys(ctx, p, &councils);
        if (!st)
            st = ct__geoms_boundary_points(ctx, councils->geoms, CT__GEN_REF_STEP_M, &bp);
        free(bp.unit); /* the reference needs no units */
        bp.unit = NULL;
        if (!st)
            st = ct__ptgrid_build(ctx, &bp, CT__GEN_CELL_M, &p->council_grid);
        ct__bpoints_free(&bp);
        if (st)
            return st;
    }
    *out = p->council_grid;
    return CT_OK;
}

ct_status ct__pop_council_segment(ct_ctx *ctx, const ct_pop *pop, double *out)
{
    ct_pop *p = (ct_pop *)pop; /* a cache, as ct__pop_polys */
    *out = 0;
    if (!p->snap_level || !p->x)
        return CT_OK;
    if (!(p->council_segment_m > 0)) {
        const ct_layer *councils;
        ct_status st = ct__pop_council_polys(ctx, p, &councils);
        if (!st)
            st = ct__median_segment(ctx, councils, &p->council_segment_m);
        if (st)
            return st;
    }
    *out = p->council_segment_m;
    return CT_OK;
}
