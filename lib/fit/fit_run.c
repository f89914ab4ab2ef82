/* The overlay run: geometric pieces plus population assignment, merged
 * into pairs and classified. */
#include "fit.h"

#include <stdlib.h>
#include <string.h>

static ct_status unit_pops(ct_ctx *ctx, const ct_pop *pop, const ct__assign *asg, size_t n,
                           double **out, double *total)
{
    *out = ct__calloc(n, sizeof **out);
    if (!*out)
        return ct__nomem(ctx);
    *total = 0;
    for (size_t i = 0; i < asg->n; i++)
        for (size_t k = asg->start[i]; k < asg->start[i + 1]; k++) {
            double p = pop->pop[i] * asg->frac[k];
            (*out)[asg->unit[k]] += p;
            *total += p;
        }
    return CT_OK;
}

static bool whole_one(const ct__assign *a, size_t i)
{
    return a->start[i + 1] - a->start[i] == 1 && a->frac[a->start[i]] >= 1 - 1e-12;
}

/* Population of every (a, b) from the two assignments; an area split on both
 * sides is shared by the area of its triple intersection. */
static ct_status pop_pieces(ct_ctx *ctx, ct__fitrun *run, const ct_pop *pop, const ct_layer *a,
                            const ct_layer *b, ct__pieces *pc)
{
    const ct__assign *x = &run->asg_a, *y = &run->asg_b;
    const ct_layer *polys = NULL;
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < pop->n; i++) {
        if (x->start[i] == x->start[i + 1] || y->start[i] == y->start[i + 1])
            continue;
        bool simple = whole_one(x, i) || whole_one(y, i);
        run->n_triple += !simple;
        if (!simple && !polys && (st = ct__pop_polys(ctx, pop, &polys)))
            break;
        size_t poly = simple ? CT__NONE : ct__strmap_get(polys->index, pop->ids[i]);
        for (size_t j = x->start[i]; !st && j < x->start[i + 1]; j++)
            for (size_t k = y->start[i]; !st && k < y->start[i + 1]; k++) {
                double share = x->frac[j] * y->frac[k], area;
                if (!simple) {
                    st = ct__geoms_triple_area(ctx, polys->geoms, poly, a->geoms, x->unit[j],
                                               b->geoms, y->unit[k], &area);
                    share = polys->areas[poly] > 0 ? area / polys->areas[poly] : 0;
                    /* overlapping units: the same area counts once (overlap.c) */
                    share /= (run->sum_a ? run->sum_a[i] : 1) * (run->sum_b ? run->sum_b[i] : 1);
                }
                if (!st && share > 0)
                    st = ct__pieces_push(ctx, pc, x->unit[j], y->unit[k], 0, pop->pop[i] * share);
            }
    }
    return st;
}

static ct_status parse_opts(ct_ctx *ctx, ct__fitrun *run, const char *const *opts)
{
    static const char *const allowed[] = {"METHOD", "TOLERANCE", NULL};
    ct_status st = ct__opt_check(ctx, opts, allowed, "fit");
    if (!st)
        st = ct__method_parse(ctx, ct__opt(opts, "METHOD"), &run->method);
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &run->tol);
    return st;
}

static ct_status check_inputs(ct_ctx *ctx, const ct_layer *a, const ct_layer *b,
                              const ct_pop *pop)
{
    if (!a || !b)
        return ct__err(ctx, CT_EINVAL, "fit: NULL layer");
    if (a->ctx != ctx || b->ctx != ctx || (pop && pop->ctx != ctx))
        return ct__err(ctx, CT_EINVAL, "fit: objects belong to another context");
    if (strcmp(a->crs, b->crs) || (pop && strcmp(a->crs, pop->crs)))
        return ct__err(ctx, CT_ECRS, "fit: inputs are measured in different CRSs (%s, %s%s%s)",
                       a->crs, b->crs, pop ? ", " : "", pop ? pop->crs : "");
    return CT_OK;
}

static ct_status classify_both(ct_ctx *ctx, ct__fitrun *run)
{
    run->fa = ct__calloc(run->sa.n, sizeof *run->fa);
    run->fb = ct__calloc(run->sb.n, sizeof *run->fb);
    run->a_maxarea = ct__calloc(run->sa.n, sizeof *run->a_maxarea);
    run->b_maxarea = ct__calloc(run->sb.n, sizeof *run->b_maxarea);
    if (!run->fa || !run->fb || !run->a_maxarea || !run->b_maxarea)
        return ct__nomem(ctx);
    ct_status st = ct__classify(ctx, run->pairs, run->np, true, &run->sa, &run->sb, run->tol,
                                run->fa);
    if (!st)
        st = ct__classify(ctx, run->pairs, run->np, false, &run->sb, &run->sa, run->tol,
                          run->fb);
    if (st)
        return st;
    ct__max_area_share(run->pairs, run->np, true, run->sa.n, run->a_maxarea);
    ct__max_area_share(run->pairs, run->np, false, run->sb.n, run->b_maxarea);
    ct__fit_index(run->fa, run->a_maxarea, &run->sa, &run->ia);
    ct__fit_index(run->fb, run->b_maxarea, &run->sb, &run->ib);
    for (size_t k = 0; k < run->np; k++) {
        run->nslivers += run->pairs[k].sliver;
        run->pop_in_both += run->pairs[k].pop;
    }
    return CT_OK;
}

/* A copy of a precomputed assignment, so the run owns all it frees. */
static ct_status assign_copy(ct_ctx *ctx, const ct__assign *src, ct__assign *dst)
{
    size_t m = src->start[src->n];
    *dst = *src; /* how and the counters */
    dst->start = ct__malloc((src->n + 1) * sizeof *dst->start);
    dst->unit = ct__malloc((m ? m : 1) * sizeof *dst->unit);
    dst->frac = ct__malloc((m ? m : 1) * sizeof *dst->frac);
    if (!dst->start || !dst->unit || !dst->frac) {
        ct__assign_free(dst);
        return ct__nomem(ctx);
    }
    memcpy(dst->start, src->start, (src->n + 1) * sizeof *dst->start);
    if (m) {
        memcpy(dst->unit, src->unit, m * sizeof *dst->unit);
        memcpy(dst->frac, src->frac, m * sizeof *dst->frac);
    }
    return CT_OK;
}

static ct_status assign_side(ct_ctx *ctx, const ct__fitrun *run, const ct_pop *pop,
                             const ct_layer *l, const ct__assign *given,
                             const ct__overlay_hint *hint, ct__assign *out)
{
    if (given && given->n != pop->n)
        return ct__err(ctx, CT_EINTERNAL, "fit: assignment of %zu areas for a base of %zu",
                       given->n, pop->n);
    return given ? assign_copy(ctx, given, out)
                 : ct__assign_units(ctx, pop, l, run->method, run->tol, hint, out);
}

/* overlap: measure and report overlapping units (fit, bestfit; overlap.c). */
static ct_status run_overlay(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a,
                             const ct_layer *b, const ct_pop *pop, const ct__assign *asg_a,
                             const ct__assign *asg_b, const char *const *opts, bool overlap)
{
    memset(run, 0, sizeof *run);
    ct_status st = parse_opts(ctx, run, opts);
    if (!st)
        st = check_inputs(ctx, a, b, pop);
    ct__pieces pc = {0};
    if (!st)
        st = ct__geoms_overlay(ctx, a->geoms, b->geoms, &pc);
    if (!st && pop) {
        run->pop_total = pop->total;
        /* a council layer on one side serves as the other side's snapping level */
        ct__overlay_hint ha = {b, &pc, false}, hb = {a, &pc, true};
        ct__pop_lend_snap(pop, b);
        st = assign_side(ctx, run, pop, a, asg_a, &ha, &run->asg_a);
        ct__pop_lend_snap(pop, a);
        if (!st)
            st = assign_side(ctx, run, pop, b, asg_b, &hb, &run->asg_b);
        ct__pop_lend_snap(pop, NULL);
        if (!st && overlap && run->method == CT__AREAL)
            st = ct__overlap_rescale(ctx, &run->asg_a, pop, &run->sum_a, &run->ov_a);
        if (!st && overlap && run->method == CT__AREAL)
            st = ct__overlap_rescale(ctx, &run->asg_b, pop, &run->sum_b, &run->ov_b);
        if (!st)
            st = unit_pops(ctx, pop, &run->asg_a, a->n, &run->a_pop, &run->pop_in_a);
        if (!st)
            st = unit_pops(ctx, pop, &run->asg_b, b->n, &run->b_pop, &run->pop_in_b);
        if (!st)
            st = pop_pieces(ctx, run, pop, a, b, &pc);
    }
    if (!st) { /* a or b may be NULL when check_inputs failed */
        run->sa = (ct__side){a->n, a->areas, run->a_pop};
        run->sb = (ct__side){b->n, b->areas, run->b_pop};
    }
    if (!st)
        st = ct__id_ranks(ctx, (const char *const *)a->ids, a->n, &run->rank_a);
    if (!st)
        st = ct__id_ranks(ctx, (const char *const *)b->ids, b->n, &run->rank_b);
    if (!st)
        st = ct__pairs_from_pieces(ctx, &pc, &run->sa, &run->sb, run->rank_a, run->rank_b,
                                   run->tol, &run->pairs, &run->np);
    ct__pieces_free(&pc);
    if (!st)
        st = classify_both(ctx, run);
    if (!st && overlap)
        st = ct__overlap_detect(ctx, a, pop, run->tol, &run->ov_a);
    if (!st && overlap)
        st = ct__overlap_detect(ctx, b, pop, run->tol, &run->ov_b);
    if (!st && overlap)
        st = ct__overlap_warn(ctx, a, &run->ov_a, run->method, pop != NULL);
    if (!st && overlap)
        st = ct__overlap_warn(ctx, b, &run->ov_b, run->method, pop != NULL);
    if (st)
        ct__fitrun_free(run);
    return st;
}

ct_status ct__fitrun_do(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a, const ct_layer *b,
                        const ct_pop *pop, const char *const *opts)
{
    return run_overlay(ctx, run, a, b, pop, NULL, NULL, opts, true);
}

ct_status ct__fitrun_do_assigned(ct_ctx *ctx, ct__fitrun *run, const ct_layer *a,
                                 const ct_layer *b, const ct_pop *pop, const ct__assign *asg_a,
                                 const ct__assign *asg_b, const char *const *opts)
{
    return run_overlay(ctx, run, a, b, pop, asg_a, asg_b, opts, false);
}

void ct__fitrun_free(ct__fitrun *run)
{
    free(run->pairs);
    free(run->a_pop);
    free(run->b_pop);
    free(run->fa);
    free(run->fb);
    free(run->a_maxarea);
    free(run->b_maxarea);
    free(run->rank_a);
    free(run->rank_b);
    ct__assign_free(&run->asg_a);
    ct__assign_free(&run->asg_b);
    free(run->sum_a);
    free(run->sum_b);
    memset(run, 0, sizeof *run);
}

ct_status ct__fit_result(ct_ctx *ctx, ct_result **out, const char *fn, const ct_layer *a,
                         const ct_layer *b, const ct_pop *pop, const char *const *opts,
                         ct__fit_outputs outputs)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "%s: NULL argument", fn);
    *out = NULL;
    ct__fitrun run;
    ct_status st = ct__fitrun_do(ctx, &run, a, b, pop, opts);
    if (st)
        return st;
    ct_result *r = NULL;
    st = ct__result_new(ctx, &r);
    if (!st)
        st = outputs(ctx, &run, a, b, pop, r);
    ct__fitrun_free(&run);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}
