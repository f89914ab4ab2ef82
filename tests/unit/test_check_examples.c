/* The check examples of data/examples on the embedded England data: each
 * one's findings asserted exactly, with known public facts (ONS mid-2020
 * populations; Glossop in Tameside and Glossop CCG until July 2022). Every
 * unit's population is the sum of its blocks' ONS populations and the
 * population_out_of_band findings are the units outside their tier's band:
 * tests/python/oracle/check.py sums them with pandas and test_check.py
 * asserts coterm's units and band findings equal it for all four examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs/inputs.h"

#ifndef CHECK_EXAMPLES
#error "CHECK_EXAMPLES must name data/examples"
#endif

typedef struct fx {
    ct_ctx *ctx;
    ct_pop *pop;
    ct_layer *ltla, *msoa, *against[3];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    const char *names[] = {"utla21", "ltla21", "ccg21"};
    if (!f || ct_ctx_new(&f->ctx, NULL) || ct_pop_open(f->ctx, &f->pop, NULL, NULL) ||
        ct_layer_open(f->ctx, &f->ltla, "ltla21", NULL) ||
        ct_layer_open(f->ctx, &f->msoa, "msoa11", NULL))
        return -1;
    for (size_t i = 0; i < 3; i++)
        if (ct_layer_open(f->ctx, &f->against[i], names[i], NULL))
            return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    for (size_t i = 0; i < 3; i++)
        ct_layer_free(f->against[i]);
    ct_layer_free(f->ltla);
    ct_layer_free(f->msoa);
    ct_pop_free(f->pop);
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

#include "../ct_test_findings.h"

static ct_result *run(fx *f, const char *example, const ct_layer *blocks)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/config.csv", CHECK_EXAMPLES, example);
    ct_result *r = NULL;
    if (ct_check(f->ctx, &r, path, blocks, (const ct_layer *const *)f->against, 3, f->pop, NULL))
        fail_msg("%s: %s", example, ct_errmsg(f->ctx));
    return r;
}


/* The findings are exactly w, in order; returns the parsed document. */
static json_t *expect(const ct_result *r, const want *w, size_t n)
{
    json_t *doc = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    expect_findings(json_object_get(doc, "findings"), w, n, 0.5);
    return doc;
}

static double unit_pop(const ct_result *r, const char *unit)
{
    const ct_table *t = ct_result_table_by_name(r, "units");
    size_t cu = ct_table_colindex(t, "unit"), cp = ct_table_colindex(t, "pop");
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(ct_table_text(t, i, cu), unit))
            return ct_table_real(t, i, cp);
    fail_msg("no unit %s", unit);
    return 0;
}

/* Greater Manchester's ten boroughs: the places match their councils, but
 * the system boundary cuts Tameside and Glossop CCG, whose Glossop part
 * (33,604 people in High Peak, Derbyshire) lies outside. */
static void test_gm_boroughs(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_gm_boroughs", f->ltla);
    const want w[] = {
        {"no_statutory_match", "warning", "system", "Greater Manchester", "utla21", "E08000003",
         2848286},
        {"council_split", "warning", "system", "Greater Manchester", "ccg21", "E38000182",
         260721},
        {"population_out_of_band", "info", "place", "Manchester", NULL, "", 555741},
        {"population_out_of_band", "info", "place", "Oldham", NULL, "", 237628},
        {"population_out_of_band", "info", "place", "Trafford", NULL, "", 237579},
        {"not_coterminous", "info", "place", "Tameside", "ccg21", "E38000182", 227117},
        {"population_out_of_band", "info", "place", "Tameside", NULL, "", 227117},
        {"population_out_of_band", "info", "place", "Rochdale", NULL, "", 223659},
        {"population_out_of_band", "info", "place", "Bury", NULL, "", 190708},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    const json_t *split = json_array_get(json_object_get(doc, "findings"), 1);
    assert_float_equal(json_number_value(json_object_get(split, "outside_share")),
                       33604.0 / 260721, 1e-9);
    /* ONS mid-2020: Greater Manchester 2,848,286 people, all in its places */
    assert_float_equal(unit_pop(r, "Greater Manchester"), 2848286, 0.5);
    double sum = 0;
    const char *boroughs[] = {"Bolton", "Bury", "Manchester", "Oldham", "Rochdale",
                              "Salford", "Stockport", "Tameside", "Trafford", "Wigan"};
    for (size_t i = 0; i < 10; i++)
        sum += unit_pop(r, boroughs[i]);
    assert_float_equal(sum, 2848286, 0.5);
    json_decref(doc);
    ct_result_free(r);
}

/* North East London's places: only info findings. */
static void test_nel_places(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_nel_places", f->ltla);
    const want w[] = {
        {"not_coterminous", "info", "system", "North East London", "utla21", "E09000025",
         2036470},
        {"not_coterminous", "info", "system", "North East London", "ltla21", "E09000025",
         2036470},
        /* the CCG is the system (below), so the place tier is meant to divide it:
         * its parts are the seven places, largest first */
        {"council_divided", "info", "place",
         "Newham;Tower Hamlets;Redbridge;City and Hackney;Waltham Forest;Havering;Barking and "
         "Dagenham",
         "ccg21", "E38000255", 2036470},
        {"not_coterminous", "info", "place", "Newham", "ccg21", "E38000255", 355266},
        {"not_coterminous", "info", "place", "Tower Hamlets", "ccg21", "E38000255", 331969},
        {"not_coterminous", "info", "place", "Redbridge", "ccg21", "E38000255", 305658},
        {"no_statutory_match", "info", "place", "City and Hackney", "utla21", "E09000012",
         291879},
        {"not_coterminous", "info", "place", "Waltham Forest", "ccg21", "E38000255", 276940},
        {"not_coterminous", "info", "place", "Havering", "ccg21", "E38000255", 260651},
        {"not_coterminous", "info", "place", "Barking and Dagenham", "ccg21", "E38000255",
         214107},
        {"population_out_of_band", "info", "place", "Barking and Dagenham", NULL, "", 214107},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* the system is NHS North East London CCG (formed April 2021) */
    const ct_table *u = ct_result_table_by_name(r, "units");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "ccg21_best")), "E38000255");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "ccg21_class")),
                        "coterminous");
    json_decref(doc);
    ct_result_free(r);
}

/* The same places under three subsystems: the double layer. */
static void test_nel_subsystems(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_nel_subsystems", f->ltla);
    const want w[] = {
        {"intermediate_tier", "warning", "subsystem",
         "City and Hackney;Barking, Havering and Redbridge;Tower Hamlets, Newham and Waltham "
         "Forest",
         "utla21", "E09000002;E09000016;E09000026;E09000030;E09000025;E09000031", 2036470},
        {"not_coterminous", "info", "system", "North East London", "utla21", "E09000025",
         2036470},
        {"not_coterminous", "info", "system", "North East London", "ltla21", "E09000025",
         2036470},
        /* the CCG divided by the subsystems, then differently (7 parts, not 3)
         * by the places */
        {"council_divided", "info", "subsystem",
         "Tower Hamlets, Newham and Waltham Forest;Barking, Havering and Redbridge;City and "
         "Hackney",
         "ccg21", "E38000255", 2036470},
        {"council_divided", "info", "place",
         "Newham;Tower Hamlets;Redbridge;City and Hackney;Waltham Forest;Havering;Barking and "
         "Dagenham",
         "ccg21", "E38000255", 2036470},
        {"no_statutory_match", "info", "subsystem", "Tower Hamlets, Newham and Waltham Forest",
         "ccg21", "E38000255", 964175},
        {"no_statutory_match", "info", "subsystem", "Barking, Havering and Redbridge", "utla21",
         "E09000026", 780416},
        {"not_coterminous", "info", "place", "Newham", "ccg21", "E38000255", 355266},
        {"not_coterminous", "info", "place", "Tower Hamlets", "ccg21", "E38000255", 331969},
        {"not_coterminous", "info", "place", "Redbridge", "ccg21", "E38000255", 305658},
        /* the place City and Hackney is its subsystem again: one finding */
        {"no_statutory_match", "info", "subsystem", "City and Hackney", "utla21", "E09000012",
         291879},
        {"not_coterminous", "info", "place", "Waltham Forest", "ccg21", "E38000255", 276940},
        {"not_coterminous", "info", "place", "Havering", "ccg21", "E38000255", 260651},
        {"not_coterminous", "info", "place", "Barking and Dagenham", "ccg21", "E38000255",
         214107},
        {"population_out_of_band", "info", "place", "Barking and Dagenham", NULL, "", 214107},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* six of the seven places (all but City and Hackney) are boroughs */
    const json_t *it = json_array_get(json_object_get(doc, "findings"), 0);
    assert_float_equal(json_number_value(json_object_get(it, "tier_below_match_share")),
                       (2036470.0 - 291879) / 2036470, 1e-9);
    json_decref(doc);
    ct_result_free(r);
}

/* Kent and Medway's four partnerships on MSOA blocks. */
static void test_kent_msoa(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_kent_msoa", f->msoa);
    const want w[] = {
        {"council_split", "warning", "place",
         "East Kent;West Kent;Dartford, Gravesham and Swanley;Medway and Swale", "utla21",
         "E10000016", 1589057},
        {"no_statutory_match", "warning", "place", "West Kent", "ltla21", "E07000110", 503726},
        {"no_statutory_match", "warning", "place", "Medway and Swale", "utla21", "E06000035",
         430157},
        {"no_statutory_match", "warning", "place", "Dartford, Gravesham and Swanley", "ltla21",
         "E07000107", 263244},
        {"council_split", "warning", "place", "West Kent;Dartford, Gravesham and Swanley",
         "ltla21", "E07000111", 121387},
        {"not_coterminous", "info", "system", "Kent and Medway", "utla21", "E10000016", 1868199},
        {"not_coterminous", "info", "system", "Kent and Medway", "ltla21", "E06000035", 1868199},
        /* the CCG is the system: the places divide it (largest first) */
        {"council_divided", "info", "place",
         "East Kent;West Kent;Medway and Swale;Dartford, Gravesham and Swanley", "ccg21",
         "E38000237", 1868199},
        {"no_statutory_match", "info", "place", "East Kent", "utla21", "E10000016", 671072},
        {"population_out_of_band", "info", "place", "East Kent", NULL, "", 671072},
        {"population_out_of_band", "info", "place", "West Kent", NULL, "", 503726},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* Sevenoaks: the Swanley side's people are exact sums of its MSOAs */
    const json_t *split = json_array_get(json_object_get(doc, "findings"), 4);
    assert_string_equal(json_string_value(json_object_get(split, "type")), "council_split");
    const json_t *parts = json_object_get(split, "parts");
    double a = json_number_value(json_object_get(json_array_get(parts, 0), "population"));
    double b = json_number_value(json_object_get(json_array_get(parts, 1), "population"));
    assert_float_equal(a + b, 121387, 0.5); /* ONS mid-2020 Sevenoaks */
    /* Dartford + Gravesham + the Swanley MSOAs */
    assert_float_equal(unit_pop(r, "Dartford, Gravesham and Swanley"), 114051 + 106890 + b, 0.5);
    /* the system is NHS Kent and Medway CCG */
    const ct_table *u = ct_result_table_by_name(r, "units");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "ccg21_class")),
                        "coterminous");
    json_decref(doc);
    ct_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gm_boroughs),
        cmocka_unit_test(test_nel_places),
        cmocka_unit_test(test_nel_subsystems),
        cmocka_unit_test(test_kent_msoa),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
