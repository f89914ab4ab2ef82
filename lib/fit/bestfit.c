/* ct_bestfit: each small unit to the one big unit holding most of it. */
#include "fit.h"

#include <math.h>
#include <stdlib.h>

#define BESTFIT_COLS                                                                        \
    "small_id:t,small_name:t,big_id:t,big_name:t,pop:r,share:r,method:t,basis:t,class:t"

static ct_status bestfit_table(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *small,
                               const ct_layer *big, ct_table **out, size_t *unmatched)
{
    *unmatched = 0;
    ct_status st = ct__table_new(ctx, out, "bestfit", BESTFIT_COLS, small->n);
    for (size_t u = 0; !st && u < small->n; u++) {
        const ct__unitfit *f = &run->fa[u];
        bool matched = f->best != CT__NONE;
        bool by_pop = run->a_pop && run->a_pop[u] > 0;
        *unmatched += !matched;
        const char *text[] = {small->ids[u],
                              small->names[u],
                              matched ? big->ids[f->best] : "",
                              matched ? big->names[f->best] : "",
                              NULL,
                              NULL,
                              ct__method_name(run->method),
                              !matched ? "none" : by_pop ? "population" : "area",
                              ct__class_name(f->cls)};
        for (size_t j = 0; !st && j < 9; j++)
            if (text[j])
                st = ct__table_set_text(ctx, *out, u, j, text[j]);
        ct__table_set_real(*out, u, 4, run->a_pop ? run->a_pop[u] : NAN);
        ct__table_set_real(*out, u, 5,
                           !matched ? 0 : by_pop ? f->best_pop_share : f->best_area_share);
    }
    return st;
}

/* The lookup table and the summary of one run. */
static ct_status bestfit_outputs(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *small,
                                 const ct_layer *big, const ct_pop *pop, ct_result *r)
{
    ct_table *t = NULL;
    size_t unmatched = 0;
    ct_status st = bestfit_table(ctx, run, small, big, &t, &unmatched);
    st = ct__result_add_built(ctx, r, st, t);
    if (!st && unmatched)
        st = ct__diag(ctx, CT_DIAG_WARNING, "bestfit: %zu of %zu units of %s fall in no unit of %s",
                      unmatched, small->n, small->source, big->source);
    json_t *s = st ? NULL : ct__summary_base(ctx, "bestfit", run, small, big, pop);
    if (s && json_object_set_new(s, "units", json_pack("{s:I, s:I, s:I}", "small",
                                                       (json_int_t)small->n, "matched",
                                                       (json_int_t)(small->n - unmatched),
                                                       "unmatched", (json_int_t)unmatched))) {
        json_decref(s);
        s = NULL; /* reported by ct__result_add_json */
    }
    if (!st)
        st = ct__result_add_json(ctx, r, "summary", s);
    return st;
}

ct_status ct_bestfit(ct_ctx *ctx, ct_result **out, const ct_layer *small, const ct_layer *big,
                     const ct_pop *pop, const char *const *opts)
{
    return ct__fit_result(ctx, out, "ct_bestfit", small, big, pop, opts, bestfit_outputs);
}
