/* Ids are not membership: a layer whose ids are all codes of a lookup level
 * gets its people from the lookup only when its geometry agrees with it
 * (docs/methods.md). A planner's edited layer that keeps the old codes, or a
 * unit whose code now names other members, is placed by its geometry. */
#include "inputs.h"

#include <stdio.h>
#include <stdlib.h>

/* Areas the lookup leaves out of the layer (a subset layer) contradict it
 * when their centroid lies deep inside a unit: locate those and test. */
static ct_status located_deep(ct_ctx *ctx, const ct_layer *layer, size_t m, const double *x,
                              const double *y, double within, size_t *unit, bool *deep)
{
    bool *near = ct__malloc((m ? m : 1) * sizeof *near);
    ct_status st = near ? ct__geoms_locate(ctx, layer->geoms, m, x, y, unit) : ct__nomem(ctx);
    if (!st)
        st = ct__geoms_near_boundary(ctx, layer->geoms, m, x, y, unit, within, near);
    for (size_t k = 0; !st && k < m; k++)
        deep[k] = unit[k] != CT__NONE && !near[k];
    free(near);
    return st;
}

static void note(const ct_pop *pop, const ct_layer *layer, const ct__level *lv, size_t i,
                 size_t expected, size_t found, ct__assign *a)
{
    a->n_contradict++;
    a->pop_contradict += pop->pop[i];
    if (a->n_contradict > 1)
        return;
    const char *code = lv->unit_of[i] == CT__NONE ? "none" : lv->codes[lv->unit_of[i]];
    snprintf(a->contradict_example, sizeof a->contradict_example,
             "%s (%s %s%s, centroid %s %s)", pop->ids[i], lv->name, code,
             expected == CT__NONE ? ", not in the layer" : "",
             found == CT__NONE ? "in no unit, or far outside" : "inside",
             found == CT__NONE ? "" : layer->ids[found]);
}

ct_status ct__lookup_check(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                           const ct__level *lv, ct__assign *a, bool *agrees)
{
    size_t n = pop->n, m = 0;
    size_t *v = ct__malloc((n ? n : 1) * sizeof *v), *idx = ct__malloc((n ? n : 1) * sizeof *idx);
    size_t *found = ct__malloc((n ? n : 1) * sizeof *found);
    bool *ok = ct__malloc((n ? n : 1) * sizeof *ok), *deep = ct__malloc((n ? n : 1) * sizeof *deep);
    double *x = ct__malloc((n ? n : 1) * sizeof *x), *y = ct__malloc((n ? n : 1) * sizeof *y);
    ct_status st = v && idx && found && ok && deep && x && y ? CT_OK : ct__nomem(ctx);
    a->lookup_checked = true;
    if (!st) {
        ct__units_by_code(pop, layer, lv, v);
        st = ct__geoms_within_unit(ctx, layer->geoms, n, pop->x, pop->y, v, a->ambiguous_m, ok);
    }
    /* to test: areas outside their lookup unit, and areas the lookup leaves out */
    for (size_t i = 0; !st && i < n; i++)
        if (v[i] == CT__NONE || !ok[i]) {
            idx[m] = i;
            x[m] = pop->x[i];
            y[m++] = pop->y[i];
        }
    if (!st && m)
        st = located_deep(ctx, layer, m, x, y, a->ambiguous_m, found, deep);
    for (size_t k = 0; !st && k < m; k++) {
        size_t i = idx[k];
        if (v[i] != CT__NONE || deep[k]) /* outside its unit, or deep in a unit it is not in */
            note(pop, layer, lv, i, v[i], found[k], a);
    }
    *agrees = !st && a->n_contradict == 0;
    free(v);
    free(idx);
    free(found);
    free(ok);
    free(deep);
    free(x);
    free(y);
    return st;
}
