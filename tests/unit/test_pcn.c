/* ct_pcn end to end: a hand-made world (tests/cases/pcn, worked in
 * docs/pcn.md), bad inputs, and the embedded England data. */
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

#include <coterm.h>

/* cmocka's assert_float_equal compares floats; these numbers need doubles. */
#define assert_near(a, b, eps)                                                              \
    do {                                                                                    \
        double a_ = (a), b_ = (b);                                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                                      \
            fail_msg("%.17g != %.17g (tolerance %g)", a_, b_, (double)(eps));               \
    } while (0)


static const char *cases(const char *file)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/pcn/%s", CT_TEST_CASES, file);
    return buf[k];
}

#include "../ct_test_ctx.h"
#include "../ct_test_sweep.h"

static ct_pop *hand_pop(ct_ctx *ctx)
{
    ct_pop *pop = NULL;
    const char *opts[] = {"POP_FIELD=pop", NULL};
    assert_int_equal(ct_pop_open(ctx, &pop, cases("areas.geojson"), opts), CT_OK);
    return pop;
}

/* The hand-made world's options plus up to four more. */
static ct_status run_hand(ct_ctx *ctx, const ct_pop *pop, ct_result **r, const char *o1,
                          const char *o2, const char *o3, const char *o4)
{
    char opt[8][600];
    snprintf(opt[0], 600, "MEMBERSHIP=%s", cases("membership.csv"));
    snprintf(opt[1], 600, "PRACTICES=%s", cases("practices.geojson"));
    snprintf(opt[2], 600, "CATCHMENTS=%s", cases("catchments.geojson"));
    snprintf(opt[3], 600, "LTLA=%s", cases("councils.geojson"));
    snprintf(opt[4], 600, "CCG=%s", cases("councils.geojson"));
    snprintf(opt[5], 600, "SYSTEM=%s", cases("systems.geojson"));
    const char *opts[] = {opt[0], opt[1], opt[2], opt[3], opt[4], opt[5], "UTLA=NONE",
                          "BAND=1000:5000", o1, o2, o3, o4, NULL};
    return ct_pcn(ctx, r, pop, opts);
}

static size_t row_of(const ct_table *t, const char *col, const char *val)
{
    size_t c = ct_table_colindex(t, col);
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(ct_table_text(t, i, c), val))
            return i;
    fail_msg("no row with %s = %s", col, val);
    return 0;
}

static double cell(const ct_table *t, size_t row, const char *col)
{
    size_t c = ct_table_colindex(t, col);
    assert_true(c != (size_t)-1);
    return ct_table_real(t, row, c);
}

static const char *text(const ct_table *t, size_t row, const char *col)
{
    size_t c = ct_table_colindex(t, col);
    assert_true(c != (size_t)-1);
    return ct_table_text(t, row, c);
}

static json_t *doc(const ct_result *r, const char *name)
{
    json_t *j = json_loads(ct_result_doc(r, name), 0, NULL);
    assert_non_null(j);
    return j;
}

static double jnum(json_t *j, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = j;
    for (char *tok = strtok(buf, "."); tok && cur; tok = strtok(NULL, "."))
        cur = json_object_get(cur, tok);
    assert_non_null(cur);
    return json_number_value(cur);
}

/* Weights of a5 (no catchment): squared distances X 1e8, Y 1.13e8, Z 1.64e8. */
static const double WX = 1 / 1e8, WY = 1 / 1.13e8, WZ = 1 / 1.64e8;

static void test_hand_geometric(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = hand_pop(ctx);
    ct_result *r = NULL;
    char places[600];
    snprintf(places, sizeof places, "PLACES=%s", cases("places.csv"));
    assert_int_equal(run_hand(ctx, pop, &r, places, NULL, NULL, NULL), CT_OK);
    const ct_table *p = ct_result_table_by_name(r, "pcn");
    assert_int_equal(ct_table_nrows(p), 3); /* the placeholder "U" is not a PCN */
    double s = WX + WY + WZ;
    size_t x = row_of(p, "pcn_code", "X"), y = row_of(p, "pcn_code", "Y");
    size_t z = row_of(p, "pcn_code", "Z");
    assert_near(cell(p, x, "pop"), 1000 + 2000 * 9.0 / 13 + 500 * WX / s, 1e-6);
    assert_near(cell(p, y, "pop"), 2000 * 4.0 / 13 + 3000 + 3200 + 500 * WY / s, 1e-6);
    assert_near(cell(p, z, "pop"), 800 + 500 * WZ / s, 1e-6);
    assert_near(cell(p, x, "pop") + cell(p, y, "pop") + cell(p, z, "pop"), 10500, 1e-6);
    assert_near(cell(p, x, "n_practices"), 2, 0); /* P1 and P6 (not located) */
    assert_string_equal(text(p, y, "best_ltla"), "C2");
    assert_string_equal(text(p, y, "class"), "straddles");
    assert_string_equal(text(p, x, "class"), "nested");
    double y_c1 = 2000 * 4.0 / 13 + 500 * WY / s;
    assert_near(cell(p, y, "best_ltla_share"), 6200 / (6200 + y_c1), 1e-9);
    assert_near(cell(p, y, "ltla_pop_outside"), y_c1, 1e-6);
    assert_near(cell(p, x, "uncertain_pop"),
                       2000 * (9.0 / 13) * (4.0 / 13) + 500 * (WX / s) * (1 - WX / s), 1e-6);
    assert_string_equal(text(p, y, "best_place"), "PB");
    assert_near(cell(p, y, "ccg_agrees"), 0, 0);
    /* areas: one row per (area, PCN), shares of each area add up to 1 */
    const ct_table *a = ct_result_table_by_name(r, "areas");
    assert_int_equal(ct_table_nrows(a), 9);
    assert_string_equal(text(a, row_of(a, "area_id", "a1"), "method"), "catchment");
    assert_string_equal(text(a, row_of(a, "area_id", "a2"), "method"), "catchment+distance");
    assert_string_equal(text(a, row_of(a, "area_id", "a5"), "method"), "nearest-practice");
    double sum = 0;
    for (size_t i = 0; i < ct_table_nrows(a); i++)
        sum += cell(a, i, "share");
    assert_near(sum, 5, 1e-12);
    /* neighbourhoods: a1, a2, a5 drawn as X, a3 and a4 as Y; Z draws nothing */
    const ct_table *n = ct_result_table_by_name(r, "neighbourhoods");
    assert_int_equal(ct_table_nrows(n), 2);
    assert_near(cell(n, row_of(n, "pcn_code", "X"), "pop_drawn"), 3500, 1e-9);
    assert_near(cell(n, row_of(n, "pcn_code", "Y"), "n_areas"), 2, 0);
    size_t len = 0;
    assert_non_null(ct_table_geom(n, 0, ct_table_colindex(n, "geom"), &len));
    assert_true(len > 0);
    /* config.csv: block, system, place, neighbourhood */
    const ct_table *c = ct_result_table_by_name(r, "config");
    assert_int_equal(ct_table_ncols(c), 4);
    assert_string_equal(ct_table_colname(c, 0), "block");
    assert_string_equal(ct_table_colname(c, 3), "neighbourhood");
    size_t a4 = row_of(c, "block", "a4");
    assert_string_equal(text(c, a4, "system"), "S1");
    assert_string_equal(text(c, a4, "place"), "PB");
    assert_string_equal(text(c, a4, "neighbourhood"), "Y");
    /* findings: Y and Z straddle councils, CCGs and places; Y's practices
     * are in C1 but its footprint is mostly in C2; Y and Z are out of band */
    json_t *f = doc(r, "findings");
    json_t *list = json_object_get(f, "findings");
    size_t n_str = 0, n_band = 0, n_conf = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        const char *type = json_string_value(json_object_get(o, "type"));
        const char *unit = json_string_value(json_array_get(json_object_get(o, "units"), 0));
        assert_string_not_equal(unit, "X");
        n_str += !strcmp(type, "straddles_parent");
        if (!strcmp(type, "straddles_parent") && !strcmp(unit, "Y") &&
            !strcmp(json_string_value(json_object_get(o, "parent_tier")), "ltla")) {
            json_t *p0 = json_array_get(json_object_get(o, "parents"), 0);
            assert_string_equal(json_string_value(json_object_get(p0, "unit")), "C2");
            assert_near(jnum(p0, "population"), 6200, 1e-6);
            assert_near(jnum(o, "population"), y_c1, 1e-6); /* the people outside C2 */
        }
        n_band += !strcmp(type, "population_out_of_band");
        if (!strcmp(type, "membership_conflict")) {
            n_conf++;
            assert_string_equal(unit, "Y");
            assert_near(jnum(o, "share_in_practice_ccg"), y_c1 / (6200 + y_c1), 1e-9);
            assert_near(jnum(o, "population"), 6200, 1e-6);
        }
    }
    assert_int_equal(n_str, 6);
    assert_int_equal(n_band, 2);
    assert_int_equal(n_conf, 1);
    assert_int_equal(jnum(f, "version"), 2);
    json_decref(f);
    /* summary: inputs counted, the bow-tie catchment repaired */
    json_t *sm = doc(r, "summary");
    assert_int_equal(jnum(sm, "inputs.membership.placeholder_practices"), 1);
    assert_int_equal(jnum(sm, "inputs.practice_locations.unlocated"), 1);
    assert_int_equal(jnum(sm, "inputs.practice_locations.not_in_membership"), 1);
    assert_int_equal(jnum(sm, "inputs.catchments.repairs"), 1);
    assert_int_equal(jnum(sm, "inputs.catchments.not_in_membership"), 1);
    assert_int_equal(jnum(sm, "ccg_agreement.agree"), 2);
    assert_near(jnum(sm, "population.assigned"), 10500, 1e-6);
    json_decref(sm);
    ct_result_free(r);
    ct_pop_free(pop);
}

/* --within councils.geojson:C2 (x 4-8 km: a3, a4): X's footprint (2,585.0)
 * lies in C1; Y has 6,200 of 6,992.8 in C2, Z 800 of 922.2: Y and Z are kept.
 * Areas rows of Y or Z: a2, a3, a4 (Y, Z), a5 (Y, Z) = 6 of 9; neighbourhoods:
 * Y (main PCN of a3, a4) only, X dropped and Z drawing nothing; config: a3, a4. */
static void test_hand_within(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = hand_pop(ctx);
    ct_result *r = NULL;
    char within[600];
    snprintf(within, sizeof within, "WITHIN=%s:C2", cases("councils.geojson"));
    assert_int_equal(run_hand(ctx, pop, &r, within, NULL, NULL, NULL), CT_OK);
    const ct_table *p = ct_result_table_by_name(r, "pcn");
    assert_int_equal(ct_table_nrows(p), 2);
    assert_string_equal(text(p, 0, "pcn_code"), "Y");
    assert_string_equal(text(p, 1, "pcn_code"), "Z");
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "areas")), 6);
    const ct_table *n = ct_result_table_by_name(r, "neighbourhoods");
    assert_int_equal(ct_table_nrows(n), 1);
    assert_string_equal(text(n, 0, "pcn_code"), "Y");
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "config")), 2);
    json_t *f = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(f, "findings"), i, x)
    {
        const char *u = json_string_value(json_array_get(json_object_get(x, "units"), 0));
        assert_true(!strcmp(u, "Y") || !strcmp(u, "Z"));
    }
    json_decref(f);
    json_t *sm = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    json_t *w = json_object_get(sm, "within");
    assert_string_equal(json_string_value(json_object_get(w, "unit")), "C2");
    assert_string_equal(json_string_value(json_object_get(w, "name")), "Council Two");
    assert_int_equal(json_integer_value(json_object_get(w, "pcns")), 2);
    json_decref(sm);
    ct_result_free(r);
    /* malformed, and a code the layer does not have */
    r = NULL;
    assert_int_equal(run_hand(ctx, pop, &r, "WITHIN=councils", NULL, NULL, NULL), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(ctx), "--within expects LAYER:CODE"));
    snprintf(within, sizeof within, "WITHIN=%s:C9", cases("councils.geojson"));
    assert_int_equal(run_hand(ctx, pop, &r, within, NULL, NULL, NULL), CT_EDATA);
    assert_non_null(strstr(ct_errmsg(ctx), "no unit 'C9'"));
    assert_null(r);
    ct_pop_free(pop);
}

static void test_hand_registrations(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = hand_pop(ctx);
    ct_result *r = NULL;
    char reg[600], areas[600];
    snprintf(reg, sizeof reg, "REGISTRATIONS=%s", cases("registrations.csv"));
    snprintf(areas, sizeof areas, "REG_AREAS=%s", cases("reg_areas.geojson"));
    assert_int_equal(run_hand(ctx, pop, &r, reg, areas, NULL, NULL), CT_OK);
    const ct_table *p = ct_result_table_by_name(r, "pcn");
    size_t x = row_of(p, "pcn_code", "X"), y = row_of(p, "pcn_code", "Y");
    size_t z = row_of(p, "pcn_code", "Z");
    /* Y: 600 of a2 (the rest to X), all of a3 and a4 (registrations exceed
     * residents), and the 70 patients of E01000099, which covers half of a1
     * (500 people) and half of a2 (1000): 70/3 to a1, 140/3 to a2; a5
     * splits between X and Z (1/1e8 : 1/1.64e8) */
    assert_near(cell(p, y, "pop"), 7670, 1e-6);
    assert_near(cell(p, x, "pop"), 3000 - 670 + 500 * 1.64 / 2.64, 1e-6);
    assert_near(cell(p, z, "pop"), 500 / 2.64, 1e-6);
    assert_near(cell(p, y, "registered"), 8085, 1e-9);
    assert_near(cell(p, y, "uncertain_pop"), 0, 1e-9);
    double s = WX + WY + WZ;
    assert_near(cell(p, y, "pop_geometric"), 2000 * 4.0 / 13 + 6200 + 500 * WY / s,
                       1e-6);
    const ct_table *a = ct_result_table_by_name(r, "areas");
    assert_string_equal(text(a, row_of(a, "area_id", "a3"), "method"), "registrations");
    size_t a1 = row_of(a, "area_id", "a1"); /* rows: Y by registrations first, then X */
    assert_string_equal(text(a, a1, "pcn_code"), "Y");
    assert_near(cell(a, a1, "share"), 70.0 / 3 / 1000, 1e-12);
    assert_string_equal(text(a, a1 + 1, "method"), "catchment");
    const ct_table *v = ct_result_table_by_name(r, "validation");
    assert_int_equal(ct_table_nrows(v), 1);
    assert_near(cell(v, 0, "error_vs_registered"), 7670.0 / 8085 - 1, 1e-9);
    json_t *sm = doc(r, "summary");
    /* every patient is accounted for: 8000 exact + 70 bridged + 15 not used */
    assert_int_equal(jnum(sm, "inputs.registrations.codes_exact.codes"), 3);
    assert_near(jnum(sm, "inputs.registrations.codes_exact.patients"), 8000, 0);
    assert_int_equal(jnum(sm, "inputs.registrations.codes_bridged.codes"), 1);
    assert_int_equal(jnum(sm, "inputs.registrations.codes_bridged.split_over_several"), 1);
    assert_near(jnum(sm, "inputs.registrations.codes_not_used.EMPTY.patients"), 7, 0);
    assert_near(jnum(sm, "inputs.registrations.codes_not_used.wales.patients"), 3, 0);
    assert_near(jnum(sm, "inputs.registrations.codes_not_used.england_unknown.patients"),
                       5, 0);
    assert_near(jnum(sm, "validation.agreement_geometric"), 6200.0 / 7000, 1e-12);
    json_decref(sm);
    ct_result_free(r);
    ct_pop_free(pop);
}

static void expect_error(ct_ctx *ctx, ct_status st, ct_status want, const char *const *needles)
{
    assert_int_equal(st, want);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(ct_errmsg(ctx), needles[i]))
            fail_msg("message '%s' lacks '%s'", ct_errmsg(ctx), needles[i]);
}

static void test_bad_inputs(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = hand_pop(ctx);
    ct_result *r = NULL;
    char o[600];
    /* duplicate practice in the membership */
    snprintf(o, sizeof o, "MEMBERSHIP=%s", cases("bad_membership.csv"));
    expect_error(ctx, run_hand(ctx, pop, &r, o, NULL, NULL, NULL), CT_EDATA,
                 (const char *[]){"bad_membership.csv", "row 4", "P1", NULL});
    assert_null(r);
    /* a patient count that is not a number */
    snprintf(o, sizeof o, "REGISTRATIONS=%s", cases("bad_registrations.csv"));
    expect_error(ctx, run_hand(ctx, pop, &r, o, "REG_AREAS=NONE", NULL, NULL), CT_EDATA,
                 (const char *[]){"bad_registrations.csv", "row 3", "'lots'", NULL});
    /* a PCN the membership does not know */
    snprintf(o, sizeof o, "REGISTRATIONS=%s", cases("reg_unknown_pcn.csv"));
    expect_error(ctx, run_hand(ctx, pop, &r, o, NULL, NULL, NULL), CT_EDATA,
                 (const char *[]){"reg_unknown_pcn.csv", "row 2", "'Q'", NULL});
    /* no row's area is a small area of the base: nobody placed (found by fuzz_pcn) */
    snprintf(o, sizeof o, "REGISTRATIONS=%s", cases("reg_no_known_area.csv"));
    expect_error(ctx, run_hand(ctx, pop, &r, o, "REG_AREAS=NONE", NULL, NULL), CT_EDATA,
                 (const char *[]){"reg_no_known_area.csv", "lsoa21_code", "place nobody", NULL});
    /* a place block that is no area of the base */
    snprintf(o, sizeof o, "PLACES=%s", cases("bad_places.csv"));
    expect_error(ctx, run_hand(ctx, pop, &r, o, NULL, NULL, NULL), CT_EDATA,
                 (const char *[]){"bad_places.csv", "row 3", "'b9'", NULL});
    /* options */
    expect_error(ctx, run_hand(ctx, pop, &r, "BAND=5000:1000", NULL, NULL, NULL), CT_EINVAL,
                 (const char *[]){"BAND=5000:1000", NULL});
    expect_error(ctx, run_hand(ctx, pop, &r, "COLOUR=red", NULL, NULL, NULL), CT_EINVAL,
                 (const char *[]){"COLOUR", NULL});
    expect_error(ctx, run_hand(ctx, pop, &r, "TOLERANCE=0.7", NULL, NULL, NULL), CT_EINVAL,
                 (const char *[]){"TOLERANCE", NULL});
    expect_error(ctx, run_hand(ctx, pop, &r, "LTLA=NONE", NULL, NULL, NULL), CT_EINVAL,
                 (const char *[]){"LTLA", NULL});
    expect_error(ctx, run_hand(ctx, pop, &r, "MEMBERSHIP=/nonexistent/m.csv", NULL, NULL, NULL),
                 CT_EIO, (const char *[]){"/nonexistent/m.csv", NULL});
    expect_error(ctx, ct_pcn(ctx, &r, NULL, NULL), CT_EINVAL, (const char *[]){"NULL", NULL});
    assert_null(r);
    ct_pop_free(pop);
}

/* Fail the Nth allocation for every N until a run needs fewer: each
 * failure is a clean CT_ENOMEM ("out of memory") and leaks nothing (ASan),
 * or, for an allocation the code can do without, the very same result. */
static void test_alloc_failures(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = hand_pop(ctx);
    char reg[600], areas[600], places[600];
    snprintf(reg, sizeof reg, "REGISTRATIONS=%s", cases("registrations.csv"));
    snprintf(areas, sizeof areas, "REG_AREAS=%s", cases("reg_areas.geojson"));
    snprintf(places, sizeof places, "PLACES=%s", cases("places.csv"));
    ct_result *ref = NULL;
    assert_int_equal(run_hand(ctx, pop, &ref, reg, areas, places, NULL), CT_OK);
    char *want = ct_test_digest(ref);
    ct_result_free(ref);
    ct_diag_clear(ctx);
    long n = 1;
    for (;; n++) {
        ct_result *r = NULL;
        ct__alloc_fail_countdown = n;
        ct_status st = run_hand(ctx, pop, &r, reg, areas, places, NULL);
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
    assert_true(n > 100);
    free(want);
    ct_pop_free(pop);
}

/* ---- the embedded England data */

static bool has_diag(ct_ctx *ctx, const char *a, const char *b)
{
    for (size_t i = 0; i < ct_diag_count(ctx); i++)
        if (strstr(ct_diag_message(ctx, i), a) && strstr(ct_diag_message(ctx, i), b))
            return true;
    return false;
}

static void test_england(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    assert_int_equal(ct_pop_open(ctx, &pop, NULL, NULL), CT_OK);
    assert_int_equal(ct_pcn(ctx, &r, pop, NULL), CT_OK);
    const ct_table *p = ct_result_table_by_name(r, "pcn");
    /* January 2022: 1,254 PCNs (68 practices in the "U" placeholder): the
     * distinct real PCN codes of practices22_pcn.csv, counted with pandas
     * by tests/python/oracle/pcn.py */
    assert_int_equal(ct_table_nrows(p), 1254);
    double total = 0;
    for (size_t i = 0; i < ct_table_nrows(p); i++)
        total += cell(p, i, "pop");
    assert_near(total, 56550138, 1e-3); /* conserved: every LSOA is placed */
    json_t *sm = doc(r, "summary");
    /* nearly every PCN's footprint lies mostly in its practices' CCG: 1,251
     * of 1,254 by the oracle (tests/python/oracle/pcn.py re-implements the
     * geometric method with GeoPandas and SciPy and places each LSOA in the
     * CCG holding its centroid; test_pcn.py asserts coterm's count equals
     * it), the other 3 are the membership_conflict PCNs of docs/pcn.md */
    double agree = jnum(sm, "ccg_agreement.agree"), n = jnum(sm, "ccg_agreement.pcns");
    assert_int_equal(n, 1254);
    assert_int_equal(agree, 1251);
    /* 7 catchments are invalid as published, 4 more after reprojection to
     * the national grid; all 11 were repaired when the data was built
     * (data/england/repair_geometry.sh), so a run repairs none: shapely
     * finds no embedded catchment invalid, before or after to_crs(27700)
     * (oracle.pcn.catchment_repairs, checked by test_pcn.py) */
    assert_int_equal(jnum(sm, "inputs.catchments.repairs"), 0);
    const char *published[] = {"U25405", "U39345", "U44050", "U65562", "U66344", "U68552",
                               "U72231"};
    for (size_t i = 0; i < 7; i++)
        assert_false(has_diag(ctx, published[i], "repaired"));
    json_decref(sm);
    /* West Birmingham PCN: practices in Sandwell and West Birmingham CCG,
     * patients living in Birmingham (Birmingham and Solihull CCG) */
    size_t wb = row_of(p, "pcn_code", "U44365");
    assert_string_equal(text(p, wb, "ccg_code"), "E38000220");
    assert_string_equal(text(p, wb, "best_ccg"), "E38000250");
    assert_string_equal(text(p, wb, "best_ltla"), "E08000025"); /* Birmingham */
    json_t *f = doc(r, "findings");
    bool found = false;
    json_t *list = json_object_get(f, "findings");
    for (size_t i = 0; i < json_array_size(list); i++) {
        json_t *o = json_array_get(list, i);
        found |= !strcmp(json_string_value(json_object_get(o, "type")), "membership_conflict") &&
                 !strcmp(json_string_value(json_array_get(json_object_get(o, "units"), 0)),
                         "U44365");
    }
    assert_true(found);
    json_decref(f);
    ct_result_free(r);
    ct_pop_free(pop);
}

/* Staffordshire and Stoke-on-Trent: registrations by LSOA 2021. */
static void test_staffordshire(void **state)
{
    ct_ctx *ctx = *state;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    char reg[600];
    snprintf(reg, sizeof reg, "REGISTRATIONS=%s/staffs/registrations25_practice_lsoa21.csv",
             getenv("COTERM_DATA"));
    const char *opts[] = {reg, NULL};
    assert_int_equal(ct_pop_open(ctx, &pop, NULL, NULL), CT_OK);
    assert_int_equal(ct_pcn(ctx, &r, pop, opts), CT_OK);
    const ct_table *v = ct_result_table_by_name(r, "validation");
    assert_int_equal(ct_table_nrows(v), 25);
    /* every PCN's footprint (residents, mid-2020) within 20% of its
     * registered list (October 2025; lists run above residents) */
    for (size_t i = 0; i < ct_table_nrows(v); i++) {
        double e = cell(v, i, "error_vs_registered");
        if (fabs(e) > 0.20)
            fail_msg("%s: footprint %.0f vs registered %.0f", text(v, i, "pcn_code"),
                     cell(v, i, "pop"), cell(v, i, "registered"));
    }
    json_t *sm = doc(r, "summary");
    /* every patient accounted for: matched, bridged or counted as not used.
     * The counts are pandas sums over the published table by code category
     * (tests/python/oracle/registrations.py; test_pcn.py asserts coterm's
     * equal them); the total is the table's 1,210,283 patients
     * (data/england/README.md) */
    double pat = jnum(sm, "inputs.registrations.codes_exact.patients") +
                 jnum(sm, "inputs.registrations.codes_bridged.patients");
    const char *cats[] = {"EMPTY", "CLOSED", "L99", "M99", "wales", "scotland",
                          "northern_ireland", "england_unknown", "other"};
    double want[] = {1048, 333, 4, 1, 24, 16, 7, 0, 0};
    for (size_t c = 0; c < 9; c++) {
        char path[128];
        snprintf(path, sizeof path, "inputs.registrations.codes_not_used.%s.patients", cats[c]);
        assert_near(jnum(sm, path), want[c], 0);
        pat += jnum(sm, path);
    }
    assert_near(pat, 1210283, 1e-6);
    assert_int_equal(jnum(sm, "inputs.registrations.codes_exact.codes"), 3060);
    assert_int_equal(jnum(sm, "inputs.registrations.codes_bridged.codes"), 239);
    /* the geometric method against registrations (docs/pcn.md) */
    assert_true(jnum(sm, "validation.agreement_geometric") > 0.85);
    assert_true(jnum(sm, "validation.error_geometric.median_abs") < 0.10);
    assert_true(jnum(sm, "validation.error_geometric.max_abs") < 0.60);
    json_decref(sm);
    assert_true(has_diag(ctx, "M83627", "U93998"));
    ct_result_free(r);
    ct_pop_free(pop);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hand_geometric, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hand_within, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hand_registrations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_england, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staffordshire, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
