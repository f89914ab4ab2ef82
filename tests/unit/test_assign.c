/* Population assignment (assign.c) on hand-made layers: how each small
 * area's people go to the units of a layer, by every route (lookup, self,
 * centroid, centroid + nesting vote, largest area, areal).
 *
 * Layer B is tests/cases/fit/b.geojson (EPSG:27700, x0 = 400000, y0 = 300000,
 * km offsets; see tests/cases/fit/README.md):
 *   B1 [0,2.01]x[0,2]  B2 [2.01,3]x[0,2]  B3 [3,4]x[0,2]  B4 [1,3]x[2,4]
 *   B5 [0,1]x[2,4]     B6 [3,4]x[2,4]     B7 [6,7]x[0,1]  (indices 0..6) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inputs/inputs.h"

#define CASE(f) CT_CASES_DIR "/fit/" f
#define NONE CT__NONE

typedef struct fx {
    ct_ctx *ctx;
    ct_layer *b;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (!f || ct_ctx_new(&f->ctx, NULL) || ct_layer_open(f->ctx, &f->b, CASE("b.geojson"), NULL))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    ct_layer_free(f->b);
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Seven small areas with population-weighted centroids and one nesting
 * level (groups G1..G4), built by hand. Distances to B's boundaries:
 *  s1 (0.5, 0.5)  in B1, 500 m from its edge: confident
 *  s2 (1.0, 1.0)  in B1, 1000 m: confident
 *  s3 (2.2, 1.0)  in B2 but 190 m from the B1|B2 line: ambiguous; its group
 *                 G1 (s1, s2 in B1) votes B1
 *  s4 (3.5, 1.0)  in B3, 500 m: confident
 *  s5 (6.5, 0.5)  in B7, 500 m: confident
 *  s6 (4.3, 0.5)  outside every unit, 300 m east of B3 (< 400 m: ambiguous,
 *                 maybe outside a generalised coastline); group G2 with s4
 *  s7 (10, 0.5)   outside every unit, 3000 m from any: beyond the layer's
 *                 coverage, not ambiguous; alone in group G4
 * People: s1 400, s2 500, s3 30, s4 40, s5 50, s6 60, s7 70, so that G1's
 * main unit B1 holds 900 of 930 (>= 90%): one misplaced centroid does not
 * split the group. */
enum { NS = 7 };
static const char *const s_ids[NS] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7"};
static const char *const s_grp[NS] = {"G1", "G1", "G1", "G2", "G3", "G2", "G4"};
static const double s_pop[NS] = {400, 500, 30, 40, 50, 60, 70};

/* Add a nesting level to a hand-made base: area i in group grp[i]. */
static void add_level(ct_ctx *ctx, ct_pop *p, const char *name, const char *const *grp)
{
    ct__level *lv = &p->levels[p->nlevels++];
    lv->name = ct__strdup(name);
    lv->codes = ct__calloc(p->n, sizeof *lv->codes);
    lv->unit_of = ct__calloc(p->n, sizeof *lv->unit_of);
    lv->index = ct__strmap_new(p->n);
    assert_true(lv->name && lv->codes && lv->unit_of && lv->index);
    for (size_t i = 0; i < p->n; i++) {
        size_t g = ct__strmap_get(lv->index, grp[i]);
        if (g == NONE) {
            g = lv->nunits++;
            lv->codes[g] = ct__strdup(grp[i]);
            assert_non_null(lv->codes[g]);
            assert_int_equal(ct__strmap_put(ctx, lv->index, lv->codes[g], g, NULL), CT_OK);
        }
        lv->unit_of[i] = g;
    }
}

/* A base of n areas at (x, y) km with one nesting level msoa11 (groups grp). */
static ct_pop *pop_from(ct_ctx *ctx, size_t n, const char *const *ids, const double *x,
                        const double *y, const double *people, const char *const *grp)
{
    ct_pop *p = ct__calloc(1, sizeof *p);
    assert_non_null(p);
    p->ctx = ctx;
    p->source = ct__strdup("hand-made");
    p->crs = ct__strdup("EPSG:27700");
    p->ids = ct__calloc(n, sizeof *p->ids);
    p->names = ct__calloc(n, sizeof *p->names);
    p->pop = ct__calloc(n, sizeof *p->pop);
    p->x = ct__calloc(n, sizeof *p->x);
    p->y = ct__calloc(n, sizeof *p->y);
    p->index = ct__strmap_new(n);
    assert_true(p->source && p->crs && p->ids && p->names && p->pop && p->x && p->y && p->index);
    for (size_t i = 0; i < n; i++) {
        p->ids[i] = ct__strdup(ids[i]);
        p->names[i] = ct__strdup("");
        assert_true(p->ids[i] && p->names[i]);
        p->pop[i] = people[i];
        p->x[i] = 400000 + 1000 * x[i];
        p->y[i] = 300000 + 1000 * y[i];
        p->total += p->pop[i];
        assert_int_equal(ct__strmap_put(ctx, p->index, p->ids[i], i, NULL), CT_OK);
        p->n++;
    }
    add_level(ctx, p, "msoa11", grp);
    return p;
}

static ct_pop *hand_pop_groups(ct_ctx *ctx, const double *people, const char *const *grp)
{
    const double x[NS] = {0.5, 1.0, 2.2, 3.5, 6.5, 4.3, 10};
    const double y[NS] = {0.5, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5};
    return pop_from(ctx, NS, s_ids, x, y, people, grp);
}

static ct_pop *hand_pop_with(ct_ctx *ctx, const double *people)
{
    return hand_pop_groups(ctx, people, s_grp);
}

static ct_pop *hand_pop(ct_ctx *ctx)
{
    return hand_pop_with(ctx, s_pop);
}

/* The unit of area i under a whole assignment (NONE if unassigned). */
static size_t unit_of(const ct__assign *a, size_t i)
{
    size_t n = a->start[i + 1] - a->start[i];
    if (n == 0)
        return NONE;
    assert_int_equal(n, 1);
    assert_float_equal(a->frac[a->start[i]], 1.0, 0);
    return a->unit[a->start[i]];
}

static void test_method_names(void **state)
{
    fx *f = *state;
    ct__method m = CT__AREAL;
    assert_int_equal(ct__method_parse(f->ctx, NULL, &m), CT_OK);
    assert_int_equal(m, CT__AUTO);
    assert_int_equal(ct__method_parse(f->ctx, "bestfit", &m), CT_OK);
    assert_int_equal(m, CT__BESTFIT);
    assert_int_equal(ct__method_parse(f->ctx, "areal", &m), CT_OK);
    assert_int_equal(m, CT__AREAL);
    assert_int_equal(ct__method_parse(f->ctx, "auto", &m), CT_OK);
    assert_int_equal(m, CT__AUTO);
    assert_int_equal(ct__method_parse(f->ctx, "Areal", &m), CT_EINVAL);
    assert_string_equal(ct_errmsg(f->ctx), "unknown method 'Areal' (auto, bestfit or areal)");
    assert_string_equal(ct__method_name(CT__AUTO), "auto");
    assert_string_equal(ct__method_name(CT__BESTFIT), "bestfit");
    assert_string_equal(ct__method_name(CT__AREAL), "areal");
}

/* bestfit: plain point in polygon; centroids outside every unit stay
 * unassigned. */
static void test_centroid(void **state)
{
    fx *f = *state;
    ct_pop *p = hand_pop(f->ctx);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__BESTFIT, 0.01, NULL, &a), CT_OK);
    assert_string_equal(a.how, "centroid");
    assert_int_equal(a.n, NS);
    const size_t want[NS] = {0, 0, 1, 2, 6, NONE, NONE};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_outside, 2);    /* s6, s7 */
    assert_int_equal(a.n_unassigned, 2);
    assert_int_equal(a.n_voted, 0);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* auto: s3's centroid lies 190 m (< CT__AMBIGUOUS_M = 400 m) inside B2, where
 * no confident area of its group G1 lies, so it moves to B1, which holds
 * G1's confident people (s1, s2). s6 lies outside every unit but within
 * 400 m of one and takes B3, the unit of its group's confident area s4.
 * s7 is far from every unit: not ambiguous, it stays unassigned. No group
 * has less than 90% of its people in its main unit, so the level votes. */
static void test_centroid_nesting_vote(void **state)
{
    fx *f = *state;
    ct_pop *p = hand_pop(f->ctx);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__AUTO, 0.01, NULL, &a), CT_OK);
    assert_string_equal(a.how, "centroid+nesting");
    const size_t want[NS] = {0, 0, 0, 2, 6, 2, NONE};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_ambiguous, 2); /* s3, s6 */
    assert_int_equal(a.n_voted, 2);     /* s3, s6 */
    assert_int_equal(a.n_outside, 2);   /* s6, s7 before the vote */
    assert_int_equal(a.n_unassigned, 1);
    assert_int_equal(a.n_snapped, 0);   /* no snapping level in this base */
    /* B's ids are no codes of the level: the geometry decides, and says so */
    assert_null(a.level);
    assert_non_null(strstr(a.why, "the ids are not codes of a lookup level"));
    assert_int_equal(a.n_doubt, 0);     /* both ambiguous areas had a vote */
    assert_float_equal(a.pop_unassigned, 70, 0); /* s7 */
    assert_int_equal(a.n_far_placed, 0); /* 1,020 of 1,150 people placed: under 90%,
                                            so the layer does not cover the base */
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* A layer that covers the base (at least 90% of its people have a unit) and
 * misses land: s7, 3 km from every unit, now in group G2 with s4 (confident
 * in B3) and 10 people, so that 1,020 of 1,090 people (93.6%) are placed.
 * Its centroid is far outside, but the layer covers the base: the outline
 * misses land, and the nesting places it with s4 in B3. */
static void test_far_outside_covering_layer(void **state)
{
    fx *f = *state;
    const double people[NS] = {400, 500, 30, 40, 50, 60, 10};
    const char *const grp[NS] = {"G1", "G1", "G1", "G2", "G3", "G2", "G2"};
    ct_pop *p = hand_pop_groups(f->ctx, people, grp);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__AUTO, 0.01, NULL, &a), CT_OK);
    const size_t want[NS] = {0, 0, 0, 2, 6, 2, 2};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_far_placed, 1);
    assert_float_equal(a.pop_far_placed, 10, 0);
    assert_int_equal(a.n_unassigned, 0);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* The same areas with s3 holding half of G1's people (s1 10, s2 20, s3 30):
 * G1's main unit B1 then has 30 of 60 (< 90%), so G1 is split; 1 split of
 * 3 groups with a unit (G1, G2, G3) is over a quarter, so the level counts
 * as finer than the layer and does not vote: s3 stays in B2, s6 outside. */
static void test_finer_level_does_not_vote(void **state)
{
    fx *f = *state;
    const double people[NS] = {10, 20, 30, 40, 50, 60, 70};
    ct_pop *p = hand_pop_with(f->ctx, people);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__AUTO, 0.01, NULL, &a), CT_OK);
    const size_t want[NS] = {0, 0, 1, 2, 6, NONE, NONE};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_ambiguous, 2);
    assert_int_equal(a.n_voted, 0);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* little-endian WKB of the rectangle [x0, x1] x [y0, y1] km */
static void rect_wkb(unsigned char b[93], double x0, double y0, double x1, double y1)
{
    x0 = 400000 + 1000 * x0, x1 = 400000 + 1000 * x1;
    y0 = 300000 + 1000 * y0, y1 = 300000 + 1000 * y1;
    const double xy[10] = {x0, y0, x1, y0, x1, y1, x0, y1, x0, y0};
    const uint32_t head[3] = {3, 1, 5};
    b[0] = 1;
    memcpy(b + 1, head, sizeof head);
    memcpy(b + 13, xy, sizeof xy);
}

/* A layer of four units with the group codes as ids, rectangles r[k]
 * (x0, y0, x1, y1 in km), assigned with auto. */
static ct__assign groups_layer(fx *f, ct_pop *p, const char *const ids[4],
                               const double r[4][4])
{
    unsigned char sq[4][93];
    const unsigned char *wkb[4];
    size_t len[4];
    for (size_t k = 0; k < 4; k++) {
        rect_wkb(sq[k], r[k][0], r[k][1], r[k][2], r[k][3]);
        wkb[k] = sq[k];
        len[k] = 93;
    }
    ct_layer *g = NULL;
    assert_int_equal(ct_layer_from_wkb(f->ctx, &g, "groups", 4, ids, NULL, wkb, len,
                                       "EPSG:27700", NULL),
                     CT_OK);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, g, CT__AUTO, 0.01, NULL, &a), CT_OK);
    ct_layer_free(g);
    return a;
}

/* A layer of n rectangles r[k] (x0, y0, x1, y1 in km) with ids ids[k]. */
static ct_layer *rect_layer(fx *f, const char *label, size_t n, const char *const *ids,
                            const double (*r)[4])
{
    unsigned char sq[8][93];
    const unsigned char *wkb[8];
    size_t len[8];
    assert_true(n <= 8);
    for (size_t k = 0; k < n; k++) {
        rect_wkb(sq[k], r[k][0], r[k][1], r[k][2], r[k][3]);
        wkb[k] = sq[k];
        len[k] = 93;
    }
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_from_wkb(f->ctx, &l, label, n, ids, NULL, wkb, len, "EPSG:27700",
                                       NULL),
                     CT_OK);
    return l;
}

/* Own polygon (methods.md): the hand-made areas plus s8 (2.5, 1.0), 20
 * people, alone in MSOA G5 and confident in B2 (490 m from the B1|B2 line,
 * 500 m from B2|B3). Councils ltla21: C1 = s1, s2, s3, s8; C2 = s4, s6;
 * C3 = s5; C4 = s7 (polygons [0,3], [3,5], [6,7], [9,11] x [0,2]: no
 * council has 99% of its people or area in one unit, so none snaps). s3's
 * centroid is in B2, 190 m from B1; its MSOA G1 votes B1 (s1, s2).
 *  own [2.05,2.6] x [0.5,1.5]: wholly in B2, and C1 has s8 confident in B2:
 *      the vote is undone, s3 stays in B2 (kept 1; moved 1, s6)
 *  own [1.5,2.3] x [0.5,1.5]: 0.29 of 0.8 km^2 (36%) in B2: s3 goes to B1
 *  own wholly in B2 but s8 in C2: C1 has no confident area in B2 (the
 *      layer's line may be off there): s3 goes to B1 */
static void own_polygon_case(fx *f, const double own[4], const char *s8_council, size_t want_s3)
{
    const char *ids[8] = {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"};
    const double x[8] = {0.5, 1.0, 2.2, 3.5, 6.5, 4.3, 10, 2.5};
    const double y[8] = {0.5, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 1.0};
    const double people[8] = {400, 500, 30, 40, 50, 60, 70, 20};
    const char *msoa[8] = {"G1", "G1", "G1", "G2", "G3", "G2", "G4", "G5"};
    const char *council[8] = {"C1", "C1", "C1", "C2", "C3", "C2", "C4", s8_council};
    ct_pop *p = pop_from(f->ctx, 8, ids, x, y, people, msoa);
    add_level(f->ctx, p, "ltla21", council);
    p->snap_level = ct__strdup("ltla21");
    assert_non_null(p->snap_level);
    const char *cids[4] = {"C1", "C2", "C3", "C4"};
    const double cr[4][4] = {{0, 0, 3, 2}, {3, 0, 5, 2}, {6, 0, 7, 2}, {9, 0, 11, 2}};
    p->snap_polys = rect_layer(f, "councils", 4, cids, cr);
    p->polys = rect_layer(f, "own", 1, (const char *[]){"s3"}, (const double (*)[4])own);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__AUTO, 0.01, NULL, &a), CT_OK);
    const size_t want[8] = {0, 0, want_s3, 2, 6, 2, NONE, 1};
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_kept_own, want_s3 == 1);
    assert_int_equal(a.n_voted, want_s3 == 1 ? 1 : 2);
    assert_int_equal(a.n_snapped, 0);
    ct__assign_free(&a);
    ct_pop_free(p);
}

static void test_own_polygon_keeps(void **state)
{
    own_polygon_case(*state, (const double[4]){2.05, 0.5, 2.6, 1.5}, "C1", 1);
}

static void test_own_polygon_minority(void **state)
{
    own_polygon_case(*state, (const double[4]){1.5, 0.5, 2.3, 1.5}, "C1", 0);
}

static void test_own_polygon_council_elsewhere(void **state)
{
    own_polygon_case(*state, (const double[4]){2.05, 0.5, 2.6, 1.5}, "C2", 0);
}

/* Ids are not membership. A layer whose ids are all codes of a level, and
 * whose rectangles hold each area's centroid in the unit the lookup names,
 * gets the lookup: G1 [0,3]x[0,2] holds s1, s2, s3; G2 [3,5]x[0,2] s4, s6;
 * G3 [6,7]x[0,1] s5; G4 [9.5,10.5]x[0,1] s7. */
static void test_lookup_agrees(void **state)
{
    fx *f = *state;
    ct_pop *p = hand_pop(f->ctx);
    const char *ids[] = {"G2", "G1", "G4", "G3"};
    const double r[4][4] = {{3, 0, 5, 2}, {0, 0, 3, 2}, {9.5, 0, 10.5, 1}, {6, 0, 7, 1}};
    ct__assign a = groups_layer(f, p, ids, r);
    assert_string_equal(a.how, "lookup");
    assert_string_equal(a.level, "msoa11");
    assert_true(a.lookup_checked);
    assert_int_equal(a.n_contradict, 0);
    /* G1 is unit 1, G2 unit 0, G3 unit 3, G4 unit 2 */
    const size_t want[NS] = {1, 1, 1, 0, 3, 0, 2};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    assert_int_equal(a.n_unassigned, 0);
    assert_non_null(strstr(a.why, "membership from the lookup"));
    assert_int_equal(ct_diag_count(f->ctx), 0);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* The same codes over squares 50 km away: every centroid lies far outside
 * the unit the lookup names (7 areas, 400 + 500 + 30 + 40 + 50 + 60 + 70 =
 * 1,150 people), so the geometry decides, and places nobody. */
static void test_lookup_contradicted(void **state)
{
    fx *f = *state;
    ct_pop *p = hand_pop(f->ctx);
    const char *ids[] = {"G2", "G1", "G4", "G3"};
    const double r[4][4] = {{50, 50, 51, 51}, {52, 50, 53, 51}, {54, 50, 55, 51},
                            {56, 50, 57, 51}};
    ct__assign a = groups_layer(f, p, ids, r);
    assert_string_equal(a.how, "centroid+nesting");
    assert_string_equal(a.level, "msoa11");
    assert_int_equal(a.n_contradict, 7);
    assert_float_equal(a.pop_contradict, 1150, 0);
    assert_int_equal(a.n_unassigned, 7);
    assert_non_null(strstr(a.why, "contradicts the msoa11 lookup for 7 small areas"));
    assert_int_equal(ct_diag_count(f->ctx), 1);
    assert_non_null(strstr(ct_diag_message(f->ctx, 0), "its ids are msoa11 codes"));
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* A reused code: G1 keeps its code but lost s3 to G2 (a unit whose code
 * exists in two vintages with different members: the lookup's G1 holds s1,
 * s2, s3; the layer's G1 = [0,1.6]x[0,2] holds s1, s2). s3 (2.2, 1.0) lies
 * 600 m from G1, more than 400 m (no council reference here, so no measured
 * displacement), and 600 m inside G2 = [1.6,5]x[0,2]: it contradicts the
 * lookup, the geometry decides, and s3 (30 people) goes to G2, where it is
 * confident (600 m from G2's nearest edge), so no vote moves it back. */
static void test_lookup_reused_code(void **state)
{
    fx *f = *state;
    ct_pop *p = hand_pop(f->ctx);
    const char *ids[] = {"G2", "G1", "G4", "G3"};
    const double r[4][4] = {{1.6, 0, 5, 2}, {0, 0, 1.6, 2}, {9.5, 0, 10.5, 1}, {6, 0, 7, 1}};
    ct__assign a = groups_layer(f, p, ids, r);
    assert_string_equal(a.how, "centroid+nesting");
    assert_int_equal(a.n_contradict, 1);
    assert_float_equal(a.pop_contradict, 30, 0);
    assert_non_null(strstr(a.contradict_example, "s3 (msoa11 G1, centroid inside G2)"));
    const size_t want[NS] = {1, 1, 0, 0, 3, 0, 2};
    for (size_t i = 0; i < NS; i++)
        assert_int_equal(unit_of(&a, i), want[i]);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* pop.geojson: 1 km cells Pij (column i, row j) with 100 * (4j + i + 1)
 * people, then PA5 under A5, PB7 under B7 and POUT outside everything. */
static ct_pop *cells_pop(ct_ctx *ctx)
{
    ct_pop *p = NULL;
    const char *opts[] = {"POP_FIELD=pop", NULL};
    assert_int_equal(ct_pop_open(ctx, &p, CASE("pop.geojson"), opts), CT_OK);
    assert_int_equal(ct_pop_size(p), 19);
    /* 100 * (1 + ... + 16) + 500 + 700 + 300 */
    assert_float_equal(ct_pop_total(p), 15100, 0);
    return p;
}

/* Without centroids each cell goes wholly to the unit sharing most of its
 * area: P20 [2,3]x[0,1] is 1% in B1 (10 m strip), 99% in B2, so B2. */
static void test_largest_area(void **state)
{
    fx *f = *state;
    ct_pop *p = cells_pop(f->ctx);
    for (int m = 0; m < 2; m++) {
        ct__assign a;
        assert_int_equal(ct__assign_units(f->ctx, p, f->b, m ? CT__BESTFIT : CT__AUTO, 0.01, NULL, &a),
                         CT_OK);
        assert_string_equal(a.how, "largest-area");
        /* rows j = 0..3 of columns i = 0..3, then PA5, PB7, POUT */
        const size_t want[19] = {0, 0, 1, 2,  0, 0, 1, 2,  4, 3, 3, 5,  4, 3, 3, 5,
                                 NONE, 6, NONE};
        for (size_t i = 0; i < 19; i++)
            assert_int_equal(unit_of(&a, i), want[i]);
        assert_int_equal(a.n_unassigned, 2);
        ct__assign_free(&a);
    }
    ct_pop_free(p);
}

/* areal: P20 and P21 are split 0.01 / 0.99 between B1 and B2 (10 m of
 * 1000 m); every assigned cell's fractions add up to 1. */
static void test_areal(void **state)
{
    fx *f = *state;
    ct_pop *p = cells_pop(f->ctx);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, f->b, CT__AREAL, 0.01, NULL, &a), CT_OK);
    assert_string_equal(a.how, "areal");
    for (size_t i = 0; i < 19; i++) {
        double sum = 0;
        for (size_t k = a.start[i]; k < a.start[i + 1]; k++)
            sum += a.frac[k];
        bool outside = i == 16 || i == 18; /* PA5, POUT */
        assert_float_equal(sum, outside ? 0 : 1, 1e-12);
    }
    for (size_t i = 2; i <= 6; i += 4) { /* P20, P21 */
        assert_int_equal(a.start[i + 1] - a.start[i], 2);
        size_t k = a.start[i];
        assert_int_equal(a.unit[k], 0);
        assert_float_equal(a.frac[k], 0.01, 1e-9);
        assert_int_equal(a.unit[k + 1], 1);
        assert_float_equal(a.frac[k + 1], 0.99, 1e-9);
    }
    assert_int_equal(a.n_unassigned, 2);
    ct__assign_free(&a);
    ct_pop_free(p);
}

/* The population layer itself is assigned by id ("self"). */
static void test_self(void **state)
{
    fx *f = *state;
    ct_pop *p = cells_pop(f->ctx);
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &l, CASE("pop.geojson"), NULL), CT_OK);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, l, CT__AUTO, 0.01, NULL, &a), CT_OK);
    assert_string_equal(a.how, "self");
    for (size_t i = 0; i < 19; i++)
        assert_int_equal(unit_of(&a, i), i);
    ct__assign_free(&a);
    ct_layer_free(l);
    ct_pop_free(p);
}

/* A layer whose ids merely coincide with the ids of a custom population
 * layer is not that layer: clash.geojson has one unit "P33" lying on cell
 * P00. Its people are P00's 100 (by area), not P33's 1600 (by id). */
static void test_id_clash_is_not_self(void **state)
{
    fx *f = *state;
    ct_pop *p = cells_pop(f->ctx);
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &l, CASE("clash.geojson"), NULL), CT_OK);
    ct__assign a;
    assert_int_equal(ct__assign_units(f->ctx, p, l, CT__AUTO, 0.01, NULL, &a), CT_OK);
    assert_string_equal(a.how, "largest-area");
    assert_int_equal(unit_of(&a, 0), 0);     /* P00 */
    assert_int_equal(unit_of(&a, 15), NONE); /* P33 */
    assert_int_equal(a.n_unassigned, 18);
    ct__assign_free(&a);
    ct_layer_free(l);
    ct_pop_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_method_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_centroid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_centroid_nesting_vote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finer_level_does_not_vote, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_polygon_keeps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_polygon_minority, setup, teardown),
        cmocka_unit_test_setup_teardown(test_own_polygon_council_elsewhere, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_outside_covering_layer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_agrees, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_contradicted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lookup_reused_code, setup, teardown),
        cmocka_unit_test_setup_teardown(test_largest_area, setup, teardown),
        cmocka_unit_test_setup_teardown(test_areal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self, setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_clash_is_not_self, setup, teardown),
    };
    return cmocka_run_group_tests_name("assign", tests, NULL, NULL);
}
