/* Point layers (centroids, practices, sites) as coordinates in a measuring CRS. */
#include "inputs.h"

#include <stdlib.h>

ct_status ct__feature_points(ct_ctx *ctx, const ct__features *f, const char *crs,
                             const char *what, double **x, double **y)
{
    size_t n = f->n ? f->n : 1, repairs = 0;
    size_t *unit_of = ct__malloc(n * sizeof *unit_of);
    *x = ct__malloc(n * sizeof **x);
    *y = ct__malloc(n * sizeof **y);
    ct_status st = unit_of && *x && *y ? CT_OK : ct__nomem(ctx);
    if (!st && !f->srs)
        st = ct__err(ctx, CT_ECRS, "%s: %s have no CRS", f->source, what);
    ct__proj_tf *tf = NULL;
    const double *ext = f->has_extent ? f->extent : NULL;
    char *to = NULL;
    if (!st)
        st = ct__crs_resolve(ctx, crs, f->srs, ext, f->source, &to);
    if (!st)
        st = ct__proj_tf_layer(ctx, &tf, f->srs, to, ext, f->source);
    free(to);
    for (size_t k = 0; !st && k < f->n; k++)
        unit_of[k] = k; /* one unit per feature: points are not unioned */
    ct__geoms_input in = ct__features_geoms_input(f, f->n, unit_of, tf);
    in.points = true;
    ct__geoms *g = NULL;
    if (!st)
        st = ct__geoms_build(ctx, &g, &in, &repairs);
    for (size_t k = 0; !st && k < f->n; k++)
        if (!ct__geoms_point(g, k, &(*x)[k], &(*y)[k]))
            st = ct__err(ctx, CT_EGEOM, "%s: feature %s: not a point", f->source, f->ids[k]);
    ct__geoms_free(g);
    ct__proj_tf_free(tf);
    free(unit_of);
    if (st) {
        free(*x);
        free(*y);
        *x = *y = NULL;
    }
    return st;
}
