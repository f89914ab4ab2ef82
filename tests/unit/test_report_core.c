/* The report's per-system fit figures on a hand-made fit (docs/report.md,
 * "Per-system figures", worked example):
 *   systems S0, S1; councils C0 (100 people, all in S0), C1 (200: 150 in
 *   S0, 50 in S1: split), C2 (301: 300 in S1 and a 1-person sliver in S0). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "core/report_core.h"

#include "../ct_test_ctx.h"

static void test_per_system(void **state)
{
    ct_ctx *ctx = *state;
    const ct__rfit_pair pairs[] = {
        {.s = 0, .c = 0, .pop = 100}, {.s = 0, .c = 1, .pop = 150},
        {.s = 0, .c = 2, .pop = 1, .sliver = true}, {.s = 1, .c = 1, .pop = 50},
        {.s = 1, .c = 2, .pop = 300},
    };
    const double s_share[] = {150.0 / 251, 300.0 / 350};
    const double c_pop[] = {100, 200, 301}, c_share[] = {1, 0.75, 300.0 / 301};
    const size_t c_best[] = {0, 0, 1};
    const bool c_split[] = {false, true, false};
    ct__rfit_in in = {.ns = 2, .nc = 3, .s_best_share = s_share, .c_pop = c_pop,
                      .c_best_share = c_share, .c_best = c_best, .c_split = c_split,
                      .pairs = pairs, .np = 5};
    ct__rfit_sys out[2];
    assert_int_equal(ct__report_fit(ctx, &in, out), CT_OK);
    /* S0: C0 and C1 (the sliver of C2 does not count), C1 split */
    assert_int_equal(out[0].units, 2);
    assert_int_equal(out[0].split, 1);
    assert_float_equal(out[0].split_pop, 150, 1e-12);
    assert_float_equal(out[0].units_pop, 300, 1e-12);
    assert_float_equal(out[0].fit_in, (100 * 1 + 200 * 0.75) / 300.0, 1e-12);
    assert_float_equal(out[0].fit_out, 150.0 / 251, 1e-12);
    /* S1: C1 and C2; C2's best system is S1 */
    assert_int_equal(out[1].units, 2);
    assert_int_equal(out[1].split, 1);
    assert_float_equal(out[1].split_pop, 50, 1e-12);
    assert_float_equal(out[1].units_pop, 301, 1e-12);
    assert_float_equal(out[1].fit_in, 300.0 / 301, 1e-12);
    /* invariant: the per-system fits weighted by units_pop give the national
     * index pop_fit_b_in_a = sum pop(c) best_share(c) / sum pop(c) */
    double national = (100 * 1 + 200 * 0.75 + 301 * (300.0 / 301)) / 601;
    assert_float_equal((out[0].fit_in * out[0].units_pop + out[1].fit_in * out[1].units_pop) /
                           (out[0].units_pop + out[1].units_pop),
                       national, 1e-12);
}

static void test_unit_without_best_and_bad_index(void **state)
{
    ct_ctx *ctx = *state;
    const ct__rfit_pair pairs[] = {{.s = 0, .c = 0, .pop = 10}};
    const double s_share[] = {1}, c_pop[] = {10, 5}, c_share[] = {1, 0};
    const size_t c_best[] = {0, CT__NONE}; /* C1 is in no system */
    const bool c_split[] = {false, false};
    ct__rfit_in in = {.ns = 1, .nc = 2, .s_best_share = s_share, .c_pop = c_pop,
                      .c_best_share = c_share, .c_best = c_best, .c_split = c_split,
                      .pairs = pairs, .np = 1};
    ct__rfit_sys out[1];
    assert_int_equal(ct__report_fit(ctx, &in, out), CT_OK);
    assert_float_equal(out[0].fit_in, 1, 1e-12);
    assert_float_equal(out[0].units_pop, 10, 1e-12);
    const ct__rfit_pair bad[] = {{.s = 3, .c = 0, .pop = 1}};
    in.pairs = bad;
    assert_int_equal(ct__report_fit(ctx, &in, out), CT_EINVAL);
    /* a system no unit has as its best: no fit_in */
    in.pairs = pairs;
    const size_t none[] = {CT__NONE, CT__NONE};
    in.c_best = none;
    assert_int_equal(ct__report_fit(ctx, &in, out), CT_OK);
    assert_true(isnan(out[0].fit_in));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_per_system, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unit_without_best_and_bad_index, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
