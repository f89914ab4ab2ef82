/* Fit metrics on hand-made piece tables (docs/metrics.md has the worked example). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "core/fit_core.h"

#include "../ct_test_ctx.h"

/* A = {a0 (100 m2, 1000 people), a1 (100, 1000)}; B = {b0 (150, 1500), b1 (50, 500)}.
 * a0 lies in b0; a1 is half in b0, half in b1 (by area and people); plus a
 * sliver a0 x b1 of area 0.5 and no people. */
typedef struct fixture {
    double a_area[2], a_pop[2], b_area[2], b_pop[2];
    ct__side sa, sb;
    ct__pieces pc;
} fixture;

static void build(ct_ctx *ctx, fixture *f)
{
    *f = (fixture){{100, 100}, {1000, 1000}, {150, 50}, {1500, 500}, {0}, {0}, {0}};
    f->sa = (ct__side){2, f->a_area, f->a_pop};
    f->sb = (ct__side){2, f->b_area, f->b_pop};
    assert_int_equal(ct__pieces_push(ctx, &f->pc, 0, 0, 100, 0), CT_OK);
    assert_int_equal(ct__pieces_push(ctx, &f->pc, 0, 0, 0, 1000), CT_OK);
    assert_int_equal(ct__pieces_push(ctx, &f->pc, 1, 0, 50, 500), CT_OK);
    assert_int_equal(ct__pieces_push(ctx, &f->pc, 1, 1, 50, 500), CT_OK);
    assert_int_equal(ct__pieces_push(ctx, &f->pc, 0, 1, 0.5, 0), CT_OK);
}

static void test_pairs_merge_and_shares(void **state)
{
    ct_ctx *ctx = *state;
    fixture f;
    build(ctx, &f);
    size_t rank[2] = {0, 1}, np;
    ct__pair *p;
    assert_int_equal(ct__pairs_from_pieces(ctx, &f.pc, &f.sa, &f.sb, rank, rank, 0.01, &p, &np),
                     CT_OK);
    assert_int_equal(np, 4);
    /* sorted (a0,b0), (a0,b1), (a1,b0), (a1,b1) */
    assert_int_equal(p[0].a, 0);
    assert_int_equal(p[0].b, 0);
    assert_float_equal(p[0].area, 100, 1e-12);
    assert_float_equal(p[0].pop, 1000, 1e-12);
    assert_float_equal(p[0].a_area_share, 1.0, 1e-12);
    assert_float_equal(p[0].b_area_share, 100.0 / 150, 1e-12);
    assert_float_equal(p[0].b_pop_share, 1000.0 / 1500, 1e-12);
    assert_false(p[0].sliver);
    /* a0 x b1: 0.5 m2 of a 100 m2 unit and a 50 m2 unit, no people: a sliver */
    assert_int_equal(p[1].b, 1);
    assert_true(p[1].sliver);
    assert_float_equal(p[2].a_pop_share, 0.5, 1e-12);
    assert_float_equal(p[3].b_pop_share, 1.0, 1e-12);
    /* invariant: each A unit's population shares add up to 1 */
    assert_float_equal(p[0].a_pop_share + p[1].a_pop_share, 1.0, 1e-12);
    assert_float_equal(p[2].a_pop_share + p[3].a_pop_share, 1.0, 1e-12);
    free(p);
    ct__pieces_free(&f.pc);
}

static void test_classes_and_indices(void **state)
{
    ct_ctx *ctx = *state;
    fixture f;
    build(ctx, &f);
    size_t rank[2] = {0, 1}, np;
    ct__pair *p;
    assert_int_equal(ct__pairs_from_pieces(ctx, &f.pc, &f.sa, &f.sb, rank, rank, 0.01, &p, &np),
                     CT_OK);
    ct__unitfit fa[2], fb[2];
    assert_int_equal(ct__classify(ctx, p, np, true, &f.sa, &f.sb, 0.01, fa), CT_OK);
    assert_int_equal(ct__classify(ctx, p, np, false, &f.sb, &f.sa, 0.01, fb), CT_OK);
    assert_int_equal(fa[0].cls, CT__NESTED); /* a0 wholly in b0, b0 bigger */
    assert_int_equal(fa[0].best, 0);
    assert_int_equal(fa[0].n_parts, 1);      /* the sliver does not count */
    assert_int_equal(fa[1].cls, CT__STRADDLES);
    assert_int_equal(fa[1].n_parts, 2);
    assert_int_equal(fb[0].cls, CT__STRADDLES); /* b0 = a0 + half of a1: a1 not inside */
    assert_int_equal(fb[1].cls, CT__NESTED);   /* b1 lies wholly in a1 */
    double ma[2], mb[2];
    ct__max_area_share(p, np, true, 2, ma);
    ct__max_area_share(p, np, false, 2, mb);
    ct__fitindex ia, ib;
    ct__fit_index(fa, ma, &f.sa, &ia);
    ct__fit_index(fb, mb, &f.sb, &ib);
    /* A in B: (1000 * 1 + 1000 * 0.5) / 2000 = 0.75 */
    assert_float_equal(ia.pop_weighted, 0.75, 1e-12);
    /* B in A: (1500 * 1000/1500 + 500 * 1) / 2000 = 0.75 */
    assert_float_equal(ib.pop_weighted, 0.75, 1e-12);
    assert_float_equal(ia.share_coterminous, 0, 1e-12);
    assert_int_equal(ia.counts[CT__NESTED], 1);
    assert_int_equal(ia.counts[CT__STRADDLES], 1);
    free(p);
    ct__pieces_free(&f.pc);
}

static void test_coterminous_and_unmatched(void **state)
{
    ct_ctx *ctx = *state;
    double area[2] = {10, 10}, pop[2] = {100, 0};
    ct__side sa = {2, area, pop}, sb = {1, area, pop};
    ct__pieces pc = {0};
    /* a0 matches b0 but for 0.5% of people; a1 touches nothing */
    assert_int_equal(ct__pieces_push(ctx, &pc, 0, 0, 10, 99.5), CT_OK);
    size_t rank[2] = {0, 1}, np;
    ct__pair *p;
    pop[0] = 100;
    double bpop[1] = {99.5};
    sb.pop = bpop;
    assert_int_equal(ct__pairs_from_pieces(ctx, &pc, &sa, &sb, rank, rank, 0.01, &p, &np), CT_OK);
    ct__unitfit fa[2];
    assert_int_equal(ct__classify(ctx, p, np, true, &sa, &sb, 0.01, fa), CT_OK);
    assert_int_equal(fa[0].cls, CT__COTERMINOUS);
    assert_int_equal(fa[1].cls, CT__UNMATCHED);
    assert_int_equal(fa[1].best, CT__NONE);
    /* with a tolerance of 0.001 the 0.5% gap breaks coterminosity */
    assert_int_equal(ct__classify(ctx, p, np, true, &sa, &sb, 0.001, fa), CT_OK);
    assert_int_equal(fa[0].cls, CT__CONTAINS);
    free(p);
    ct__pieces_free(&pc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pairs_merge_and_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_classes_and_indices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coterminous_and_unmatched, setup, teardown),
    };
    return cmocka_run_group_tests_name("fit_core", tests, NULL, NULL);
}
