/* The hand-made cases of tests/cases/fit through the public API only
 * (ct_layer_open, ct_pop_open, ct_fit, ct_bestfit): areas, shares, classes,
 * n_parts, best partners, slivers, population conservation, repairs and the
 * error of every bad input. The layout is drawn in tests/cases/fit/README.md;
 * every expected value below is worked out by hand in its comment. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coterm.h>

#define CASE(f) CT_CASES_DIR "/fit/" f
#define KM2 1e6
#define EPS 1e-9

#include "../ct_test_ctx.h"

static ct_layer *open_ok(ct_ctx *ctx, const char *path, const char *const *opts)
{
    ct_layer *l = NULL;
    ct_status st = ct_layer_open(ctx, &l, path, opts);
    if (st)
        fail_msg("%s: %s", path, ct_errmsg(ctx));
    return l;
}

static ct_pop *cells(ct_ctx *ctx)
{
    ct_pop *p = NULL;
    const char *opts[] = {"POP_FIELD=pop", NULL};
    if (ct_pop_open(ctx, &p, CASE("pop.geojson"), opts))
        fail_msg("pop: %s", ct_errmsg(ctx));
    return p;
}

static size_t col(const ct_table *t, const char *name)
{
    size_t c = ct_table_colindex(t, name);
    assert_int_not_equal(c, (size_t)-1);
    return c;
}

static double num(const ct_table *t, size_t row, const char *name)
{
    return ct_table_real(t, row, col(t, name));
}

static const char *text(const ct_table *t, size_t row, const char *name)
{
    return ct_table_text(t, row, col(t, name));
}

static size_t row_of(const ct_table *t, const char *id)
{
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(text(t, i, "id"), id))
            return i;
    fail_msg("no unit %s", id);
    return 0;
}

/* One row of pairs.csv as expected. */
typedef struct pair {
    const char *a, *b;
    double area, a_area, b_area, pop, a_pop, b_pop;
    int sliver;
} pair;

static void check_pairs(const ct_table *t, const pair *want, size_t n, bool has_pop)
{
    static const char *const cols[] = {"a_id", "a_name", "b_id", "b_name", "area_m2",
                                       "a_area_share", "b_area_share", "pop", "a_pop_share",
                                       "b_pop_share", "sliver"};
    assert_int_equal(ct_table_ncols(t), 11);
    for (size_t j = 0; j < 11; j++)
        assert_string_equal(ct_table_colname(t, j), cols[j]);
    assert_int_equal(ct_table_nrows(t), n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(text(t, i, "a_id"), want[i].a);
        assert_string_equal(text(t, i, "b_id"), want[i].b);
        assert_float_equal(num(t, i, "area_m2"), want[i].area, 1e-6);
        assert_float_equal(num(t, i, "a_area_share"), want[i].a_area, EPS);
        assert_float_equal(num(t, i, "b_area_share"), want[i].b_area, EPS);
        if (has_pop) {
            assert_float_equal(num(t, i, "pop"), want[i].pop, 1e-6);
            assert_float_equal(num(t, i, "a_pop_share"), want[i].a_pop, EPS);
            assert_float_equal(num(t, i, "b_pop_share"), want[i].b_pop, EPS);
        } else {
            assert_true(isnan(num(t, i, "pop")));
            assert_true(isnan(num(t, i, "a_pop_share")));
        }
        assert_float_equal(num(t, i, "sliver"), want[i].sliver, 0);
    }
}

/* One row of a_units.csv / b_units.csv as expected. */
typedef struct unit {
    const char *id;
    double area, pop;
    const char *cls, *best;
    double best_area, best_pop;
    int n_parts;
} unit;

static void check_units(const ct_table *t, const unit *want, size_t n, bool has_pop)
{
    static const char *const cols[] = {"id",      "name",           "area_m2",
                                       "pop",     "class",          "best_id",
                                       "best_area_share", "best_pop_share", "n_parts"};
    assert_int_equal(ct_table_ncols(t), 9);
    for (size_t j = 0; j < 9; j++)
        assert_string_equal(ct_table_colname(t, j), cols[j]);
    assert_int_equal(ct_table_nrows(t), n);
    for (size_t k = 0; k < n; k++) {
        size_t i = row_of(t, want[k].id);
        assert_float_equal(num(t, i, "area_m2"), want[k].area, 1e-6);
        assert_string_equal(text(t, i, "class"), want[k].cls);
        assert_string_equal(text(t, i, "best_id"), want[k].best);
        assert_float_equal(num(t, i, "best_area_share"), want[k].best_area, EPS);
        assert_float_equal(num(t, i, "n_parts"), want[k].n_parts, 0);
        if (has_pop) {
            assert_float_equal(num(t, i, "pop"), want[k].pop, 1e-6);
            assert_float_equal(num(t, i, "best_pop_share"), want[k].best_pop, EPS);
        } else {
            assert_true(isnan(num(t, i, "pop")));
        }
    }
}

static json_t *summary(const ct_result *r)
{
    json_error_t e;
    json_t *j = json_loads(ct_result_doc(r, "summary"), 0, &e);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
    return j;
}

static double jnum(const json_t *j, const char *a, const char *b)
{
    const json_t *v = json_object_get(json_object_get(j, a), b);
    assert_true(json_is_number(v));
    return json_number_value(v);
}

static double jclass(const json_t *j, const char *side, const char *cls)
{
    const json_t *v = json_object_get(json_object_get(json_object_get(j, "classes"), side), cls);
    assert_true(json_is_integer(v));
    return (double)json_integer_value(v);
}

/* Invariants: each unit's area shares over its pairs add up to the share
 * of it that the other layer covers, and its population shares likewise. */
static void check_share_sums(const ct_table *pairs, const char *side, const char *id,
                             double area_sum, double pop_sum)
{
    char idcol[8], acol[16], pcol[16];
    snprintf(idcol, sizeof idcol, "%s_id", side);
    snprintf(acol, sizeof acol, "%s_area_share", side);
    snprintf(pcol, sizeof pcol, "%s_pop_share", side);
    double a = 0, p = 0;
    for (size_t i = 0; i < ct_table_nrows(pairs); i++)
        if (!strcmp(text(pairs, i, idcol), id)) {
            a += num(pairs, i, acol);
            p += num(pairs, i, pcol);
        }
    assert_float_equal(a, area_sum, EPS);
    if (!isnan(pop_sum))
        assert_float_equal(p, pop_sum, EPS);
}

/* ---- the good case, by population (bestfit, and auto: the same here
 * because a custom base has no centroids, so cells go wholly to the unit
 * sharing most of their area) ----
 * Unit populations (cells Pij hold 100 * (4j + i + 1)):
 *  A1 = P00+P10+P01+P11 = 100+200+500+600 = 1400
 *  A2 = P20+P30+P21+P31 = 300+400+700+800 = 2200
 *  A3 = P02+P12+P03+P13 = 900+1000+1300+1400 = 4600
 *  A4 = P22+P32+P23+P33 = 1100+1200+1500+1600 = 5400,  A5 = PA5 = 500
 *  B1 = A1's cells = 1400 (P20, P21 are only 1% in B1: they go to B2)
 *  B2 = P20+P21 = 1000, B3 = P30+P31 = 1200, B4 = P12+P22+P13+P23 = 5000
 *  B5 = P02+P03 = 2200, B6 = P32+P33 = 2800, B7 = PB7 = 700 */
static const pair whole_pairs[] = {
    /* A1 lies in B1 (4.02 km2): b share 4 / 4.02 */
    {"A1", "B1", 4 * KM2, 1, 4 / 4.02, 1400, 1, 1, 0},
    /* the 10 m x 2 km strip of A2 in B1: 0.02 km2, no people, a sliver */
    {"A2", "B1", 0.02 * KM2, 0.005, 0.02 / 4.02, 0, 0, 0, 1},
    {"A2", "B2", 1.98 * KM2, 0.495, 1, 1000, 1000 / 2200.0, 1, 0},
    {"A2", "B3", 2 * KM2, 0.5, 1, 1200, 1200 / 2200.0, 1, 0},
    /* A3 x B4 = [1,2]x[2,4]: P12 + P13 = 2400 */
    {"A3", "B4", 2 * KM2, 0.5, 0.5, 2400, 2400 / 4600.0, 2400 / 5000.0, 0},
    {"A3", "B5", 2 * KM2, 0.5, 1, 2200, 2200 / 4600.0, 1, 0},
    /* A4 x B4 = [2,3]x[2,4]: P22 + P23 = 2600 */
    {"A4", "B4", 2 * KM2, 0.5, 0.5, 2600, 2600 / 5400.0, 2600 / 5000.0, 0},
    {"A4", "B6", 2 * KM2, 0.5, 1, 2800, 2800 / 5400.0, 1, 0},
    /* A5 only touches B7 along x = 6: no shared area, no pair */
};

static const unit whole_a[] = {
    /* A1: best B1 with 100% of A1's people and 100% of B1's */
    {"A1", 4 * KM2, 1400, "coterminous", "B1", 1, 1, 1},
    /* A2: B2 and B3 lie wholly inside it; the B1 strip is a sliver */
    {"A2", 4 * KM2, 2200, "contains", "B3", 0.5, 1200 / 2200.0, 2},
    /* A3: 52% in B4 which is only half inside A3 */
    {"A3", 4 * KM2, 4600, "straddles", "B4", 0.5, 2400 / 4600.0, 2},
    {"A4", 4 * KM2, 5400, "straddles", "B6", 0.5, 2800 / 5400.0, 2},
    {"A5", 1 * KM2, 500, "unmatched", "", 0, 0, 0},
};

static const unit whole_b[] = {
    {"B1", 4.02 * KM2, 1400, "coterminous", "A1", 4 / 4.02, 1, 1},
    {"B2", 1.98 * KM2, 1000, "nested", "A2", 1, 1, 1},
    {"B3", 2 * KM2, 1200, "nested", "A2", 1, 1, 1},
    /* B4: 2600 of 5000 in A4 beats 2400 in A3 */
    {"B4", 4 * KM2, 5000, "straddles", "A4", 0.5, 0.52, 2},
    {"B5", 2 * KM2, 2200, "nested", "A3", 1, 1, 1},
    {"B6", 2 * KM2, 2800, "nested", "A4", 1, 1, 1},
    {"B7", 1 * KM2, 700, "unmatched", "", 0, 0, 0},
};

static void check_whole(ct_ctx *ctx, const char *method)
{
    ct_layer *a = open_ok(ctx, CASE("a.geojson"), NULL);
    ct_layer *b = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_pop *p = cells(ctx);
    char m[32];
    snprintf(m, sizeof m, "METHOD=%s", method);
    const char *opts[] = {m, NULL};
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, a, b, p, opts), CT_OK);
    assert_int_equal(ct_result_ntables(r), 3);
    const ct_table *pairs = ct_result_table_by_name(r, "pairs");
    check_pairs(pairs, whole_pairs, sizeof whole_pairs / sizeof *whole_pairs, true);
    check_units(ct_result_table_by_name(r, "a_units"), whole_a, 5, true);
    check_units(ct_result_table_by_name(r, "b_units"), whole_b, 7, true);
    /* pairs sorted by a_id then b_id though the file lists A2 first */
    assert_string_equal(ct_table_text(pairs, 0, 0), "A1");
    /* names come from the name / b_name fields */
    assert_string_equal(text(pairs, 0, "a_name"), "Alpha One");
    assert_string_equal(text(pairs, 0, "b_name"), "Beta One");
    /* invariants: A1..A4 are covered by B: area and pop shares sum to 1 */
    const char *ids[] = {"A1", "A2", "A3", "A4"};
    for (size_t i = 0; i < 4; i++)
        check_share_sums(pairs, "a", ids[i], 1, 1);
    check_share_sums(pairs, "b", "B1", 1, 1);
    check_share_sums(pairs, "b", "B4", 1, 1);

    json_t *s = summary(r);
    assert_string_equal(json_string_value(json_object_get(s, "method")), method);
    assert_string_equal(json_string_value(json_object_get(s, "crs")), "EPSG:27700");
    /* population: 15100 in all; A holds 14100 (not PB7, POUT), B 14300 (not
     * PA5, POUT), both the 16 grid cells 13600; so 500 only in A, 700 only
     * in B, 300 in neither: 13600 + 500 + 700 + 300 = 15100 */
    assert_float_equal(jnum(s, "population", "total"), 15100, 1e-9);
    assert_float_equal(jnum(s, "population", "in_a"), 14100, 1e-9);
    assert_float_equal(jnum(s, "population", "in_b"), 14300, 1e-9);
    assert_float_equal(jnum(s, "population", "in_both"), 13600, 1e-9);
    assert_float_equal(jnum(s, "population", "in_a_not_b"), 500, 1e-9);
    assert_float_equal(jnum(s, "population", "in_b_not_a"), 700, 1e-9);
    assert_float_equal(jnum(s, "population", "outside_both"), 300, 1e-9);
    double in_pairs = 0;
    for (size_t i = 0; i < ct_table_nrows(pairs); i++)
        in_pairs += num(pairs, i, "pop");
    assert_float_equal(in_pairs, 13600, 1e-9);
    /* classes: A 1 coterminous, 1 contains, 2 straddle, 1 unmatched;
     * B 1 coterminous, 4 nested, 1 straddles, 1 unmatched */
    assert_float_equal(jclass(s, "a", "coterminous"), 1, 0);
    assert_float_equal(jclass(s, "a", "contains"), 1, 0);
    assert_float_equal(jclass(s, "a", "straddles"), 2, 0);
    assert_float_equal(jclass(s, "a", "unmatched"), 1, 0);
    assert_float_equal(jclass(s, "b", "nested"), 4, 0);
    assert_float_equal(jclass(s, "b", "straddles"), 1, 0);
    /* fit of A in B = sum pop(a) * best_pop_share(a) / sum pop(a)
     *  = (1400 + 1200 + 2400 + 2800 + 0) / 14100 = 7800 / 14100;
     * B in A = (1400 + 1000 + 1200 + 2600 + 2200 + 2800) / 14300 */
    assert_float_equal(jnum(s, "indices", "pop_fit_a_in_b"), 7800 / 14100.0, 1e-9);
    assert_float_equal(jnum(s, "indices", "pop_fit_b_in_a"), 11200 / 14300.0, 1e-9);
    /* by area: (4 + 2 + 2 + 2) / 17 and (4 + 1.98 + 2 + 2 + 2 + 2) / 17 km2 */
    assert_float_equal(jnum(s, "indices", "area_fit_a_in_b"), 10 / 17.0, 1e-9);
    assert_float_equal(jnum(s, "indices", "area_fit_b_in_a"), 13.98 / 17.0, 1e-9);
    /* 2 coterminous units (A1, B1) of 12 */
    assert_float_equal(jnum(s, "indices", "share_units_coterminous"), 2 / 12.0, 1e-9);
    /* summary.json keeps full precision: the very double (12 digits lost it) */
    assert_true(jnum(s, "indices", "share_units_coterminous") == 2 / 12.0);
    assert_true(jnum(s, "indices", "pop_fit_a_in_b") == 7800 / 14100.0);
    assert_float_equal(jnum(s, "pairs", "rows"), 8, 0);
    assert_float_equal(jnum(s, "pairs", "slivers"), 1, 0);
    json_decref(s);
    ct_result_free(r);
    ct_pop_free(p);
    ct_layer_free(a);
    ct_layer_free(b);
}

static void test_fit_bestfit_method(void **state) { check_whole(*state, "bestfit"); }
static void test_fit_auto_method(void **state) { check_whole(*state, "auto"); }

/* areal: P20 and P21 are 1% in B1 (a 10 m strip of 1 km), so B1 gains
 * 3 + 7 = 10 people and B2 keeps 297 + 693 = 990. A2 x B1 has 10 people:
 * 10 / 2200 = 0.45% of A2 and 10 / 1410 = 0.71% of B1, both under the 1%
 * tolerance, so it stays a sliver and A1 / B1 stay coterminous (1400 / 1410
 * = 99.29% >= 99%). At a 0.5% tolerance the 0.71% is no longer a sliver:
 * B1 then has two parts and straddles. */
static void test_fit_areal_and_tolerance(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *a = open_ok(ctx, CASE("a.geojson"), NULL);
    ct_layer *b = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_pop *p = cells(ctx);
    const char *opts[] = {"METHOD=areal", NULL};
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, a, b, p, opts), CT_OK);
    const ct_table *pairs = ct_result_table_by_name(r, "pairs");
    const ct_table *bu = ct_result_table_by_name(r, "b_units");
    assert_float_equal(num(pairs, 1, "pop"), 10, 1e-9);
    assert_float_equal(num(pairs, 1, "a_pop_share"), 10 / 2200.0, 1e-12);
    assert_float_equal(num(pairs, 1, "b_pop_share"), 10 / 1410.0, 1e-12);
    assert_float_equal(num(pairs, 1, "sliver"), 1, 0);
    assert_float_equal(num(pairs, 2, "pop"), 990, 1e-9);
    size_t b1 = row_of(bu, "B1");
    assert_float_equal(num(bu, b1, "pop"), 1410, 1e-9);
    assert_string_equal(text(bu, b1, "class"), "coterminous");
    assert_float_equal(num(bu, b1, "best_pop_share"), 1400 / 1410.0, 1e-12);
    assert_float_equal(num(bu, b1, "n_parts"), 1, 0);
    json_t *s = summary(r);
    assert_float_equal(jnum(s, "population", "in_both"), 13600, 1e-9); /* conserved */
    assert_float_equal(jnum(s, "population", "in_b"), 14300, 1e-9);
    json_decref(s);
    ct_result_free(r);

    const char *tight[] = {"METHOD=areal", "TOLERANCE=0.005", NULL};
    assert_int_equal(ct_fit(ctx, &r, a, b, p, tight), CT_OK);
    pairs = ct_result_table_by_name(r, "pairs");
    bu = ct_result_table_by_name(r, "b_units");
    assert_float_equal(num(pairs, 1, "sliver"), 0, 0);
    b1 = row_of(bu, "B1");
    assert_string_equal(text(bu, b1, "class"), "straddles");
    assert_float_equal(num(bu, b1, "n_parts"), 2, 0);
    /* A1 is still wholly in B1 but B1 is no longer >= 99.5% A1: nested */
    const ct_table *au = ct_result_table_by_name(r, "a_units");
    assert_string_equal(text(au, row_of(au, "A1"), "class"), "nested");
    ct_result_free(r);
    ct_pop_free(p);
    ct_layer_free(a);
    ct_layer_free(b);
}

/* Without population every share is by area. A3 shares half its area with
 * B4 and half with B5: B5 wins the tie because all of B5 lies in A3 (its
 * other share is 1 against B4's 0.5). */
static void test_fit_area_only(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *a = open_ok(ctx, CASE("a.geojson"), NULL);
    ct_layer *b = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, a, b, NULL, NULL), CT_OK);
    check_pairs(ct_result_table_by_name(r, "pairs"), whole_pairs, 8, false);
    static const unit ua[] = {
        /* A1 in B1: 100% of A1, 4 / 4.02 = 99.5% of B1 */
        {"A1", 4 * KM2, NAN, "coterminous", "B1", 1, NAN, 1},
        /* the strip: 0.5% of A2 and 0.4975% of B1 by area: a sliver */
        {"A2", 4 * KM2, NAN, "contains", "B3", 0.5, NAN, 2},
        {"A3", 4 * KM2, NAN, "straddles", "B5", 0.5, NAN, 2},
        {"A4", 4 * KM2, NAN, "straddles", "B6", 0.5, NAN, 2},
        {"A5", 1 * KM2, NAN, "unmatched", "", 0, NAN, 0},
    };
    check_units(ct_result_table_by_name(r, "a_units"), ua, 5, false);
    json_t *s = summary(r);
    assert_true(json_is_null(json_object_get(s, "population")));
    assert_null(json_object_get(json_object_get(s, "indices"), "pop_fit_a_in_b"));
    json_decref(s);
    ct_result_free(r);
    ct_layer_free(a);
    ct_layer_free(b);
}

/* bestfit of the cells into B: 19 rows in id order, P20 to B2 by its
 * people (auto: whole cells), PA5 and POUT in no unit of B, reported as
 * rows with an empty big_id and as one warning. */
static void test_bestfit(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *small = open_ok(ctx, CASE("pop.geojson"), NULL);
    ct_layer *big = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_pop *p = cells(ctx);
    ct_result *r = NULL;
    assert_int_equal(ct_bestfit(ctx, &r, small, big, p, NULL), CT_OK);
    const ct_table *t = ct_result_table_by_name(r, "bestfit");
    static const char *const cols[] = {"small_id", "small_name", "big_id", "big_name",
                                       "pop",      "share",      "method"};
    for (size_t j = 0; j < 7; j++)
        assert_string_equal(ct_table_colname(t, j), cols[j]);
    assert_int_equal(ct_table_nrows(t), 19);
    /* rows follow the small layer: P00 P10 P20 ... */
    assert_string_equal(text(t, 2, "small_id"), "P20");
    assert_string_equal(text(t, 2, "big_id"), "B2");
    assert_string_equal(text(t, 2, "big_name"), "Beta Two");
    assert_float_equal(num(t, 2, "pop"), 300, 0);
    assert_float_equal(num(t, 2, "share"), 1, 0);
    assert_string_equal(text(t, 2, "method"), "auto");
    assert_string_equal(text(t, 15, "small_id"), "P33");
    assert_string_equal(text(t, 15, "big_id"), "B6");
    assert_string_equal(text(t, 16, "small_id"), "PA5");
    assert_string_equal(text(t, 16, "big_id"), "");
    assert_float_equal(num(t, 16, "pop"), 500, 0);
    assert_string_equal(text(t, 18, "big_id"), "");
    assert_int_equal(ct_diag_count(ctx), 1);
    assert_int_equal(ct_diag_kind_at(ctx, 0), CT_DIAG_WARNING);
    assert_non_null(strstr(ct_diag_message(ctx, 0), "2 of 19 units"));
    ct_result_free(r);
    ct_diag_clear(ctx);

    /* areal: P20 is 99% in B2 (share 0.99) */
    const char *areal[] = {"METHOD=areal", NULL};
    assert_int_equal(ct_bestfit(ctx, &r, small, big, p, areal), CT_OK);
    t = ct_result_table_by_name(r, "bestfit");
    assert_string_equal(text(t, 2, "big_id"), "B2");
    assert_float_equal(num(t, 2, "share"), 0.99, 1e-9);
    assert_string_equal(text(t, 2, "method"), "areal");
    ct_result_free(r);
    ct_pop_free(p);
    ct_layer_free(small);
    ct_layer_free(big);
}

/* ---- repairs ---- */

/* The bow-tie (0,0)-(1,1)-(1,0)-(0,1) km is invalid; make-valid keeps its
 * two triangles of 0.5 * 1 * 0.5 = 0.25 km2 each: 0.5 km2. */
static void test_repair(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *l = open_ok(ctx, CASE("bowtie.geojson"), NULL);
    assert_int_equal(ct_layer_repairs(l), 1);
    assert_int_equal(ct_layer_size(l), 2);
    assert_string_equal(ct_layer_id(l, 0), "BOW");
    assert_float_equal(ct_layer_area(l, 0), 0.5 * KM2, 1e-6);
    assert_float_equal(ct_layer_area(l, 1), 1 * KM2, 1e-6);
    assert_int_equal(ct_diag_count(ctx), 1);
    assert_int_equal(ct_diag_kind_at(ctx, 0), CT_DIAG_REPAIR);
    const char *msg = ct_diag_message(ctx, 0);
    assert_non_null(strstr(msg, "bowtie.geojson:bowtie: feature BOW: invalid geometry"));
    assert_non_null(strstr(msg, "repaired"));
    assert_null(ct_diag_message(ctx, 1));
    /* the same repair met again (a layer read twice, as the population
     * polygons are) is one diagnostic, so one warning line */
    ct_layer *again = open_ok(ctx, CASE("bowtie.geojson"), NULL);
    assert_int_equal(ct_layer_repairs(again), 1);
    assert_int_equal(ct_diag_count(ctx), 1);
    ct_layer_free(again);

    /* the repair is listed in summary.json; BOW and OK1 lie in A1 */
    ct_layer *a = open_ok(ctx, CASE("a.geojson"), NULL);
    ct_result *r = NULL;
    assert_int_equal(ct_fit(ctx, &r, l, a, NULL, NULL), CT_OK);
    json_t *s = summary(r);
    const json_t *rep = json_object_get(s, "repairs");
    assert_int_equal(json_array_size(rep), 1);
    assert_string_equal(json_string_value(json_array_get(rep, 0)), msg);
    assert_float_equal(jnum(json_object_get(s, "inputs"), "a", "repairs"), 1, 0);
    json_decref(s);
    const ct_table *au = ct_result_table_by_name(r, "a_units");
    assert_string_equal(text(au, 0, "class"), "nested");
    assert_string_equal(text(au, 0, "best_id"), "A1");
    ct_result_free(r);
    ct_layer_free(a);
    ct_layer_free(l);

    /* --strict: an error naming the file, layer and feature; no layer */
    ct_diag_clear(ctx);
    const char *strict[] = {"STRICT=YES", NULL};
    l = (ct_layer *)1;
    assert_int_equal(ct_layer_open(ctx, &l, CASE("bowtie.geojson"), strict), CT_EGEOM);
    assert_null(l);
    assert_non_null(strstr(ct_errmsg(ctx), "bowtie.geojson:bowtie: feature BOW: invalid geometry"));
    assert_non_null(strstr(ct_errmsg(ctx), "--strict"));
    assert_int_equal(ct_diag_count(ctx), 0);
}

/* D1 twice: an error, or with DISSOLVE one unit of 1 + 1 km2. */
static void test_duplicates_and_dissolve(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(ctx, &l, CASE("dup_ids.geojson"), NULL), CT_EDATA);
    assert_null(l);
    assert_non_null(strstr(ct_errmsg(ctx), "dup_ids.geojson:dup_ids: duplicate id 'D1' in field code"));
    const char *dissolve[] = {"DISSOLVE=YES", NULL};
    l = open_ok(ctx, CASE("dup_ids.geojson"), dissolve);
    assert_int_equal(ct_layer_size(l), 2);
    assert_string_equal(ct_layer_id(l, 0), "D1");
    assert_string_equal(ct_layer_name(l, 0), "west half"); /* the first feature's */
    assert_float_equal(ct_layer_area(l, 0), 2 * KM2, 1e-6);
    assert_string_equal(ct_layer_id(l, 1), "D2");
    assert_float_equal(ct_layer_area(l, 1), 2 * KM2, 1e-6);
    ct_layer_free(l);
}

/* id and name fields: detection, choice, and the CRS of a CSV layer. */
static void test_fields_and_crs(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *l = open_ok(ctx, CASE("b.geojson"), NULL);
    assert_string_equal(ct_layer_id_field(l), "b_code");
    assert_string_equal(ct_layer_name(l, 0), "Beta One"); /* b_name matches b_code */
    assert_string_equal(ct_layer_crs(l), "EPSG:27700");
    assert_non_null(strstr(ct_layer_source(l), "b.geojson:b"));
    assert_null(ct_layer_id(l, 7));
    assert_true(isnan(ct_layer_area(l, 7)));
    ct_layer_free(l);

    const char *pick[] = {"ID_FIELD=ccg_code", NULL};
    l = open_ok(ctx, CASE("two_ids.geojson"), pick);
    assert_string_equal(ct_layer_id(l, 0), "C1");
    assert_string_equal(ct_layer_name(l, 0), "one");
    ct_layer_free(l);

    const char *assume[] = {"ASSUME_CRS=EPSG:27700", NULL};
    l = open_ok(ctx, CASE("nocrs.csv"), assume);
    assert_int_equal(ct_layer_size(l), 2);
    assert_float_equal(ct_layer_area(l, 0), 4 * KM2, 1e-6);
    ct_layer_free(l);

    /* measured in Web Mercator the 2 km square is larger (scale ~1/cos 52.6
     * degrees, squared: about 2.7 times) and the CRS is recorded */
    const char *merc[] = {"CRS=EPSG:3857", NULL};
    l = open_ok(ctx, CASE("a.geojson"), merc);
    assert_string_equal(ct_layer_crs(l), "EPSG:3857");
    assert_true(ct_layer_area(l, 1) > 2.5 * 4 * KM2 && ct_layer_area(l, 1) < 3 * 4 * KM2);
    ct_layer *b = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_result *r = (ct_result *)1;
    assert_int_equal(ct_fit(ctx, &r, l, b, NULL, NULL), CT_ECRS);
    assert_null(r);
    assert_non_null(strstr(ct_errmsg(ctx), "different CRSs (EPSG:3857, EPSG:27700)"));
    ct_layer_free(b);
    ct_layer_free(l);
}

/* ---- every bad input: status and a message naming file, layer, feature ---- */

typedef struct bad {
    const char *spec;
    const char *opt; /* one option or NULL */
    ct_status st;
    const char *msg; /* must occur in ct_errmsg */
} bad;

static void test_bad_layers(void **state)
{
    ct_ctx *ctx = *state;
    static const bad cases[] = {
        {CASE("nocrs.csv"), NULL, CT_ECRS,
         "nocrs.csv:nocrs: no CRS; give one with --assume-crs EPSG:N"},
        {CASE("wgs84_default.geojson"), NULL, CT_ECRS,
         "wgs84_default.geojson:wgs84_default: its CRS is geographic"},
        {CASE("null_geom.geojson"), NULL, CT_EGEOM,
         "null_geom.geojson:null_geom: feature N2 has no geometry"},
        {CASE("empty_geom.geojson"), NULL, CT_EGEOM,
         "empty_geom.geojson:empty_geom: feature E2 has an empty geometry"},
        {CASE("line.geojson"), NULL, CT_EGEOM, "line.geojson:line: feature L1: not a polygon"},
        {CASE("collapsed.geojson"), NULL, CT_EGEOM,
         "collapsed.geojson:collapsed: feature Z1: invalid geometry"},
        {CASE("dup_ids.geojson"), NULL, CT_EDATA, "duplicate id 'D1'"},
        {CASE("two_ids.geojson"), NULL, CT_EFORMAT,
         "two_ids.geojson:two_ids: more than one candidate id field"},
        {CASE("two_ids.geojson"), NULL, CT_EFORMAT, "(fields: id, ccg_code, name)"},
        {CASE("no_id.geojson"), NULL, CT_EFORMAT,
         "no_id.geojson:no_id: no id field (*_code, code, id or unit)"},
        {CASE("null_id.geojson"), NULL, CT_EDATA,
         "null_id.geojson:null_id: feature 1 has no code"},
        {CASE("empty.geojson"), NULL, CT_EFORMAT, "empty.geojson:empty: layer is empty"},
        {CASE("garbage.geojson"), NULL, CT_EIO, "garbage.geojson: cannot read"},
        {CASE("missing.geojson"), NULL, CT_EIO, "missing.geojson: no such file"},
        {"ccg22", NULL, CT_EIO, "'ccg22' is neither a file nor a built-in layer"},
        {CASE("a.geojson:nolayer"), NULL, CT_EFORMAT,
         "a.geojson: no layer 'nolayer' (layers: a)"},
        {CASE("a.geojson"), "ID_FIELD=nope", CT_EFORMAT,
         "a.geojson:a: no id field 'nope' (fields: code, name)"},
        {CASE("a.geojson"), "NAME_FIELD=label", CT_EFORMAT, "a.geojson:a: no name field 'label'"},
        {CASE("a.geojson"), "CRS=EPSG:4326", CT_ECRS, "EPSG:4326 is not projected"},
        {CASE("a.geojson"), "CRS=EPSG:999999", CT_ECRS, "unknown CRS 'EPSG:999999'"},
        {CASE("nocrs.csv"), "ASSUME_CRS=EPSG:0", CT_ECRS, "unknown CRS 'EPSG:0'"},
        {CASE("a.geojson"), "DISOLVE=YES", CT_EINVAL, "unknown option 'DISOLVE'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *opts[] = {cases[i].opt, NULL};
        ct_layer *l = (ct_layer *)1;
        ct_status st = ct_layer_open(ctx, &l, cases[i].spec, opts);
        if (st != cases[i].st || !strstr(ct_errmsg(ctx), cases[i].msg))
            fail_msg("%s [%s]: got %s '%s', want %s '%s'", cases[i].spec,
                     cases[i].opt ? cases[i].opt : "", ct_status_name(st), ct_errmsg(ctx),
                     ct_status_name(cases[i].st), cases[i].msg);
        assert_null(l);
        assert_int_equal(ct_errcode(ctx), cases[i].st);
    }
    assert_int_equal(ct_diag_count(ctx), 0);
}

static void test_bad_population(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *p = (ct_pop *)1;
    const char *field[] = {"POP_FIELD=pop", NULL};
    assert_int_equal(ct_pop_open(ctx, &p, CASE("bad_pop.geojson"), field), CT_EDATA);
    assert_null(p);
    assert_non_null(strstr(ct_errmsg(ctx),
                           "bad_pop.geojson:bad_pop: area Q2: population 'many' is not a number"));
    assert_int_equal(ct_pop_open(ctx, &p, CASE("pop.geojson"), NULL), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(ctx), "needs POP_FIELD"));
    const char *nope[] = {"POP_FIELD=people", NULL};
    assert_int_equal(ct_pop_open(ctx, &p, CASE("pop.geojson"), nope), CT_EFORMAT);
    assert_non_null(strstr(ct_errmsg(ctx), "pop.geojson:pop: no"));
    assert_non_null(strstr(ct_errmsg(ctx), "'people' (fields: code, name, pop)"));
    const char *dis[] = {"POP_FIELD=pop", "DISSOLVE=YES", NULL};
    assert_int_equal(ct_pop_open(ctx, &p, CASE("pop.geojson"), dis), CT_EINVAL);
    const char *geo[] = {"POP_FIELD=pop", "CRS=EPSG:4326", NULL};
    assert_int_equal(ct_pop_open(ctx, &p, CASE("pop.geojson"), geo), CT_ECRS);
    assert_null(p);
}

/* The context remembers the last measuring CRS that passed its check; a
 * different one is still checked after it, and the remembered one again. */
static void test_measuring_check_cached(void **state)
{
    ct_ctx *ctx = *state;
    const char *bng[] = {"CRS=EPSG:27700", NULL}, *geo[] = {"CRS=EPSG:4326", NULL},
               *feet[] = {"CRS=EPSG:2263", NULL}; /* New York Long Island, US feet */
    ct_layer *l = open_ok(ctx, CASE("a.geojson"), bng), *m = (ct_layer *)1;
    assert_int_equal(ct_layer_open(ctx, &m, CASE("a.geojson"), geo), CT_ECRS);
    assert_non_null(strstr(ct_errmsg(ctx), "measuring CRS EPSG:4326 is not projected"));
    assert_int_equal(ct_layer_open(ctx, &m, CASE("a.geojson"), feet), CT_ECRS);
    assert_non_null(strstr(ct_errmsg(ctx), "measuring CRS EPSG:2263 has coordinates in"));
    ct_layer_free(l);
    l = open_ok(ctx, CASE("a.geojson"), bng);
    ct_layer_free(l);
}

static void test_bad_fit_calls(void **state)
{
    ct_ctx *ctx = *state;
    ct_layer *a = open_ok(ctx, CASE("a.geojson"), NULL);
    ct_layer *b = open_ok(ctx, CASE("b.geojson"), NULL);
    ct_result *r = (ct_result *)1;
    const char *m[] = {"METHOD=nearest", NULL};
    assert_int_equal(ct_fit(ctx, &r, a, b, NULL, m), CT_EINVAL);
    assert_null(r);
    assert_string_equal(ct_errmsg(ctx), "unknown method 'nearest' (auto, bestfit or areal)");
    const char *t[] = {"TOLERANCE=0.5", NULL};
    assert_int_equal(ct_fit(ctx, &r, a, b, NULL, t), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(ctx), "TOLERANCE=0.5"));
    const char *u[] = {"SLIVER=0.1", NULL};
    assert_int_equal(ct_bestfit(ctx, &r, a, b, NULL, u), CT_EINVAL);
    assert_int_equal(ct_fit(ctx, &r, a, NULL, NULL, NULL), CT_EINVAL);
    assert_int_equal(ct_fit(ctx, NULL, a, b, NULL, NULL), CT_EINVAL);
    assert_int_equal(ct_fit(NULL, &r, a, b, NULL, NULL), CT_EINVAL);
    /* objects of another context are refused */
    ct_ctx *other = NULL;
    assert_int_equal(ct_ctx_new(&other, NULL), CT_OK);
    assert_int_equal(ct_fit(other, &r, a, b, NULL, NULL), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(other), "another context"));
    ct_ctx_free(other);
    ct_layer_free(a);
    ct_layer_free(b);
    /* free functions accept NULL */
    ct_layer_free(NULL);
    ct_pop_free(NULL);
    ct_result_free(NULL);
    ct_ctx_free(NULL);
    ct_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fit_bestfit_method, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fit_auto_method, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fit_areal_and_tolerance, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fit_area_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bestfit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repair, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates_and_dissolve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fields_and_crs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_population, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measuring_check_cached, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_fit_calls, setup, teardown),
    };
    return cmocka_run_group_tests_name("fit_cases", tests, NULL, NULL);
}
