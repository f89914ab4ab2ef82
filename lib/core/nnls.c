/* Lawson-Hanson active-set NNLS. A is first reduced by one Householder QR
 * (A = QR), so each passive-set solve works on the small n-column R instead
 * of the m-row A: ||A z - b||^2 = ||R z - Q'b||^2 + a constant. */
#include "nnls.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A column whose R diagonal is below this share of its norm depends on the
 * columns before it. */
#define DEPENDENT 1e-10

/* Householder QR of the rows x cols matrix M (leading dimension ld) in
 * place, applied to y too; M's upper triangle becomes R. */
static void householder(double *M, size_t ld, size_t rows, size_t cols, double *y)
{
    size_t steps = rows < cols ? rows : cols;
    for (size_t j = 0; j < steps; j++) {
        double *col = M + j * ld, norm = 0;
        for (size_t i = j; i < rows; i++)
            norm += col[i] * col[i];
        norm = sqrt(norm);
        if (norm == 0)
            continue;
        double alpha = col[j] > 0 ? -norm : norm;
        col[j] -= alpha; /* col[j..rows) is now the reflector v */
        double vv = 0;
        for (size_t i = j; i < rows; i++)
            vv += col[i] * col[i];
        for (size_t c = j + 1; c <= cols; c++) {
            double *t = c < cols ? M + c * ld : y, s = 0;
            for (size_t i = j; i < rows; i++)
                s += col[i] * t[i];
            s = 2 * s / vv;
            for (size_t i = j; i < rows; i++)
                t[i] -= s * col[i];
        }
        col[j] = alpha;
        for (size_t i = j + 1; i < rows; i++)
            col[i] = 0;
    }
}

typedef struct work {
    size_t m, n, r;
    double *R;     /* m x n, reduced: rows [0, r) hold R */
    double *c;     /* Q'b */
    double *norms; /* column norms of A */
    double *sub;   /* r x n scratch for passive-set solves */
    double *y, *z, *w;
    size_t *P;     /* passive set, in order of entry */
    bool *passive, *rejected;
} work;

static void work_free(work *k)
{
    free(k->R);
    free(k->c);
    free(k->norms);
    free(k->sub);
    free(k->y);
    free(k->z);
    free(k->w);
    free(k->P);
    free(k->passive);
    free(k->rejected);
}

static bool work_alloc(work *k, size_t m, size_t n)
{
    memset(k, 0, sizeof *k);
    k->m = m, k->n = n, k->r = m < n ? m : n;
    size_t mn = m && n ? m * n : 1, nn = n ? n : 1, mm = m ? m : 1;
    k->R = ct__malloc(mn * sizeof *k->R);
    k->c = ct__malloc(mm * sizeof *k->c);
    k->norms = ct__malloc(nn * sizeof *k->norms);
    k->sub = ct__malloc(mn * sizeof *k->sub);
    k->y = ct__malloc(mm * sizeof *k->y);
    k->z = ct__malloc(nn * sizeof *k->z);
    k->w = ct__malloc(nn * sizeof *k->w);
    k->P = ct__malloc(nn * sizeof *k->P);
    k->passive = ct__calloc(nn, sizeof *k->passive);
    k->rejected = ct__calloc(nn, sizeof *k->rejected);
    return k->R && k->c && k->norms && k->sub && k->y && k->z && k->w && k->P && k->passive &&
           k->rejected;
}

/* Least squares on the passive columns: z[q] for column P[q]. False if the
 * columns are dependent. */
static bool solve_passive(work *k, size_t np)
{
    size_t r = k->r;
    if (np > r)
        return false;
    for (size_t q = 0; q < np; q++)
        memcpy(k->sub + q * r, k->R + k->P[q] * k->m, r * sizeof *k->sub);
    memcpy(k->y, k->c, r * sizeof *k->y);
    householder(k->sub, r, r, np, k->y);
    for (size_t q = 0; q < np; q++)
        if (!(fabs(k->sub[q + q * r]) > DEPENDENT * k->norms[k->P[q]]))
            return false;
    for (size_t q = np; q-- > 0;) {
        double s = k->y[q];
        for (size_t l = q + 1; l < np; l++)
            s -= k->sub[q + l * r] * k->z[l];
        k->z[q] = s / k->sub[q + q * r];
    }
    return true;
}

/* w = R'(c - R x) = A'(b - A x) for the columns not in the passive set. */
static void dual(work *k, const double *x)
{
    size_t r = k->r;
    for (size_t i = 0; i < r; i++) {
        double s = k->c[i];
        for (size_t j = i; j < k->n; j++) /* R is upper trapezoidal */
            s -= k->R[i + j * k->m] * x[j];
        k->y[i] = s;
    }
    for (size_t j = 0; j < k->n; j++) {
        double s = 0;
        size_t top = j + 1 < r ? j + 1 : r;
        for (size_t i = 0; i < top; i++)
            s += k->R[i + j * k->m] * k->y[i];
        k->w[j] = k->passive[j] ? 0 : s;
    }
}

/* Drop passive columns whose value reached zero. */
static size_t prune(work *k, size_t np, double *x)
{
    size_t kept = 0;
    for (size_t q = 0; q < np; q++) {
        size_t j = k->P[q];
        if (x[j] > 0)
            k->P[kept++] = j;
        else {
            x[j] = 0;
            k->passive[j] = false;
        }
    }
    return kept;
}

/* The inner loop: move x towards the passive solution, dropping columns that
 * would turn negative. False if the column just added must be rejected. */
static bool inner(work *k, size_t *np, double *x)
{
    for (bool first = true;; first = false) {
        bool ok = solve_passive(k, *np);
        /* in exact arithmetic w_t > 0 makes z_t > 0; rounding can break that */
        if (first && (!ok || k->z[*np - 1] <= 0))
            return false;
        if (!ok) /* cannot happen: a subset of independent columns */
            return true;
        double alpha = 2;
        size_t stop = CT__NONE;
        for (size_t q = 0; q < *np; q++) {
            double xq = x[k->P[q]], gap = xq - k->z[q];
            double a = gap > 0 ? xq / gap : 0;
            if (k->z[q] <= 0 && a < alpha)
                alpha = a, stop = q;
        }
        if (stop == CT__NONE) {
            for (size_t q = 0; q < *np; q++)
                x[k->P[q]] = k->z[q];
            return true;
        }
        for (size_t q = 0; q < *np; q++) {
            double *xq = &x[k->P[q]];
            *xq = q == stop ? 0 : *xq + alpha * (k->z[q] - *xq);
        }
        *np = prune(k, *np, x);
        if (*np == 0)
            return true;
    }
}

ct_status ct__nnls(ct_ctx *ctx, const double *A, size_t m, size_t n, const double *b, double *x,
                   ct__nnls_info *info)
{
    memset(info, 0, sizeof *info);
    for (size_t j = 0; j < n; j++)
        x[j] = 0;
    work k;
    if (!work_alloc(&k, m, n)) {
        work_free(&k);
        return ct__nomem(ctx);
    }
    memcpy(k.R, A, m * n * sizeof *k.R);
    memcpy(k.c, b, m * sizeof *k.c);
    double norm1 = 0, binf = 0;
    for (size_t j = 0; j < n; j++) {
        double s2 = 0, s1 = 0;
        for (size_t i = 0; i < m; i++)
            s2 += A[i + j * m] * A[i + j * m], s1 += fabs(A[i + j * m]);
        k.norms[j] = sqrt(s2);
        norm1 = fmax(norm1, s1);
    }
    for (size_t i = 0; i < m; i++)
        binf = fmax(binf, fabs(b[i]));
    householder(k.R, m, m, n, k.c);
    info->tol = 10 * DBL_EPSILON * (double)(m > n ? m : n) * norm1 * binf;

    ct_status st = CT_OK;
    size_t np = 0, maxit = 3 * n + 10;
    for (;;) {
        dual(&k, x);
        size_t t = CT__NONE;
        for (size_t j = 0; j < n; j++)
            if (!k.passive[j] && !k.rejected[j] && k.w[j] > info->tol &&
                (t == CT__NONE || k.w[j] > k.w[t]))
                t = j;
        if (t == CT__NONE)
            break;
        if (info->iterations++ >= maxit) {
            st = ct__err(ctx, CT_EINTERNAL, "NNLS: no convergence after %zu iterations",
                         maxit);
            break;
        }
        k.passive[t] = true;
        k.P[np++] = t;
        if (inner(&k, &np, x)) {
            memset(k.rejected, 0, n * sizeof *k.rejected); /* x moved: try them again */
        } else {
            np--;
            k.passive[t] = false;
            k.rejected[t] = true;
        }
    }
    double rr = 0;
    for (size_t i = 0; i < m; i++) {
        double s = -b[i];
        for (size_t j = 0; j < n; j++)
            s += A[i + j * m] * x[j];
        rr += s * s;
    }
    info->resid = sqrt(rr);
    work_free(&k);
    return st;
}
