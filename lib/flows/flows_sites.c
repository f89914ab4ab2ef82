/* coterm flows: the system holding each provider's headquarters (a point
 * layer such as trusts22), to set beside the home system found from flows. */
#include "flows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "name" of a built-in point layer, or "PATH[:LAYER]". */
static ct_status resolve(ct_ctx *ctx, const char *spec, ct__read_req *req, char **path)
{
    const ct__builtin *b = ct__builtin_find(spec);
    *path = NULL;
    if (b) {
        *path = ct__data_path(ctx, b->file);
        req->layer = b->layer;
        req->id_field = b->id_field;
        return *path ? CT_OK : ct_errcode(ctx);
    }
    const char *colon = strrchr(spec, ':');
    bool split = colon && colon != spec && !ct__file_exists(spec);
    size_t n = split ? (size_t)(colon - spec) : strlen(spec);
    *path = ct__malloc(n + 1);
    if (!*path)
        return ct__nomem(ctx);
    memcpy(*path, spec, n);
    (*path)[n] = '\0';
    req->layer = split ? colon + 1 : NULL;
    return CT_OK;
}

/* Locate every feature's point in the systems. */
static ct_status locate(ct_ctx *ctx, const ct__features *f, const ct_layer *systems,
                        size_t *unit)
{
    ct__proj_tf *tf = NULL;
    ct__geoms *g = NULL;
    size_t *unit_of = ct__malloc((f->n ? f->n : 1) * sizeof *unit_of), repairs = 0;
    double *x = ct__malloc((f->n ? f->n : 1) * sizeof *x);
    double *y = ct__malloc((f->n ? f->n : 1) * sizeof *y);
    ct_status st = unit_of && x && y ? CT_OK : ct__nomem(ctx);
    if (!st && !f->srs)
        st = ct__err(ctx, CT_ECRS, "%s: sites have no CRS", f->source);
    if (!st)
        st = ct__proj_tf_new(ctx, &tf, f->srs, systems->crs);
    for (size_t k = 0; !st && k < f->n; k++)
        unit_of[k] = k;
    ct__geoms_input in = {f->n, f->n, unit_of, (const unsigned char *const *)f->wkb, f->wkb_len,
                          (const char *const *)f->ids, f->source, tf, false, true};
    if (!st)
        st = ct__geoms_build(ctx, &g, &in, &repairs);
    for (size_t k = 0; !st && k < f->n; k++)
        if (!ct__geoms_point(g, k, &x[k], &y[k]))
            st = ct__err(ctx, CT_EGEOM, "%s: feature %s: not a point", f->source, f->ids[k]);
    if (!st)
        st = ct__geoms_locate(ctx, systems->geoms, f->n, x, y, unit);
    ct__geoms_free(g);
    ct__proj_tf_free(tf);
    free(unit_of);
    free(x);
    free(y);
    return st;
}

ct_status ct__flows_sites(ct_ctx *ctx, ct__flowrun *run, const ct_layer *systems,
                          const char *spec)
{
    size_t np = run->tab.np;
    run->hq_sys = ct__malloc((np ? np : 1) * sizeof *run->hq_sys);
    if (!run->hq_sys)
        return ct__nomem(ctx);
    for (size_t p = 0; p < np; p++)
        run->hq_sys[p] = CT__NONE;
    run->has_sites = spec && strcasecmp(spec, "NONE");
    if (!run->has_sites)
        return CT_OK;
    ct__read_req req = {NULL, NULL, NULL, NULL, NULL, true};
    char *path = NULL;
    ct__features f = {0};
    size_t *unit = NULL;
    ct_status st = resolve(ctx, spec, &req, &path);
    req.path = path;
    if (!st)
        st = ct__gdal_read_features(ctx, &req, &f);
    unit = st ? NULL : ct__malloc((f.n ? f.n : 1) * sizeof *unit);
    if (!st && !unit)
        st = ct__nomem(ctx);
    if (!st)
        st = locate(ctx, &f, systems, unit);
    for (size_t k = 0; !st && k < f.n; k++) {
        const char *key = f.ids[k];
        for (size_t p = 0; p < np; p++) /* few providers: a scan is enough */
            if (run->hq_sys[p] == CT__NONE && !strcmp(run->tab.pids[p], key))
                run->hq_sys[p] = unit[k];
    }
    if (!st && !(run->sites_source = ct__strdup(f.source)))
        st = ct__nomem(ctx);
    free(unit);
    free(path);
    ct__features_free(&f);
    return st;
}
