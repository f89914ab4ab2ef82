/* The overlay run shared by ct_fit and ct_bestfit. */
#ifndef COTERM_FIT_RUN_H
#define COTERM_FIT_RUN_H

#include "core/fit_core.h"
#include "jsonutil.h"

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
} ct__fitrun;

ct_status ct__fitrun_do(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a, const ct_layer *b,
                        const ct_pop *pop, const char *const *opts);
/* As ct__fitrun_do, with the population assignment of a and/or b given
 * (NULL: computed as usual); they are copied, e.g. tiers built from blocks. */
ct_status ct__fitrun_do_assigned(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a,
                                 const ct_layer *b, const ct_pop *pop, const ct__assign *asg_a,
                                 const ct__assign *asg_b, const char *const *opts);
void ct__fitrun_free(ct__fitrun *run);

/* The summary's common part: version, inputs, CRS, method, population,
 * repairs and warnings. Returns NULL on allocation failure. */
json_t *ct__summary_base(ct_ctx *ctx, const char *command, const ct__fitrun *run,
                         const ct_layer *a, const ct_layer *b, const ct_pop *pop);

#endif
