/* ct_check and ct_check_tiers on hand-made grids (tests/cases/check):
 * every finding type, the tables, and every bad input.
 *
 * The grid: nine 1 km squares B1..B9 (row by row from the south-west, B1
 * has 100 people, Bi has 100 i), councils C1..C3 = its three columns (1200,
 * 1500 and 1800 people), boards D1 = the two western columns (2700) and
 * D2 = the eastern column (1800). The population base is the squares
 * themselves, so every block's people are exact. */
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
#include <unistd.h>

#include "check/check.h"
#include "inputs/inputs.h"

#include "ct_test_grid.h"

static const char *const wide[] = {"BAND_system=0:10000", "BAND_place=0:10000", NULL};

/* Check a configuration against councils (and boards if both). */
static ct_result *check(fx *f, const char *csv, bool both, const char *const *opts)
{
    const ct_layer *against[] = {f->councils, f->boards};
    ct_result *r = NULL;
    ct_status st = ct_check(f->ctx, &r, path_of(csv), f->blocks, against, both ? 2 : 1, f->pop,
                            opts);
    if (st)
        fail_msg("%s: %s", csv, ct_errmsg(f->ctx));
    return r;
}

static json_t *findings(const ct_result *r)
{
    json_t *doc = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "version")), 2);
    return doc;
}

static const json_t *list_of(const json_t *doc)
{
    return json_object_get(doc, "findings");
}

#include "../ct_test_findings.h"
#include "../ct_test_sweep.h"

/* The findings, in order, are exactly these. */
static void expect(const json_t *doc, const want *w, size_t n)
{
    expect_findings(list_of(doc), w, n, 1e-6);
}

static double cell(const ct_result *r, const char *table, size_t row, const char *col)
{
    const ct_table *t = ct_result_table_by_name(r, table);
    return ct_table_real(t, row, ct_table_colindex(t, col));
}

static const char *text(const ct_result *r, const char *table, size_t row, const char *col)
{
    const ct_table *t = ct_result_table_by_name(r, table);
    return ct_table_text(t, row, ct_table_colindex(t, col));
}

/* aligned.csv against councils and boards: board D1 (C1 + C2, 2,700
 * people) has its people in two places, P2 (1,500, 56%) and P1 (1,200):
 * split, though neither crosses its boundary (the place band, 0-10,000,
 * holds units as large as D1); then info, largest first: S (4,500 people),
 * P2 (1,500), P1 (1,200) */
static const want aligned_findings[] = {
    {"council_split", "warning", "place", "P2;P1", "boards", "D1", 2700},
    {"no_statutory_match", "info", "system", "S", "boards", "D1", 4500},
    {"not_coterminous", "info", "place", "P2", "boards", "D1", 1500},
    {"not_coterminous", "info", "place", "P1", "boards", "D1", 1200},
};

/* Places = councils; boards pair two councils. */
static void test_aligned(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "aligned.csv", true, wide);
    json_t *doc = findings(r);
    expect(doc, aligned_findings, 4);
    expect_names(list_of(doc), 1, "S", "West board"); /* boards.geojson names D1 */
    const json_t *parts = json_object_get(json_array_get(list_of(doc), 0), "parts");
    assert_float_equal(json_number_value(json_object_get(json_array_get(parts, 0), "share")),
                       1500.0 / 2700, 1e-12);
    /* P1 lies in D1: 1500 of D1's 2700 people live outside it */
    const json_t *nc = json_array_get(list_of(doc), 3);
    assert_string_equal(json_string_value(json_object_get(nc, "class")), "nested");
    assert_float_equal(json_number_value(json_object_get(nc, "best_share")), 1200.0 / 2700,
                       1e-9);
    /* units: system then places in order of first appearance; people conserved */
    const ct_table *u = ct_result_table_by_name(r, "units");
    assert_int_equal(ct_table_nrows(u), 4);
    assert_string_equal(text(r, "units", 1, "unit"), "P1");
    assert_string_equal(text(r, "units", 2, "unit"), "P2");
    assert_float_equal(cell(r, "units", 0, "pop"), 4500, 1e-9);
    double sum = 0;
    for (size_t i = 1; i < 4; i++)
        sum += cell(r, "units", i, "pop");
    assert_float_equal(sum, 4500, 1e-9);
    assert_float_equal(cell(r, "units", 1, "pop"), 1200, 1e-9);
    assert_float_equal(cell(r, "units", 3, "pop"), 1800, 1e-9);
    assert_float_equal(cell(r, "units", 1, "area_m2"), 3e6, 1);
    assert_float_equal(cell(r, "units", 1, "n_blocks"), 3, 0);
    assert_string_equal(text(r, "units", 1, "parent"), "S");
    assert_float_equal(cell(r, "units", 1, "parent_share"), 1, 1e-12);
    assert_string_equal(text(r, "units", 1, "councils_best"), "C1");
    assert_string_equal(text(r, "units", 1, "councils_class"), "coterminous");
    assert_string_equal(text(r, "units", 1, "boards_class"), "nested");
    assert_float_equal(cell(r, "units", 1, "boards_share"), 1, 1e-12);
    assert_float_equal(cell(r, "units", 1, "boards_best_share"), 1200.0 / 2700, 1e-12);
    /* nesting: system x 2 layers, place x (system + 2 layers) */
    const ct_table *n = ct_result_table_by_name(r, "nesting");
    assert_int_equal(ct_table_nrows(n), 5);
    assert_string_equal(text(r, "nesting", 2, "layer"), "system");
    assert_float_equal(cell(r, "nesting", 2, "nested"), 3, 0);
    assert_string_equal(text(r, "nesting", 3, "layer"), "councils");
    assert_float_equal(cell(r, "nesting", 3, "coterminous"), 3, 0);
    assert_float_equal(cell(r, "nesting", 3, "pop_fit"), 1, 1e-12);
    assert_float_equal(cell(r, "nesting", 4, "coterminous"), 1, 0);
    assert_float_equal(cell(r, "nesting", 4, "match_share"), 1800.0 / 4500, 1e-12);
    /* system S contains the three councils: best is C3 (1800 of 4500 people) */
    assert_float_equal(cell(r, "nesting", 0, "contains"), 1, 0);
    assert_float_equal(cell(r, "nesting", 0, "pop_fit"), 0.4, 1e-12);
    json_decref(doc);
    ct_result_free(r);
}

/* Block B2 moves from P2 to P1: council C2 is split, P1 cuts across it. */
static void test_council_split(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "split.csv", true, wide);
    json_t *doc = findings(r);
    /* warnings then info, each largest first; councils are named West,
     * Middle and East in councils.geojson. D1 (2,700) is in P1 (B1, B2, B4,
     * B7: 1,400) and P2 (B5, B8: 1,300); C2 (1,500) in P2 (1,300) and P1 (200) */
    const want w[] = {
        {"council_split", "warning", "place", "P1;P2", "boards", "D1", 2700},
        {"council_split", "warning", "place", "P2;P1", "councils", "C2", 1500},
        {"no_statutory_match", "warning", "place", "P1", "councils", "C1", 1400},
        {"no_statutory_match", "info", "system", "S", "boards", "D1", 4500},
        {"no_statutory_match", "info", "place", "P2", "councils", "C2", 1300},
    };
    expect(doc, w, 5);
    expect_names(list_of(doc), 1, "P2;P1", "Middle");
    expect_names(list_of(doc), 2, "P1", "West");
    const json_t *parts = json_object_get(json_array_get(list_of(doc), 1), "parts");
    assert_int_equal(json_array_size(parts), 2);
    const json_t *p0 = json_array_get(parts, 0), *p1 = json_array_get(parts, 1);
    assert_float_equal(json_number_value(json_object_get(p0, "population")), 1300, 1e-9);
    assert_float_equal(json_number_value(json_object_get(p0, "share")), 1300.0 / 1500, 1e-12);
    assert_float_equal(json_number_value(json_object_get(p1, "population")), 200, 1e-9);
    /* P1's closest match: C1 holds 1200 of its 1400 people, all of C1 */
    const json_t *best = json_object_get(json_array_get(list_of(doc), 2), "best_matches");
    const json_t *b0 = json_array_get(best, 0);
    assert_string_equal(json_string_value(json_object_get(b0, "class")), "straddles");
    assert_float_equal(json_number_value(json_object_get(b0, "share")), 1200.0 / 1400, 1e-12);
    json_decref(doc);
    ct_result_free(r);
}

/* system / subsystem {A = C1 + C2, B = C3} / place = councils. */
static void test_intermediate_tier(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "intermediate.csv", false, wide);
    json_t *doc = findings(r);
    const want w[] = {
        {"intermediate_tier", "warning", "subsystem", "A", "councils", "C1;C2", 2700},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"no_statutory_match", "info", "subsystem", "A", "councils", "C2", 2700},
    };
    expect(doc, w, 3);
    const json_t *it = json_array_get(list_of(doc), 0);
    assert_float_equal(json_number_value(json_object_get(it, "tier_below_match_share")), 1, 0);
    json_decref(doc);
    ct_result_free(r);
    /* boards has D1 = A: the subsystem matches a statutory layer for 60% of
     * its people, so it is no double layer */
    r = check(f, "intermediate.csv", true, wide);
    doc = findings(r);
    for (size_t i = 0; i < json_array_size(list_of(doc)); i++)
        assert_string_not_equal(
            json_string_value(json_object_get(json_array_get(list_of(doc), i), "type")),
            "intermediate_tier");
    json_decref(doc);
    ct_result_free(r);
}

/* Every block but the centre one B5: an enclave. */
static void test_enclave(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "enclave.csv", false, wide);
    json_t *doc = findings(r);
    /* warnings largest first: S cuts across C3 (4,000), C2 split (1,500), B5 (500) */
    const json_t *g = json_array_get(list_of(doc), 2);
    assert_string_equal(json_string_value(json_object_get(g, "type")), "coverage_gap");
    assert_string_equal(json_string_value(json_object_get(g, "severity")), "warning");
    assert_string_equal(json_string_value(json_object_get(g, "block")), "B5");
    assert_string_equal(json_string_value(json_object_get(g, "block_layer")), "blocks");
    assert_string_equal(json_string_value(json_array_get(json_object_get(g, "units"), 0)), "S");
    assert_float_equal(json_number_value(json_object_get(g, "population")), 500, 1e-9);
    size_t gaps = 0;
    for (size_t i = 0; i < json_array_size(list_of(doc)); i++)
        gaps += !strcmp(json_string_value(json_object_get(json_array_get(list_of(doc), i),
                                                          "type")),
                        "coverage_gap");
    assert_int_equal(gaps, 1);
    json_decref(doc);
    ct_result_free(r);
}

/* Place P has rows under systems N and M. */
static void test_straddles_parent(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "two_parents.csv", false, wide);
    json_t *doc = findings(r);
    const json_t *s = json_array_get(list_of(doc), 0);
    assert_string_equal(json_string_value(json_object_get(s, "type")), "straddles_parent");
    assert_string_equal(json_string_value(json_object_get(s, "severity")), "error");
    assert_string_equal(json_string_value(json_object_get(s, "tier")), "place");
    assert_string_equal(json_string_value(json_object_get(s, "parent_tier")), "system");
    assert_float_equal(json_number_value(json_object_get(s, "population")), 3900, 1e-9);
    const json_t *parents = json_object_get(s, "parents");
    assert_int_equal(json_array_size(parents), 2);
    const json_t *m = json_array_get(parents, 0), *n = json_array_get(parents, 1);
    assert_string_equal(json_string_value(json_object_get(m, "unit")), "M");
    assert_float_equal(json_number_value(json_object_get(m, "population")), 2400, 1e-9);
    assert_float_equal(json_number_value(json_object_get(m, "share")), 2400.0 / 3900, 1e-12);
    assert_string_equal(json_string_value(json_object_get(n, "unit")), "N");
    assert_float_equal(json_number_value(json_object_get(n, "population")), 1500, 1e-9);
    /* the units table names the main parent and counts both */
    assert_string_equal(text(r, "units", 3, "unit"), "P");
    assert_string_equal(text(r, "units", 3, "parent"), "M");
    assert_float_equal(cell(r, "units", 3, "n_parents"), 2, 0);
    size_t errors = 0;
    for (size_t i = 0; i < json_array_size(list_of(doc)); i++)
        errors += !strcmp(json_string_value(json_object_get(json_array_get(list_of(doc), i),
                                                            "severity")),
                          "error");
    assert_int_equal(errors, 1);
    json_decref(doc);
    ct_result_free(r);
}

static size_t count_type(const json_t *doc, const char *type)
{
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(list_of(doc)); i++)
        n += !strcmp(json_string_value(json_object_get(json_array_get(list_of(doc), i), "type")),
                     type);
    return n;
}

static void test_bands(void **state)
{
    fx *f = *state;
    /* default bands: a 4,500-person system and 1,200-1,800-person places */
    ct_result *r = check(f, "aligned.csv", true, NULL);
    json_t *doc = findings(r);
    assert_int_equal(count_type(doc, "population_out_of_band"), 4);
    const json_t *last = json_array_get(list_of(doc), json_array_size(list_of(doc)) - 1);
    assert_string_equal(json_string_value(json_object_get(last, "severity")), "info");
    assert_string_equal(json_string_value(json_object_get(last, "side")), "below");
    assert_float_equal(json_number_value(json_object_get(last, "band_min")), 250000, 0);
    json_decref(doc);
    ct_result_free(r);
    /* override: places of 1,300 to 1,600 people; the system unbounded above */
    const char *opts[] = {"BAND_Place=1300:1600", "BAND_system=1:", NULL};
    r = check(f, "aligned.csv", true, opts);
    doc = findings(r);
    /* D1 (2,700 people) is above the place band's 1,600: divided (info),
     * as expected of a tier of smaller units, not split */
    const want w[] = {
        {"no_statutory_match", "info", "system", "S", "boards", "D1", 4500},
        {"council_divided", "info", "place", "P2;P1", "boards", "D1", 2700},
        {"population_out_of_band", "info", "place", "P3", NULL, "", 1800},
        {"not_coterminous", "info", "place", "P2", "boards", "D1", 1500},
        {"not_coterminous", "info", "place", "P1", "boards", "D1", 1200},
        {"population_out_of_band", "info", "place", "P1", NULL, "", 1200},
    };
    expect(doc, w, 6);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(list_of(doc), 2), "side")), "above");
    assert_true(json_is_null(json_object_get(json_array_get(list_of(doc), 2), "band_min")) ==
                false);
    json_decref(doc);
    ct_result_free(r);
}

/* TIER_name columns name the units: in findings, units.csv and tiers.gpkg;
 * a unit named on some rows only takes that name. */
static void test_names(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "names.csv", true, wide);
    json_t *doc = findings(r);
    /* as aligned.csv: the boards are named West board and East board */
    expect(doc, aligned_findings, 4);
    expect_names(list_of(doc), 0, "Middle place;West place", "West board");
    expect_names(list_of(doc), 1, "Grid system", "West board");
    expect_names(list_of(doc), 2, "Middle place", "West board");
    expect_names(list_of(doc), 3, "West place", "West board");
    assert_string_equal(text(r, "units", 0, "name"), "Grid system");
    assert_string_equal(text(r, "units", 1, "name"), "West place");
    assert_string_equal(text(r, "units", 1, "councils_best_name"), "West");
    assert_string_equal(text(r, "place", 2, "name"), "East place");
    assert_string_equal(text(r, "findings", 2, "unit_names"), "Middle place");
    assert_string_equal(text(r, "findings", 2, "against_names"), "West board");
    json_decref(doc);
    ct_result_free(r);
}

/* The same configuration in memory (as whatif and compare build it) gives
 * the same findings as from CSV; names are optional. */
static void test_in_memory(void **state)
{
    fx *f = *state;
    ct__ckconf conf;
    assert_int_equal(ct__ckconf_alloc(f->ctx, &conf, "in memory", 2, 9, true), CT_OK);
    conf.tier[0] = ct__strdup("system");
    conf.tier[1] = ct__strdup("place");
    for (size_t r = 0; r < 9; r++) {
        conf.code[r] = ct__sprintf("B%zu", r + 1);
        conf.cell[r * 2] = ct__strdup("S");
        conf.cell[r * 2 + 1] = ct__sprintf("P%zu", r % 3 + 1);
        conf.name[r * 2 + 1] = r % 3 == 1 ? ct__strdup("Middle place") : NULL;
    }
    ct__ckconf copy;
    assert_int_equal(ct__ckconf_copy(f->ctx, &conf, &copy), CT_OK);
    ct__ckconf_free(&conf);
    const ct_layer *against[] = {f->councils, f->boards};
    ct_result *r = NULL;
    assert_int_equal(ct__check_conf(f->ctx, &r, &copy, f->blocks, against, 2, f->pop, wide),
                     CT_OK);
    json_t *doc = findings(r);
    expect(doc, aligned_findings, 4);
    expect_names(list_of(doc), 2, "Middle place", "West board");
    expect_names(list_of(doc), 3, "P1", "West board"); /* no name: the label */
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_string_equal(json_string_value(json_object_get(s, "config")), "in memory");
    json_decref(s);
    json_decref(doc);
    ct_result_free(r);
    /* moving B2 from P2 to P1 in memory is split.csv */
    free(copy.cell[1 * 2 + 1]);
    copy.cell[1 * 2 + 1] = ct__strdup("P1");
    free(copy.name[1 * 2 + 1]);
    copy.name[1 * 2 + 1] = NULL;
    assert_int_equal(ct__check_conf(f->ctx, &r, &copy, f->blocks, against, 2, f->pop, wide),
                     CT_OK);
    doc = findings(r);
    assert_int_equal(count_type(doc, "council_split"), 2); /* C2 and D1, as split.csv */
    json_decref(doc);
    ct_result_free(r);
    /* validation names rows, not lines: a blank label, a block twice */
    free(copy.cell[3 * 2]);
    copy.cell[3 * 2] = ct__strdup("");
    assert_int_equal(ct__check_conf(f->ctx, &r, &copy, f->blocks, against, 2, f->pop, NULL),
                     CT_EDATA);
    assert_non_null(strstr(ct_errmsg(f->ctx), "in memory: row 4 (block B4): blank cell in "
                                              "column 'system'"));
    free(copy.cell[3 * 2]);
    copy.cell[3 * 2] = ct__strdup("S");
    free(copy.code[8]);
    copy.code[8] = ct__strdup("B1");
    assert_int_equal(ct__check_conf(f->ctx, &r, &copy, f->blocks, against, 2, f->pop, NULL),
                     CT_EDATA);
    assert_non_null(strstr(ct_errmsg(f->ctx), "block B1 is listed twice with different "
                                              "assignments: row 1 has place 'P1', row 9"));
    assert_null(r);
    ct__ckconf_free(&copy);
}

static ct_result *check_tiers(fx *f, const char *top, const char *bottom)
{
    ct_layer *t[2] = {NULL, NULL};
    const char *names[] = {"system", "place"};
    assert_int_equal(ct_layer_open(f->ctx, &t[0], path_of(top), NULL), CT_OK);
    assert_int_equal(ct_layer_open(f->ctx, &t[1], path_of(bottom), NULL), CT_OK);
    const ct_layer *against[] = {f->councils};
    ct_result *r = NULL;
    ct_status st = ct_check_tiers(f->ctx, &r, names, (const ct_layer *const *)t, 2, against, 1,
                                  f->pop, wide);
    if (st)
        fail_msg("%s: %s", bottom, ct_errmsg(f->ctx));
    ct_layer_free(t[0]);
    ct_layer_free(t[1]);
    return r;
}

/* P1 = x 0-1.5 km, P2 = x 1-3 km: they share 1.5 km2 holding half of the
 * middle column's 1500 people. */
static void test_polygon_overlap(void **state)
{
    fx *f = *state;
    ct_result *r = check_tiers(f, "tier_system.geojson", "tier_overlap.geojson");
    json_t *doc = findings(r);
    const json_t *o = json_array_get(list_of(doc), 0);
    const want w[] = {
        {"coverage_overlap", "error", "place", "P1;P2", NULL, "", 750},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"no_statutory_match", "info", "place", "P2", "councils", "C3", 3300},
    };
    expect(doc, w, 3);
    assert_string_equal(json_string_value(json_object_get(o, "type")), "coverage_overlap");
    assert_string_equal(json_string_value(json_object_get(o, "severity")), "error");
    assert_float_equal(json_number_value(json_object_get(o, "population")), 750, 1e-6);
    assert_float_equal(json_number_value(json_object_get(o, "area_m2")), 1.5e6, 1);
    assert_int_equal(count_type(doc, "coverage_overlap"), 1);
    json_decref(doc);
    ct_result_free(r);
}

/* Places cover the west and east columns only. */
static void test_polygon_gap(void **state)
{
    fx *f = *state;
    ct_result *r = check_tiers(f, "tier_system.geojson", "tier_gap.geojson");
    json_t *doc = findings(r);
    const want w[] = {
        {"coverage_gap", "warning", "system", "S", NULL, "", 1500},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
    };
    expect(doc, w, 2);
    assert_float_equal(
        json_number_value(json_object_get(json_array_get(list_of(doc), 0), "share")),
        1500.0 / 4500, 1e-12);
    /* units from polygons: no blocks, people from the base */
    assert_true(isnan(cell(r, "units", 1, "n_blocks")));
    assert_float_equal(cell(r, "units", 1, "pop"), 1200, 1e-9);
    json_decref(doc);
    ct_result_free(r);
}

/* Place P (the two northern rows) lies across systems N and M. */
static void test_polygon_straddles(void **state)
{
    fx *f = *state;
    ct_result *r = check_tiers(f, "tier_two_systems.geojson", "tier_across.geojson");
    json_t *doc = findings(r);
    const json_t *s = json_array_get(list_of(doc), 0);
    assert_string_equal(json_string_value(json_object_get(s, "type")), "straddles_parent");
    assert_string_equal(json_string_value(json_array_get(json_object_get(s, "units"), 0)), "P");
    const json_t *m = json_array_get(json_object_get(s, "parents"), 0);
    assert_string_equal(json_string_value(json_object_get(m, "unit")), "M");
    assert_float_equal(json_number_value(json_object_get(m, "population")), 2400, 1e-9);
    assert_int_equal(count_type(doc, "straddles_parent"), 1);
    json_decref(doc);
    ct_result_free(r);
}

static void test_write(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "intermediate.csv", false, wide);
    char dir[] = "/tmp/coterm_check_XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(ct_result_write(f->ctx, r, dir, NULL), CT_OK);
    const char *files[] = {"findings.json", "findings.csv", "units.csv", "nesting.csv",
                           "tiers.gpkg", "summary.json"};
    char p[1200];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        assert_true(ct__file_exists(p));
    }
    /* no stray per-tier files: the tiers are layers of tiers.gpkg */
    snprintf(p, sizeof p, "%s/place.gpkg", dir);
    assert_false(ct__file_exists(p));
    const char *names[] = {"system", "subsystem", "place"};
    const size_t units[] = {1, 2, 3};
    for (size_t k = 0; k < 3; k++) {
        ct_layer *l = NULL;
        const char *opts[] = {"ID_FIELD=unit", NULL};
        snprintf(p, sizeof p, "%s/tiers.gpkg:%s", dir, names[k]);
        assert_int_equal(ct_layer_open(f->ctx, &l, p, opts), CT_OK);
        assert_int_equal(ct_layer_size(l), units[k]);
        double area = 0;
        for (size_t u = 0; u < ct_layer_size(l); u++)
            area += ct_layer_area(l, u);
        assert_float_equal(area, 9e6, 1); /* each tier covers the grid once */
        ct_layer_free(l);
    }
    const char *rm[] = {"findings.json", "findings.csv", "units.csv", "nesting.csv",
                        "tiers.gpkg", "summary.json"};
    for (size_t i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, rm[i]);
        unlink(p);
    }
    rmdir(dir);
    /* the summary counts what findings.json holds */
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(s, "findings"), "warning")),
                     1);
    assert_string_equal(json_string_value(json_object_get(s, "mode")), "config");
    json_decref(s);
    ct_result_free(r);
}

static void expect_error(fx *f, const char *csv, const char *const *opts, ct_status want,
                         const char *needle)
{
    const ct_layer *against[] = {f->councils};
    ct_result *r = (ct_result *)1;
    ct_status st = ct_check(f->ctx, &r, path_of(csv), f->blocks, against, 1, f->pop, opts);
    if (st != want || !strstr(ct_errmsg(f->ctx), needle))
        fail_msg("%s: got %s '%s', want %s '%s'", csv, ct_status_name(st), ct_errmsg(f->ctx),
                 ct_status_name(want), needle);
    assert_null(r);
}

static void test_bad_inputs(void **state)
{
    fx *f = *state;
    expect_error(f, "bad_unknown.csv", NULL, CT_EDATA,
                 "line 3: unknown block code 'B10' (not an id of");
    expect_error(f, "bad_unknown.csv", NULL, CT_EDATA, "and 1 more unknown codes");
    expect_error(f, "bad_conflict.csv", NULL, CT_EDATA,
                 "block B1 is listed twice with different assignments: line 2 has place 'P1', "
                 "line 4 has 'P2'");
    expect_error(f, "bad_blank.csv", NULL, CT_EDATA, "line 3 (block B2): blank cell in column "
                                                     "'place'");
    expect_error(f, "bad_header.csv", NULL, CT_EFORMAT, "the first column must be 'block' "
                                                        "(found 'code')");
    expect_error(f, "bad_no_tiers.csv", NULL, CT_EFORMAT, "not a configuration CSV");
    expect_error(f, "bad_same_tier.csv", NULL, CT_EFORMAT, "tier 'Place' appears twice");
    expect_error(f, "bad_reserved.csv", NULL, CT_EFORMAT, "'units' cannot be a tier name");
    expect_error(f, "bad_empty.csv", NULL, CT_EDATA, "has no rows");
    expect_error(f, "extra_columns.csv", NULL, CT_EFORMAT,
                 "extra_columns.csv: column 'population' is not a tier (its header names no "
                 "tier): to name the units of a tier, call the column TIER_name");
    expect_error(f, "extra_columns.csv", NULL, CT_EFORMAT, "use --ignore 'population'");
    const char *const ignore_one[] = {"IGNORE=population", NULL};
    expect_error(f, "extra_columns.csv", ignore_one, CT_EFORMAT, "column 'notes' is not a tier");
    const char *const ignore_none[] = {"IGNORE=colour", NULL};
    expect_error(f, "aligned.csv", ignore_none, CT_EINVAL,
                 "--ignore 'colour' names no column of");
    expect_error(f, "bad_numbers.csv", NULL, CT_EFORMAT,
                 "column 'hectares' is not a tier (it holds numbers such as 100.5, not unit "
                 "labels)");
    expect_error(f, "bad_name_column.csv", NULL, CT_EFORMAT,
                 "column 'system_name' is not a tier (the names of a tier follow its column "
                 "directly)");
    expect_error(f, "bad_encoding.csv", NULL, CT_EFORMAT,
                 "bad_encoding.csv: row 1: text is neither UTF-8 nor Windows-1252 (byte 0x81)");
    expect_error(f, "bad_names.csv", NULL, CT_EDATA,
                 "place 'P1' is named 'West place' on line 2 and 'Westplace' on line 8");
    expect_error(f, "missing.csv", NULL, CT_EIO, "missing.csv: no such file");
    const char *unknown[] = {"COLOUR=red", NULL};
    expect_error(f, "aligned.csv", unknown, CT_EINVAL, "unknown option 'COLOUR'");
    const char *typo[] = {"BAND_plac=1:2", NULL};
    expect_error(f, "aligned.csv", typo, CT_EINVAL, "BAND_plac=1:2 names no tier");
    const char *inverted[] = {"BAND_place=5:1", NULL};
    expect_error(f, "aligned.csv", inverted, CT_EINVAL, "expected MIN:MAX");
    const char *tol[] = {"TOLERANCE=0.6", NULL};
    expect_error(f, "aligned.csv", tol, CT_EINVAL, "TOLERANCE=0.6");
    /* a different measuring CRS for the population is refused */
    ct_pop *p3857 = NULL;
    const char *popts[] = {"POP_FIELD=people", "CRS=EPSG:3857", NULL};
    assert_int_equal(ct_pop_open(f->ctx, &p3857, path_of("pop.geojson"), popts), CT_OK);
    ct_result *r = NULL;
    const ct_layer *against[] = {f->councils};
    assert_int_equal(ct_check(f->ctx, &r, path_of("aligned.csv"), f->blocks, against, 1, p3857,
                              NULL),
                     CT_ECRS);
    ct_pop_free(p3857);
    /* NULL arguments */
    assert_int_equal(ct_check(f->ctx, NULL, path_of("aligned.csv"), f->blocks, NULL, 0, NULL,
                              NULL),
                     CT_EINVAL);
    assert_int_equal(ct_check(f->ctx, &r, NULL, f->blocks, NULL, 0, NULL, NULL), CT_EINVAL);
    assert_int_equal(ct_check_tiers(f->ctx, &r, NULL, NULL, 0, NULL, 0, NULL, NULL), CT_EINVAL);
    const char *dup[] = {"place", "Place"};
    const ct_layer *two[] = {f->councils, f->boards};
    assert_int_equal(ct_check_tiers(f->ctx, &r, dup, two, 2, against, 1, f->pop, NULL),
                     CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "tier 'Place' is given twice"));
    ct_result_free(NULL);
}

static const char *const grid_bands[] = {"BAND_system=0:100000", "BAND_place=0:100000", NULL};

/* Check csv on the 5 x 5 grid (ct_test_grid.h), against the grid itself. */
static ct_result *check_grid(fx *f, const char *csv)
{
    const ct_layer *against[] = {f->grid};
    ct_result *r = NULL;
    if (ct_check(f->ctx, &r, path_of(csv), f->grid, against, 1, f->grid_pop, grid_bands))
        fail_msg("%s: %s", csv, ct_errmsg(f->ctx));
    return r;
}

static const json_t *first_of(const json_t *doc, const char *type)
{
    for (size_t i = 0; i < json_array_size(list_of(doc)); i++) {
        const json_t *x = json_array_get(list_of(doc), i);
        if (!strcmp(json_string_value(json_object_get(x, "type")), type))
            return x;
    }
    fail_msg("no %s finding", type);
    return NULL;
}

/* Place A is columns 1-2 and three blocks apart from them: G14 (inside B,
 * all 4 km of its boundary along B's blocks G8-G10, G13, G15, G18-G20: an
 * exclave), G5 (the grid's south-east corner: 2 of its 4 km along G4 and
 * G10, the rest open, like a coast) and the island G26 (no block around). */
static void test_discontiguous(void **state)
{
    fx *f = *state;
    ct_result *r = check_grid(f, "pieces.csv");
    json_t *doc = findings(r);
    assert_int_equal(count_type(doc, "discontiguous"), 1);
    const json_t *d = first_of(doc, "discontiguous");
    assert_string_equal(json_string_value(json_object_get(d, "severity")), "warning");
    assert_string_equal(json_string_value(json_object_get(d, "tier")), "place");
    assert_string_equal(json_string_value(json_array_get(json_object_get(d, "units"), 0)), "A");
    assert_float_equal(json_number_value(json_object_get(d, "population")), 150, 1e-9);
    assert_int_equal(json_array_size(json_object_get(d, "blocks")), 1);
    assert_string_equal(json_string_value(json_array_get(json_object_get(d, "blocks"), 0)),
                        "G14");
    assert_string_equal(
        json_string_value(json_array_get(json_object_get(d, "block_names"), 0)), "Grid 14");
    const json_t *by = json_object_get(d, "surrounded_by");
    assert_int_equal(json_array_size(by), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(by, 0), "unit")), "B");
    assert_float_equal(json_number_value(json_object_get(d, "border_share")), 1, 1e-9);
    assert_non_null(strstr(json_string_value(json_object_get(d, "message")),
                           "place 'A' has a piece apart from its main part, surrounded by 'B': "
                           "grid Grid 14 (G14, 150 people)."));
    json_decref(doc);
    ct_result_free(r);
}

/* Sefton is columns 1-2 and G3 (11 blocks, 1,100 people); Setfon is G13
 * (100 people, one swap of adjacent letters from Sefton, under a tenth of
 * its people); Wiral (G26, 90 people) is one edit from no unit's name. */
static void test_possible_typo(void **state)
{
    fx *f = *state;
    ct_result *r = check_grid(f, "typo.csv");
    json_t *doc = findings(r);
    assert_int_equal(count_type(doc, "possible_typo"), 1);
    const json_t *t = first_of(doc, "possible_typo");
    assert_string_equal(json_string_value(json_object_get(t, "severity")), "warning");
    assert_string_equal(json_string_value(json_array_get(json_object_get(t, "units"), 0)),
                        "Setfon");
    assert_string_equal(json_string_value(json_array_get(json_object_get(t, "units"), 1)),
                        "Sefton");
    assert_float_equal(json_number_value(json_object_get(t, "population")), 100, 1e-9);
    assert_int_equal(json_integer_value(json_object_get(t, "edits")), 1);
    assert_float_equal(json_number_value(json_object_get(t, "share")), 100.0 / 1100, 1e-12);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(t, "similar_to"), "unit")), "Sefton");
    json_decref(doc);
    ct_result_free(r);
}

/* Council C1 divided between places PA (B1, B4: 500 people) and PB (B7:
 * 700), both inside it: split, though no place crosses its boundary. */
static void test_district_split(void **state)
{
    fx *f = *state;
    ct_result *r = check(f, "district.csv", false, wide);
    json_t *doc = findings(r);
    const want w[] = {
        {"council_split", "warning", "place", "PB;PA", "councils", "C1", 1200},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"no_statutory_match", "info", "place", "PB", "councils", "C1", 700},
        {"no_statutory_match", "info", "place", "PA", "councils", "C1", 500},
    };
    expect(doc, w, 4);
    const json_t *parts = json_object_get(json_array_get(list_of(doc), 0), "parts");
    assert_float_equal(json_number_value(json_object_get(json_array_get(parts, 0), "share")),
                       700.0 / 1200, 1e-12);
    json_decref(doc);
    ct_result_free(r);
}

/* Neighbourhoods N1 (B1, B4: 500), N2 (B7: 700) in C1; N3 (B2: 200), N4
 * (B5, B8: 1,300) in C2; N5 = C3 = place P3. A neighbourhood tier is meant to
 * be smaller than councils: C1 and C2 are divided (info); N5, its parent P3
 * again, repeats P3's findings and has none of its own. */
static void test_council_divided(void **state)
{
    fx *f = *state;
    const char *const opts[] = {"BAND_system=0:10000", "BAND_place=0:10000",
                                "BAND_neighbourhood=0:10000", NULL};
    ct_result *r = check(f, "divided.csv", false, opts);
    json_t *doc = findings(r);
    const want w[] = {
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"council_divided", "info", "neighbourhood", "N4;N3", "councils", "C2", 1500},
        {"no_statutory_match", "info", "neighbourhood", "N4", "councils", "C2", 1300},
        {"council_divided", "info", "neighbourhood", "N2;N1", "councils", "C1", 1200},
        {"no_statutory_match", "info", "neighbourhood", "N2", "councils", "C1", 700},
        {"no_statutory_match", "info", "neighbourhood", "N1", "councils", "C1", 500},
        {"no_statutory_match", "info", "neighbourhood", "N3", "councils", "C2", 200},
    };
    expect(doc, w, 7);
    json_decref(doc);
    ct_result_free(r);
}

/* One finding per fact: C2 split as in split.csv, in two layers that both
 * have it (councils and upper: a unitary council in utla21 and ltla21);
 * then a tier below that splits it the same way (locality = place) adds
 * nothing, one that splits it further (P2 into L2a, L2b) adds a finding. */
static void test_one_finding_per_fact(void **state)
{
    fx *f = *state;
    ct_layer *upper = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &upper, path_of("upper.geojson"), NULL), CT_OK);
    const ct_layer *against[] = {f->councils, upper};
    ct_result *r = NULL;
    assert_int_equal(ct_check(f->ctx, &r, path_of("split.csv"), f->blocks, against, 2, f->pop,
                              wide),
                     CT_OK);
    json_t *doc = findings(r);
    assert_int_equal(count_type(doc, "council_split"), 1);
    const json_t *x = first_of(doc, "council_split");
    assert_string_equal(json_string_value(json_object_get(x, "against")), "councils");
    const json_t *layers = json_object_get(x, "against_layers");
    assert_int_equal(json_array_size(layers), 2);
    assert_string_equal(json_string_value(json_array_get(layers, 1)), "upper");
    assert_non_null(strstr(json_string_value(json_object_get(x, "message")),
                           "Middle (C2, 1,500 people), a unit of both councils and upper, is "
                           "split across place units: 'P2' (87%) and 'P1' (13%)."));
    json_decref(doc);
    ct_result_free(r);
    ct_layer_free(upper);
    /* locality = place: the place tier's findings only (L1..L3 repeat P1..P3) */
    r = check(f, "locality_same.csv", false, wide);
    doc = findings(r);
    const want same[] = {
        {"council_split", "warning", "place", "P2;P1", "councils", "C2", 1500},
        {"no_statutory_match", "warning", "place", "P1", "councils", "C1", 1400},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"no_statutory_match", "info", "place", "P2", "councils", "C2", 1300},
    };
    expect(doc, same, 4);
    json_decref(doc);
    ct_result_free(r);
    /* P2 split into L2a (B5: 500) and L2b (B8: 800): C2 in three parts now */
    r = check(f, "locality_split.csv", false, wide);
    doc = findings(r);
    const want further[] = {
        {"council_split", "warning", "place", "P2;P1", "councils", "C2", 1500},
        {"council_split", "warning", "locality", "L2b;L2a;L1", "councils", "C2", 1500},
        {"no_statutory_match", "warning", "place", "P1", "councils", "C1", 1400},
        {"no_statutory_match", "info", "system", "S", "councils", "C3", 4500},
        {"no_statutory_match", "info", "place", "P2", "councils", "C2", 1300},
        {"no_statutory_match", "info", "locality", "L2b", "councils", "C2", 800},
        {"no_statutory_match", "info", "locality", "L2a", "councils", "C2", 500},
    };
    expect(doc, further, 7);
    json_decref(doc);
    ct_result_free(r);
}

/* Columns that are not tiers: names of a tier, ignored columns, measures
 * and misplaced names; TIER_code is the tier; Windows-1252 text. */
static void test_columns(void **state)
{
    fx *f = *state;
    const char *const ignore[] = {"IGNORE=population", "IGNORE=Notes", "BAND_system=0:10000",
                                  "BAND_place=0:10000", NULL};
    ct_result *r = check(f, "extra_columns.csv", true, ignore);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "units")), 4); /* 2 tiers */
    assert_string_equal(text(r, "units", 2, "name"), "Middle place");
    ct_result_free(r);
    /* place_code is the tier place; its units numbered 1, 2, 3 are labels */
    r = check(f, "codes.csv", true, wide);
    assert_string_equal(text(r, "nesting", 2, "tier"), "place");
    assert_string_equal(text(r, "units", 1, "unit"), "1");
    assert_string_equal(text(r, "units", 1, "name"), "West place");
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "units")), 1 + 3 + 6);
    ct_result_free(r);
    /* Windows-1252 (as Excel saves CSV): converted, with a warning */
    ct_diag_clear(f->ctx);
    r = check(f, "cp1252.csv", false, wide);
    assert_string_equal(text(r, "units", 1, "name"), "Ynys M\xc3\xb4n \xe2\x80\x93 west");
    assert_int_equal(ct_diag_count(f->ctx), 1);
    assert_non_null(strstr(ct_diag_message(f->ctx, 0), "cp1252.csv is not UTF-8 (row 1"));
    ct_diag_clear(f->ctx);
    ct_result_free(r);
}

/* A row repeated with the same assignment is dropped with a warning. */
static void test_repeated_row(void **state)
{
    fx *f = *state;
    ct_diag_clear(f->ctx);
    ct_result *r = check(f, "repeat.csv", true, wide);
    assert_int_equal(ct_diag_count(f->ctx), 1);
    assert_non_null(strstr(ct_diag_message(f->ctx, 0),
                           "block B4 is listed twice (lines 5 and 11) with the same assignment"));
    assert_float_equal(cell(r, "units", 0, "pop"), 4500, 1e-9); /* counted once */
    ct_result_free(r);
    ct_diag_clear(f->ctx);
}

/* Without a population base: areas decide, populations are null. */
static void test_no_population(void **state)
{
    fx *f = *state;
    const ct_layer *against[] = {f->councils};
    ct_result *r = NULL;
    assert_int_equal(ct_check(f->ctx, &r, path_of("split.csv"), f->blocks, against, 1, NULL,
                              NULL),
                     CT_OK);
    json_t *doc = findings(r);
    const json_t *list = list_of(doc);
    assert_true(json_array_size(list) > 0);
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *x = json_array_get(list, i);
        assert_true(json_is_null(json_object_get(x, "population")));
        /* no people, no bands */
        assert_string_not_equal(json_string_value(json_object_get(x, "type")),
                                "population_out_of_band");
    }
    /* C2 is still split: 2 of its 3 km2 in P2, 1 in P1 */
    assert_int_equal(count_type(doc, "council_split"), 1);
    assert_true(isnan(cell(r, "units", 1, "pop")));
    json_decref(doc);
    ct_result_free(r);
}

/* Fail the Nth allocation for every N: a clean CT_ENOMEM (or success where
 * the allocation was optional) and no leak under AddressSanitizer, until the
 * check makes fewer than N allocations. */
/* What one allocation sweep checks: a configuration (csv) on the 3 x 3 or
 * the 5 x 5 grid, or polygon tiers (top, bottom). */
typedef struct sweep_case {
    const char *csv, *top, *bottom;
    bool grid;
} sweep_case;

static ct_status sweep_run(fx *f, const sweep_case *sc, ct_layer *const *t, ct_result **r)
{
    const ct_layer *against[] = {f->councils, f->boards}, *grid[] = {f->grid};
    const char *names[] = {"system", "place"};
    if (sc->grid)
        return ct_check(f->ctx, r, path_of(sc->csv), f->grid, grid, 1, f->grid_pop, grid_bands);
    if (sc->csv)
        return ct_check(f->ctx, r, path_of(sc->csv), f->blocks, against, 2, f->pop, wide);
    return ct_check_tiers(f->ctx, r, names, (const ct_layer *const *)t, 2, against, 2, f->pop,
                          wide);
}

static void sweep(fx *f, sweep_case sc)
{
    ct_layer *t[2] = {NULL, NULL};
    if (sc.top) {
        assert_int_equal(ct_layer_open(f->ctx, &t[0], path_of(sc.top), NULL), CT_OK);
        assert_int_equal(ct_layer_open(f->ctx, &t[1], path_of(sc.bottom), NULL), CT_OK);
    }
    char *want = NULL;
    long n;
    for (n = 0; n < 100000; n++) { /* n = 0: the run without failures */
        ct_result *r = NULL;
        ct__alloc_fail_countdown = n;
        ct_status st = sweep_run(f, &sc, t, &r);
        bool failed = ct__alloc_fail_countdown == 0; /* the Nth allocation happened */
        ct__alloc_fail_countdown = 0;
        if (n == 0) {
            assert_int_equal(st, CT_OK);
            want = ct_test_digest(r);
            ct_result_free(r);
            continue;
        }
        if (!failed) {
            assert_int_equal(st, CT_OK);
            ct_result_free(r);
            break;
        }
        ct_test_sweep_step(f->ctx, n, st, r, want);
    }
    free(want);
    assert_true(n > 100); /* the sweep went through the check */
    ct_layer_free(t[0]);
    ct_layer_free(t[1]);
    ct_diag_clear(f->ctx);
}

static void test_allocation_failures(void **state)
{
    fx *f = *state;
    /* three tiers, straddles, intermediate */
    sweep(f, (sweep_case){.csv = "intermediate.csv"});
    /* enclaves, splits at the top tier */
    sweep(f, (sweep_case){.csv = "enclave.csv"});
    /* an exclave (G14 of Sefton) and a typo (Setfon) on the 5 x 5 grid */
    sweep(f, (sweep_case){.csv = "sweep_grid.csv", .grid = true});
    /* polygons */
    sweep(f, (sweep_case){.top = "tier_two_systems.geojson", .bottom = "tier_overlap.geojson"});
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aligned),
        cmocka_unit_test(test_council_split),
        cmocka_unit_test(test_intermediate_tier),
        cmocka_unit_test(test_enclave),
        cmocka_unit_test(test_straddles_parent),
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_in_memory),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_discontiguous),
        cmocka_unit_test(test_possible_typo),
        cmocka_unit_test(test_district_split),
        cmocka_unit_test(test_council_divided),
        cmocka_unit_test(test_one_finding_per_fact),
        cmocka_unit_test(test_polygon_overlap),
        cmocka_unit_test(test_polygon_gap),
        cmocka_unit_test(test_polygon_straddles),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_bad_inputs),
        cmocka_unit_test(test_repeated_row),
        cmocka_unit_test(test_no_population),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
