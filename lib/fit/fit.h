/* The overlay run shared by ct_fit and ct_bestfit. */
#ifndef COTERM_FIT_H
#define COTERM_FIT_H

#include "../core/fit_core.h"
#include "../inputs/inputs.h"
#include "../jsonutil.h"

/* Units of one side that overlap each other (docs/pcn.md, "Overlapping
 * layers in fit"): people and area that per-unit counting would repeat. */
typedef struct ct__overlap {
    bool by_centroids, by_area;  /* which checks ran */
    size_t areas_multi;          /* small areas whose centroid lies in 2+ units */
    double pop_multi;            /* their people */
    double pop_extra;            /* sum of people x (units holding them - 1) */
    size_t pairs, units;         /* unit pairs sharing >= tol of the smaller's area; units in one */
    double area_m2;              /* area shared by those pairs */
    double pop_rescaled;         /* areal: people beyond one count per area, scaled away */
} ct__overlap;

typedef struct ct__fitrun {
    ct__method method;
    double tol;
    ct__pair *pairs;
    size_t np, nslivers;
    double *a_pop, *b_pop; /* NULL without a population base */
    ct__side sa, sb;
    ct__unitfit *fa, *fb;
    double *a_maxarea, *b_maxarea;
    ct__fitindex ia, ib;
    ct__assign asg_a, asg_b;
    size_t *rank_a, *rank_b;
    size_t n_triple; /* areas split on both sides (areal) */
    double pop_total, pop_in_a, pop_in_b, pop_in_both;
    ct__overlap ov_a, ov_b;
    double *sum_a, *sum_b; /* areal: each area's shares before scaling (NULL: none > 1) */
} ct__fitrun;

ct_status ct__fitrun_do(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a, const ct_layer *b,
                        const ct_pop *pop, const char *const *opts);
/* As ct__fitrun_do, with the population assignment of a and/or b given
 * (NULL: computed as usual); they are copied, e.g. tiers built from blocks. */
ct_status ct__fitrun_do_assigned(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a,
                                 const ct_layer *b, const ct_pop *pop, const ct__assign *asg_a,
                                 const ct__assign *asg_b, const char *const *opts);
void ct__fitrun_free(ct__fitrun *run);

/* What ct_fit or ct_bestfit adds to its result from one run. */
typedef ct_status (*ct__fit_outputs)(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *a,
                                     const ct_layer *b, const ct_pop *pop, ct_result *r);
/* The body of ct_fit and ct_bestfit (fn names the function in messages):
 * check the arguments, run the overlay, and fill a new result with outputs. */
ct_status ct__fit_result(ct_ctx *ctx, ct_result **out, const char *fn, const ct_layer *a,
                         const ct_layer *b, const ct_pop *pop, const char *const *opts,
                         ct__fit_outputs outputs);

/* overlap.c: detect overlapping units (centroids in 2+ units, then the
 * layer overlaid with itself), rescale areal shares, report. */
ct_status ct__overlap_detect(ct_ctx *ctx, const ct_layer *l, const ct_pop *pop, double tol,
                             ct__overlap *ov);
ct_status ct__overlap_rescale(ct_ctx *ctx, ct__assign *a, const ct_pop *pop, double **sum,
                              ct__overlap *ov);
json_t *ct__overlap_json(const ct__overlap *ov, ct__method m, bool has_pop);
ct_status ct__overlap_warn(ct_ctx *ctx, const ct_layer *l, const ct__overlap *ov, ct__method m,
                           bool has_pop);

/* The summary's common part: version, inputs, CRS, method, population,
 * repairs and warnings. Returns NULL on allocation failure. */
json_t *ct__summary_base(ct_ctx *ctx, const char *command, const ct__fitrun *run,
                         const ct_layer *a, const ct_layer *b, const ct_pop *pop);

#endif
