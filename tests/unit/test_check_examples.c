/* The check examples of data/examples on the embedded England data, against
 * the default statutory layers (utla21, ltla21, sicbl22): each one's findings
 * asserted exactly. The expected lists were derived by the independent oracle
 * tests/python/oracle/check.py, which re-derives every rule of docs/check.md
 * with pandas from the ONS tables (LSOA populations, the LSOA -> MSOA -> LTLA
 * -> UTLA and LSOA -> sub-ICB location lookups, so every unit's people are
 * exact sums of LSOAs) and shapely on the published boundaries (pieces);
 * tests/python/test_check.py asserts coterm equals the oracle for all six
 * examples, so these lists cannot drift from it. Known public facts are
 * asserted beside them (ONS mid-2020 populations; Glossop in Tameside and
 * Glossop CCG until July 2022). */
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
    ct_layer *ltla, *msoa, *against[3], *ccg21;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    const char *names[] = {"utla21", "ltla21", "sicbl22"};
    if (!f || ct_ctx_new(&f->ctx, NULL) || ct_pop_open(f->ctx, &f->pop, NULL, NULL) ||
        ct_layer_open(f->ctx, &f->ltla, "ltla21", NULL) ||
        ct_layer_open(f->ctx, &f->msoa, "msoa11", NULL) ||
        ct_layer_open(f->ctx, &f->ccg21, "ccg21", NULL))
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
    ct_layer_free(f->ccg21);
    ct_pop_free(f->pop);
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

#include "../ct_test_findings.h"

/* Check an example against against[n] (NULL: the defaults, f->against). */
static ct_result *run_against(fx *f, const char *example, const ct_layer *blocks,
                              const ct_layer *const *against, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/config.csv", CHECK_EXAMPLES, example);
    ct_result *r = NULL;
    if (!against) {
        against = (const ct_layer *const *)f->against;
        n = 3;
    }
    if (ct_check(f->ctx, &r, path, blocks, against, n, f->pop, NULL))
        fail_msg("%s: %s", example, ct_errmsg(f->ctx));
    return r;
}

static ct_result *run(fx *f, const char *example, const ct_layer *blocks)
{
    return run_against(f, example, blocks, NULL, 0);
}


/* The findings are exactly w, in order; returns the parsed document. */
static json_t *expect(const ct_result *r, const want *w, size_t n)
{
    json_t *doc = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    expect_findings(json_object_get(doc, "findings"), w, n, 0.5);
    return doc;
}

static size_t count(const json_t *doc, const char *key, const char *value)
{
    size_t n = 0, i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "findings"), i, x)
    {
        n += !strcmp(json_string_value(json_object_get(x, key)), value);
    }
    return n;
}

/* The first finding of a type. */
static const json_t *of_type(const json_t *doc, const char *type)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "findings"), i, x)
    {
        if (!strcmp(json_string_value(json_object_get(x, "type")), type))
            return x;
    }
    fail_msg("no %s finding", type);
    return NULL;
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

/* Greater Manchester's ten boroughs: each matches its council and its
 * sub-ICB location, so no warnings (Glossop left NHS Tameside and Glossop in
 * July 2022); the system matches no single unit (info). Against the CCGs of
 * April 2021 the system boundary cut Tameside and Glossop CCG, whose Glossop
 * part (33,604 people in High Peak, Derbyshire) lay outside. */
static void test_gm_boroughs(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_gm_boroughs", f->ltla);
    const want w[] = {
        {"no_statutory_match", "info", "system", "Greater Manchester", "utla21", "E08000003",
         2848286},
        {"population_out_of_band", "info", "place", "Manchester", NULL, "", 555741},
        {"population_out_of_band", "info", "place", "Oldham", NULL, "", 237628},
        {"population_out_of_band", "info", "place", "Trafford", NULL, "", 237579},
        {"population_out_of_band", "info", "place", "Tameside", NULL, "", 227117},
        {"population_out_of_band", "info", "place", "Rochdale", NULL, "", 223659},
        {"population_out_of_band", "info", "place", "Bury", NULL, "", 190708},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    assert_int_equal(count(doc, "severity", "warning"), 0);
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
    /* with ccg21: the system splits Tameside and Glossop CCG (260,721 people) */
    const ct_layer *ccg[] = {f->against[0], f->against[1], f->ccg21};
    r = run_against(f, "check_gm_boroughs", f->ltla, ccg, 3);
    doc = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    const json_t *split = of_type(doc, "council_split");
    const json_t *au = json_array_get(json_object_get(split, "against_units"), 0);
    assert_string_equal(json_string_value(au), "E38000182");
    assert_float_equal(json_number_value(json_object_get(split, "population")), 260721, 0.5);
    assert_float_equal(json_number_value(json_object_get(split, "outside_share")),
                       33604.0 / 260721, 1e-9);
    json_decref(doc);
    ct_result_free(r);
}

/* North East London's places: only info findings. */
static void test_nel_places(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_nel_places", f->ltla);
    const want w[] = {
        {"not_coterminous", "info", "system", "North East London", "utla21", "E09000025", 2036470},
        {"not_coterminous", "info", "system", "North East London", "ltla21", "E09000025", 2036470},
        {"council_divided", "info", "place",
         "Newham;Tower Hamlets;Redbridge;City and Hackney;Waltham Forest;Havering;Barking and "
         "Dagenham", "sicbl22", "E38000255", 2036470},
        {"not_coterminous", "info", "place", "Newham", "sicbl22", "E38000255", 355266},
        {"not_coterminous", "info", "place", "Tower Hamlets", "sicbl22", "E38000255", 331969},
        {"not_coterminous", "info", "place", "Redbridge", "sicbl22", "E38000255", 305658},
        {"no_statutory_match", "info", "place", "City and Hackney", "utla21", "E09000012", 291879},
        {"not_coterminous", "info", "place", "Waltham Forest", "sicbl22", "E38000255", 276940},
        {"not_coterminous", "info", "place", "Havering", "sicbl22", "E38000255", 260651},
        {"not_coterminous", "info", "place", "Barking and Dagenham", "sicbl22", "E38000255",
         214107},
        {"population_out_of_band", "info", "place", "Barking and Dagenham", NULL, "", 214107},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    assert_int_equal(count(doc, "severity", "info"), sizeof w / sizeof w[0]);
    /* the system is NHS North East London's sub-ICB location (the CCG of April
     * 2021, unchanged in July 2022), so the places are meant to divide it */
    const ct_table *u = ct_result_table_by_name(r, "units");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "sicbl22_best")), "E38000255");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "sicbl22_class")),
                        "coterminous");
    json_decref(doc);
    ct_result_free(r);
}

/* The same places under three subsystems: the double layer; the place City
 * and Hackney is its subsystem again and repeats none of its findings. */
static void test_nel_subsystems(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_nel_subsystems", f->ltla);
    const want w[] = {
        {"intermediate_tier", "warning", "subsystem",
         "City and Hackney;Barking, Havering and Redbridge;Tower Hamlets, Newham and Waltham "
         "Forest", "utla21", "E09000002;E09000016;E09000026;E09000030;E09000025;E09000031",
         2036470},
        {"not_coterminous", "info", "system", "North East London", "utla21", "E09000025", 2036470},
        {"not_coterminous", "info", "system", "North East London", "ltla21", "E09000025", 2036470},
        {"council_divided", "info", "subsystem",
         "Tower Hamlets, Newham and Waltham Forest;Barking, Havering and Redbridge;City and "
         "Hackney", "sicbl22", "E38000255", 2036470},
        {"council_divided", "info", "place",
         "Newham;Tower Hamlets;Redbridge;City and Hackney;Waltham Forest;Havering;Barking and "
         "Dagenham", "sicbl22", "E38000255", 2036470},
        {"no_statutory_match", "info", "subsystem", "Tower Hamlets, Newham and Waltham Forest",
         "sicbl22", "E38000255", 964175},
        {"no_statutory_match", "info", "subsystem", "Barking, Havering and Redbridge", "utla21",
         "E09000026", 780416},
        {"not_coterminous", "info", "place", "Newham", "sicbl22", "E38000255", 355266},
        {"not_coterminous", "info", "place", "Tower Hamlets", "sicbl22", "E38000255", 331969},
        {"not_coterminous", "info", "place", "Redbridge", "sicbl22", "E38000255", 305658},
        {"no_statutory_match", "info", "subsystem", "City and Hackney", "utla21", "E09000012",
         291879},
        {"not_coterminous", "info", "place", "Waltham Forest", "sicbl22", "E38000255", 276940},
        {"not_coterminous", "info", "place", "Havering", "sicbl22", "E38000255", 260651},
        {"not_coterminous", "info", "place", "Barking and Dagenham", "sicbl22", "E38000255",
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
        {"council_split", "warning", "place", "West Kent;Dartford, Gravesham and Swanley", "ltla21",
         "E07000111", 121387},
        {"not_coterminous", "info", "system", "Kent and Medway", "utla21", "E10000016", 1868199},
        {"not_coterminous", "info", "system", "Kent and Medway", "ltla21", "E06000035", 1868199},
        {"council_divided", "info", "place",
         "East Kent;West Kent;Medway and Swale;Dartford, Gravesham and Swanley", "sicbl22",
         "E38000237", 1868199},
        {"no_statutory_match", "info", "place", "East Kent", "utla21", "E10000016", 671072},
        {"population_out_of_band", "info", "place", "East Kent", NULL, "", 671072},
        {"population_out_of_band", "info", "place", "West Kent", NULL, "", 503726},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* Sevenoaks: the Swanley side's people are exact sums of its MSOAs */
    const json_t *split = NULL;
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "findings"), i, x)
    {
        const json_t *au = json_array_get(json_object_get(x, "against_units"), 0);
        if (au && !strcmp(json_string_value(au), "E07000111"))
            split = x;
    }
    assert_non_null(split);
    assert_string_equal(json_string_value(json_object_get(split, "type")), "council_split");
    const json_t *parts = json_object_get(split, "parts");
    double a = json_number_value(json_object_get(json_array_get(parts, 0), "population"));
    double b = json_number_value(json_object_get(json_array_get(parts, 1), "population"));
    assert_float_equal(a + b, 121387, 0.5); /* ONS mid-2020 Sevenoaks */
    /* Dartford + Gravesham + the Swanley MSOAs */
    assert_float_equal(unit_pop(r, "Dartford, Gravesham and Swanley"), 114051 + 106890 + b, 0.5);
    /* the system is NHS Kent and Medway's sub-ICB location */
    const ct_table *u = ct_result_table_by_name(r, "units");
    assert_string_equal(ct_table_text(u, 0, ct_table_colindex(u, "sicbl22_class")),
                        "coterminous");
    json_decref(doc);
    ct_result_free(r);
}

/* Cheshire and Merseyside's nine council places with two slips: the MSOA
 * holding Nantwich (E02003839, Cheshire East, 6,996 people) in the Wirral
 * place, and the Sefton MSOA E02001429 (6,693 people) labelled "Setfon". */
static void test_cm_msoa(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_cm_msoa", f->msoa);
    const want w[] = {
        {"council_split", "warning", "place", "Cheshire East;Cheshire West and Chester;Wirral",
         "sicbl22", "E38000233", 730490},
        {"council_split", "warning", "place", "Cheshire East;Wirral", "utla21", "E06000049",
         386667},
        {"no_statutory_match", "warning", "place", "Wirral", "utla21", "E08000015", 331332},
        {"council_split", "warning", "place", "Sefton;Setfon", "utla21", "E08000014", 275899},
        {"no_statutory_match", "warning", "place", "Sefton", "utla21", "E08000014", 269206},
        {"council_split", "warning", "place", "Sefton;Setfon", "sicbl22", "E38000170", 116186},
        {"discontiguous", "warning", "place", "Wirral", NULL, "", 6996},
        {"possible_typo", "warning", "place", "Setfon;Sefton", NULL, "", 6693},
        {"no_statutory_match", "info", "system", "Cheshire and Merseyside", "sicbl22", "E38000233",
         2503902},
        {"population_out_of_band", "info", "place", "Liverpool", NULL, "", 500474},
        {"no_statutory_match", "info", "place", "Cheshire East", "utla21", "E06000049", 379671},
        {"not_coterminous", "info", "place", "Cheshire West and Chester", "sicbl22", "E38000233",
         343823},
        {"population_out_of_band", "info", "place", "Warrington", NULL, "", 209397},
        {"population_out_of_band", "info", "place", "St. Helens", NULL, "", 181095},
        {"population_out_of_band", "info", "place", "Knowsley", NULL, "", 152452},
        {"population_out_of_band", "info", "place", "Halton", NULL, "", 129759},
        {"no_statutory_match", "info", "place", "Setfon", "sicbl22", "E38000170", 6693},
        {"population_out_of_band", "info", "place", "Setfon", NULL, "", 6693},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* an exclave: Nantwich's MSOA lies in Cheshire East, 40 km from the Wirral */
    const json_t *d = of_type(doc, "discontiguous");
    assert_string_equal(json_string_value(json_array_get(json_object_get(d, "blocks"), 0)),
                        "E02003839");
    const json_t *by = json_array_get(json_object_get(d, "surrounded_by"), 0);
    assert_string_equal(json_string_value(json_object_get(by, "unit")), "Cheshire East");
    /* a typo: Setfon is one swap of adjacent letters from Sefton */
    const json_t *t = of_type(doc, "possible_typo");
    assert_int_equal(json_integer_value(json_object_get(t, "edits")), 1);
    /* Cheshire East, a unitary council in utla21 and ltla21: one finding */
    size_t n = 0, i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "findings"), i, x)
    {
        const json_t *au = json_array_get(json_object_get(x, "against_units"), 0);
        if (au && !strcmp(json_string_value(au), "E06000049") &&
            !strcmp(json_string_value(json_object_get(x, "type")), "council_split")) {
            n++;
            assert_int_equal(json_array_size(json_object_get(x, "against_layers")), 2);
        }
    }
    assert_int_equal(n, 1);
    json_decref(doc);
    ct_result_free(r);
}

/* Surrey's eleven districts as places, Elmbridge divided into East and West,
 * each inside it: a council_split though neither crosses its boundary. */
static void test_surrey_msoa(void **state)
{
    fx *f = *state;
    ct_result *r = run(f, "check_surrey_msoa", f->msoa);
    const want w[] = {
        {"not_coterminous", "warning", "system", "Surrey", "sicbl22", "E38000246", 1199870},
        {"council_split", "warning", "place",
         "E07000211;E07000209;E07000217;E07000213;E07000215;E07000210;E07000216;E07000208;"
         "E07000212;E07000207W;E07000207E;E07000214", "sicbl22", "E38000246", 1052425},
        {"council_split", "warning", "system", "Surrey", "sicbl22", "E38000252", 746739},
        {"council_split", "warning", "place", "E07000214;E07000216;E07000209;E07000212", "sicbl22",
         "E38000252", 746739},
        {"not_coterminous", "warning", "place", "E07000209", "sicbl22", "E38000246", 150352},
        {"council_split", "warning", "place", "E07000207W;E07000207E", "ltla21", "E07000207",
         137215},
        {"not_coterminous", "warning", "place", "E07000216", "sicbl22", "E38000246", 126556},
        {"not_coterminous", "warning", "place", "E07000212", "sicbl22", "E38000246", 90327},
        {"not_coterminous", "warning", "place", "E07000214", "sicbl22", "E38000252", 89204},
        {"not_coterminous", "info", "system", "Surrey", "ltla21", "E07000209", 1199870},
        {"council_divided", "info", "place",
         "E07000209;E07000211;E07000216;E07000217;E07000213;E07000212;E07000214;E07000215;"
         "E07000210;E07000208;E07000207W;E07000207E", "utla21", "E10000030", 1199870},
        {"not_coterminous", "info", "place", "E07000209", "utla21", "E10000030", 150352},
        {"population_out_of_band", "info", "place", "E07000209", NULL, "", 150352},
        {"not_coterminous", "info", "place", "E07000211", "utla21", "E10000030", 149243},
        {"not_coterminous", "info", "place", "E07000211", "sicbl22", "E38000246", 149243},
        {"population_out_of_band", "info", "place", "E07000211", NULL, "", 149243},
        {"not_coterminous", "info", "place", "E07000216", "utla21", "E10000030", 126556},
        {"population_out_of_band", "info", "place", "E07000216", NULL, "", 126556},
        {"not_coterminous", "info", "place", "E07000217", "utla21", "E10000030", 100008},
        {"not_coterminous", "info", "place", "E07000217", "sicbl22", "E38000246", 100008},
        {"population_out_of_band", "info", "place", "E07000217", NULL, "", 100008},
        {"not_coterminous", "info", "place", "E07000213", "utla21", "E10000030", 99873},
        {"not_coterminous", "info", "place", "E07000213", "sicbl22", "E38000246", 99873},
        {"population_out_of_band", "info", "place", "E07000213", NULL, "", 99873},
        {"not_coterminous", "info", "place", "E07000212", "utla21", "E10000030", 90327},
        {"population_out_of_band", "info", "place", "E07000212", NULL, "", 90327},
        {"not_coterminous", "info", "place", "E07000214", "utla21", "E10000030", 89204},
        {"population_out_of_band", "info", "place", "E07000214", NULL, "", 89204},
        {"not_coterminous", "info", "place", "E07000215", "utla21", "E10000030", 88542},
        {"not_coterminous", "info", "place", "E07000215", "sicbl22", "E38000246", 88542},
        {"population_out_of_band", "info", "place", "E07000215", NULL, "", 88542},
        {"not_coterminous", "info", "place", "E07000210", "utla21", "E10000030", 87547},
        {"not_coterminous", "info", "place", "E07000210", "sicbl22", "E38000246", 87547},
        {"population_out_of_band", "info", "place", "E07000210", NULL, "", 87547},
        {"not_coterminous", "info", "place", "E07000208", "utla21", "E10000030", 81003},
        {"not_coterminous", "info", "place", "E07000208", "sicbl22", "E38000246", 81003},
        {"population_out_of_band", "info", "place", "E07000208", NULL, "", 81003},
        {"no_statutory_match", "info", "place", "E07000207W", "ltla21", "E07000207", 71819},
        {"population_out_of_band", "info", "place", "E07000207W", NULL, "", 71819},
        {"no_statutory_match", "info", "place", "E07000207E", "ltla21", "E07000207", 65396},
        {"population_out_of_band", "info", "place", "E07000207E", NULL, "", 65396},
    };
    json_t *doc = expect(r, w, sizeof w / sizeof w[0]);
    /* names from place_name */
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(doc, "findings"), i, x)
    {
        const json_t *au = json_array_get(json_object_get(x, "against_units"), 0);
        if (!au || strcmp(json_string_value(au), "E07000207") ||
            strcmp(json_string_value(json_object_get(x, "type")), "council_split"))
            continue;
        expect_names(json_object_get(doc, "findings"), i, "Elmbridge West;Elmbridge East",
                     "Elmbridge");
        /* ONS mid-2020 Elmbridge: 137,215 people, all in its two places */
        assert_float_equal(unit_pop(r, "E07000207W") + unit_pop(r, "E07000207E"), 137215, 0.5);
    }
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
        cmocka_unit_test(test_cm_msoa),
        cmocka_unit_test(test_surrey_msoa),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
