/* ct_fit: the pairs, a_units and b_units tables and summary.json. */
#include "fit.h"

#include <math.h>
#include <stdlib.h>

#define PAIRS_COLS                                                                          \
    "a_id:t,a_name:t,b_id:t,b_name:t,area_m2:r,a_area_share:r,b_area_share:r,pop:r,"     \
    "a_pop_share:r,b_pop_share:r,sliver:i"
#define UNITS_COLS                                                                          \
    "id:t,name:t,area_m2:r,pop:r,class:t,best_id:t,best_area_share:r,best_pop_share:r,"  \
    "n_parts:i"

static ct_status pairs_table(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *a,
                             const ct_layer *b, bool has_pop, ct_table **out)
{
    ct_status st = ct__table_new(ctx, out, "pairs", PAIRS_COLS, run->np);
    for (size_t k = 0; !st && k < run->np; k++) {
        const ct__pair *p = &run->pairs[k];
        const char *text[] = {a->ids[p->a], a->names[p->a], b->ids[p->b], b->names[p->b]};
        for (size_t j = 0; !st && j < 4; j++)
            st = ct__table_set_text(ctx, *out, k, j, text[j]);
        double nan = NAN;
        double num[] = {p->area,
                        p->a_area_share,
                        p->b_area_share,
                        has_pop ? p->pop : nan,
                        has_pop ? p->a_pop_share : nan,
                        has_pop ? p->b_pop_share : nan,
                        p->sliver};
        for (size_t j = 0; j < 7; j++)
            ct__table_set_real(*out, k, 4 + j, num[j]);
    }
    return st;
}

static ct_status units_table(ct_ctx *ctx, const char *name, const ct_layer *self,
                             const ct_layer *other, const double *pop, const ct__unitfit *fit,
                             ct_table **out)
{
    ct_status st = ct__table_new(ctx, out, name, UNITS_COLS, self->n);
    for (size_t u = 0; !st && u < self->n; u++) {
        const ct__unitfit *f = &fit[u];
        const char *text[] = {self->ids[u], self->names[u], NULL, NULL, ct__class_name(f->cls),
                              f->best == CT__NONE ? "" : other->ids[f->best]};
        for (size_t j = 0; !st && j < 6; j++)
            if (text[j])
                st = ct__table_set_text(ctx, *out, u, j, text[j]);
        ct__table_set_real(*out, u, 2, self->areas[u]);
        ct__table_set_real(*out, u, 3, pop ? pop[u] : NAN);
        ct__table_set_real(*out, u, 6, f->best_area_share);
        ct__table_set_real(*out, u, 7, pop ? f->best_pop_share : NAN);
        ct__table_set_real(*out, u, 8, (double)f->n_parts);
    }
    return st;
}

static json_t *classes_json(const ct__fitindex *ix)
{
    json_t *o = json_object();
    for (int c = 0; o && c < CT__NCLASSES; c++)
        if (json_object_set_new(o, ct__class_name((ct__class)c),
                                json_integer((json_int_t)ix->counts[c])))
            return json_decref(o), NULL;
    return o;
}

static json_t *fit_summary(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *a,
                           const ct_layer *b, const ct_pop *pop)
{
    json_t *s = ct__summary_base(ctx, "fit", run, a, b, pop);
    if (!s)
        return NULL;
    json_t *indices = json_pack(
        "{s:f, s:f, s:f, s:f, s:f, s:f}", "area_fit_a_in_b", run->ia.area_weighted,
        "area_fit_b_in_a", run->ib.area_weighted, "share_coterminous_a",
        run->ia.share_coterminous, "share_coterminous_b", run->ib.share_coterminous,
        "share_units_coterminous",
        (run->ia.counts[CT__COTERMINOUS] + run->ib.counts[CT__COTERMINOUS]) /
            (double)(a->n + b->n),
        "tolerance", run->tol);
    /* every value must be built: a document with a value missing is an error */
    int bad = !indices;
    if (indices && pop) {
        bad |= json_object_set_new(indices, "pop_fit_a_in_b", json_real(run->ia.pop_weighted));
        bad |= json_object_set_new(indices, "pop_fit_b_in_a", json_real(run->ib.pop_weighted));
    }
    bad |= json_object_set_new(s, "pairs", json_pack("{s:I, s:I}", "rows", (json_int_t)run->np,
                                                     "slivers", (json_int_t)run->nslivers));
    bad |= json_object_set_new(s, "classes",
                               json_pack("{s:o, s:o}", "a", classes_json(&run->ia), "b",
                                         classes_json(&run->ib)));
    bad |= json_object_set_new(s, "indices", indices);
    if (bad)
        return json_decref(s), NULL;
    return s;
}

/* The three tables and the summary of one run. */
static ct_status fit_outputs(ct_ctx *ctx, const ct__fitrun *run, const ct_layer *a,
                             const ct_layer *b, const ct_pop *pop, ct_result *r)
{
    ct_table *t = NULL;
    ct_status st = pairs_table(ctx, run, a, b, pop != NULL, &t);
    st = ct__result_add_built(ctx, r, st, t);
    if (!st) {
        t = NULL;
        st = units_table(ctx, "a_units", a, b, run->a_pop, run->fa, &t);
        st = ct__result_add_built(ctx, r, st, t);
    }
    if (!st) {
        t = NULL;
        st = units_table(ctx, "b_units", b, a, run->b_pop, run->fb, &t);
        st = ct__result_add_built(ctx, r, st, t);
    }
    if (!st)
        st = ct__result_add_json(ctx, r, "summary", fit_summary(ctx, run, a, b, pop));
    return st;
}

ct_status ct_fit(ct_ctx *ctx, ct_result **out, const ct_layer *a, const ct_layer *b,
                 const ct_pop *pop, const char *const *opts)
{
    return ct__fit_result(ctx, out, "ct_fit", a, b, pop, opts, fit_outputs);
}
