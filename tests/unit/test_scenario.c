/* Scenarios (docs/scenario.md): the check of a configuration held in
 * memory, block neighbours, and ct_compare, ct_whatif and ct_suggest on
 * hand-made grids.
 *
 * The check grid (tests/cases/check): nine 1 km squares B1..B9, row by row
 * from the south-west, Bi with 100 i people; councils C1..C3 are its
 * columns (1200, 1500 and 1800 people). */
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

#include "ct_test_grid.h"

/* Queen neighbours of the 3x3 grid: corners have 3, edges 5, the centre 8;
 * 6 horizontal + 6 vertical + 8 diagonal = 20 links. */
static void test_neighbours(void **state)
{
    fx *f = *state;
    size_t *start = NULL, *nbr = NULL;
    assert_int_equal(ct__geoms_neighbours(f->ctx, f->blocks->geoms, 0, &start, &nbr), CT_OK);
    assert_int_equal(start[9], 40);
    size_t b1 = ct__strmap_get(f->blocks->index, "B1"), b5 = ct__strmap_get(f->blocks->index, "B5");
    assert_int_equal(start[b1 + 1] - start[b1], 3);
    assert_int_equal(start[b5 + 1] - start[b5], 8);
    const char *want[] = {"B2", "B4", "B5"};
    for (size_t k = 0; k < 3; k++)
        assert_string_equal(f->blocks->ids[nbr[start[b1] + k]], want[k]);
    free(start);
    free(nbr);
}

/* A check of the configuration in memory gives the documents of ct_check. */
static void test_check_conf(void **state)
{
    fx *f = *state;
    const ct_layer *against[] = {f->councils};
    ct__ckconf conf;
    ct_result *r1 = NULL, *r2 = NULL;
    assert_int_equal(ct__ckconf_read(f->ctx, path_of("split.csv"), NULL, &conf), CT_OK);
    assert_int_equal(ct_check(f->ctx, &r1, path_of("split.csv"), f->blocks, against, 1,
                              f->pop, NULL),
                     CT_OK);
    assert_int_equal(ct__check_conf(f->ctx, &r2, &conf, f->blocks, against, 1, f->pop, NULL),
                     CT_OK);
    assert_string_equal(ct_result_doc(r1, "findings"), ct_result_doc(r2, "findings"));
    assert_string_equal(ct_result_doc(r1, "summary"), ct_result_doc(r2, "summary"));
    ct_result_free(r1);
    ct_result_free(r2);
    ct__ckconf_free(&conf);
}


#ifndef SCENARIO_CASES
#error "SCENARIO_CASES must name tests/cases/scenario"
#endif

static const char *const wide[] = {"BAND_system=0:10000", "BAND_place=0:10000", NULL};

static char *case_of(const char *name)
{
    return path_in(SCENARIO_CASES, name);
}

/* A configuration of the grid: a check case, or a scenario case ("s:"). */
static ct_config *config(fx *f, const char *name)
{
    ct_config *c = NULL;
    const char *p = !strncmp(name, "s:", 2) ? case_of(name + 2) : path_of(name);
    if (ct_config_read(f->ctx, &c, p, f->blocks, NULL))
        fail_msg("%s: %s", name, ct_errmsg(f->ctx));
    return c;
}

static ct_result *compare_opts(fx *f, const ct_config *a, const ct_config *b,
                               const char *const *opts)
{
    const ct_layer *against[] = {f->councils};
    ct_result *r = NULL;
    if (ct_compare(f->ctx, &r, a, b, f->blocks, against, 1, f->pop, opts))
        fail_msg("compare: %s", ct_errmsg(f->ctx));
    return r;
}

static ct_result *compare(fx *f, const ct_config *a, const ct_config *b)
{
    return compare_opts(f, a, b, wide);
}

static json_t *doc(const ct_result *r, const char *name)
{
    json_t *j = json_loads(ct_result_doc(r, name), 0, NULL);
    assert_non_null(j);
    return j;
}

/* The row of a table whose text columns c1 (and c2) hold v1 (and v2). */
static size_t row_of(const ct_table *t, const char *c1, const char *v1, const char *c2,
                     const char *v2)
{
    size_t i1 = ct_table_colindex(t, c1), i2 = c2 ? ct_table_colindex(t, c2) : 0;
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(ct_table_text(t, i, i1), v1) && (!c2 || !strcmp(ct_table_text(t, i, i2), v2)))
            return i;
    fail_msg("%s: no row %s=%s %s=%s", ct_table_name(t), c1, v1, c2 ? c2 : "", v2 ? v2 : "");
    return 0;
}

static const char *cell(const ct_table *t, size_t row, const char *col)
{
    return ct_table_text(t, row, ct_table_colindex(t, col));
}

static double num(const ct_table *t, size_t row, const char *col)
{
    return ct_table_real(t, row, ct_table_colindex(t, col));
}

/* A unit's row of units_diff: its change, people before and after. */
static void expect_unit(const ct_result *r, const char *tier, const char *base_unit,
                        const char *change, const char *unit, double base_pop, double pop)
{
    const ct_table *u = ct_result_table_by_name(r, "units_diff");
    size_t i = row_of(u, "tier", tier, "base_unit", base_unit);
    assert_string_equal(cell(u, i, "change"), change);
    assert_string_equal(cell(u, i, "unit"), unit);
    assert_float_equal(num(u, i, "base_pop"), base_pop, 1e-9);
    if (isnan(pop))
        assert_true(isnan(num(u, i, "pop")));
    else
        assert_float_equal(num(u, i, "pop"), pop, 1e-9);
}

/* Moving B2 from P2 to P1 (split.csv): one move of 200 people; P1 becomes
 * 1,200 + 200 = 1,400, P2 1,500 - 200 = 1,300 (both "changed": members
 * moved), P3 and the system stay the same. The findings of split.csv that
 * aligned.csv lacks (docs/check.md): council_split of C2, no_statutory_match
 * for P1 (warning: it cuts across C2) and P2 (info); the system's info
 * no_statutory_match is kept. */
static void test_compare_split(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "aligned.csv"), *b = config(f, "split.csv");
    ct_result *r = compare(f, a, b);
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_ncols(mv), 6);
    const char *cols[] = {"block", "block_name", "tier", "from", "to", "pop"};
    for (size_t j = 0; j < 6; j++)
        assert_string_equal(ct_table_colname(mv, j), cols[j]);
    assert_int_equal(ct_table_nrows(mv), 1);
    assert_string_equal(cell(mv, 0, "block"), "B2");
    assert_string_equal(cell(mv, 0, "block_name"), "Block 2");
    assert_string_equal(cell(mv, 0, "tier"), "place");
    assert_string_equal(cell(mv, 0, "from"), "P2");
    assert_string_equal(cell(mv, 0, "to"), "P1");
    assert_float_equal(num(mv, 0, "pop"), 200, 1e-9);
    expect_unit(r, "system", "S", "same", "S", 4500, 4500);
    expect_unit(r, "place", "P1", "changed", "P1", 1200, 1400);
    expect_unit(r, "place", "P2", "changed", "P2", 1500, 1300);
    expect_unit(r, "place", "P3", "same", "P3", 1800, 1800);
    const ct_table *fd = ct_result_table_by_name(r, "findings_diff");
    assert_int_equal(ct_table_nrows(fd), 3);
    size_t i = row_of(fd, "type", "council_split", NULL, NULL);
    assert_string_equal(cell(fd, i, "change"), "introduced");
    assert_string_equal(cell(fd, i, "against_units"), "C2");
    i = row_of(fd, "type", "no_statutory_match", "units", "P1");
    assert_string_equal(cell(fd, i, "severity"), "warning");
    i = row_of(fd, "type", "no_statutory_match", "units", "P2");
    assert_string_equal(cell(fd, i, "severity"), "info");
    /* scorecard, place in councils: 3 coterminous places before, only P3
     * after; population fit (1200 + 1300 + 1800) / 4500 after (P1's best
     * council C1 holds 1,200 of its 1,400); one council split after */
    const ct_table *sc = ct_result_table_by_name(r, "scorecard");
    i = row_of(sc, "tier", "place", "layer", "councils");
    assert_float_equal(num(sc, i, "base_coterminous"), 3, 0);
    assert_float_equal(num(sc, i, "coterminous"), 1, 0);
    assert_float_equal(num(sc, i, "base_pop_fit"), 1, 1e-12);
    assert_float_equal(num(sc, i, "pop_fit"), 4300.0 / 4500, 1e-12);
    assert_float_equal(num(sc, i, "base_council_splits"), 0, 0);
    assert_float_equal(num(sc, i, "council_splits"), 1, 0);
    json_t *d = doc(r, "compare");
    assert_int_equal(json_integer_value(json_object_get(d, "version")), 1);
    json_t *fs = json_object_get(d, "findings");
    assert_int_equal(json_integer_value(json_object_get(fs, "resolved")), 0);
    assert_int_equal(json_integer_value(json_object_get(fs, "introduced")), 3);
    assert_int_equal(json_integer_value(json_object_get(fs, "kept")), 1);
    assert_true(json_is_true(json_object_get(d, "changed")));
    json_t *place = json_array_get(json_object_get(d, "tiers"), 1);
    json_t *m0 = json_array_get(json_object_get(place, "moves"), 0);
    assert_string_equal(json_string_value(json_object_get(m0, "from")), "P2");
    assert_float_equal(json_number_value(json_object_get(m0, "population")), 200, 1e-9);
    json_decref(d);
    /* the other way round, the same findings are resolved */
    ct_result *back = compare(f, b, a);
    d = doc(back, "compare");
    fs = json_object_get(d, "findings");
    assert_int_equal(json_integer_value(json_object_get(fs, "resolved")), 3);
    assert_int_equal(json_integer_value(json_object_get(fs, "introduced")), 0);
    json_decref(d);
    ct_result_free(back);
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(b);
}

/* A configuration compared with itself: nothing moved, every unit the
 * same, every finding kept (split.csv has four). */
static void test_compare_self(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "split.csv");
    ct_result *r = compare(f, a, a);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "moves")), 0);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "findings_diff")), 0);
    const ct_table *u = ct_result_table_by_name(r, "units_diff");
    assert_int_equal(ct_table_nrows(u), 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(cell(u, i, "change"), "same");
    json_t *d = doc(r, "compare");
    assert_false(json_is_true(json_object_get(d, "changed")));
    assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "findings"), "kept")),
                     4);
    json_decref(d);
    ct_result_free(r);
    ct_config_free(a);
}

/* P3 relabelled Q3: renamed, not moved; its findings follow it. */
static void test_compare_renamed(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "split.csv"), *b = config(f, "s:renamed.csv");
    ct_config *a2 = config(f, "aligned.csv");
    ct_result *r = compare(f, a2, b);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "moves")), 0);
    expect_unit(r, "place", "P3", "renamed", "Q3", 1800, 1800);
    json_t *d = doc(r, "compare");
    assert_true(json_is_true(json_object_get(d, "changed")));
    json_t *place = json_array_get(json_object_get(d, "tiers"), 1);
    json_t *units = json_object_get(place, "units");
    assert_int_equal(json_integer_value(json_object_get(units, "renamed")), 1);
    json_decref(d);
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(b);
    ct_config_free(a2);
}

/* The two western columns become one place labelled P2: base P2 (1,500
 * people) gives P2 more than base P1 (1,200) does, so they match (changed,
 * 1,500 -> 2,700) and P1 is merged into it: B1, B4 and B7 move (100 + 400 +
 * 700 = 1,200 people). */
static void test_compare_merged(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "aligned.csv"), *b = config(f, "s:merged.csv");
    ct_result *r = compare(f, a, b);
    expect_unit(r, "place", "P2", "changed", "P2", 1500, 2700);
    expect_unit(r, "place", "P1", "merged", "", 1200, NAN);
    const ct_table *u = ct_result_table_by_name(r, "units_diff");
    assert_string_equal(cell(u, row_of(u, "base_unit", "P1", NULL, NULL), "partner"), "P2");
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_nrows(mv), 3);
    double moved = 0;
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(cell(mv, i, "from"), "P1");
        assert_string_equal(cell(mv, i, "to"), "P2");
        moved += num(mv, i, "pop");
    }
    assert_float_equal(moved, 1200, 1e-9);
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(b);
}

/* B9 becomes a place of its own, P4: P3 keeps B3 and B6 (300 + 600 = 900
 * people), P4 is created from P3 with B9's 900. */
static void test_compare_created(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "aligned.csv"), *b = config(f, "s:created.csv");
    ct_result *r = compare(f, a, b);
    expect_unit(r, "place", "P3", "changed", "P3", 1800, 900);
    const ct_table *u = ct_result_table_by_name(r, "units_diff");
    size_t i = row_of(u, "change", "created", NULL, NULL);
    assert_string_equal(cell(u, i, "unit"), "P4");
    assert_string_equal(cell(u, i, "partner"), "P3");
    assert_float_equal(num(u, i, "pop"), 900, 1e-9);
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_nrows(mv), 1);
    assert_string_equal(cell(mv, 0, "block"), "B9");
    assert_string_equal(cell(mv, 0, "to"), "P4");
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(b);
}

/* Polygon layers as one-tier configurations, matched by position: councils
 * C1..C3 (columns) against boards D1 (columns 1-2) and D2 (column 3). D1
 * takes more from C2 (1,500) than from C1 (1,200): C2 -> D1 changed, C1
 * merged into D1 (its 1,200 people move), C3 -> D2 renamed. */
static void test_compare_layers(void **state)
{
    fx *f = *state;
    ct_config *a = NULL, *b = NULL;
    assert_int_equal(ct_config_from_layer(f->ctx, &a, NULL, f->councils, f->blocks, f->pop, NULL),
                     CT_OK);
    assert_int_equal(ct_config_from_layer(f->ctx, &b, NULL, f->boards, f->blocks, f->pop, NULL),
                     CT_OK);
    assert_int_equal(ct_config_nblocks(a), 9);
    assert_string_equal(ct_config_tier(a, 0), "councils");
    assert_string_equal(ct_config_unit(a, 1, 0), "C2"); /* B2 */
    ct_result *r = compare_opts(f, a, b, NULL);
    expect_unit(r, "councils", "C2", "changed", "D1", 1500, 2700);
    expect_unit(r, "councils", "C1", "merged", "", 1200, NAN);
    expect_unit(r, "councils", "C3", "renamed", "D2", 1800, 1800);
    const ct_table *u = ct_result_table_by_name(r, "units_diff");
    size_t i = row_of(u, "base_unit", "C3", NULL, NULL);
    assert_string_equal(cell(u, i, "base_name"), "East");
    assert_string_equal(cell(u, i, "name"), "East board");
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "moves")), 3);
    json_t *d = doc(r, "compare");
    assert_string_equal(json_string_value(json_object_get(d, "tiers_matched_by")), "position");
    json_decref(d);
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(b);
}

/* whatif B2 -> P1 is split.csv: the same moves, and the moved
 * configuration's rows are split.csv's. */
static void test_whatif(void **state)
{
    fx *f = *state;
    const ct_layer *against[] = {f->councils};
    ct_config *a = config(f, "aligned.csv"), *want = config(f, "split.csv");
    const char *moves[] = {"B2=place:P1"};
    ct_result *r = NULL;
    assert_int_equal(ct_whatif(f->ctx, &r, a, moves, 1, f->blocks, against, 1, f->pop, wide),
                     CT_OK);
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_nrows(mv), 1);
    assert_string_equal(cell(mv, 0, "to"), "P1");
    const ct_table *cfg = ct_result_table_by_name(r, "config");
    assert_int_equal(ct_table_nrows(cfg), 9);
    for (size_t i = 0; i < 9; i++) {
        assert_string_equal(ct_table_text(cfg, i, 0), ct_config_block(want, i));
        assert_string_equal(ct_table_text(cfg, i, 1), ct_config_unit(want, i, 0));
        assert_string_equal(ct_table_text(cfg, i, 2), ct_config_unit(want, i, 1));
    }
    ct_result_free(r);
    ct_config_free(a);
    ct_config_free(want);
}

/* A block moved to a place of another system takes that system: B4 (400
 * people) to P4 of M moves at both tiers. */
static void test_whatif_parents(void **state)
{
    fx *f = *state;
    const ct_layer *against[] = {f->councils};
    ct_config *a = config(f, "s:systems.csv");
    const char *moves[] = {"B4=place:P4"};
    ct_result *r = NULL;
    assert_int_equal(ct_whatif(f->ctx, &r, a, moves, 1, f->blocks, against, 1, f->pop, wide),
                     CT_OK);
    const ct_table *cfg = ct_result_table_by_name(r, "config");
    size_t i = row_of(cfg, "block", "B4", NULL, NULL);
    assert_string_equal(cell(cfg, i, "system"), "M");
    assert_string_equal(cell(cfg, i, "place"), "P4");
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_nrows(mv), 2);
    i = row_of(mv, "tier", "system", NULL, NULL);
    assert_string_equal(cell(mv, i, "from"), "N");
    assert_string_equal(cell(mv, i, "to"), "M");
    i = row_of(mv, "tier", "place", NULL, NULL);
    assert_string_equal(cell(mv, i, "from"), "P1");
    assert_float_equal(num(mv, i, "pop"), 400, 1e-9);
    ct_result_free(r);
    ct_config_free(a);
}

static void expect_whatif_error(fx *f, const ct_config *a, const char *move, ct_status st,
                                const char *msg)
{
    ct_result *r = NULL;
    const char *moves[] = {move};
    assert_int_equal(ct_whatif(f->ctx, &r, a, moves, 1, f->blocks, NULL, 0, f->pop, wide), st);
    assert_null(r);
    if (!strstr(ct_errmsg(f->ctx), msg))
        fail_msg("'%s' lacks '%s'", ct_errmsg(f->ctx), msg);
}

/* Bad moves and inputs name what is wrong. */
static void test_bad_inputs(void **state)
{
    fx *f = *state;
    ct_config *a = config(f, "aligned.csv");
    expect_whatif_error(f, a, "B2place", CT_EINVAL, "expected BLOCK=TIER:UNIT");
    expect_whatif_error(f, a, "B2=ward:P1", CT_EINVAL, "no tier 'ward' (tiers: system, place)");
    expect_whatif_error(f, a, "B99=place:P1", CT_EDATA, "lists no block 'B99'");
    expect_whatif_error(f, a, "B2=place:P9", CT_EDATA, "no unit 'P9' (units: P1, P2, P3)");
    /* a move that fails leaves the configuration as it was */
    assert_int_equal(ct_config_move(f->ctx, (ct_config *)a, "B2", "place", "P9"), CT_EDATA);
    assert_string_equal(ct_config_unit(a, 1, 1), "P2");
    /* a band for a tier neither configuration has */
    const char *band[] = {"BAND_ward=1:2", NULL};
    ct_result *rb = NULL;
    assert_int_equal(ct_compare(f->ctx, &rb, a, a, f->blocks, NULL, 0, f->pop, band), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "BAND_ward=1:2 names no tier"));
    /* configurations of different block layers */
    ct_config *c = NULL;
    ct_result *r = NULL;
    assert_int_equal(ct_config_read(f->ctx, &c, case_of("councils_as_blocks.csv"), f->councils,
                                    NULL),
                     CT_OK);
    assert_int_equal(ct_compare(f->ctx, &r, a, c, f->blocks, NULL, 0, f->pop, wide), CT_EDATA);
    assert_non_null(strstr(ct_errmsg(f->ctx), "different block layers"));
    /* codes that are not ids of the blocks */
    ct_config *d = NULL;
    assert_int_equal(ct_config_read(f->ctx, &d, case_of("councils_as_blocks.csv"), f->blocks,
                                    NULL),
                     CT_EDATA);
    assert_non_null(strstr(ct_errmsg(f->ctx), "unknown block code 'C1'"));
    assert_null(d);
    ct_config_free(a);
    ct_config_free(c);
}


/* ---- suggest */

static ct_result *suggest(fx *f, const char *name, const char *tier, const char *const *opts)
{
    ct_config *c = config(f, name);
    ct_result *r = NULL;
    if (ct_suggest(f->ctx, &r, c, tier, f->councils, f->blocks, f->pop, opts))
        fail_msg("suggest %s: %s", name, ct_errmsg(f->ctx));
    ct_config_free(c);
    return r;
}

/* The suggestion of rank i: from, to, the council, blocks, people. */
static void expect_move(const ct_result *r, size_t i, const char *from, const char *to,
                        const char *council, double blocks, double pop, double resolved)
{
    const ct_table *t = ct_result_table_by_name(r, "suggestions");
    assert_true(i < ct_table_nrows(t));
    assert_float_equal(num(t, i, "rank"), (double)(i + 1), 0);
    assert_string_equal(cell(t, i, "from"), from);
    assert_string_equal(cell(t, i, "to"), to);
    assert_string_equal(cell(t, i, "council"), council);
    assert_float_equal(num(t, i, "blocks"), blocks, 0);
    assert_float_equal(num(t, i, "pop"), pop, 1e-9);
    assert_float_equal(num(t, i, "councils_resolved"), resolved, 0);
}

/* The unit of a block in tier col of the improved configuration. */
static const char *unit_after(const ct_result *r, const char *block, const char *col)
{
    const ct_table *t = ct_result_table_by_name(r, "config");
    return cell(t, row_of(t, "block", block, NULL, NULL), col);
}

/* Councils split at a tier by check of the improved configuration: the
 * search's own count must agree with check's (once a council split at a
 * tier above is reported there only, the same way split). */
static size_t check_splits_at(fx *f, const ct_result *r, const char *tier,
                              const char *const *opts)
{
    char dir[] = "/tmp/coterm-suggest-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/config.csv", dir);
    assert_int_equal(ct_table_write(f->ctx, ct_result_table_by_name(r, "config"), path, NULL),
                     CT_OK);
    const ct_layer *against[] = {f->councils};
    ct_result *c = NULL;
    assert_int_equal(ct_check(f->ctx, &c, path, f->blocks, against, 1, f->pop, opts), CT_OK);
    unlink(path);
    rmdir(dir);
    json_t *d = doc(c, "findings"), *fs = json_object_get(d, "findings"), *x;
    size_t n = 0, i;
    json_array_foreach(fs, i, x)
    {
        n += !strcmp(json_string_value(json_object_get(x, "type")), "council_split") &&
             !strcmp(json_string_value(json_object_get(x, "tier")), tier);
    }
    json_decref(d);
    ct_result_free(c);
    return n;
}

static size_t check_splits(fx *f, const ct_result *r)
{
    return check_splits_at(f, r, "place", wide);
}

static size_t splits_doc(const ct_result *r, const char *when)
{
    json_t *d = json_loads(ct_result_doc(r, "suggest"), 0, NULL);
    size_t n = (size_t)json_integer_value(
        json_object_get(json_object_get(d, when), "council_splits"));
    json_decref(d);
    return n;
}

/* split.csv: B2 (200 people) back to P2 mends C2; the only other fix, B5
 * and B8 to P1, would empty P2. Fit (1,200 + 1,300 + 1,800) / 4,500 -> 1. */
static void test_suggest_split(void **state)
{
    fx *f = *state;
    ct_result *r = suggest(f, "split.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "P1", "P2", "C2", 1, 200, 1);
    const ct_table *mv = ct_result_table_by_name(r, "moves");
    assert_int_equal(ct_table_nrows(mv), 1);
    assert_string_equal(cell(mv, 0, "block"), "B2");
    assert_string_equal(cell(mv, 0, "from"), "P1");
    assert_string_equal(unit_after(r, "B2", "place"), "P2");
    json_t *d = doc(r, "suggest");
    json_t *before = json_object_get(d, "before"), *after = json_object_get(d, "after");
    assert_int_equal(json_integer_value(json_object_get(before, "council_splits")), 1);
    assert_float_equal(json_number_value(json_object_get(before, "fit")), 4300.0 / 4500, 1e-12);
    assert_int_equal(json_integer_value(json_object_get(after, "council_splits")), 0);
    assert_float_equal(json_number_value(json_object_get(after, "fit")), 1, 1e-12);
    assert_string_equal(json_string_value(json_object_get(d, "stopped")), "no_improving_move");
    json_decref(d);
    assert_int_equal(check_splits(f, r), 0);
    ct_result_free(r);
}

/* bridge.csv: C2 is split between P1 (B5, 500 people) and P2 (B2 + B8,
 * 1,000). B5 to P2 resolves it for 500 people: 1/500 per person beats B2 +
 * B8 to P1 (1/1000); then no move improves (P2 = C2 + C3, the rest whole). */
static void test_suggest_cheapest(void **state)
{
    fx *f = *state;
    ct_result *r = suggest(f, "s:bridge.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "P1", "P2", "C2", 1, 500, 1);
    assert_int_equal(check_splits(f, r), 0);
    ct_result_free(r);
}

/* The same with P1 kept within a band of 1,300 to 3,000: B5 would leave P1
 * with 1,200 people, so B2 + B8 (200 + 800) go to P1 instead (P1 2,700, P2
 * the 1,800 of C3, both in the band). */
static void test_suggest_band(void **state)
{
    fx *f = *state;
    const char *opts[] = {"BAND_system=0:10000", "BAND_place=1300:3000", "KEEP_BAND=YES", NULL};
    ct_result *r = suggest(f, "s:bridge.csv", "place", opts);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "P2", "P1", "C2", 2, 1000, 1);
    assert_string_equal(unit_after(r, "B2", "place"), "P1");
    assert_string_equal(unit_after(r, "B8", "place"), "P1");
    assert_string_equal(unit_after(r, "B5", "place"), "P1");
    json_t *d = doc(r, "suggest");
    assert_true(json_is_true(json_object_get(d, "keep_band")));
    json_decref(d);
    ct_result_free(r);
    /* a band to keep must exist */
    const char *none[] = {"KEEP_BAND=YES", NULL};
    ct_result *bad = NULL;
    ct_config *one = NULL;
    assert_int_equal(ct_config_from_layer(f->ctx, &one, "zone", f->boards, f->blocks, f->pop,
                                          NULL),
                     CT_OK);
    assert_int_equal(ct_suggest(f->ctx, &bad, one, "zone", f->councils, f->blocks, f->pop, none),
                     CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "tier 'zone' has no population band"));
    ct_config_free(one);
}

/* cutvertex.csv: C2 (B5 in P1; B2, B8 in P2) and C3 (B6 in P1; B3, B9 in
 * P2) are split. B5 (500) is cheapest but joins B6 to the rest of P1, so it
 * cannot leave first: B6 (600) goes to P2, then B5 (500) can. */
static void test_suggest_contiguity(void **state)
{
    fx *f = *state;
    ct_result *r = suggest(f, "s:cutvertex.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 2);
    expect_move(r, 0, "P1", "P2", "C3", 1, 600, 1);
    expect_move(r, 1, "P1", "P2", "C2", 1, 500, 1);
    assert_int_equal(splits_doc(r, "before"), 2);
    assert_int_equal(splits_doc(r, "after"), 0);
    assert_int_equal(check_splits(f, r), 0);
    ct_result_free(r);
    /* at most one move */
    const char *one[] = {"BAND_system=0:10000", "BAND_place=0:10000", "MAX_MOVES=1", NULL};
    r = suggest(f, "s:cutvertex.csv", "place", one);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "P1", "P2", "C3", 1, 600, 1);
    json_t *d = doc(r, "suggest");
    assert_string_equal(json_string_value(json_object_get(d, "stopped")), "max_moves");
    json_decref(d);
    ct_result_free(r);
}

/* swap.csv: B4 (C1, 400 people) sits in P2 and B5 (C2, 500) in P1. B5
 * cannot leave first (P1 would fall into B1 and B7, which only touch B4
 * and B5), so B4 joins P1 (1/400 per person), then B5 joins P2 (1/500).
 * Each is listed first in its place: the improved configuration must take
 * the places' labels from rows that stay. */
static void test_suggest_swap(void **state)
{
    fx *f = *state;
    ct_result *r = suggest(f, "s:swap.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 2);
    expect_move(r, 0, "P2", "P1", "C1", 1, 400, 1);
    expect_move(r, 1, "P1", "P2", "C2", 1, 500, 1);
    assert_string_equal(unit_after(r, "B4", "place"), "P1");
    assert_string_equal(unit_after(r, "B5", "place"), "P2");
    assert_int_equal(check_splits(f, r), 0);
    ct_result_free(r);
}

/* nbhd.csv: C2's only block outside P1, B2, shares neighbourhood N3 with B3
 * (C3), and N3 moves whole: its 500 people are mostly C3's, so no move mends
 * C2 without cutting N3. Without the neighbourhoods (nbhd_flat.csv) B2 (200)
 * goes to P1. */
static void test_suggest_tier_below(void **state)
{
    fx *f = *state;
    const char *opts[] = {"BAND_system=0:10000", "BAND_place=0:10000",
                          "BAND_neighbourhood=0:10000", NULL};
    ct_result *r = suggest(f, "s:nbhd.csv", "place", opts);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 0);
    assert_int_equal(splits_doc(r, "after"), 1);
    ct_result_free(r);
    r = suggest(f, "s:nbhd_flat.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "P2", "P1", "C2", 1, 200, 1);
    ct_result_free(r);
}

/* nbhd.csv at the neighbourhood tier (blocks move between neighbourhoods of
 * one place): N3 = B2 + B3 crosses C2 and C3, so both are split (C2: N2
 * 1,300 and N3 200; C3: N4 1,500 and N3 300). B3 (300 people) to N4 leaves
 * C3 whole and N3 = B2 inside C2: C2 is then divided between N2 and N3, both
 * inside it, which is no split at a tier meant to be smaller (check's
 * council_divided): 2 councils resolved by one move. B6 + B9 would empty
 * N4; B2, B5 and B8 cannot change place. */
static void test_suggest_divided(void **state)
{
    fx *f = *state;
    const char *opts[] = {"BAND_system=0:10000", "BAND_place=0:10000", NULL};
    ct_result *r = suggest(f, "s:nbhd.csv", "neighbourhood", opts);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 1);
    expect_move(r, 0, "N3", "N4", "C3", 1, 300, 2);
    assert_int_equal(splits_doc(r, "before"), 2);
    assert_int_equal(splits_doc(r, "after"), 0);
    assert_int_equal(check_splits_at(f, r, "neighbourhood", opts), 0);
    ct_result_free(r);
}

/* parents.csv: P1 lies in system N, P2 in M: moving B2 to P2 (or B5, B8 to
 * P1) would change systems, so nothing moves. */
static void test_suggest_parents(void **state)
{
    fx *f = *state;
    ct_result *r = suggest(f, "s:parents.csv", "place", wide);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "suggestions")), 0);
    assert_int_equal(splits_doc(r, "before"), 1);
    ct_result_free(r);
}

/* Bad inputs name the problem. */
static void test_suggest_bad(void **state)
{
    fx *f = *state;
    ct_config *c = config(f, "split.csv");
    ct_result *r = NULL;
    assert_int_equal(ct_suggest(f->ctx, &r, c, "ward", f->councils, f->blocks, f->pop, wide),
                     CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "no tier 'ward' (tiers: system, place)"));
    const char *bad[] = {"MAX_MOVES=1.5", NULL};
    assert_int_equal(ct_suggest(f->ctx, &r, c, "place", f->councils, f->blocks, f->pop, bad),
                     CT_EINVAL);
    const char *unknown[] = {"FROB=1", NULL};
    assert_int_equal(ct_suggest(f->ctx, &r, c, "place", f->councils, f->blocks, f->pop, unknown),
                     CT_EINVAL);
    assert_int_equal(ct_suggest(f->ctx, &r, c, "place", f->councils, f->councils, f->pop, wide),
                     CT_EDATA);
    assert_non_null(strstr(ct_errmsg(f->ctx), "give the block layer it was read with"));
    assert_null(r);
    ct_config_free(c);
}


/* ---- allocation-failure sweep */

static void *sweep_malloc(size_t n)
{
    return ct__malloc(n);
}

/* Every table cell and document of a result as one string (plain malloc). */
static char *digest(const ct_result *r)
{
    size_t len = 0, cap = 1 << 16;
    char *s = malloc(cap);
    assert_non_null(s);
    s[0] = '\0';
    for (size_t k = 0; k < ct_result_ntables(r) + ct_result_ndocs(r); k++) {
        const ct_table *t = k < ct_result_ntables(r) ? ct_result_table(r, k) : NULL;
        for (size_t i = 0; t && i < ct_table_nrows(t); i++)
            for (size_t j = 0; j < ct_table_ncols(t); j++) {
                char c[512];
                int n = ct_table_coltype(t, j) == CT_COL_TEXT
                            ? snprintf(c, sizeof c, "%s|", ct_table_text(t, i, j))
                            : snprintf(c, sizeof c, "%.17g|", ct_table_real(t, i, j));
                while (len + (size_t)n + 1 > cap)
                    assert_non_null(s = realloc(s, cap *= 2));
                memcpy(s + len, c, (size_t)n + 1);
                len += (size_t)n;
            }
        const char *d = t ? "" : ct_result_doc(r, ct_result_doc_name(r, k - ct_result_ntables(r)));
        while (len + strlen(d) + 1 > cap)
            assert_non_null(s = realloc(s, cap *= 2));
        memcpy(s + len, d, strlen(d) + 1);
        len += strlen(d);
    }
    return s;
}

typedef ct_status (*scenario_fn)(fx *f, const ct_config *c, ct_result **r);

static ct_status run_whatif(fx *f, const ct_config *c, ct_result **r)
{
    const ct_layer *against[] = {f->councils};
    const char *moves[] = {"B2=place:P1"}, *band[] = {"BAND_place=0:10000", NULL};
    return ct_whatif(f->ctx, r, c, moves, 1, f->blocks, against, 1, f->pop, band);
}

static ct_status run_suggest(fx *f, const ct_config *c, ct_result **r)
{
    return ct_suggest(f->ctx, r, c, "place", f->councils, f->blocks, f->pop, wide);
}

/* Fail the Nth allocation of a run for every N: a clean CT_ENOMEM, or CT_OK
 * with the results of a run without failures; never a crash or a leak (the
 * sanitizer build). The inputs are opened before the sweep. With json,
 * jansson's allocations fail too (not for whatif: check's findings still
 * drop a value that cannot be built, e.g. a council_split part). */
static void sweep(fx *f, const char *name, scenario_fn fn, bool json, size_t min_failures)
{
    if (json)
        json_set_alloc_funcs(sweep_malloc, free);
    ct_config *c = config(f, name);
    ct_result *r = NULL;
    assert_int_equal(fn(f, c, &r), CT_OK);
    char *want = digest(r);
    ct_result_free(r);
    size_t failures = 0;
    for (long n = 1;; n++) {
        ct__alloc_fail_countdown = n;
        r = NULL;
        ct_status st = fn(f, c, &r);
        bool hit = ct__alloc_fail_countdown == 0;
        ct__alloc_fail_countdown = 0;
        if (st == CT_OK) {
            char *got = digest(r);
            if (strcmp(got, want))
                fail_msg("allocation %ld failed: CT_OK but other results", n);
            free(got);
        } else if (st != CT_ENOMEM)
            fail_msg("allocation %ld failed: %s (%s)", n, ct_status_name(st), ct_errmsg(f->ctx));
        else
            assert_null(r);
        ct_result_free(r);
        if (!hit)
            break;
        failures++;
    }
    json_set_alloc_funcs(malloc, free);
    assert_true(failures >= min_failures);
    free(want);
    ct_config_free(c);
}

static void test_sweep_whatif(void **state)
{
    sweep(*state, "s:places.csv", run_whatif, false, 500); /* one tier: checks are dear */
}

static void test_sweep_suggest(void **state)
{
    sweep(*state, "s:cutvertex.csv", run_suggest, true, 300);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_neighbours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_conf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_self, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_renamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_merged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_created, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compare_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whatif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_whatif_parents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_split, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_cheapest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_band, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_contiguity, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_swap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_tier_below, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_divided, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_parents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_suggest_bad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_whatif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_suggest, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
