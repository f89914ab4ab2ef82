/* Fit metrics: shares, slivers, classes and headline indices. */
#include "fit_core.h"

#include <stdlib.h>
#include <string.h>

const char *ct__class_name(ct__class c)
{
    static const char *const names[] = {"coterminous", "nested", "contains", "straddles",
                                        "unmatched"};
    return (unsigned)c < CT__NCLASSES ? names[c] : "unknown";
}

/* qsort has no user data in C11, so the ranks travel with the element */
typedef struct ranked {
    size_t ra, rb;
    ct__pair pair;
} ranked;

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *p = x, *q = y;
    if (p->ra != q->ra)
        return (p->ra > q->ra) - (p->ra < q->ra);
    return (p->rb > q->rb) - (p->rb < q->rb);
}

static double ratio(double x, double total)
{
    return total > 0 ? x / total : 0;
}

/* The share that decides fit: population where the unit has people, else area. */
double ct__measure_share(const ct__side *s, size_t u, double pop, double area)
{
    if (s->pop && s->pop[u] > 0)
        return pop / s->pop[u];
    return ratio(area, s->area[u]);
}

ct_status ct__pairs_from_pieces(ct_ctx *ctx, const ct__pieces *pc, const ct__side *a,
                                const ct__side *b, const size_t *rank_a, const size_t *rank_b,
                                double tol, ct__pair **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    ct__piece *v = ct__malloc((pc->n ? pc->n : 1) * sizeof *v);
    ct__pair *pairs = ct__malloc((pc->n ? pc->n : 1) * sizeof *pairs);
    if (!v || !pairs) {
        free(v);
        free(pairs);
        return ct__nomem(ctx);
    }
    if (pc->n)
        memcpy(v, pc->v, pc->n * sizeof *v);
    qsort(v, pc->n, sizeof *v, ct__piece_cmp);
    size_t m = 0;
    for (size_t k = 0; k < pc->n;) {
        ct__pair p = {.a = v[k].a, .b = v[k].b};
        for (; k < pc->n && v[k].a == p.a && v[k].b == p.b; k++) {
            p.area += v[k].area;
            p.pop += v[k].pop;
        }
        if (p.area <= 0 && p.pop <= 0)
            continue;
        p.a_area_share = ratio(p.area, a->area[p.a]);
        p.b_area_share = ratio(p.area, b->area[p.b]);
        p.a_pop_share = a->pop ? ratio(p.pop, a->pop[p.a]) : 0;
        p.b_pop_share = b->pop ? ratio(p.pop, b->pop[p.b]) : 0;
        p.sliver = ct__measure_share(a, p.a, p.pop, p.area) < tol &&
                   ct__measure_share(b, p.b, p.pop, p.area) < tol;
        pairs[m++] = p;
    }
    free(v);
    ranked *r = ct__malloc((m ? m : 1) * sizeof *r);
    if (!r) {
        free(pairs);
        return ct__nomem(ctx);
    }
    for (size_t k = 0; k < m; k++)
        r[k] = (ranked){rank_a[pairs[k].a], rank_b[pairs[k].b], pairs[k]};
    qsort(r, m, sizeof *r, cmp_ranked);
    for (size_t k = 0; k < m; k++)
        pairs[k] = r[k].pair;
    free(r);
    *out = pairs;
    *n_out = m;
    return CT_OK;
}

ct_status ct__classify(ct_ctx *ctx, const ct__pair *pairs, size_t np, bool side_a,
                       const ct__side *self, const ct__side *other, double tol,
                       ct__unitfit *out)
{
    double *best_s = ct__calloc(self->n, sizeof *best_s);
    double *best_r = ct__calloc(self->n, sizeof *best_r);
    bool *all_inside = ct__malloc((self->n ? self->n : 1) * sizeof *all_inside);
    if (!best_s || !best_r || !all_inside) {
        free(best_s);
        free(best_r);
        free(all_inside);
        return ct__nomem(ctx);
    }
    for (size_t u = 0; u < self->n; u++) {
        out[u] = (ct__unitfit){.cls = CT__UNMATCHED, .best = CT__NONE};
        all_inside[u] = true;
    }
    for (size_t k = 0; k < np; k++) {
        const ct__pair *p = &pairs[k];
        size_t u = side_a ? p->a : p->b, o = side_a ? p->b : p->a;
        double s = ct__measure_share(self, u, p->pop, p->area);
        double r = ct__measure_share(other, o, p->pop, p->area);
        if (p->sliver)
            continue;
        out[u].n_parts++;
        if (r < 1 - tol)
            all_inside[u] = false;
        bool better = out[u].best == CT__NONE || s > best_s[u] ||
                      (s == best_s[u] && r > best_r[u]);
        if (better) {
            best_s[u] = s;
            best_r[u] = r;
            out[u].best = o;
            out[u].best_area_share = side_a ? p->a_area_share : p->b_area_share;
            out[u].best_pop_share = side_a ? p->a_pop_share : p->b_pop_share;
        }
    }
    for (size_t u = 0; u < self->n; u++) {
        ct__unitfit *f = &out[u];
        if (f->best == CT__NONE)
            f->cls = CT__UNMATCHED;
        else if (best_s[u] >= 1 - tol && best_r[u] >= 1 - tol)
            f->cls = CT__COTERMINOUS;
        else if (best_s[u] >= 1 - tol)
            f->cls = CT__NESTED;
        else if (all_inside[u])
            f->cls = CT__CONTAINS;
        else
            f->cls = CT__STRADDLES;
    }
    free(best_s);
    free(best_r);
    free(all_inside);
    return CT_OK;
}

void ct__max_area_share(const ct__pair *pairs, size_t np, bool side_a, size_t n, double *out)
{
    for (size_t u = 0; u < n; u++)
        out[u] = 0;
    for (size_t k = 0; k < np; k++) {
        size_t u = side_a ? pairs[k].a : pairs[k].b;
        double s = side_a ? pairs[k].a_area_share : pairs[k].b_area_share;
        if (s > out[u])
            out[u] = s;
    }
}

void ct__fit_index(const ct__unitfit *u, const double *max_area_share, const ct__side *self,
                   ct__fitindex *out)
{
    memset(out, 0, sizeof *out);
    double pop = 0, popfit = 0, area = 0, areafit = 0;
    for (size_t i = 0; i < self->n; i++) {
        out->counts[u[i].cls]++;
        if (self->pop) {
            pop += self->pop[i];
            popfit += self->pop[i] * u[i].best_pop_share;
        }
        area += self->area[i];
        areafit += self->area[i] * max_area_share[i];
    }
    out->pop_weighted = ratio(popfit, pop);
    out->area_weighted = ratio(areafit, area);
    out->share_coterminous = ratio((double)out->counts[CT__COTERMINOUS], (double)self->n);
}
