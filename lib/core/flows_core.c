/* Flow metrics over index tables (docs/flows.md). */
#include "flows_core.h"
#include "nnls.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ct__recon_free(ct__recon *r)
{
    if (!r)
        return;
    free(r->total);
    free(r->fitted);
    free(r->covered);
    memset(r, 0, sizeof *r);
}

static void residuals(ct__recon *r, size_t no, const double *pop)
{
    double ss = 0, pp = 0, ab = 0;
    for (size_t o = 0; o < no; o++) {
        if (!r->covered[o])
            continue;
        double d = r->fitted[o] - pop[o];
        ss += d * d, pp += pop[o] * pop[o], ab += fabs(d);
        r->pop_covered += pop[o];
    }
    r->resid_l2 = sqrt(ss);
    r->rel_l2 = pp > 0 ? sqrt(ss / pp) : NAN;
    r->abs_share = r->pop_covered > 0 ? ab / r->pop_covered : NAN;
}

ct_status ct__flows_reconstruct(ct_ctx *ctx, const ct__flowrow *rows, size_t nrows, size_t np,
                                size_t no, const double *pop, ct__recon *out)
{
    memset(out, 0, sizeof *out);
    out->total = ct__calloc(np ? np : 1, sizeof *out->total);
    out->fitted = ct__calloc(no ? no : 1, sizeof *out->fitted);
    out->covered = ct__calloc(no ? no : 1, sizeof *out->covered);
    size_t *eq = ct__malloc((no ? no : 1) * sizeof *eq); /* origin -> equation */
    if (!out->total || !out->fitted || !out->covered || !eq) {
        free(eq);
        ct__recon_free(out);
        return ct__nomem(ctx);
    }
    for (size_t k = 0; k < nrows; k++)
        out->covered[rows[k].o] = true;
    for (size_t o = 0; o < no; o++)
        eq[o] = out->covered[o] ? out->n_covered++ : CT__NONE;
    size_t m = out->n_covered;
    double *A = ct__calloc(m && np ? m * np : 1, sizeof *A);
    double *b = ct__malloc((m ? m : 1) * sizeof *b);
    ct_status st = A && b ? CT_OK : ct__nomem(ctx);
    if (!st) {
        for (size_t k = 0; k < nrows; k++)
            A[eq[rows[k].o] + rows[k].p * m] += rows[k].v;
        for (size_t o = 0; o < no; o++)
            if (eq[o] != CT__NONE)
                b[eq[o]] = pop[o];
        ct__nnls_info info;
        st = ct__nnls(ctx, A, m, np, b, out->total, &info);
        out->iterations = info.iterations;
    }
    if (!st) {
        for (size_t k = 0; k < nrows; k++)
            out->fitted[rows[k].o] += rows[k].v * out->total[rows[k].p];
        residuals(out, no, pop);
    }
    free(A);
    free(b);
    free(eq);
    if (st)
        ct__recon_free(out);
    return st;
}

void ct__flows_row_sums(const ct__flowrow *rows, size_t nrows, size_t np, double *sum)
{
    for (size_t p = 0; p < np; p++)
        sum[p] = 0;
    for (size_t k = 0; k < nrows; k++)
        sum[rows[k].p] += rows[k].v;
}

void ct__flows_by_zone(const ct__flowrow *rows, size_t nrows, const double *f,
                       const ct__assign *w, size_t nz, double *g)
{
    for (size_t k = 0; k < nrows; k++) {
        size_t o = rows[k].o;
        for (size_t j = w->start[o]; j < w->start[o + 1]; j++)
            g[rows[k].p * nz + w->unit[j]] += f[k] * w->frac[j];
    }
}

static int cmp_ranked(const void *a, const void *b)
{
    const ct__ranked *x = a, *y = b;
    if (x->share != y->share)
        return x->share < y->share ? 1 : -1; /* largest first */
    return (x->rank > y->rank) - (x->rank < y->rank);
}

ct_status ct__flows_ranked(ct_ctx *ctx, const double *val, size_t n, double denom,
                           const bool *keep, double threshold, const size_t *rank,
                           ct__ranked **out, size_t *m)
{
    *m = 0;
    *out = ct__malloc((n ? n : 1) * sizeof **out);
    if (!*out)
        return ct__nomem(ctx);
    for (size_t i = 0; i < n; i++) {
        double s = denom > 0 ? val[i] / denom : 0;
        if (val[i] > 0 && (keep ? keep[i] : s >= threshold))
            (*out)[(*m)++] = (ct__ranked){.share = s, .rank = rank[i], .i = i};
    }
    qsort(*out, *m, sizeof **out, cmp_ranked);
    return CT_OK;
}

void ct__flows_spread(const double *g, size_t nz, double total, const size_t *rank,
                      double threshold, ct__spread *out)
{
    *out = (ct__spread){.home = CT__NONE, .home_share = NAN, .li = NAN};
    if (!(total > 0))
        return;
    double li = 0;
    for (size_t z = 0; z < nz; z++) {
        if (!(g[z] > 0))
            continue;
        double s = g[z] / total;
        li += s * s;
        out->n_above += s >= threshold;
        if (out->home == CT__NONE || g[z] > g[out->home] ||
            (g[z] == g[out->home] && rank[z] < rank[out->home]))
            out->home = z;
    }
    if (out->home != CT__NONE) {
        out->home_share = g[out->home] / total;
        out->li = li;
    }
}

void ct__flows_containment(const double *g, size_t np, size_t nz, const size_t *home,
                           double *zone_flows, double *contained)
{
    for (size_t z = 0; z < nz; z++)
        zone_flows[z] = contained[z] = 0;
    for (size_t p = 0; p < np; p++)
        for (size_t z = 0; z < nz; z++) {
            zone_flows[z] += g[p * nz + z];
            if (home[p] == z)
                contained[z] += g[p * nz + z];
        }
}

bool ct__flows_linked(double x, double xp, double xz, double t)
{
    return x > 0 && (x >= t * xp || x >= t * xz);
}

void ct__flows_plurality(const ct__flowrow *rows, size_t nrows, const double *f, size_t no,
                         const size_t *rank_p, size_t *best, double *best_flow,
                         double *origin_flows)
{
    for (size_t o = 0; o < no; o++)
        best[o] = CT__NONE, best_flow[o] = 0, origin_flows[o] = 0;
    for (size_t k = 0; k < nrows; k++) {
        size_t o = rows[k].o, p = rows[k].p;
        origin_flows[o] += f[k];
        if (!(f[k] > 0))
            continue;
        if (best[o] == CT__NONE || f[k] > best_flow[o] ||
            (f[k] == best_flow[o] && rank_p[p] < rank_p[best[o]]))
            best[o] = p, best_flow[o] = f[k];
    }
}

void ct__cross_pop(const double *pop, const ct__assign *x, size_t nx, const ct__assign *y,
                   size_t ny, double *out)
{
    for (size_t i = 0; i < nx * ny; i++)
        out[i] = 0;
    for (size_t k = 0; k < x->n && k < y->n; k++)
        for (size_t i = x->start[k]; i < x->start[k + 1]; i++)
            for (size_t j = y->start[k]; j < y->start[k + 1]; j++)
                out[x->unit[i] * ny + y->unit[j]] += pop[k] * x->frac[i] * y->frac[j];
}

static ct_status csr_alloc(ct_ctx *ctx, ct__assign *out, size_t n, size_t nnz)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->start = ct__calloc(n + 1, sizeof *out->start);
    out->unit = ct__malloc((nnz ? nnz : 1) * sizeof *out->unit);
    out->frac = ct__malloc((nnz ? nnz : 1) * sizeof *out->frac);
    if (out->start && out->unit && out->frac)
        return CT_OK;
    ct__assign_free(out);
    return ct__nomem(ctx);
}

ct_status ct__zone_weights(ct_ctx *ctx, const double *cross, size_t no, size_t nz,
                           const double *pop, ct__assign *out)
{
    size_t nnz = 0;
    for (size_t o = 0; o < no; o++)
        for (size_t z = 0; pop[o] > 0 && z < nz; z++)
            nnz += cross[o * nz + z] > 0;
    ct_status st = csr_alloc(ctx, out, no, nnz);
    size_t k = 0;
    for (size_t o = 0; !st && o < no; o++) {
        out->start[o] = k;
        for (size_t z = 0; pop[o] > 0 && z < nz; z++)
            if (cross[o * nz + z] > 0) {
                out->unit[k] = z;
                out->frac[k++] = cross[o * nz + z] / pop[o];
            }
    }
    if (!st)
        out->start[no] = k;
    return st;
}

ct_status ct__assign_compose(ct_ctx *ctx, const ct__assign *a, const ct__assign *m,
                             ct__assign *out)
{
    size_t nnz = 0;
    for (size_t k = 0; k < a->n; k++)
        for (size_t i = a->start[k]; i < a->start[k + 1]; i++)
            nnz += m->start[a->unit[i] + 1] - m->start[a->unit[i]];
    ct_status st = csr_alloc(ctx, out, a->n, nnz);
    size_t q = 0;
    for (size_t k = 0; !st && k < a->n; k++) {
        out->start[k] = q;
        for (size_t i = a->start[k]; i < a->start[k + 1]; i++) {
            size_t u = a->unit[i];
            for (size_t j = m->start[u]; j < m->start[u + 1]; j++) {
                out->unit[q] = m->unit[j];
                out->frac[q++] = a->frac[i] * m->frac[j];
            }
        }
    }
    if (!st)
        out->start[a->n] = q;
    return st;
}
