/* The parts of summary.json shared by fit and bestfit. */
#include "../ctx.h"
#include "fit.h"

#include <stdlib.h>
#include <string.h>

#define SUMMARY_VERSION 1

static json_t *layer_json(const ct_layer *l)
{
    return json_pack("{s:s, s:s, s:I, s:I}", "source", l->source, "id_field", l->id_field,
                     "units", (json_int_t)l->n, "repairs", (json_int_t)l->repairs);
}

/* The lookup level the layer's ids belong to and whether its geometry
 * agreed (docs/methods.md, "Ids are not membership"); null if none. */
static json_t *lookup_json(const ct__assign *a)
{
    if (!a->level)
        return json_null();
    return json_pack("{s:s, s:b, s:b, s:b, s:f, s:I, s:f, s:s?}", "level", a->level, "used",
                     a->how && !strcmp(a->how, "lookup"), "builtin", a->lookup_trusted,
                     "checked", a->lookup_checked,
                     "within_m", a->ambiguous_m, "areas_contradicting",
                     (json_int_t)a->n_contradict, "pop_contradicting", a->pop_contradict,
                     "example", a->n_contradict ? a->contradict_example : NULL);
}

/* How generalised the layer is (docs/methods.md, "Coarse layers"). */
static json_t *gen_json(const ct__assign *a)
{
    const ct__generalisation *g = &a->gen;
    if (!(g->council_segment_m > 0)) /* a lookup, or a base without councils */
        return json_null();
    return json_pack("{s:b, s:o, s:b, s:f, s:f, s:I, s:I, s:I, s:I}", "measured",
                     g->measured, "displacement_m",
                     g->measured ? json_real(g->displacement) : json_null(),
                     "coarser_than_councils", g->coarser, "median_segment_m", g->segment_m,
                     "council_median_segment_m", g->council_segment_m,
                     "boundary_samples", (json_int_t)g->samples,
                     "outer_samples", (json_int_t)g->outer, "outer_on_land",
                     (json_int_t)g->on_land, "outer_near_councils", (json_int_t)g->near);
}

static json_t *assign_json(const ct__assign *a)
{
    return json_pack("{s:s, s:s, s:f, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:I, s:f, s:f, "
                     "s:o, s:o}",
                     "how", a->how ? a->how : "none", "why", a->why, "ambiguous_m",
                     a->ambiguous_m, "outside",
                     (json_int_t)a->n_outside, "near_boundary", (json_int_t)a->n_ambiguous,
                     "moved_by_nesting", (json_int_t)a->n_voted, "kept_by_own_polygon",
                     (json_int_t)a->n_kept_own, "snapped",
                     (json_int_t)a->n_snapped, "unassigned", (json_int_t)a->n_unassigned,
                     "in_doubt", (json_int_t)a->n_doubt, "pop_in_doubt", a->pop_doubt,
                     "far_outside_placed", (json_int_t)a->n_far_placed,
                     "pop_far_outside_placed", a->pop_far_placed, "pop_unassigned",
                     a->pop_unassigned, "lookup", lookup_json(a), "generalisation", gen_json(a));
}

json_t *ct__summary_base(ct_ctx *ctx, const char *command, const ct__fitrun *run,
                         const ct_layer *a, const ct_layer *b, const ct_pop *pop)
{
    json_t *inputs = json_pack("{s:o, s:o}", "a", layer_json(a), "b", layer_json(b));
    if (inputs && pop &&
        json_object_set_new(inputs, "population",
                            json_pack("{s:s, s:I, s:f}", "source", pop->source, "areas",
                                      (json_int_t)pop->n, "total", pop->total))) {
        json_decref(inputs);
        inputs = NULL; /* a value that cannot be built fails the whole document */
    }
    json_t *popj = pop ? json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "total",
                                   run->pop_total, "in_a", run->pop_in_a, "in_b", run->pop_in_b,
                                   "in_both", run->pop_in_both, "in_a_not_b",
                                   run->pop_in_a - run->pop_in_both, "in_b_not_a",
                                   run->pop_in_b - run->pop_in_both, "outside_both",
                                   run->pop_total - run->pop_in_a - run->pop_in_b +
                                       run->pop_in_both)
                       : json_null();
    json_t *asg = pop ? json_pack("{s:o, s:o}", "a", assign_json(&run->asg_a), "b",
                                  assign_json(&run->asg_b))
                      : json_null();
    json_t *overlap = json_pack("{s:o, s:o}", "a",
                                ct__overlap_json(&run->ov_a, run->method, pop != NULL), "b",
                                ct__overlap_json(&run->ov_b, run->method, pop != NULL));
    return json_pack("{s:i, s:s, s:s, s:o, s:s, s:s, s:f, s:o, s:o, s:I, s:o, s:o, s:o}",
                     "version", SUMMARY_VERSION, "command", command, "coterm_version",
                     ct_version(), "inputs", inputs, "crs", a->crs, "method",
                     ct__method_name(run->method), "tolerance", run->tol, "assignment", asg,
                     "population", popj, "areas_split_both_sides", (json_int_t)run->n_triple,
                     "overlap", overlap, "repairs", ct__diags_json(ctx, CT_DIAG_REPAIR), "warnings",
                     ct__diags_json(ctx, CT_DIAG_WARNING));
}
