/* Flow metrics on the hand-made world of docs/flows.md: four origins, three
 * providers, two systems, every number computed by hand there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "core/flows_core.h"

#include "../ct_test_ctx.h"

/* Origins o1..o4 with 1000, 1500, 5000, 500 people. Shares: A 0.5 from o1
 * and o2; B 0.1 from o2, 0.9 from o3; C 0.5 from o3 and o4. The exact
 * solution: T = (2000, 5000, 1000). */
static const ct__flowrow rows[] = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 1, 0.1},
                                   {1, 2, 0.9}, {2, 2, 0.5}, {2, 3, 0.5}};
static const double pop[] = {1000, 1500, 5000, 500};
#define NP 3
#define NO 4
#define NR 6

/* Systems: S1 holds o1, o2 and 1000 of o3's people; S2 the other 4000 of
 * o3 and o4. Origin -> system weights as a CSR. */
static size_t w_start[] = {0, 1, 2, 4, 5};
static size_t w_unit[] = {0, 0, 0, 1, 1};
static double w_frac[] = {1, 1, 0.2, 0.8, 1};
static const ct__assign weights = {.n = 4, .start = w_start, .unit = w_unit, .frac = w_frac,
                                   .how = "test"};

static void test_reconstruct_exact(void **state)
{
    ct__recon r;
    assert_int_equal(ct__flows_reconstruct(*state, rows, NR, NP, NO, pop, &r), CT_OK);
    assert_float_equal(r.total[0], 2000, 1e-9);
    assert_float_equal(r.total[1], 5000, 1e-9);
    assert_float_equal(r.total[2], 1000, 1e-9);
    for (size_t o = 0; o < NO; o++)
        assert_float_equal(r.fitted[o], pop[o], 1e-9);
    assert_int_equal(r.n_covered, 4);
    assert_float_equal(r.pop_covered, 8000, 0);
    assert_float_equal(r.resid_l2, 0, 1e-9);
    assert_float_equal(r.abs_share, 0, 1e-12);
    ct__recon_free(&r);
}

/* X: 0.5 from o1 and o2; Y: all from o1. Unconstrained least squares gives
 * Y = -500; NNLS sets Y = 0 and X minimises (0.5X - 1000)^2 + (0.5X -
 * 1500)^2: X = 2500, fitted 1250 in both, residuals +250 and -250, so
 * ||r|| = 250 sqrt 2, relative to sqrt(1000^2 + 1500^2), and |r| sums to
 * 500 of 2500 people. o3 and o4 have no rows: not covered. */
static void test_reconstruct_inconsistent(void **state)
{
    const ct__flowrow in[] = {{0, 0, 0.5}, {0, 1, 0.5}, {1, 0, 1.0}};
    ct__recon r;
    assert_int_equal(ct__flows_reconstruct(*state, in, 3, 2, NO, pop, &r), CT_OK);
    assert_float_equal(r.total[0], 2500, 1e-9);
    assert_float_equal(r.total[1], 0, 0);
    assert_float_equal(r.fitted[0], 1250, 1e-9);
    assert_float_equal(r.fitted[1], 1250, 1e-9);
    assert_false(r.covered[2]);
    assert_int_equal(r.n_covered, 2);
    assert_float_equal(r.resid_l2, 250 * sqrt(2), 1e-9);
    assert_float_equal(r.rel_l2, 250 * sqrt(2) / sqrt(1000.0 * 1000 + 1500.0 * 1500), 1e-12);
    assert_float_equal(r.abs_share, 0.2, 1e-12);
    ct__recon_free(&r);
}

/* Absolute flows f = share * T of the exact case. */
static const double f[] = {1000, 1000, 500, 4500, 500, 500};
static const size_t rank2[] = {0, 1}, rank3[] = {0, 1, 2};

static void test_by_zone_and_spread(void **state)
{
    (void)state;
    double g[NP * 2] = {0};
    ct__flows_by_zone(rows, NR, f, &weights, 2, g);
    /* A: 2000 in S1; B: 500 + 0.2*4500 = 1400 in S1, 3600 in S2;
     * C: 0.2*500 = 100 in S1, 400 + 500 = 900 in S2 */
    const double want[] = {2000, 0, 1400, 3600, 100, 900};
    for (int i = 0; i < 6; i++)
        assert_float_equal(g[i], want[i], 1e-9);
    /* invariant: every provider's flows are conserved across systems */
    assert_float_equal(g[2] + g[3], 5000, 1e-9);
    ct__spread s;
    ct__flows_spread(g + 2, 2, 5000, rank2, 0.05, &s);
    assert_int_equal(s.home, 1);
    assert_float_equal(s.home_share, 0.72, 1e-12);
    assert_float_equal(s.li, 0.28 * 0.28 + 0.72 * 0.72, 1e-12); /* 0.5968 */
    assert_int_equal(s.n_above, 2);
    ct__flows_spread(g + 4, 2, 1000, rank2, 0.05, &s);
    assert_float_equal(s.li, 0.82, 1e-12);
    assert_int_equal(s.n_above, 2);
    ct__flows_spread(g + 4, 2, 1000, rank2, 0.2, &s); /* 10% < 20% */
    assert_int_equal(s.n_above, 1);
    ct__flows_spread(g, 2, 2000, rank2, 0.05, &s);
    assert_int_equal(s.home, 0);
    assert_float_equal(s.li, 1, 0);
    assert_int_equal(s.n_above, 1);
}

static void test_spread_edges(void **state)
{
    (void)state;
    ct__spread s;
    const double zero[] = {0, 0}, tie[] = {50, 50};
    ct__flows_spread(zero, 2, 0, rank2, 0.05, &s);
    assert_int_equal(s.home, CT__NONE);
    assert_true(isnan(s.home_share));
    assert_int_equal(s.n_above, 0);
    /* a tie goes to the zone first in id order */
    const size_t reversed[] = {1, 0};
    ct__flows_spread(tie, 2, 100, reversed, 0.05, &s);
    assert_int_equal(s.home, 1);
    assert_float_equal(s.li, 0.5, 1e-12);
    /* shares of all the provider's patients: 40 of 100 fall in no zone */
    const double part[] = {50, 10};
    ct__flows_spread(part, 2, 100, rank2, 0.05, &s);
    assert_float_equal(s.home_share, 0.5, 1e-12);
    assert_float_equal(s.li, 0.26, 1e-12);
}

static void test_containment_and_links(void **state)
{
    (void)state;
    const double g[] = {2000, 0, 1400, 3600, 100, 900};
    const size_t home[] = {0, 1, 1};
    double flows[2], contained[2];
    ct__flows_containment(g, NP, 2, home, flows, contained);
    assert_float_equal(flows[0], 3500, 1e-9); /* = S1's people: exact case */
    assert_float_equal(flows[1], 4500, 1e-9);
    assert_float_equal(contained[0] / flows[0], 4.0 / 7, 1e-12);
    assert_float_equal(contained[1] / flows[1], 1, 1e-12);
    /* C: 100 of its 1000 in S1 (>= 5%), though only 100/3500 of S1 */
    assert_true(ct__flows_linked(100, 1000, 3500, 0.05));
    /* 100 of 10000 and of 3500: below 5% both ways */
    assert_false(ct__flows_linked(100, 10000, 3500, 0.05));
    /* 1% of a big provider but 20% of a small system */
    assert_true(ct__flows_linked(200, 20000, 1000, 0.05));
    assert_false(ct__flows_linked(0, 0, 0, 0));
}

static void test_plurality(void **state)
{
    (void)state;
    size_t best[NO];
    double bf[NO], of[NO];
    ct__flows_plurality(rows, NR, f, NO, rank3, best, bf, of);
    const size_t want[] = {0, 0, 1, 2};
    for (int o = 0; o < NO; o++) {
        assert_int_equal(best[o], want[o]);
        assert_float_equal(of[o], pop[o], 1e-9);
    }
    assert_float_equal(bf[1] / of[1], 2.0 / 3, 1e-12);
    assert_float_equal(bf[2] / of[2], 0.9, 1e-12);
}

/* Five small areas a1..a5 (1000, 1500, 1000, 4000, 500 people); origins
 * o1=a1, o2=a2, o3=a3+a4, o4=a5; systems S1=a1..a3, S2=a4+a5. */
static size_t ao_start[] = {0, 1, 2, 3, 4, 5}, ao_unit[] = {0, 1, 2, 2, 3};
static size_t as_start[] = {0, 1, 2, 3, 4, 5}, as_unit[] = {0, 0, 0, 1, 1};
static double ones[] = {1, 1, 1, 1, 1};
static const double area_pop[] = {1000, 1500, 1000, 4000, 500};

static void test_cross_and_weights(void **state)
{
    ct__assign ao = {.n = 5, .start = ao_start, .unit = ao_unit, .frac = ones, .how = "o"};
    ct__assign as = {.n = 5, .start = as_start, .unit = as_unit, .frac = ones, .how = "s"};
    double x[NO * 2];
    ct__cross_pop(area_pop, &ao, NO, &as, 2, x);
    const double want[] = {1000, 0, 1500, 0, 1000, 4000, 0, 500};
    double total = 0;
    for (int i = 0; i < 8; i++) {
        assert_float_equal(x[i], want[i], 0);
        total += x[i];
    }
    assert_float_equal(total, 8000, 0); /* population conserved */
    ct__assign w;
    assert_int_equal(ct__zone_weights(*state, x, NO, 2, pop, &w), CT_OK);
    assert_int_equal(w.start[NO], 5);
    assert_int_equal(w.start[2], 2);
    assert_int_equal(w.unit[2], 0);
    assert_float_equal(w.frac[2], 0.2, 1e-12);
    assert_float_equal(w.frac[3], 0.8, 1e-12);
    for (size_t o = 0; o < NO; o++) { /* each origin's weights sum to 1 */
        double s = 0;
        for (size_t j = w.start[o]; j < w.start[o + 1]; j++)
            s += w.frac[j];
        assert_float_equal(s, 1, 1e-12);
    }
    ct__assign_free(&w);
    /* an origin without people gets no weights */
    const double nopop[] = {1000, 1500, 5000, 0};
    assert_int_equal(ct__zone_weights(*state, x, NO, 2, nopop, &w), CT_OK);
    assert_int_equal(w.start[4] - w.start[3], 0);
    ct__assign_free(&w);
}

/* Places from origins: P1 = o1, P2 = o2, P3 = o3 + o4; the organisation
 * M spans every origin and N = o4 (overlapping). */
static void test_compose(void **state)
{
    ct__assign ao = {.n = 5, .start = ao_start, .unit = ao_unit, .frac = ones, .how = "o"};
    size_t m_start[] = {0, 1, 2, 3, 5}, m_unit[] = {0, 0, 0, 0, 1};
    ct__assign m = {.n = 4, .start = m_start, .unit = m_unit, .frac = ones, .how = "m"};
    ct__assign out;
    assert_int_equal(ct__assign_compose(*state, &ao, &m, &out), CT_OK);
    assert_int_equal(out.n, 5);
    assert_int_equal(out.start[5], 6); /* a5 is in M and N */
    double people[2];
    ct__assign one = {.n = 5, .start = (size_t[]){0, 1, 2, 3, 4, 5},
                      .unit = (size_t[]){0, 0, 0, 0, 0}, .frac = ones, .how = "1"};
    ct__cross_pop(area_pop, &out, 2, &one, 1, people);
    assert_float_equal(people[0], 8000, 0);
    assert_float_equal(people[1], 500, 0);
    ct__assign_free(&out);
}

static void test_row_sums(void **state)
{
    (void)state;
    double sum[NP];
    ct__flows_row_sums(rows, NR, NP, sum);
    for (int p = 0; p < NP; p++)
        assert_float_equal(sum[p], 1, 1e-12);
}

static void test_alloc_failure(void **state)
{
    for (long k = 1; k <= 20; k++) {
        ct__recon r;
        ct__alloc_fail_countdown = k;
        ct_status st = ct__flows_reconstruct(*state, rows, NR, NP, NO, pop, &r);
        long left = ct__alloc_fail_countdown;
        ct__alloc_fail_countdown = 0;
        if (st == CT_OK) {
            assert_true(left > 0); /* every allocation was tried */
            ct__recon_free(&r);
            return;
        }
        assert_int_equal(st, CT_ENOMEM);
    }
    fail_msg("more than 20 allocations");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_reconstruct_exact, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reconstruct_inconsistent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_by_zone_and_spread, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spread_edges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_containment_and_links, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plurality, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cross_and_weights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compose, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_sums, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
