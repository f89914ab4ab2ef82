/* fit with overlapping units: overlap reported, people never counted twice
 * (tests/cases/overlap; docs/pcn.md "Overlapping layers in fit"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs/inputs.h"

#define assert_near(a, b, eps)                                                              \
    do {                                                                                    \
        double a_ = (a), b_ = (b);                                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                                      \
            fail_msg("%.17g != %.17g (tolerance %g)", a_, b_, (double)(eps));               \
    } while (0)

static const char *cases(const char *file)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/overlap/%s", CT_TEST_CASES, file);
    return buf[k];
}

#include "../ct_test_ctx.h"
#include "../ct_test_sweep.h"

static json_t *get(json_t *j, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *t = strtok(buf, "."); t && j; t = strtok(NULL, "."))
        j = json_object_get(j, t);
    if (!j)
        fail_msg("no %s in the summary", path);
    return j;
}

static double num(json_t *j, const char *path)
{
    return json_number_value(get(j, path));
}

static double unit_pop(const ct_result *r, const char *table, const char *id)
{
    const ct_table *t = ct_result_table_by_name(r, table);
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(ct_table_text(t, i, 0), id))
            return ct_table_real(t, i, ct_table_colindex(t, "pop"));
    fail_msg("no unit %s", id);
    return NAN;
}

/* units: A [0,10]x[0,10] and B [5,15]x[0,10] overlap on 50 m2; C [20,30].
 * parts: L [0,20], R [20,30] (a partition). areas: p1 [0,5] 100 people,
 * p2 [5,10] 200 (in A and B), p3 [10,15] 300, p4 [20,30] 400. */
typedef struct world {
    ct_layer *units, *parts;
    ct_pop *pop;
} world;

static void open_world(ct_ctx *ctx, world *w)
{
    assert_int_equal(ct_layer_open(ctx, &w->units, cases("units.geojson"), NULL), CT_OK);
    assert_int_equal(ct_layer_open(ctx, &w->parts, cases("parts.geojson"), NULL), CT_OK);
    const char *popts[] = {"POP_FIELD=pop", NULL};
    assert_int_equal(ct_pop_open(ctx, &w->pop, cases("areas.geojson"), popts), CT_OK);
}

static void close_world(world *w)
{
    ct_layer_free(w->units);
    ct_layer_free(w->parts);
    ct_pop_free(w->pop);
}

static bool warned(ct_ctx *ctx, const char *what)
{
    for (size_t i = 0; i < ct_diag_count(ctx); i++)
        if (strstr(ct_diag_message(ctx, i), what))
            return true;
    return false;
}

static void test_areal_no_double_count(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    open_world(ctx, &w);
    ct_result *r = NULL;
    const char *opts[] = {"METHOD=areal", NULL};
    assert_int_equal(ct_fit(ctx, &r, w.units, w.parts, w.pop, opts), CT_OK);
    /* p2 lies wholly in A and in B: half of its 200 people to each */
    assert_near(unit_pop(r, "a_units", "A"), 200, 1e-9);
    assert_near(unit_pop(r, "a_units", "B"), 400, 1e-9);
    assert_near(unit_pop(r, "a_units", "C"), 400, 1e-9);
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_near(num(s, "population.in_a"), 1000, 1e-9); /* not 1200 */
    assert_near(num(s, "population.in_both"), 1000, 1e-9);
    assert_true(json_is_true(get(s, "overlap.a.overlapping")));
    assert_string_equal(json_string_value(get(s, "overlap.a.checked")), "area");
    assert_near(num(s, "overlap.a.area_overlapped_m2"), 50, 1e-9);
    assert_near(num(s, "overlap.a.unit_pairs_overlapping"), 1, 0);
    assert_near(num(s, "overlap.a.units_overlapping"), 2, 0);
    assert_near(num(s, "overlap.a.pop_rescaled_areal"), 200, 1e-9);
    assert_true(json_is_null(get(s, "overlap.a.pop_in_2plus_units"))); /* no centroids */
    assert_true(json_is_false(get(s, "overlap.b.overlapping")));
    assert_near(num(s, "overlap.b.area_overlapped_m2"), 0, 0);
    assert_true(warned(ctx, "overlap: 1 unit pairs share 50 m2"));
    json_decref(s);
    ct_result_free(r);
    close_world(&w);
}

static void test_whole_no_double_count(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    open_world(ctx, &w);
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, w.units, w.parts, w.pop, NULL), CT_OK);
    /* without centroids each area goes wholly to its largest overlap; p2's
     * tie goes to the first unit, A */
    assert_near(unit_pop(r, "a_units", "A"), 300, 1e-9);
    assert_near(unit_pop(r, "a_units", "B"), 300, 1e-9);
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_near(num(s, "population.in_a"), 1000, 1e-9);
    assert_true(json_is_true(get(s, "overlap.a.overlapping")));
    json_decref(s);
    ct_result_free(r);
    close_world(&w);
}

/* The same areas with centroids (as the built-in base has). */
static ct_pop *pop_with_centroids(ct_ctx *ctx)
{
    static const char *ids[] = {"p1", "p2", "p3", "p4"};
    static const double pop[] = {100, 200, 300, 400}, x[] = {2.5, 7.5, 12.5, 25};
    ct_pop *p = ct__calloc(1, sizeof *p);
    assert_non_null(p);
    p->ctx = ctx;
    p->n = 4;
    p->source = ct__strdup("hand-made");
    p->crs = ct__strdup("EPSG:27700");
    p->ids = ct__calloc(4, sizeof *p->ids);
    p->names = ct__calloc(4, sizeof *p->names);
    p->pop = ct__calloc(4, sizeof *p->pop);
    p->x = ct__calloc(4, sizeof *p->x);
    p->y = ct__calloc(4, sizeof *p->y);
    p->index = ct__strmap_new(4);
    for (size_t i = 0; i < 4; i++) {
        p->ids[i] = ct__strdup(ids[i]);
        p->names[i] = ct__strdup("");
        p->pop[i] = pop[i];
        p->total += pop[i];
        p->x[i] = x[i];
        p->y[i] = 5;
        assert_int_equal(ct__strmap_put(ctx, p->index, p->ids[i], i, NULL), CT_OK);
    }
    return p;
}

static void test_centroids_in_two_units(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    open_world(ctx, &w);
    ct_pop *pop = pop_with_centroids(ctx);
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, w.units, w.parts, pop, NULL), CT_OK);
    /* p2's centroid (7.5, 5) is in A and B: counted once, in A */
    assert_near(unit_pop(r, "a_units", "A"), 300, 1e-9);
    assert_near(unit_pop(r, "a_units", "B"), 300, 1e-9);
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_near(num(s, "population.in_a"), 1000, 1e-9);
    assert_string_equal(json_string_value(get(s, "overlap.a.checked")), "centroids+area");
    assert_near(num(s, "overlap.a.areas_in_2plus_units"), 1, 0);
    assert_near(num(s, "overlap.a.pop_in_2plus_units"), 200, 1e-9);
    assert_near(num(s, "overlap.a.pop_extra_if_counted_per_unit"), 200, 1e-9);
    assert_near(num(s, "overlap.a.area_overlapped_m2"), 50, 1e-9);
    /* the partition needs no area check once no centroid is in two parts */
    assert_string_equal(json_string_value(get(s, "overlap.b.checked")), "centroids");
    assert_near(num(s, "overlap.b.areas_in_2plus_units"), 0, 0);
    assert_true(json_is_null(get(s, "overlap.b.area_overlapped_m2")));
    assert_true(warned(ctx, "1 small areas (200 people) have their centroid in 2 or more units"));
    json_decref(s);
    ct_result_free(r);
    ct_pop_free(pop);
    close_world(&w);
}

/* Every allocation failure in an overlapping fit is a clean CT_ENOMEM, or
 * (an allocation the code can do without) the very same result. */
static void test_alloc_failures(void **state)
{
    ct_ctx *ctx = *state;
    world w;
    open_world(ctx, &w);
    ct_pop *pop = pop_with_centroids(ctx);
    const char *areal[] = {"METHOD=areal", NULL};
    for (int pass = 0; pass < 2; pass++) {
        ct_result *ref = NULL;
        assert_int_equal(pass ? ct_fit(ctx, &ref, w.units, w.parts, w.pop, areal)
                              : ct_fit(ctx, &ref, w.units, w.parts, pop, NULL),
                         CT_OK);
        char *want = ct_test_digest(ref);
        ct_result_free(ref);
        ct_diag_clear(ctx);
        long n = 1;
        for (;; n++) {
            ct_result *r = NULL;
            ct__alloc_fail_countdown = n;
            ct_status st = pass ? ct_fit(ctx, &r, w.units, w.parts, w.pop, areal)
                                : ct_fit(ctx, &r, w.units, w.parts, pop, NULL);
            bool hit = ct__alloc_fail_countdown == 0;
            ct__alloc_fail_countdown = 0;
            ct_diag_clear(ctx);
            if (!hit) {
                assert_int_equal(st, CT_OK);
                ct_result_free(r);
                break;
            }
            ct_test_sweep_step(ctx, n, st, r, want);
        }
        assert_true(n > 20);
        free(want);
    }
    ct_pop_free(pop);
    close_world(&w);
}

/* PCN catchments overlap heavily ("most LSOA centroids fall in 2+ PCNs",
 * data/england/README.md); CCGs do not. */
static void test_catchments(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *a = NULL, *b = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    assert_int_equal(ct_layer_open(ctx, &a, "pcn_catchments20", NULL), CT_OK);
    assert_int_equal(ct_layer_open(ctx, &b, "ccg21", NULL), CT_OK);
    assert_int_equal(ct_pop_open(ctx, &pop, NULL, NULL), CT_OK);
    assert_int_equal(ct_fit(ctx, &r, a, b, pop, NULL), CT_OK);
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_true(json_is_true(get(s, "overlap.a.overlapping")));
    assert_true(num(s, "overlap.a.areas_in_2plus_units") > 32844 / 2);
    assert_true(num(s, "population.in_a") <= num(s, "population.total"));
    assert_true(json_is_false(get(s, "overlap.b.overlapping")));
    assert_near(num(s, "overlap.b.areas_in_2plus_units"), 0, 0);
    assert_true(warned(ctx, "pcn_catchments20 overlap"));
    json_decref(s);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(a);
    ct_layer_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_areal_no_double_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whole_no_double_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_centroids_in_two_units, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_catchments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
