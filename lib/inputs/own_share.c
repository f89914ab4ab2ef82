/* How much of a small area's own polygon lies in one unit of a layer: the
 * check that keeps an area whose centroid is near a boundary where its
 * polygon says it is (docs/methods.md, "own polygon"). */
#include "inputs.h"

#include <math.h>
#include <stdlib.h>

ct_status ct__pop_own_shares(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                             const size_t *area, const size_t *unit, size_t n, double *share)
{
    for (size_t k = 0; k < n; k++)
        share[k] = NAN;
    if (!n || (!pop->polys && !pop->poly_spec))
        return CT_OK; /* a base of points only */
    const ct_layer *polys = pop->polys;
    ct_layer *subset = NULL;
    ct_status st = CT_OK;
    if (!polys) { /* read just these areas' polygons, not the whole base */
        const char **ids = ct__malloc(n * sizeof *ids);
        if (!ids)
            return ct__nomem(ctx);
        for (size_t k = 0; k < n; k++)
            ids[k] = pop->ids[area[k]];
        st = ct__layer_open_only(ctx, &subset, pop->poly_spec, pop->crs, ids, n);
        free(ids);
        polys = subset;
    }
    for (size_t k = 0; !st && polys && k < n; k++) {
        size_t q = ct__strmap_get(polys->index, pop->ids[area[k]]);
        if (q == CT__NONE || unit[k] == CT__NONE || !(polys->areas[q] > 0))
            continue;
        double a;
        st = ct__geoms_pair_area(ctx, polys->geoms, q, layer->geoms, unit[k], &a);
        share[k] = st ? NAN : a / polys->areas[q];
    }
    ct_layer_free(subset);
    return st;
}
