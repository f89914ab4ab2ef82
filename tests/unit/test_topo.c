/* Shared arcs and their simplification on a hand-made coverage
 * (lib/core/topo.c; docs/report.md, "Maps").
 *
 *   unit 0: [0,2]x[0,2] with a vertex (2,1) on the edge it shares with
 *   unit 1: [2,4]x[0,2] (its copy of that vertex is 1e-7 off: snapped)
 *   unit 2: an island [10,11]x[10,11]
 *   unit 3: [20,26]^2 with a hole that unit 4, [22,24]^2, fills
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>

#include "core/topo.h"

#include "../ct_test_ctx.h"

static void push(ct_ctx *ctx, ct__rings *r, const double *xy, size_t n)
{
    assert_int_equal(ct__rings_push(ctx, r, xy, n), CT_OK);
}

static ct__topo *build(ct_ctx *ctx)
{
    static const double u0[] = {0, 0, 2, 0, 2, 1, 2, 2, 0, 2};
    static const double u1[] = {2, 0, 4, 0, 4, 2, 2, 2, 2.0000001, 1, 2, 0}; /* closed */
    static const double u2[] = {10, 10, 11, 10, 11, 11, 10, 11};
    static const double u3[] = {20, 20, 26, 20, 26, 26, 20, 26};
    static const double u3h[] = {22, 22, 22, 24, 24, 24, 24, 22};
    static const double u4[] = {22, 22, 24, 22, 24, 24, 22, 24};
    ct__topo *t = NULL;
    assert_int_equal(ct__topo_new(ctx, &t, 5, 0.001), CT_OK);
    ct__rings r = {0};
    const double *rings[] = {u0, u1, u2, u3, u4};
    const size_t sizes[] = {5, 6, 4, 4, 4};
    for (size_t u = 0; u < 5; u++) {
        ct__rings_clear(&r);
        push(ctx, &r, rings[u], sizes[u]);
        if (u == 3)
            push(ctx, &r, u3h, 4);
        assert_int_equal(ct__topo_add(ctx, t, u, &r), CT_OK);
    }
    ct__rings_free(&r);
    assert_int_equal(ct__topo_build(ctx, t), CT_OK);
    return t;
}

/* Shoelace area of ring i. */
static double ring_area(const ct__rings *r, size_t i)
{
    double s = 0;
    size_t a = r->start[i], n = r->start[i + 1] - a;
    for (size_t k = 0; k < n; k++) {
        const double *p = r->xy + 2 * (a + k), *q = r->xy + 2 * (a + (k + 1) % n);
        s += p[0] * q[1] - q[0] * p[1];
    }
    return fabs(s) / 2;
}

static bool has_point(const ct__rings *r, double x, double y)
{
    for (size_t k = 0; k < r->start[r->n]; k++)
        if (fabs(r->xy[2 * k] - x) < 1e-9 && fabs(r->xy[2 * k + 1] - y) < 1e-9)
            return true;
    return false;
}

static void test_arcs(void **state)
{
    ct_ctx *ctx = *state;
    ct__topo *t = build(ctx);
    /* shared 0|1, outer of 0, outer of 1, island, outer of 3, 3|4 */
    assert_int_equal(ct__topo_narcs(t), 6);
    size_t shared = 0, outside = 0;
    for (size_t a = 0; a < ct__topo_narcs(t); a++) {
        size_t l, r;
        ct__topo_arc_units(t, a, &l, &r);
        shared += l == 0 && r == 1;
        outside += r == CT__NONE;
        if (l == 0 && r == 1) { /* (2,0)-(2,1)-(2,2): the snapped vertex is one */
            ct__rings pts = {0};
            assert_int_equal(ct__topo_arc_points(ctx, t, a, 0, &pts), CT_OK);
            assert_int_equal(pts.start[1], 3);
            assert_true(has_point(&pts, 2, 1));
            ct__rings_free(&pts);
        }
    }
    assert_int_equal(shared, 1);
    assert_int_equal(outside, 4);
    ct__topo_free(t);
}

static void test_rings_and_areas(void **state)
{
    ct_ctx *ctx = *state;
    ct__topo *t = build(ctx);
    ct__rings r = {0};
    /* threshold 0 keeps every vertex but the collinear (2,1), weight 0 */
    assert_int_equal(ct__topo_unit_rings(ctx, t, 0, 1e-9, &r), CT_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.start[1], 4);
    assert_false(has_point(&r, 2, 1));
    assert_float_equal(ring_area(&r, 0), 4, 1e-9);
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 0, 0, &r), CT_OK);
    assert_int_equal(r.start[1], 5); /* weight 0 >= 0: kept */
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 1, 1e-9, &r), CT_OK);
    assert_float_equal(ring_area(&r, 0), 4, 1e-9);
    /* the island is a cycle: 4 points; its triangles weigh 0.5 m2 each */
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 2, 0.4, &r), CT_OK);
    assert_int_equal(r.n, 1);
    assert_float_equal(ring_area(&r, 0), 1, 1e-9);
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 2, 0.6, &r), CT_OK);
    assert_int_equal(r.n, 0); /* collapsed below three points: left out */
    /* unit 3: outer ring and the ring it shares with unit 4; even-odd area 36 - 4 */
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 3, 0, &r), CT_OK);
    assert_int_equal(r.n, 2);
    assert_float_equal(ring_area(&r, 0) + ring_area(&r, 1), 40, 1e-9);
    assert_float_equal(fabs(ring_area(&r, 0) - ring_area(&r, 1)), 32, 1e-9);
    double box[4];
    assert_true(ct__topo_unit_bbox(t, 4, box));
    assert_float_equal(box[0], 22, 1e-9);
    assert_float_equal(box[3], 24, 1e-9);
    ct__rings_free(&r);
    ct__topo_free(t);
}

/* Visvalingam-Whyatt on one arc: a zigzag whose triangles are known. */
static void test_weights_monotone(void **state)
{
    ct_ctx *ctx = *state;
    /* one unit, one closed arc: (0,0) (4,0) (4,3) (2,3.5) (0,3). Triangles:
     * at (4,0) 6, at (4,3) 3, at (2,3.5) 1, at (0,3) 3; once (2,3.5) goes,
     * (4,3) and (0,3) weigh 6 each (the 4 x 3 rectangle's half) */
    static const double p[] = {0, 0, 4, 0, 4, 3, 2, 3.5, 0, 3};
    ct__topo *t = NULL;
    assert_int_equal(ct__topo_new(ctx, &t, 1, 0.001), CT_OK);
    ct__rings r = {0};
    push(ctx, &r, p, 5);
    assert_int_equal(ct__topo_add(ctx, t, 0, &r), CT_OK);
    assert_int_equal(ct__topo_build(ctx, t), CT_OK);
    ct__rings_clear(&r);
    /* the cap (2,3.5) goes first (area 1); the rectangle stays until 6 */
    assert_int_equal(ct__topo_unit_rings(ctx, t, 0, 1.5, &r), CT_OK);
    assert_int_equal(r.start[1], 4);
    assert_float_equal(ring_area(&r, 0), 12, 1e-9);
    ct__rings_clear(&r);
    assert_int_equal(ct__topo_unit_rings(ctx, t, 0, 0.9, &r), CT_OK);
    assert_float_equal(ring_area(&r, 0), 13, 1e-9);
    ct__rings_free(&r);
    ct__topo_free(t);
}

static void test_bad_input(void **state)
{
    ct_ctx *ctx = *state;
    ct__topo *t = NULL;
    assert_int_equal(ct__topo_new(ctx, &t, 1, 0), CT_EINVAL);
    assert_int_equal(ct__topo_new(ctx, &t, 1, 1), CT_OK);
    ct__rings r = {0};
    static const double far[] = {0, 0, 1e12, 0, 0, 1};
    push(ctx, &r, far, 3);
    assert_int_equal(ct__topo_add(ctx, t, 0, &r), CT_EINVAL);
    assert_int_equal(ct__topo_add(ctx, t, 5, &r), CT_EINVAL);
    ct__rings_free(&r);
    ct__topo_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_arcs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rings_and_areas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_weights_monotone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
