/* NNLS on hand-computed problems, plus optimality (KKT) on random ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "core/nnls.h"

#include "../ct_test_ctx.h"

/* Row-major literals are easier to read; the solver wants column-major. */
static void colmajor(const double *rows, size_t m, size_t n, double *out)
{
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            out[i + j * m] = rows[i * n + j];
}

static void solve(ct_ctx *ctx, const double *rows, size_t m, size_t n, const double *b, double *x,
                  ct__nnls_info *info)
{
    double A[64];
    colmajor(rows, m, n, A);
    assert_int_equal(ct__nnls(ctx, A, m, n, b, x, info), CT_OK);
}

/* A x = b has an exact non-negative solution: found, residual 0. */
static void test_exact(void **state)
{
    const double A[] = {1, 0, 0, 1, 1, 1}; /* 3 x 2 */
    const double b[] = {1, 2, 3};
    double x[2];
    ct__nnls_info info;
    solve(*state, A, 3, 2, b, x, &info);
    assert_float_equal(x[0], 1, 1e-12);
    assert_float_equal(x[1], 2, 1e-12);
    assert_float_equal(info.resid, 0, 1e-12);
    assert_int_equal(info.iterations, 2);
}

/* Inconsistent: one column (1,1), b = (1,3): x = mean = 2, residual sqrt 2. */
static void test_inconsistent(void **state)
{
    const double A[] = {1, 1};
    const double b[] = {1, 3};
    double x[1];
    ct__nnls_info info;
    solve(*state, A, 2, 1, b, x, &info);
    assert_float_equal(x[0], 2, 1e-12);
    assert_float_equal(info.resid, sqrt(2), 1e-12);
}

/* Unconstrained least squares gives (2, -1); with x >= 0 the second column
 * is dropped and x1 minimises (x1-2)^2 + 1 + (x1-1)^2: x1 = 1.5, residual^2
 * = 0.25 + 1 + 0.25 = 1.5. */
static void test_active_constraint(void **state)
{
    const double A[] = {1, 0, 0, 1, 1, 1};
    const double b[] = {2, -1, 1};
    double x[2];
    ct__nnls_info info;
    solve(*state, A, 3, 2, b, x, &info);
    assert_float_equal(x[0], 1.5, 1e-12);
    assert_float_equal(x[1], 0, 0);
    assert_float_equal(info.resid, sqrt(1.5), 1e-12);
}

/* A = [[1, 1], [0, 1]]. b = (1, -1): w = A'b = (1, 0), column 0 enters,
 * x = (1, 0), r = (0, -1), w1 = -1 <= 0: optimal, residual 1 (unconstrained
 * would be (2, -1)). b = (2, 1): x = (1, 1) exactly. */
static void test_two_columns(void **state)
{
    const double A[] = {1, 1, 0, 1};
    const double b1[] = {1, -1}, b2[] = {2, 1};
    double x[2];
    ct__nnls_info info;
    solve(*state, A, 2, 2, b1, x, &info);
    assert_float_equal(x[0], 1, 1e-12);
    assert_float_equal(x[1], 0, 0);
    assert_float_equal(info.resid, 1, 1e-12);
    solve(*state, A, 2, 2, b2, x, &info);
    assert_float_equal(x[0], 1, 1e-12);
    assert_float_equal(x[1], 1, 1e-12);
    assert_float_equal(info.resid, 0, 1e-12);
}

/* A column that enters first and leaves later. A = [[1, 2], [0, 2]],
 * b = (1, -0.2). w = A'b = (1, 1.6): column 1 enters, x = (0, 0.2),
 * r = (0.6, -0.6), w0 = 0.6: column 0 enters; both give z = (1.2, -0.1), so
 * the step stops at alpha = 0.2 / 0.3 = 2/3 where x1 reaches 0 and leaves;
 * column 0 alone gives x = (1, 0), r = (0, -0.2), w1 = -0.4: optimal. */
static void test_leaves_passive_set(void **state)
{
    const double A[] = {1, 2, 0, 2};
    const double b[] = {1, -0.2};
    double x[2];
    ct__nnls_info info;
    solve(*state, A, 2, 2, b, x, &info);
    assert_float_equal(x[0], 1, 1e-12);
    assert_float_equal(x[1], 0, 0);
    assert_float_equal(info.resid, 0.2, 1e-12);
    assert_int_equal(info.iterations, 2);
}

/* Two identical columns: any split of 2 fits exactly; the second column
 * depends on the first and stays at 0. */
static void test_dependent_columns(void **state)
{
    const double A[] = {1, 1, 1, 1};
    const double b[] = {2, 2};
    double x[2];
    ct__nnls_info info;
    solve(*state, A, 2, 2, b, x, &info);
    assert_float_equal(x[0] + x[1], 2, 1e-12);
    assert_float_equal(info.resid, 0, 1e-12);
}

/* More columns than rows, and b <= 0 giving x = 0. */
static void test_wide_and_negative(void **state)
{
    const double A[] = {1, 2, 0, 0, 1, 1}; /* 2 x 3 */
    const double b[] = {1, 1}, neg[] = {-1, -2};
    double x[3];
    ct__nnls_info info;
    solve(*state, A, 2, 3, b, x, &info);
    assert_float_equal(info.resid, 0, 1e-12);
    for (int j = 0; j < 3; j++)
        assert_true(x[j] >= 0);
    assert_float_equal(x[0] + 2 * x[1], 1, 1e-12);
    assert_float_equal(x[1] + x[2], 1, 1e-12);
    solve(*state, A, 2, 3, neg, x, &info);
    for (int j = 0; j < 3; j++)
        assert_float_equal(x[j], 0, 0);
    assert_float_equal(info.resid, sqrt(5), 1e-12);
    assert_int_equal(info.iterations, 0);
}

static uint64_t rng = 88172645463325252ull;
static double uniform(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Optimality: x >= 0, A'(b - Ax) <= tol where x = 0 and ~0 where x > 0,
 * on random sparse problems shaped like the flows system. */
static void test_kkt_random(void **state)
{
    for (int trial = 0; trial < 40; trial++) {
        size_t m = 5 + (size_t)(uniform() * 60), n = 2 + (size_t)(uniform() * 40);
        double *A = calloc(m * n, sizeof *A), *b = calloc(m, sizeof *b);
        double *x = calloc(n, sizeof *x);
        for (size_t i = 0; i < m * n; i++)
            A[i] = uniform() < 0.3 ? uniform() : 0;
        for (size_t i = 0; i < m; i++)
            b[i] = 1000 * uniform() - (trial % 4 == 0 ? 300 : 0);
        ct__nnls_info info;
        assert_int_equal(ct__nnls(*state, A, m, n, b, x, &info), CT_OK);
        double scale = 0;
        for (size_t i = 0; i < m; i++)
            scale = fmax(scale, fabs(b[i]));
        for (size_t j = 0; j < n; j++) {
            assert_true(x[j] >= 0);
            double w = 0;
            for (size_t i = 0; i < m; i++) {
                double r = b[i];
                for (size_t l = 0; l < n; l++)
                    r -= A[i + l * m] * x[l];
                w += A[i + j * m] * r;
            }
            assert_true(w <= 1e-8 * scale);
            if (x[j] > 0)
                assert_true(fabs(w) <= 1e-8 * scale);
        }
        free(A), free(b), free(x);
    }
}

/* Every allocation failure is a clean CT_ENOMEM. */
static void test_alloc_failure(void **state)
{
    const double A[] = {1, 0, 0, 1, 1, 1};
    const double b[] = {1, 2, 3};
    double x[2];
    ct__nnls_info info;
    for (long k = 1; k <= 10; k++) {
        ct__alloc_fail_countdown = k;
        assert_int_equal(ct__nnls(*state, A, 3, 2, b, x, &info), CT_ENOMEM);
    }
    ct__alloc_fail_countdown = 0;
    assert_int_equal(ct__nnls(*state, A, 3, 2, b, x, &info), CT_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inconsistent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_active_constraint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaves_passive_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dependent_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_and_negative, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kkt_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
