/* How generalised a layer is, measured against the population base's own
 * council boundaries (docs/methods.md), once per layer. */
#include "inputs.h"

#include <math.h>
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

ct_status ct__median_segment(ct_ctx *ctx, const ct_layer *l, double *out)
{
    ct__bpoints rings = {0}; /* one point a ring: only the segment lengths count */
    ct_status st = ct__geoms_boundary_points(ctx, l->geoms, HUGE_VAL, &rings);
    *out = rings.median_segment;
    ct__bpoints_free(&rings);
    return st;
}

/* The displacement of a layer coarser than the councils. */
static ct_status measure(ct_ctx *ctx, const ct_pop *pop, ct_layer *l)
{
    const ct__ptgrid *ref;
    const ct_layer *councils;
    ct__bpoints all = {0}, outer = {0}, land = {0};
    ct_status st = ct__pop_council_grid(ctx, pop, &ref);
    if (!st)
        st = ct__pop_council_polys(ctx, pop, &councils);
    if (!st)
        st = ct__geoms_boundary_points(ctx, l->geoms, CT__GEN_STEP_M, &all);
    if (!st)
        st = ct__bpoints_outer(ctx, &all, &outer);
    if (!st)
        st = on_land(ctx, councils, &outer, &land);
    l->gen.samples = all.n;
    l->gen.outer = outer.n;
    l->gen.on_land = land.n;
    if (!st)
        st = ct__generalisation_measure(ctx, &land, ref, &l->gen);
    ct__bpoints_free(&all);
    ct__bpoints_free(&outer);
    ct__bpoints_free(&land);
    return st;
}

ct_status ct__layer_generalisation(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                                   const ct__generalisation **out)
{
    ct_layer *l = (ct_layer *)layer; /* a cache: measuring does not change the layer */
    *out = &l->gen;
    if (l->gen_done)
        return CT_OK;
    l->gen = (ct__generalisation){0};
    double council = 0;
    ct_status st = ct__pop_council_segment(ctx, pop, &council);
    if (st || !(council > 0))
        return st; /* nothing to measure against */
    st = ct__median_segment(ctx, l, &l->gen.segment_m);
    l->gen.council_segment_m = council;
    l->gen.coarser = !st && l->gen.segment_m > council;
    if (!st && l->gen.coarser) /* a more detailed layer is not displaced by coarseness */
        st = measure(ctx, pop, l);
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
