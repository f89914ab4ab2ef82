/* How generalised a layer is, measured against the population base's own
 * council boundaries (docs/methods.md), once per layer. */
#include "inputs.h"

#include <stdlib.h>

/* The outer samples inside some council: elsewhere (at sea, in Wales or
 * Scotland) a line drawn too far out places no one wrongly. */
static ct_status on_land(ct_ctx *ctx, const ct_layer *councils, const ct__bpoints *outer,
                         ct__bpoints *land)
{
    size_t n = outer->n ? outer->n : 1;
    size_t *in = ct__malloc(n * sizeof *in);
    *land = (ct__bpoints){.x = ct__malloc(n * sizeof *land->x),
                          .y = ct__malloc(n * sizeof *land->y),
                          .unit = ct__malloc(n * sizeof *land->unit)};
    ct_status st = in && land->x && land->y && land->unit ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = ct__geoms_locate(ctx, councils->geoms, outer->n, outer->x, outer->y, in);
    for (size_t i = 0; !st && i < outer->n; i++)
        if (in[i] != CT__NONE) {
            land->x[land->n] = outer->x[i];
            land->y[land->n] = outer->y[i];
            land->unit[land->n++] = outer->unit[i];
        }
    free(in);
    return st;
}

ct_status ct__layer_generalisation(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                                   const ct__generalisation **out)
{
    ct_layer *l = (ct_layer *)layer; /* a cache: measuring does not change the layer */
    *out = &l->gen;
    if (l->gen_done)
        return CT_OK;
    const ct__ptgrid *ref;
    ct_status st = ct__pop_council_grid(ctx, pop, &ref);
    if (st || !ref) {
        l->gen = (ct__generalisation){0}; /* nothing to measure against */
        return st;
    }
    const ct_layer *councils;
    ct__bpoints all = {0}, outer = {0}, land = {0};
    st = ct__pop_council_polys(ctx, pop, &councils);
    if (!st)
        st = ct__geoms_boundary_points(ctx, l->geoms, CT__GEN_STEP_M, &all);
    if (!st)
        st = ct__bpoints_outer(ctx, &all, &outer);
    if (!st)
        st = on_land(ctx, councils, &outer, &land);
    l->gen = (ct__generalisation){.samples = all.n, .outer = outer.n, .on_land = land.n,
                                  .segment_m = all.median_segment,
                                  .council_segment_m = pop->council_segment_m,
                                  .coarser = all.median_segment > pop->council_segment_m};
    if (!st)
        st = ct__generalisation_measure(ctx, &land, ref, &l->gen);
    ct__bpoints_free(&all);
    ct__bpoints_free(&outer);
    ct__bpoints_free(&land);
    l->gen_done = !st;
    return st;
}

bool ct__gen_counts(const ct__generalisation *gen)
{
    return gen && gen->measured && gen->coarser;
}

double ct__ambiguous_m(const ct__generalisation *gen)
{
    return CT__AMBIGUOUS_M + (ct__gen_counts(gen) ? gen->displacement : 0);
}
