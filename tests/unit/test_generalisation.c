/* How generalised a layer is (core/generalisation.c) on hand-made points;
 * the definition and a worked example are in docs/methods.md ("Coarse
 * layers: how generalised a layer is"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "core/generalisation.h"

#include "../ct_test_ctx.h"

/* A point set over caller arrays (not to be freed). */
static ct__bpoints pts(size_t n, double *x, double *y, size_t *unit)
{
    return (ct__bpoints){.n = n, .x = x, .y = y, .unit = unit};
}

/* Nearest point: (400, 300) is 500 m from (0, 0), 671 m from (1000, 0) and
 * 2,728 m from (0, 3000); nothing lies within 2 km of (10000, 10000). */
static void test_nearest(void **state)
{
    double x[] = {0, 1000, 0}, y[] = {0, 0, 3000};
    ct__bpoints p = pts(3, x, y, NULL);
    ct__ptgrid *g = NULL;
    assert_int_equal(ct__ptgrid_build(*state, &p, 1000, &g), CT_OK);
    assert_float_equal(ct__ptgrid_nearest(g, 400, 300, 5000), 500, 1e-9);
    assert_float_equal(ct__ptgrid_nearest(g, 0, 2500, 5000), 500, 1e-9);
    assert_true(isinf(ct__ptgrid_nearest(g, 10000, 10000, 2000)));
    /* far beyond the grid's extent, still found within the limit */
    assert_float_equal(ct__ptgrid_nearest(g, -3000, 0, 5000), 3000, 1e-9);
    ct__ptgrid_free(g);
}

/* Two units along x = 0 (CT__GEN_INNER_M = 110 m): unit 0 has (0, 0),
 * (0, 200), (-200, 0); unit 1 has (0, 100), (200, 100). (0, 0), (0, 200) and
 * (0, 100) have a point of the other unit 100 m away: a shared line. The
 * other two are 224 m (sqrt(200^2 + 100^2)) from the other unit: outer. */
static void test_outer(void **state)
{
    double x[] = {0, 0, -200, 0, 200}, y[] = {0, 200, 0, 100, 100};
    size_t u[] = {0, 0, 0, 1, 1};
    ct__bpoints p = pts(5, x, y, u), out = {0};
    assert_int_equal(ct__bpoints_outer(*state, &p, &out), CT_OK);
    assert_int_equal(out.n, 2);
    assert_float_equal(out.x[0], -200, 0);
    assert_int_equal(out.unit[0], 0);
    assert_float_equal(out.x[1], 200, 0);
    assert_int_equal(out.unit[1], 1);
    ct__bpoints_free(&out);
}

/* Councils: points every 10 m along x = 0 from y = 0 to 1,000. The layer's
 * outer samples on land: (10 j, 500) for j = 0..59, at 0, 10, ..., 590 m,
 * and (9000, 500), beyond the 5 km cap (left out). 60 of 61 are near, over
 * the 50 needed and half; the 95th percentile is the ceil(0.95 x 60) = 57th
 * smallest distance, 560 m. */
static void test_measure(void **state)
{
    double rx[101], ry[101], lx[61], ly[61];
    size_t lu[61] = {0};
    for (size_t k = 0; k <= 100; k++)
        rx[k] = 0, ry[k] = 10.0 * (double)k;
    for (size_t j = 0; j < 60; j++)
        lx[j] = 10.0 * (double)j, ly[j] = 500;
    lx[60] = 9000, ly[60] = 500;
    ct__bpoints ref = pts(101, rx, ry, NULL), land = pts(61, lx, ly, lu);
    ct__ptgrid *g = NULL;
    assert_int_equal(ct__ptgrid_build(*state, &ref, CT__GEN_CELL_M, &g), CT_OK);
    ct__generalisation gen = {0};
    assert_int_equal(ct__generalisation_measure(*state, &land, g, &gen), CT_OK);
    assert_true(gen.measured);
    assert_int_equal(gen.near, 60);
    assert_float_equal(gen.displacement, 560, 1e-9);
    /* 49 near samples are too few to measure */
    land.n = 49;
    assert_int_equal(ct__generalisation_measure(*state, &land, g, &gen), CT_OK);
    assert_false(gen.measured);
    assert_float_equal(gen.displacement, 0, 0);
    ct__ptgrid_free(g);
}

static void test_median(void **state)
{
    (void)state;
    double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2};
    assert_float_equal(ct__median(odd, 3), 2, 0);
    assert_float_equal(ct__median(even, 4), 2.5, 0);
    assert_float_equal(ct__median(NULL, 0), 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nearest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_median, setup, teardown),
    };
    return cmocka_run_group_tests_name("generalisation", tests, NULL, NULL);
}
