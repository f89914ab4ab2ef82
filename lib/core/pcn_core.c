/* PCN neighbourhoods: small areas to PCNs by catchments, practice distance
 * and registrations (docs/pcn.md). Pure arithmetic on coordinates. */
#include "pcn_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ct__pcn_how_name(ct__pcn_how h)
{
    static const char *const names[] = {"catchment", "catchment+distance", "nearest-practice",
                                        "registrations"};
    return (unsigned)h < 4 ? names[h] : "unknown";
}

/* ---- share tables */

ct_status ct__shares_init(ct_ctx *ctx, ct__shares *s, size_t n)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    s->start = ct__calloc(n + 1, sizeof *s->start);
    s->uncertain = ct__calloc(n ? n : 1, sizeof *s->uncertain);
    if (!s->start || !s->uncertain) {
        ct__shares_free(s);
        return ct__nomem(ctx);
    }
    return CT_OK;
}

ct_status ct__shares_push(ct_ctx *ctx, ct__shares *s, size_t unit, double frac,
                          ct__pcn_how how)
{
    if (s->nrows == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        bool ok = true;
        s->unit = ct__regrow(s->unit, cap, sizeof *s->unit, &ok);
        s->frac = ct__regrow(s->frac, cap, sizeof *s->frac, &ok);
        s->how = ct__regrow(s->how, cap, sizeof *s->how, &ok);
        if (!ok)
            return ct__nomem(ctx);
        s->cap = cap;
    }
    s->unit[s->nrows] = unit;
    s->frac[s->nrows] = frac;
    s->how[s->nrows++] = (unsigned char)how;
    return CT_OK;
}

void ct__shares_close(ct__shares *s, size_t i, double uncertain)
{
    s->start[i + 1] = s->nrows;
    s->uncertain[i] = uncertain;
}

void ct__shares_free(ct__shares *s)
{
    if (!s)
        return;
    free(s->start);
    free(s->unit);
    free(s->frac);
    free(s->how);
    free(s->uncertain);
    memset(s, 0, sizeof *s);
}

/* ---- practices */

/* qsort has no user data in C11, so the key travels with the element */
typedef struct keyed_x {
    double x;
    size_t i;
} keyed_x;

static int cmp_by_x(const void *a, const void *b)
{
    const keyed_x *p = a, *q = b;
    if (p->x != q->x)
        return (p->x > q->x) - (p->x < q->x);
    return (p->i > q->i) - (p->i < q->i);
}

static bool located(const ct__practices *p, size_t i)
{
    return p->pcn[i] != CT__NONE && p->pcn[i] < p->npcn && isfinite(p->x[i]) &&
           isfinite(p->y[i]);
}

ct_status ct__practices_index(ct_ctx *ctx, ct__practices *p)
{
    p->order = ct__malloc((p->n ? p->n : 1) * sizeof *p->order);
    p->pcn_start = ct__calloc(p->npcn + 1, sizeof *p->pcn_start);
    p->pcn_prac = ct__malloc((p->n ? p->n : 1) * sizeof *p->pcn_prac);
    if (!p->order || !p->pcn_start || !p->pcn_prac) {
        ct__practices_free(p);
        return ct__nomem(ctx);
    }
    keyed_x *v = ct__malloc((p->n ? p->n : 1) * sizeof *v);
    if (!v) {
        ct__practices_free(p);
        return ct__nomem(ctx);
    }
    p->nsorted = 0;
    for (size_t i = 0; i < p->n; i++)
        if (located(p, i)) {
            v[p->nsorted++] = (keyed_x){p->x[i], i};
            p->pcn_start[p->pcn[i] + 1]++;
        }
    qsort(v, p->nsorted, sizeof *v, cmp_by_x);
    for (size_t k = 0; k < p->nsorted; k++)
        p->order[k] = v[k].i;
    free(v);
    for (size_t k = 0; k < p->npcn; k++)
        p->pcn_start[k + 1] += p->pcn_start[k];
    size_t *fill = ct__calloc(p->npcn ? p->npcn : 1, sizeof *fill);
    if (!fill) {
        ct__practices_free(p);
        return ct__nomem(ctx);
    }
    for (size_t i = 0; i < p->n; i++)
        if (located(p, i))
            p->pcn_prac[p->pcn_start[p->pcn[i]] + fill[p->pcn[i]]++] = i;
    free(fill);
    return CT_OK;
}

void ct__practices_free(ct__practices *p)
{
    free(p->order);
    free(p->pcn_start);
    free(p->pcn_prac);
    p->order = p->pcn_start = p->pcn_prac = NULL;
    p->nsorted = 0;
}

/* First position in the sorted order whose x is >= x0. */
static size_t lower_x(const ct__practices *p, double x0)
{
    size_t lo = 0, hi = p->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->x[p->order[mid]] < x0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static double dist2(const ct__practices *p, size_t i, double x, double y)
{
    double dx = p->x[i] - x, dy = p->y[i] - y;
    return dx * dx + dy * dy;
}

/* One step of the walk: the practice at sorted position k becomes the best
 * if nearer; false once the x gap alone exceeds the best distance. */
static bool consider(const ct__practices *p, size_t k, double x, double y, const bool *exclude,
                     size_t *best, double *b2)
{
    size_t i = p->order[k];
    double dx = p->x[i] - x;
    if (dx * dx > *b2)
        return false;
    double d2 = dist2(p, i, x, y);
    if ((!exclude || !exclude[p->pcn[i]]) && (d2 < *b2 || (d2 == *b2 && i < *best))) {
        *b2 = d2;
        *best = i;
    }
    return true;
}

size_t ct__practices_nearest(const ct__practices *p, double x, double y, const bool *exclude,
                             double *dist)
{
    size_t best = CT__NONE;
    double b2 = INFINITY;
    size_t mid = lower_x(p, x);
    /* walk outwards in x, both ways, until the x gap exceeds the best distance */
    for (size_t k = mid; k < p->nsorted && consider(p, k, x, y, exclude, &best, &b2); k++)
        ;
    for (size_t k = mid; k-- > 0 && consider(p, k, x, y, exclude, &best, &b2);)
        ;
    *dist = sqrt(b2);
    return best;
}

double ct__practices_pcn_dist(const ct__practices *p, size_t k, double x, double y)
{
    double b2 = INFINITY;
    for (size_t j = p->pcn_start[k]; j < p->pcn_start[k + 1]; j++) {
        double d2 = dist2(p, p->pcn_prac[j], x, y);
        if (d2 < b2)
            b2 = d2;
    }
    return sqrt(b2);
}

/* ---- the geometric method */

typedef struct cands {
    size_t *pcn;
    double *w;
    size_t n, cap;
} cands;

static ct_status cand_add(ct_ctx *ctx, cands *c, size_t k)
{
    for (size_t j = 0; j < c->n; j++)
        if (c->pcn[j] == k)
            return CT_OK;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        bool ok = true;
        c->pcn = ct__regrow(c->pcn, cap, sizeof *c->pcn, &ok);
        c->w = ct__regrow(c->w, cap, sizeof *c->w, &ok);
        if (!ok)
            return ct__nomem(ctx);
        c->cap = cap;
    }
    c->pcn[c->n++] = k;
    return CT_OK;
}

/* PCNs with a practice within radius r of (x, y), excluded PCNs left out. */
static ct_status near_pcns(ct_ctx *ctx, const ct__practices *p, double x, double y, double r,
                           const bool *exclude, cands *c)
{
    ct_status st = CT_OK;
    for (size_t k = lower_x(p, x - r); !st && k < p->nsorted; k++) {
        size_t i = p->order[k];
        if (p->x[i] > x + r)
            break;
        if (dist2(p, i, x, y) <= r * r && (!exclude || !exclude[p->pcn[i]]))
            st = cand_add(ctx, c, p->pcn[i]);
    }
    return st;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Inverse-square weights by each candidate's nearest practice; returns
 * the largest normalised weight (before small shares are dropped). */
static double weigh(const ct__practices *p, double x, double y, cands *c)
{
    qsort(c->pcn, c->n, sizeof *c->pcn, cmp_size); /* rows in PCN order */
    double sum = 0;
    for (size_t j = 0; j < c->n; j++) {
        double d = ct__practices_pcn_dist(p, c->pcn[j], x, y);
        d = d < CT__PCN_FLOOR_M ? CT__PCN_FLOOR_M : d;
        c->w[j] = isfinite(d) ? 1 / (d * d) : 0;
        sum += c->w[j];
    }
    for (size_t j = 0; j < c->n; j++)
        c->w[j] = sum > 0 ? c->w[j] / sum : 1.0 / (double)c->n; /* none located: equal */
    double max = 0, kept = 0;
    for (size_t j = 0; j < c->n; j++) {
        max = c->w[j] > max ? c->w[j] : max;
        kept += c->w[j] >= CT__PCN_MIN_SHARE ? c->w[j] : 0;
    }
    for (size_t j = 0; j < c->n; j++)
        c->w[j] = c->w[j] >= CT__PCN_MIN_SHARE ? c->w[j] / kept : 0;
    return max;
}

static ct_status geo_area(ct_ctx *ctx, const ct__pcn_geo_in *in, size_t i, cands *c,
                          ct__shares *out)
{
    const ct__practices *p = in->prac;
    double x = in->x[i], y = in->y[i], d1;
    c->n = 0;
    if (!isfinite(x) || !isfinite(y)) {
        ct__shares_close(out, i, 0);
        return CT_OK;
    }
    ct_status st = CT_OK;
    for (size_t k = in->cand ? in->cand_start[i] : 0; !st && in->cand && k < in->cand_start[i + 1];
         k++)
        if (!in->exclude || !in->exclude[in->cand[k]])
            st = cand_add(ctx, c, in->cand[k]);
    bool any_catchment = c->n > 0;
    size_t near = ct__practices_nearest(p, x, y, in->exclude, &d1);
    if (!st && near != CT__NONE) {
        if (any_catchment) /* every PCN with a practice at the nearest distance */
            st = near_pcns(ctx, p, x, y, d1 * (1 + 1e-9) + 1e-6, in->exclude, c);
        else {
            double r = CT__PCN_NEAR_FACTOR * (d1 < CT__PCN_FLOOR_M ? CT__PCN_FLOOR_M : d1);
            st = near_pcns(ctx, p, x, y, r, in->exclude, c);
        }
    }
    if (st || c->n == 0) {
        ct__shares_close(out, i, 0);
        return st;
    }
    ct__pcn_how how = !any_catchment ? CT__PCN_NEAREST
                      : c->n == 1    ? CT__PCN_CATCHMENT
                                     : CT__PCN_SPLIT;
    double max = weigh(p, x, y, c);
    for (size_t j = 0; !st && j < c->n; j++)
        if (c->w[j] > 0)
            st = ct__shares_push(ctx, out, c->pcn[j], c->w[j], how);
    ct__shares_close(out, i, 1 - max);
    return st;
}

ct_status ct__pcn_geo_shares(ct_ctx *ctx, const ct__pcn_geo_in *in, ct__shares *out)
{
    ct_status st = ct__shares_init(ctx, out, in->n);
    cands c = {0};
    for (size_t i = 0; !st && i < in->n; i++)
        st = geo_area(ctx, in, i, &c, out);
    free(c.pcn);
    free(c.w);
    if (st)
        ct__shares_free(out);
    return st;
}

/* ---- registrations */

/* Rows of area i all decided by nearest practices. */
static bool only_nearest(const ct__shares *s, size_t i)
{
    bool any = false;
    for (size_t k = s->start[i]; k < s->start[i + 1]; k++) {
        if (s->how[k] != CT__PCN_NEAREST)
            return false;
        any = true;
    }
    return any;
}

static ct_status copy_rows(ct_ctx *ctx, const ct__shares *from, size_t i, double scale,
                           ct__shares *out)
{
    ct_status st = CT_OK;
    for (size_t k = from->start[i]; !st && k < from->start[i + 1]; k++)
        st = ct__shares_push(ctx, out, from->unit[k], from->frac[k] * scale,
                             (ct__pcn_how)from->how[k]);
    return st;
}

ct_status ct__pcn_combine(ct_ctx *ctx, const ct__shares *reg, const double *pop,
                          const ct__shares *rest, const ct__shares *all, ct__shares *out,
                          ct__pcn_combine_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    ct_status st = ct__shares_init(ctx, out, reg->n);
    for (size_t i = 0; !st && i < reg->n; i++) {
        double r = 0, u = 0;
        for (size_t k = reg->start[i]; k < reg->start[i + 1]; k++)
            r += reg->frac[k];
        bool has_rest = rest->start[i + 1] > rest->start[i];
        /* nearest practices stand in only where no catchment covers the area
         * at all, not where only the table's PCNs' catchments do */
        bool plausible = has_rest && (!only_nearest(rest, i) || only_nearest(all, i));
        if (r > 0) {
            /* the table's practices hold c of the people; others share the rest */
            double c = pop[i] > 0 && r < pop[i] ? r / pop[i] : 1;
            bool mixed = c < 1 && plausible;
            stats->n_registered++;
            stats->n_mixed += mixed;
            stats->n_scaled += c < 1 && !plausible;
            for (size_t k = reg->start[i]; !st && k < reg->start[i + 1]; k++)
                st = ct__shares_push(ctx, out, reg->unit[k],
                                     reg->frac[k] / r * (mixed ? c : 1), CT__PCN_REGISTRATIONS);
            if (!st && mixed) {
                st = copy_rows(ctx, rest, i, 1 - c, out);
                u = (1 - c) * rest->uncertain[i];
            }
        } else if (plausible) {
            st = copy_rows(ctx, rest, i, 1, out);
            u = rest->uncertain[i];
        } else {
            stats->n_fallback += all->start[i + 1] > all->start[i];
            st = copy_rows(ctx, all, i, 1, out);
            u = all->uncertain[i];
        }
        ct__shares_close(out, i, u);
    }
    if (st)
        ct__shares_free(out);
    return st;
}

/* ---- totals, fit and agreement */

void ct__pcn_totals(const ct__shares *s, const double *pop, size_t npcn, double *pcn_pop,
                    double *pcn_uncertain, size_t *main)
{
    for (size_t k = 0; k < npcn; k++)
        pcn_pop[k] = pcn_uncertain[k] = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t best = CT__NONE;
        double bf = 0;
        for (size_t k = s->start[i]; k < s->start[i + 1]; k++) {
            double p = pop[i] * s->frac[k];
            pcn_pop[s->unit[k]] += p;
            pcn_uncertain[s->unit[k]] += p * s->uncertain[i];
            if (s->frac[k] > bf || (s->frac[k] == bf && s->unit[k] < best)) {
                bf = s->frac[k];
                best = s->unit[k];
            }
        }
        if (main)
            main[i] = best;
    }
}

ct_status ct__pcn_parent_fit(ct_ctx *ctx, const ct__shares *s, const double *pop,
                             const ct__assign *parent, size_t nparent, size_t npcn,
                             double tol, ct__pair **pairs, size_t *np, ct__unitfit *fit)
{
    *pairs = NULL;
    *np = 0;
    size_t nmax = npcn > nparent ? npcn : nparent;
    double *zero = ct__calloc(nmax ? nmax : 1, sizeof *zero);
    double *ppop = ct__calloc(npcn ? npcn : 1, sizeof *ppop);
    double *upop = ct__calloc(nparent ? nparent : 1, sizeof *upop);
    double *unc = ct__calloc(npcn ? npcn : 1, sizeof *unc);
    size_t *rank = ct__malloc((nmax ? nmax : 1) * sizeof *rank);
    ct__pieces pc = {0};
    ct_status st = zero && ppop && upop && unc && rank ? CT_OK : ct__nomem(ctx);
    if (!st) {
        ct__pcn_totals(s, pop, npcn, ppop, unc, NULL);
        for (size_t i = 0; i < nmax; i++)
            rank[i] = i;
        for (size_t i = 0; i < parent->n; i++)
            for (size_t k = parent->start[i]; k < parent->start[i + 1]; k++)
                upop[parent->unit[k]] += pop[i] * parent->frac[k];
    }
    for (size_t i = 0; !st && i < s->n && i < parent->n; i++)
        for (size_t k = s->start[i]; !st && k < s->start[i + 1]; k++)
            for (size_t j = parent->start[i]; !st && j < parent->start[i + 1]; j++)
                st = ct__pieces_push(ctx, &pc, s->unit[k], parent->unit[j], 0,
                                     pop[i] * s->frac[k] * parent->frac[j]);
    ct__side sa = {npcn, zero, ppop}, sb = {nparent, zero, upop};
    if (!st)
        st = ct__pairs_from_pieces(ctx, &pc, &sa, &sb, rank, rank, tol, pairs, np);
    if (!st)
        st = ct__classify(ctx, *pairs, *np, true, &sa, &sb, tol, fit);
    if (st) {
        free(*pairs);
        *pairs = NULL;
        *np = 0;
    }
    ct__pieces_free(&pc);
    free(zero);
    free(ppop);
    free(upop);
    free(unc);
    free(rank);
    return st;
}

double ct__shares_agreement(const ct__shares *a, const ct__shares *b, const double *pop,
                            const bool *mask, double *pop_compared)
{
    double same = 0, total = 0;
    for (size_t i = 0; i < a->n && i < b->n; i++) {
        if (mask && !mask[i])
            continue;
        total += pop[i];
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            for (size_t j = b->start[i]; j < b->start[i + 1]; j++)
                if (a->unit[k] == b->unit[j])
                    same += pop[i] * (a->frac[k] < b->frac[j] ? a->frac[k] : b->frac[j]);
    }
    if (pop_compared)
        *pop_compared = total;
    return total > 0 ? same / total : 0;
}
