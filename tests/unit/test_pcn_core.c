/* PCN assignment arithmetic on hand-made practices and areas (docs/pcn.md
 * has the same worked example). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "core/pcn_core.h"

/* cmocka's assert_float_equal compares floats; these numbers need doubles. */
#define assert_near(a, b, eps)                                                              \
    do {                                                                                    \
        double a_ = (a), b_ = (b);                                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                                      \
            fail_msg("%.17g != %.17g (tolerance %g)", a_, b_, (double)(eps));               \
    } while (0)

#include "../ct_test_ctx.h"

/* PCNs X=0, Y=1, Z=2. Practices P1 (1000,1000) X; P2 (6000,1000) Y;
 * P3 (8000,3000) Y; P4 (9000,1000) Z; P6 X without a location.
 * Area centroids: a1 (1000,1000), a2 (3000,1000), a3 (5000,1000),
 * a4 (7000,1000), a5 (1000,11000) with 1000..4000 and 500 people.
 * Catchments holding each centroid: a1 {X}, a2 {X,Y}, a3 {Y}, a4 {Y,Z}, a5 none. */
typedef struct world {
    double px[5], py[5];
    size_t ppcn[5];
    ct__practices prac;
    double x[5], y[5], pop[5];
    size_t cand_start[6], cand[6];
} world;

static void make_world(ct_ctx *ctx, world *w)
{
    *w = (world){{1000, 6000, 8000, 9000, NAN},
                 {1000, 1000, 3000, 1000, NAN},
                 {0, 1, 1, 2, 0},
                 {0},
                 {1000, 3000, 5000, 7000, 1000},
                 {1000, 1000, 1000, 1000, 11000},
                 {1000, 2000, 3000, 4000, 500},
                 {0, 1, 3, 4, 6, 6},
                 {0, 0, 1, 1, 1, 2}};
    w->prac = (ct__practices){5, w->px, w->py, w->ppcn, 3, NULL, 0, NULL, NULL};
    assert_int_equal(ct__practices_index(ctx, &w->prac), CT_OK);
}

static void test_nearest(void **state)
{
    world w;
    make_world(*state, &w);
    assert_int_equal(w.prac.nsorted, 4); /* P6 has no location */
    double d;
    assert_int_equal(ct__practices_nearest(&w.prac, 7000, 1000, NULL, &d), 1);
    assert_near(d, 1000, 1e-9);
    /* without Y, the nearest to a4 is P4 (2000 m) */
    bool no_y[3] = {false, true, false};
    assert_int_equal(ct__practices_nearest(&w.prac, 7000, 1000, no_y, &d), 3);
    assert_near(d, 2000, 1e-9);
    /* PCN distances are to the PCN's nearest practice: Y from a2 is P2 */
    assert_near(ct__practices_pcn_dist(&w.prac, 1, 3000, 1000), 3000, 1e-9);
    bool all[3] = {true, true, true};
    assert_int_equal(ct__practices_nearest(&w.prac, 0, 0, all, &d), CT__NONE);
    ct__practices_free(&w.prac);
}

static double frac_of(const ct__shares *s, size_t i, size_t pcn)
{
    for (size_t k = s->start[i]; k < s->start[i + 1]; k++)
        if (s->unit[k] == pcn)
            return s->frac[k];
    return 0;
}

static void test_geo_shares(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    make_world(ctx, &w);
    ct__pcn_geo_in in = {
        .n = 5, .x = w.x, .y = w.y, .cand_start = w.cand_start, .cand = w.cand, .prac = &w.prac};
    ct__shares s;
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &s), CT_OK);
    /* a1: X alone */
    assert_near(frac_of(&s, 0, 0), 1, 1e-12);
    assert_int_equal(s.how[s.start[0]], CT__PCN_CATCHMENT);
    assert_near(s.uncertain[0], 0, 1e-12);
    /* a2: X at 2000 m, Y at 3000 m: 1/4 : 1/9 -> 9/13, 4/13 */
    assert_near(frac_of(&s, 1, 0), 9.0 / 13, 1e-12);
    assert_near(frac_of(&s, 1, 1), 4.0 / 13, 1e-12);
    assert_int_equal(s.how[s.start[1]], CT__PCN_SPLIT);
    assert_near(s.uncertain[1], 4.0 / 13, 1e-12);
    /* a3: Y alone (X's catchment ends at 4500) */
    assert_near(frac_of(&s, 2, 1), 1, 1e-12);
    /* a4: Y at 1000 m, Z at 2000 m: 4/5, 1/5 */
    assert_near(frac_of(&s, 3, 1), 0.8, 1e-12);
    assert_near(frac_of(&s, 3, 2), 0.2, 1e-12);
    /* a5: no catchment; nearest P1 at 10 km, so PCNs within 20 km: squared
     * distances X 1e8, Y 1.13e8 (P3), Z 1.64e8 */
    double wx = 1 / 1e8, wy = 1 / 1.13e8, wz = 1 / 1.64e8, sum = wx + wy + wz;
    assert_near(frac_of(&s, 4, 0), wx / sum, 1e-12);
    assert_near(frac_of(&s, 4, 1), wy / sum, 1e-12);
    assert_near(frac_of(&s, 4, 2), wz / sum, 1e-12);
    assert_int_equal(s.how[s.start[4]], CT__PCN_NEAREST);
    assert_near(s.uncertain[4], 1 - wx / sum, 1e-12);
    /* invariant: every area's shares add up to 1 */
    for (size_t i = 0; i < 5; i++) {
        double t = 0;
        for (size_t k = s.start[i]; k < s.start[i + 1]; k++)
            t += s.frac[k];
        assert_near(t, 1, 1e-12);
    }
    /* totals: X = 1000 + 2000 * 9/13 + 500 * wx/sum, population conserved */
    double pop[3], unc[3];
    size_t main[5];
    ct__pcn_totals(&s, w.pop, 3, pop, unc, main);
    assert_near(pop[0], 1000 + 2000 * 9.0 / 13 + 500 * wx / sum, 1e-9);
    assert_near(pop[1], 2000 * 4.0 / 13 + 3000 + 3200 + 500 * wy / sum, 1e-9);
    assert_near(pop[0] + pop[1] + pop[2], 10500, 1e-9);
    assert_near(unc[0], 2000 * (9.0 / 13) * (4.0 / 13) + 500 * (wx / sum) * (1 - wx / sum),
                       1e-9);
    size_t want_main[5] = {0, 0, 1, 1, 0};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(main[i], want_main[i]);
    ct__shares_free(&s);
    ct__practices_free(&w.prac);
}

static void test_ties_and_small_shares(void **state)
{
    ct_ctx *ctx = *state;
    /* two practices of different PCNs in one building: both PCNs are candidates */
    double px[2] = {0, 0}, py[2] = {1000, 1000}, x[1] = {0}, y[1] = {0};
    size_t ppcn[2] = {1, 0}, cs[2] = {0, 0};
    ct__practices p = {2, px, py, ppcn, 2, NULL, 0, NULL, NULL};
    assert_int_equal(ct__practices_index(ctx, &p), CT_OK);
    size_t cand_none[1];
    ct__pcn_geo_in in = {.n = 1, .x = x, .y = y, .cand_start = cs, .cand = cand_none, .prac = &p};
    ct__shares s;
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &s), CT_OK);
    assert_int_equal(s.start[1], 2);
    assert_near(frac_of(&s, 0, 0), 0.5, 1e-12);
    assert_near(frac_of(&s, 0, 1), 0.5, 1e-12);
    ct__shares_free(&s);
    ct__practices_free(&p);
    /* a candidate 20 times further weighs 1/400 < 1%: dropped from the
     * shares, but counted in the uncertainty */
    double qx[2] = {0, 20000}, qy[2] = {600, 0};
    size_t qp[2] = {0, 1}, qs[2] = {0, 2}, qc[2] = {0, 1};
    ct__practices q = {2, qx, qy, qp, 2, NULL, 0, NULL, NULL};
    assert_int_equal(ct__practices_index(ctx, &q), CT_OK);
    in = (ct__pcn_geo_in){1, x, y, qs, qc, &q, NULL};
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &s), CT_OK);
    assert_int_equal(s.start[1], 1);
    assert_near(frac_of(&s, 0, 0), 1, 1e-12);
    double w0 = 1 / (600.0 * 600), w1 = 1 / (20000.0 * 20000);
    assert_near(s.uncertain[0], w1 / (w0 + w1), 1e-12);
    ct__shares_free(&s);
    ct__practices_free(&q);
}

/* Registrations: Y's practices registered 600 of a2's 2000 people, all of
 * a3 and more than a4's people. */
static void test_combine(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    make_world(ctx, &w);
    ct__shares reg, rest, all, out;
    assert_int_equal(ct__shares_init(ctx, &reg, 5), CT_OK);
    ct__shares_close(&reg, 0, 0);
    assert_int_equal(ct__shares_push(ctx, &reg, 1, 600, CT__PCN_REGISTRATIONS), CT_OK);
    ct__shares_close(&reg, 1, 0);
    assert_int_equal(ct__shares_push(ctx, &reg, 1, 3000, CT__PCN_REGISTRATIONS), CT_OK);
    ct__shares_close(&reg, 2, 0);
    assert_int_equal(ct__shares_push(ctx, &reg, 1, 4400, CT__PCN_REGISTRATIONS), CT_OK);
    ct__shares_close(&reg, 3, 0);
    ct__shares_close(&reg, 4, 0);
    bool no_y[3] = {false, true, false};
    ct__pcn_geo_in in = {.n = 5,
                         .x = w.x,
                         .y = w.y,
                         .cand_start = w.cand_start,
                         .cand = w.cand,
                         .prac = &w.prac,
                         .exclude = no_y};
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &rest), CT_OK);
    in.exclude = NULL;
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &all), CT_OK);
    ct__pcn_combine_stats cs;
    assert_int_equal(ct__pcn_combine(ctx, &reg, w.pop, &rest, &all, &out, &cs), CT_OK);
    /* a2: Y 0.3 by registrations, the other 0.7 to X (X's catchment alone) */
    assert_near(frac_of(&out, 1, 1), 0.3, 1e-12);
    assert_near(frac_of(&out, 1, 0), 0.7, 1e-12);
    assert_int_equal(out.how[out.start[1]], CT__PCN_REGISTRATIONS);
    assert_near(out.uncertain[1], 0, 1e-12);
    /* a4: registrations exceed residents: all to Y, Z gets nothing */
    assert_near(frac_of(&out, 3, 1), 1, 1e-12);
    assert_near(frac_of(&out, 3, 2), 0, 1e-12);
    /* a5: no registrations: X and Z by distance (1/1e8 : 1/1.64e8) */
    assert_near(frac_of(&out, 4, 0), 1.64 / 2.64, 1e-12);
    assert_near(frac_of(&out, 4, 1), 0, 1e-12);
    assert_int_equal(cs.n_registered, 3);
    assert_int_equal(cs.n_mixed, 1);
    double pop[3], unc[3];
    ct__pcn_totals(&out, w.pop, 3, pop, unc, NULL);
    assert_near(pop[1], 600 + 3000 + 4000, 1e-9);
    assert_near(pop[0] + pop[1] + pop[2], 10500, 1e-9);
    /* agreement of geometry with registrations over a3 and a4:
     * (3000 + 4000 * 0.8) / 7000 */
    bool home[5] = {false, false, true, true, false};
    double compared;
    assert_near(ct__shares_agreement(&all, &out, w.pop, home, &compared), 6200.0 / 7000,
                       1e-12);
    assert_near(compared, 7000, 1e-9);
    ct__shares_free(&reg);
    ct__shares_free(&rest);
    ct__shares_free(&all);
    ct__shares_free(&out);
    ct__practices_free(&w.prac);
}

/* PCN X in council 0; Y across councils 0 and 1 (2000*4/13 + 500*wy/sum in 0). */
static void test_parent_fit(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    make_world(ctx, &w);
    ct__pcn_geo_in in = {
        .n = 5, .x = w.x, .y = w.y, .cand_start = w.cand_start, .cand = w.cand, .prac = &w.prac};
    ct__shares s;
    assert_int_equal(ct__pcn_geo_shares(ctx, &in, &s), CT_OK);
    size_t start[6] = {0, 1, 2, 3, 4, 5}, unit[5] = {0, 0, 1, 1, 0};
    double frac[5] = {1, 1, 1, 1, 1};
    ct__assign councils = {.n = 5, .start = start, .unit = unit, .frac = frac, .how = "lookup"};
    ct__pair *pairs;
    size_t np;
    ct__unitfit fit[3];
    assert_int_equal(ct__pcn_parent_fit(ctx, &s, w.pop, &councils, 2, 3, 0.05, &pairs, &np, fit),
                     CT_OK);
    assert_int_equal(fit[0].cls, CT__NESTED);
    assert_int_equal(fit[0].best, 0);
    double wx = 1 / 1e8, wy = 1 / 1.13e8, wz = 1 / 1.64e8, sum = wx + wy + wz;
    double y0 = 2000 * 4.0 / 13 + 500 * wy / sum, y1 = 3000 + 3200;
    assert_int_equal(fit[1].cls, CT__STRADDLES);
    assert_int_equal(fit[1].best, 1);
    assert_near(fit[1].best_pop_share, y1 / (y0 + y1), 1e-12);
    /* Z: 800 in council 1, 500 * wz/sum in council 0 */
    assert_near(fit[2].best_pop_share, 800 / (800 + 500 * wz / sum), 1e-12);
    free(pairs);
    ct__shares_free(&s);
    ct__practices_free(&w.prac);
}

static bool same_shares(const ct__shares *x, const ct__shares *y)
{
    if (x->n != y->n || x->nrows != y->nrows)
        return false;
    for (size_t i = 0; i < x->n; i++)
        if (x->start[i + 1] != y->start[i + 1] || x->uncertain[i] != y->uncertain[i])
            return false;
    for (size_t k = 0; k < x->nrows; k++)
        if (x->unit[k] != y->unit[k] || x->frac[k] != y->frac[k] || x->how[k] != y->how[k])
            return false;
    return true;
}

/* Every allocation failure is a clean CT_ENOMEM ("out of memory") that leaks
 * nothing (ASan); one the code can do without gives the same shares. */
static void test_alloc_failures(void **state)
{
    ct_ctx *ctx = *state;
    int failures = 0;
    ct__shares want;
    for (long n = 0; n < 200; n++) { /* n = 0: the run without failures */
        world w;
        make_world(ctx, &w);
        ct__pcn_geo_in in = {.n = 5,
                             .x = w.x,
                             .y = w.y,
                             .cand_start = w.cand_start,
                             .cand = w.cand,
                             .prac = &w.prac};
        ct__shares s;
        ct__alloc_fail_countdown = n;
        ct_status st = ct__pcn_geo_shares(ctx, &in, &s);
        bool hit = ct__alloc_fail_countdown == 0 && n > 0;
        ct__alloc_fail_countdown = 0;
        ct__practices_free(&w.prac);
        if (n == 0) {
            assert_int_equal(st, CT_OK);
            want = s;
            continue;
        }
        if (st) {
            assert_int_equal(st, CT_ENOMEM);
            assert_string_equal(ct_errmsg(ctx), "out of memory");
            failures++;
            continue;
        }
        if (hit && !same_shares(&s, &want))
            fail_msg("allocation %ld failed: CT_OK but other shares", n);
        ct__shares_free(&s);
    }
    ct__shares_free(&want);
    assert_true(failures > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nearest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geo_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ties_and_small_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_combine, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parent_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
