/* Nesting of each tier in the tier above and in each statutory layer: the
 * overlay runs of coterm fit, with tier populations taken from the blocks. */
#include "check.h"

#include <math.h>
#include <stdlib.h>

const ct__pair *ct__ck_best_pair(const ct__fitrun *run, size_t u)
{
    size_t best = run->fa[u].best;
    for (size_t k = 0; best != CT__NONE && k < run->np; k++)
        if (run->pairs[k].a == u && run->pairs[k].b == best)
            return &run->pairs[k];
    return NULL;
}

void ct__ck_best_shares(const ct__fitrun *run, size_t u, double *self, double *other)
{
    const ct__pair *p = ct__ck_best_pair(run, u);
    *self = *other = 0;
    if (!p)
        return;
    bool pa = run->a_pop && run->a_pop[u] > 0, pb = run->b_pop && run->b_pop[p->b] > 0;
    *self = pa ? p->a_pop_share : p->a_area_share;
    *other = pb ? p->b_pop_share : p->b_area_share;
}

/* Parts of polygon tier units in the tier above: its non-sliver pairs. */
static ct_status pair_parts(ct_ctx *ctx, ct__cktier *t, bool has_pop)
{
    const ct__fitrun *up = &t->up;
    t->parts = ct__malloc((up->np ? up->np : 1) * sizeof *t->parts);
    if (!t->parts)
        return ct__nomem(ctx);
    t->nparts = 0;
    for (size_t k = 0; k < up->np; k++) {
        const ct__pair *p = &up->pairs[k];
        if (!p->sliver)
            t->parts[t->nparts++] =
                (ct__ckpart){.unit = p->a, .parent = p->b, .pop = has_pop ? p->pop : NAN, .area = p->area};
    }
    return ct__ck_parts_index(ctx, t);
}

static ct_status nest_tier(ct__check *c, size_t k)
{
    ct_ctx *ctx = c->ctx;
    ct__cktier *t = &c->tier[k];
    size_t n = t->layer->n;
    const ct__assign *asg = c->pop ? &t->asg : NULL;
    t->vs = ct__calloc(c->nagainst ? c->nagainst : 1, sizeof *t->vs);
    t->match = ct__calloc(c->nagainst ? c->nagainst : 1, sizeof *t->match);
    t->straddles_any = ct__calloc(n ? n : 1, sizeof *t->straddles_any);
    ct_status st = t->vs && t->match && t->straddles_any ? CT_OK : ct__nomem(ctx);
    if (!st && k > 0)
        st = ct__fitrun_do_assigned(ctx, &t->up, t->layer, c->tier[k - 1].layer, c->pop, asg,
                                    c->pop ? &c->tier[k - 1].asg : NULL, c->fitopts);
    if (!st && k > 0 && !c->config)
        st = pair_parts(ctx, t, c->pop != NULL);
    for (size_t l = 0; !st && l < c->nagainst; l++) {
        st = ct__fitrun_do_assigned(ctx, &t->vs[l], t->layer, c->against[l], c->pop, asg,
                                    c->pop ? &c->against_asg[l] : NULL, c->fitopts);
        if (st)
            break;
        t->match[l] = ct__ck_match_share(t->vs[l].fa, t->pop, t->layer->areas, n);
        for (size_t u = 0; u < n; u++)
            t->straddles_any[u] |= t->vs[l].fa[u].cls == CT__STRADDLES;
    }
    return st;
}

ct_status ct__ck_nest(ct__check *c)
{
    ct_status st = CT_OK;
    for (size_t l = 0; !st && c->pop && l < c->nagainst; l++)
        st = ct__assign_units(c->ctx, c->pop, c->against[l], c->method, c->tol, NULL,
                              &c->against_asg[l]);
    for (size_t k = 0; !st && k < c->ntiers; k++)
        st = nest_tier(c, k);
    return st;
}
