/* Non-negative least squares (Lawson and Hanson 1974, ch. 23): pure C, no
 * dependencies (docs/flows.md). */
#ifndef COTERM_NNLS_H
#define COTERM_NNLS_H

#include "core.h"

typedef struct ct__nnls_info {
    size_t iterations; /* variables moved into the passive set */
    double resid;      /* ||A x - b||_2 at the solution */
    double tol;        /* dual tolerance the stopping rule used */
} ct__nnls_info;

/* Minimise ||A x - b||_2 subject to x >= 0.
 * A is m x n in column-major order (A[i + j*m]), b has m entries, x receives
 * n. Columns that depend on columns already in the solution are left at 0.
 * Returns CT_OK, CT_ENOMEM, or CT_EINTERNAL if it has not converged after
 * 3n + 10 iterations (x then holds the last feasible point). */
ct_status ct__nnls(ct_ctx *ctx, const double *A, size_t m, size_t n, const double *b, double *x,
                   ct__nnls_info *info);

#endif
