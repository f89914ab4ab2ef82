/* ct_flows end to end: the hand-made world of docs/flows.md
 * (tests/cases/flows), bad inputs, an allocation-failure sweep, and facts
 * about the embedded England data. */
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
#include "../ct_test_sweep.h"

#define CASE(f) FLOWS_CASES "/" f

typedef struct world {
    ct_ctx *ctx;
    ct_layer *origins, *systems;
    ct_pop *pop;
} world;

static int open_world(void **state, const char *areas)
{
    world *w = calloc(1, sizeof *w);
    const char *popts[] = {"POP_FIELD=pop", NULL};
    if (!w || ct_ctx_new(&w->ctx, NULL) ||
        ct_layer_open(w->ctx, &w->origins, CASE("origins.geojson"), NULL) ||
        ct_layer_open(w->ctx, &w->systems, CASE("systems.geojson"), NULL) ||
        ct_pop_open(w->ctx, &w->pop, areas, popts)) {
        fprintf(stderr, "setup: %s\n", w && w->ctx ? ct_errmsg(w->ctx) : "no memory");
        return -1;
    }
    *state = w;
    return 0;
}

static int setup(void **state)
{
    return open_world(state, CASE("areas.geojson"));
}

static int setup_zero(void **state)
{
    return open_world(state, CASE("areas_zero.geojson"));
}

static int setup_england(void **state)
{
    world *w = calloc(1, sizeof *w);
    if (!w || ct_ctx_new(&w->ctx, NULL) || ct_layer_open(w->ctx, &w->origins, "ltla21", NULL) ||
        ct_layer_open(w->ctx, &w->systems, "stp21", NULL) ||
        ct_pop_open(w->ctx, &w->pop, NULL, NULL)) {
        fprintf(stderr, "setup: %s\n", w && w->ctx ? ct_errmsg(w->ctx) : "no memory");
        return -1;
    }
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    ct_layer_free(w->origins);
    ct_layer_free(w->systems);
    ct_pop_free(w->pop);
    ct_ctx_free(w->ctx);
    free(w);
    return 0;
}

/* Options of the hand-made world: its councils, no commissioners. */
#define WORLD_OPTS "COUNCILS=" CASE("councils.geojson"), "COMMISSIONERS=NONE"

static ct_result *run(world *w, const char *flows, const char *const *opts)
{
    ct_result *r = NULL;
    ct_status st = ct_flows(w->ctx, &r, flows, w->origins, w->systems, w->pop, opts);
    if (st)
        fail_msg("ct_flows: %s: %s", ct_status_name(st), ct_errmsg(w->ctx));
    return r;
}

/* Row of a table whose first column is key. */
static size_t row_of(const ct_table *t, const char *key)
{
    for (size_t i = 0; i < ct_table_nrows(t); i++)
        if (!strcmp(ct_table_text(t, i, 0), key))
            return i;
    fail_msg("%s: no row %s", ct_table_name(t), key);
    return 0;
}

static double num(const ct_result *r, const char *table, const char *key, const char *col)
{
    const ct_table *t = ct_result_table_by_name(r, table);
    assert_non_null(t);
    size_t c = ct_table_colindex(t, col);
    assert_true(c != (size_t)-1);
    return ct_table_real(t, row_of(t, key), c);
}

static const char *text(const ct_result *r, const char *table, const char *key,
                        const char *col)
{
    const ct_table *t = ct_result_table_by_name(r, table);
    assert_non_null(t);
    size_t c = ct_table_colindex(t, col);
    assert_true(c != (size_t)-1);
    return ct_table_text(t, row_of(t, key), c);
}

/* Findings of a type (and for a unit, if given). */
static size_t count_findings(const ct_result *r, const char *type, const char *unit)
{
    json_t *doc = json_loads(ct_result_doc(r, "findings"), 0, NULL);
    assert_non_null(doc);
    assert_int_equal(json_integer_value(json_object_get(doc, "version")), 2);
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "findings"), i, f)
    {
        const char *u = json_string_value(json_array_get(json_object_get(f, "units"), 0));
        n += !strcmp(json_string_value(json_object_get(f, "type")), type) &&
             (!unit || (u && !strcmp(u, unit)));
    }
    json_decref(doc);
    return n;
}

static double summary_num(const ct_result *r, const char *sect, const char *key)
{
    json_t *doc = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    json_t *v = json_object_get(json_object_get(doc, sect), key);
    double x = json_is_number(v) ? json_number_value(v) : NAN;
    json_decref(doc);
    return x;
}

static bool has_diag(const world *w, const char *needle)
{
    for (size_t i = 0; i < ct_diag_count(w->ctx); i++)
        if (strstr(ct_diag_message(w->ctx, i), needle))
            return true;
    return false;
}

/* The exact case: every number in docs/flows.md's worked example. */
static void test_exact_world(void **state)
{
    world *w = *state;
    const char *opts[] = {"PROVIDERS_CSV=" CASE("providers.csv"), "PLACES=" CASE("places.csv"),
                          "ORGS=" CASE("orgs.csv"), WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    assert_float_equal(num(r, "providers", "A", "patients"), 2000, 1e-6);
    assert_float_equal(num(r, "providers", "B", "patients"), 5000, 1e-6);
    assert_float_equal(num(r, "providers", "C", "patients"), 1000, 1e-6);
    assert_string_equal(text(r, "providers", "B", "provider_name"), "Beta Hospital");
    assert_string_equal(text(r, "providers", "B", "home_system"), "S2");
    assert_float_equal(num(r, "providers", "B", "home_share"), 0.72, 1e-9);
    assert_float_equal(num(r, "providers", "B", "n_systems"), 2, 0);
    assert_string_equal(text(r, "providers", "B", "systems"), "S2:0.7200;S1:0.2800");
    assert_float_equal(num(r, "providers", "B", "li"), 0.5968, 1e-9);
    assert_float_equal(num(r, "providers", "C", "li"), 0.82, 1e-9);
    assert_float_equal(num(r, "providers", "A", "n_systems"), 1, 0);
    assert_float_equal(num(r, "providers", "A", "n_places"), 2, 0);
    assert_string_equal(text(r, "providers", "A", "home_place"), "P1"); /* tie: id order */
    assert_float_equal(num(r, "providers", "C", "n_places"), 1, 0);
    assert_float_equal(num(r, "providers", "A", "plurality_pop"), 2500, 0);
    /* systems: containment 2000 / 3500 and 4500 / 4500; intensity = providers
     * + councils + orgs: S1 3 + 2 + 1, S2 2 + 1 + 2 */
    assert_float_equal(num(r, "systems", "S1", "containment"), 4.0 / 7, 1e-9);
    assert_float_equal(num(r, "systems", "S2", "containment"), 1, 1e-9);
    assert_float_equal(num(r, "systems", "S1", "n_providers"), 3, 0);
    assert_float_equal(num(r, "systems", "S1", "n_councils"), 2, 0);
    assert_float_equal(num(r, "systems", "S1", "intensity"), 6, 0);
    assert_float_equal(num(r, "systems", "S2", "intensity"), 5, 0);
    assert_true(isnan(num(r, "systems", "S1", "n_commissioners")));
    assert_string_equal(text(r, "systems", "S1", "organisations"),
                        "council:C1;council:C2;provider:A;provider:B;provider:C;org:M");
    assert_string_equal(text(r, "systems", "S2", "orgs"), "M:1.0000;N:0.1111");
    /* places: P2's people go to A (home P1) and B (home P3) */
    assert_float_equal(num(r, "places", "P2", "containment"), 0, 0);
    assert_float_equal(num(r, "places", "P3", "pop"), 5500, 0);
    /* organisations: M spans everything, N is o4 */
    assert_float_equal(num(r, "orgs", "M", "pop"), 8000, 0);
    assert_float_equal(num(r, "orgs", "M", "home_share"), 4500.0 / 8000, 1e-12);
    assert_float_equal(num(r, "orgs", "N", "pop"), 500, 0);
    assert_float_equal(num(r, "orgs", "N", "n_systems"), 1, 0);
    /* exact: residuals 0 */
    for (int o = 1; o <= 4; o++) {
        char id[4];
        snprintf(id, sizeof id, "o%d", o);
        assert_float_equal(num(r, "origins", id, "residual"), 0, 1e-6);
    }
    assert_float_equal(summary_num(r, "reconstruction", "residual_l2"), 0, 1e-6);
    /* findings: B, C and M in two systems; S1 below 80%; A, B, M split */
    assert_int_equal(count_findings(r, "multi_system_member", NULL), 3);
    assert_int_equal(count_findings(r, "multi_system_member", "A"), 0);
    assert_int_equal(count_findings(r, "low_containment", "S1"), 1);
    assert_int_equal(count_findings(r, "low_containment", NULL), 1);
    assert_int_equal(count_findings(r, "split_across_places", NULL), 3);
    /* catchments: plurality A = o1 + o2, B = o3, C = o4; footprints overlap */
    const ct_table *c = ct_result_table_by_name(r, "catchments");
    assert_int_equal(ct_table_nrows(c), 6);
    assert_string_equal(ct_table_text(c, 2, 2), "plurality");
    assert_float_equal(ct_table_real(c, 2, ct_table_colindex(c, "pop")), 5000, 0);
    assert_float_equal(ct_table_real(c, 3, ct_table_colindex(c, "pop")), 6500, 0);
    size_t len;
    assert_non_null(ct_table_geom(c, 3, ct_table_colindex(c, "geom"), &len));
    assert_true(len > 0);
    ct_result_free(r);
}

/* Invariants: each provider's system shares sum to 1; flows by system add
 * up to the patients, which (exact case) are the people. */
static void test_invariants(void **state)
{
    world *w = *state;
    const char *opts[] = {WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    const ct_table *f = ct_result_table_by_name(r, "flows");
    size_t ps = ct_table_colindex(f, "provider_share"), pat = ct_table_colindex(f, "patients");
    double share[3] = {0}, total = 0;
    for (size_t i = 0; i < ct_table_nrows(f); i++) {
        share[ct_table_text(f, i, 0)[0] - 'A'] += ct_table_real(f, i, ps);
        total += ct_table_real(f, i, pat);
    }
    for (int p = 0; p < 3; p++)
        assert_float_equal(share[p], 1, 1e-12);
    assert_float_equal(total, ct_pop_total(w->pop), 1e-6);
    const ct_table *s = ct_result_table_by_name(r, "systems");
    double people = 0;
    for (size_t i = 0; i < ct_table_nrows(s); i++)
        people += ct_table_real(s, i, ct_table_colindex(s, "pop"));
    assert_float_equal(people, 8000, 0);
    ct_result_free(r);
}

/* Places and organisations as polygons give the same places and let
 * organisations overlap (M and N together hold more than everyone). */
static void test_polygons(void **state)
{
    world *w = *state;
    const char *opts[] = {"PLACES=" CASE("places.geojson"), "ORGS=" CASE("orgs.geojson"),
                          WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    assert_float_equal(num(r, "places", "P3", "pop"), 5500, 0);
    assert_float_equal(num(r, "places", "P1", "containment"), 1, 1e-9);
    assert_float_equal(num(r, "orgs", "M", "pop"), 8000, 0);
    assert_float_equal(num(r, "orgs", "N", "pop"), 4500, 0);
    assert_float_equal(num(r, "orgs", "N", "n_units"), 2, 0);
    assert_float_equal(num(r, "systems", "S2", "n_orgs"), 2, 0);
    ct_result_free(r);
}

/* A coterm check configuration (block, system, place) names the same places. */
static void test_places_config(void **state)
{
    world *w = *state;
    const char *opts[] = {"PLACES=" CASE("places_config.csv"), WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "places")), 3);
    assert_float_equal(num(r, "places", "P3", "pop"), 5500, 0);
    assert_float_equal(num(r, "providers", "A", "n_places"), 2, 0);
    assert_float_equal(num(r, "providers", "B", "home_place_share"), 0.9, 1e-9);
    ct_result_free(r);
}

/* A configuration whose blocks are small areas of the base (a1..a5) gives
 * the places of places_config.csv; one whose blocks are councils (C1 = a1 +
 * a2: 2,500 people, C2 = a3..a5: 5,500) needs their layer (PLACES_BLOCKS):
 * then A (all from o1, o2, in C1) is in one place, B 500 in P1 and 4,500 in
 * P2 (home share 0.9). */
static void test_places_config_blocks(void **state)
{
    world *w = *state;
    const char *opts[] = {"PLACES=" CASE("places_config_areas.csv"), WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    assert_float_equal(num(r, "places", "P3", "pop"), 5500, 0);
    assert_float_equal(num(r, "providers", "B", "home_place_share"), 0.9, 1e-9);
    const ct_table *t = ct_result_table_by_name(r, "places");
    assert_string_equal(ct_table_text(t, 2, ct_table_colindex(t, "place_name")), "Place 3");
    ct_result_free(r);
    const char *councils[] = {"PLACES=" CASE("places_config_councils.csv"),
                              "PLACES_BLOCKS=" CASE("councils.geojson"), WORLD_OPTS, NULL};
    r = run(w, CASE("flows_exact.csv"), councils);
    assert_float_equal(num(r, "places", "P1", "pop"), 2500, 1e-9);
    assert_float_equal(num(r, "places", "P2", "pop"), 5500, 1e-9);
    assert_float_equal(num(r, "providers", "A", "n_places"), 1, 0);
    assert_float_equal(num(r, "providers", "B", "n_places"), 2, 0);
    assert_float_equal(num(r, "providers", "B", "home_place_share"), 0.9, 1e-9);
    ct_result_free(r);
    /* without their layer the councils are no blocks coterm knows */
    const char *unknown[] = {"PLACES=" CASE("places_config_councils.csv"), WORLD_OPTS, NULL};
    r = NULL;
    assert_int_equal(ct_flows(w->ctx, &r, CASE("flows_exact.csv"), w->origins, w->systems,
                              w->pop, unknown),
                     CT_EDATA);
    assert_non_null(strstr(ct_errmsg(w->ctx), "--places-blocks LAYER"));
}

/* Patient counts need no reconstruction and give the same flows. */
static void test_patients(void **state)
{
    world *w = *state;
    const char *opts[] = {WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_patients.csv"), opts);
    assert_float_equal(num(r, "providers", "B", "patients"), 5000, 0);
    assert_float_equal(num(r, "providers", "B", "home_share"), 0.72, 1e-12);
    assert_true(isnan(num(r, "origins", "o1", "residual")));
    assert_float_equal(num(r, "systems", "S1", "containment"), 4.0 / 7, 1e-12);
    json_t *doc = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(doc, "reconstruction"), "method")),
        "patients");
    json_decref(doc);
    ct_result_free(r);
}

/* The inconsistent case of docs/flows.md: X = 2500, Y = 0. */
static void test_inconsistent(void **state)
{
    world *w = *state;
    const char *opts[] = {WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_inconsistent.csv"), opts);
    assert_float_equal(num(r, "providers", "X", "patients"), 2500, 1e-6);
    assert_float_equal(num(r, "providers", "Y", "patients"), 0, 0);
    assert_float_equal(num(r, "origins", "o1", "residual"), 250, 1e-6);
    assert_float_equal(num(r, "origins", "o2", "residual"), -250, 1e-6);
    assert_true(isnan(num(r, "origins", "o3", "residual"))); /* no flows: not fitted */
    assert_float_equal(summary_num(r, "reconstruction", "residual_l2"), 250 * sqrt(2), 1e-6);
    assert_float_equal(summary_num(r, "reconstruction", "relative_residual"),
                       250 * sqrt(2) / sqrt(1000.0 * 1000 + 1500.0 * 1500), 1e-9);
    assert_float_equal(summary_num(r, "reconstruction", "abs_residual_share"), 0.2, 1e-9);
    assert_true(has_diag(w, "1 providers get no patients"));
    /* Y still has a home system, from its own shares: all of its patients
     * come from o1, which lies in S1 (weights: o1, o2 -> S1) */
    assert_string_equal(text(r, "providers", "Y", "basis"), "shares");
    assert_string_equal(text(r, "providers", "Y", "home_system"), "S1");
    assert_float_equal(num(r, "providers", "Y", "home_share"), 1, 1e-12);
    assert_float_equal(num(r, "providers", "Y", "n_systems"), 1, 0);
    assert_string_equal(text(r, "providers", "Y", "systems"), "S1:1.0000");
    assert_string_equal(text(r, "providers", "X", "basis"), "flows");
    ct_result_free(r);
}

/* o4 has no people: C's o4 row goes and its o3 share becomes 1; the rest
 * stays exact (T = 2000, 5000, 500). */
static void test_origin_without_people(void **state)
{
    world *w = *state;
    const char *opts[] = {WORLD_OPTS, NULL};
    ct_result *r = run(w, CASE("flows_exact.csv"), opts);
    assert_true(has_diag(w, "row 6: origin o4 has no people"));
    assert_true(has_diag(w, "provider C: 0.5 of its share came from dropped origins"));
    assert_float_equal(num(r, "providers", "C", "patients"), 500, 1e-6);
    assert_float_equal(num(r, "providers", "B", "patients"), 5000, 1e-6);
    assert_float_equal(summary_num(r, "input_repairs", "rows_dropped_no_population"), 1, 0);
    ct_result_free(r);
}

typedef struct bad {
    const char *flows;
    const char *opt;
    ct_status st;
    const char *msg;
} bad;

static void test_bad_inputs(void **state)
{
    world *w = *state;
    static const bad cases[] = {
        {"bad/negative.csv", NULL, CT_EDATA, "negative.csv: row 2: share -0.5 is negative"},
        {"bad/text.csv", NULL, CT_EDATA, "text.csv: row 2: share 'half' is not a number"},
        {"bad/over.csv", NULL, CT_EDATA, "row 1: share 1.5 is more than 1"},
        {"bad/sum.csv", NULL, CT_EDATA, "provider A: shares sum to 0.8, not 1"},
        {"bad/origin.csv", NULL, CT_EDATA, "row 2: origin 'o9' is not a unit of"},
        {"bad/repeat.csv", NULL, CT_EDATA, "rows 1 and 3: provider A and origin o1 repeated"},
        {"bad/columns.csv", NULL, CT_EFORMAT, "needs columns provider_id, origin_id"},
        {"bad/empty_id.csv", NULL, CT_EDATA, "row 2: empty provider id"},
        {"flows_exact.csv", "PROVIDERS_CSV=" CASE("bad/providers_ab.csv"), CT_EDATA,
         "provider 'C' is not in"},
        {"flows_exact.csv", "PLACES=" CASE("bad/places_twice.csv"), CT_EDATA,
         "rows 1 and 2: unit o1 is listed under place_id P1 and P2"},
        {"flows_exact.csv", "PLACES=" CASE("bad/places_unknown.csv"), CT_EDATA,
         "row 2: unit 'o7' is not a unit of"},
        {"flows_exact.csv", "THRESHOLD=2", CT_EINVAL, "THRESHOLD=2"},
        {"flows_exact.csv", "WEIGHTS=x", CT_EINVAL, "unknown option 'WEIGHTS'"},
        {"flows_exact.csv", "ORGS_UNITS=ltla21", CT_EINVAL, "ORGS_UNITS is for an ORGS table"},
        {"missing.csv", NULL, CT_EIO, "missing.csv: no such file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", FLOWS_CASES, cases[i].flows);
        const char *opts[] = {WORLD_OPTS, cases[i].opt, NULL};
        ct_result *r = (ct_result *)1;
        ct_status st = ct_flows(w->ctx, &r, path, w->origins, w->systems, w->pop, opts);
        if (st != cases[i].st || !strstr(ct_errmsg(w->ctx), cases[i].msg))
            fail_msg("%s %s: got %s '%s'", cases[i].flows, cases[i].opt ? cases[i].opt : "",
                     ct_status_name(st), ct_errmsg(w->ctx));
        assert_null(r);
    }
    ct_result *r = NULL;
    assert_int_equal(ct_flows(w->ctx, &r, NULL, w->origins, NULL, w->pop, NULL), CT_EINVAL);
    assert_int_equal(ct_flows(w->ctx, NULL, NULL, w->origins, w->systems, w->pop, NULL),
                     CT_EINVAL);
}

/* Repairs on request: renormalised shares, dropped unknown origins. */
static void test_repairs(void **state)
{
    world *w = *state;
    const char *renorm[] = {WORLD_OPTS, "RENORMALISE=YES", NULL};
    ct_result *r = run(w, CASE("bad/sum.csv"), renorm);
    assert_true(has_diag(w, "provider A: shares sum to 0.8; renormalised"));
    /* A: 0.5 / 0.8 = 0.625 from o1 and 0.3 / 0.8 = 0.375 from o2; B all of o3.
     * NNLS: T_A minimises (0.625 T - 1000)^2 + (0.375 T - 1500)^2, so T_A =
     * (0.625 * 1000 + 0.375 * 1500) / (0.625^2 + 0.375^2) = 1187.5 / 0.53125
     * = 2235.29; the origins' fitted flows carry A's shares */
    assert_float_equal(summary_num(r, "input_repairs", "providers_renormalised"), 1, 0);
    double t_a = 1187.5 / 0.53125;
    assert_float_equal(num(r, "providers", "A", "patients"), t_a, 1e-6);
    assert_float_equal(num(r, "origins", "o1", "flows"), 0.625 * t_a, 1e-6);
    assert_float_equal(num(r, "origins", "o2", "flows"), 0.375 * t_a, 1e-6);
    assert_float_equal(num(r, "providers", "B", "patients"), 5000, 1e-6);
    ct_result_free(r);
    ct_diag_clear(w->ctx);
    /* o9 is dropped before the check (A sums to 1 as given), then A's other
     * share is renormalised: all of A from o1 */
    const char *drop[] = {WORLD_OPTS, "DROP_UNKNOWN=YES", NULL};
    r = run(w, CASE("bad/origin.csv"), drop);
    assert_true(has_diag(w, "dropped 1 rows with unknown origins"));
    assert_true(has_diag(w, "provider A: 0.5 of its share came from dropped origins"));
    assert_float_equal(num(r, "providers", "A", "n_origins"), 1, 0);
    assert_float_equal(num(r, "providers", "A", "patients"), 1000, 1e-6);
    ct_result_free(r);
}

/* Every allocation failure is a clean CT_ENOMEM ("out of memory"; leaks
 * show under ASan). A few allocations are optional (the overlay's warm-up
 * query of its tree): their failure gives CT_OK and the very same result. */
static void test_alloc_sweep(void **state)
{
    world *w = *state;
    const char *opts[] = {"PROVIDERS_CSV=" CASE("providers.csv"), "PLACES=" CASE("places.csv"),
                          "ORGS=" CASE("orgs.csv"), WORLD_OPTS, NULL};
    ct_result *ref = run(w, CASE("flows_exact.csv"), opts);
    char *want = ct_test_digest(ref);
    ct_result_free(ref);
    ct_diag_clear(w->ctx);
    size_t failed = 0;
    for (long k = 1;; k++) {
        ct_result *r = NULL;
        ct__alloc_fail_countdown = k;
        ct_status st =
            ct_flows(w->ctx, &r, CASE("flows_exact.csv"), w->origins, w->systems, w->pop, opts);
        long left = ct__alloc_fail_countdown;
        ct__alloc_fail_countdown = 0;
        ct_diag_clear(w->ctx);
        if (st == CT_OK && left > 0) { /* no allocation failed: the sweep is complete */
            ct_result_free(r);
            break;
        }
        ct_test_sweep_step(w->ctx, k, st, r, want);
        failed += st != CT_OK;
    }
    free(want);
    assert_true(failed > 100);
}

/* England, embedded OHID table: public facts and the independent check. */
static void test_england(void **state)
{
    world *w = *state;
    ct_result *r = run(w, NULL, NULL);
    const ct_table *p = ct_result_table_by_name(r, "providers");
    /* the 138 trusts of trust_catchment22_ltla21.csv; the 42 STPs of 2021 */
    assert_int_equal(ct_table_nrows(p), 138);
    assert_int_equal(ct_table_nrows(ct_result_table_by_name(r, "systems")), 42);
    /* most acute trusts' home system holds their headquarters: 135 of the
     * 138, the 4 the reconstruction gives no patients included (their home
     * system from their own shares); the other 3 are specialist trusts (RAN,
     * RPC, RPY).
     * Derived by tests/python/oracle/flows.py (scipy.optimize.nnls for which
     * trusts get patients, LSOA centroids in stp21 for each council's
     * systems, a GeoPandas join for the headquarters), which test_flows.py
     * compares trust by trust with coterm */
    size_t home = ct_table_colindex(p, "home_system"), hq = ct_table_colindex(p, "hq_system");
    size_t with = 0, same = 0;
    for (size_t i = 0; i < ct_table_nrows(p); i++) {
        const char *h = ct_table_text(p, i, home), *q = ct_table_text(p, i, hq);
        with += *h && *q;
        same += *h && *q && !strcmp(h, q);
    }
    assert_int_equal(with, 138);
    assert_int_equal(same, 135);
    /* Great Ormond Street gets no patients in the reconstruction; its shares
     * put 19% of its patients in North London Partners (E54000028), more
     * than in any other system, where its headquarters are */
    assert_string_equal(text(r, "providers", "RP4", "basis"), "shares");
    assert_string_equal(text(r, "providers", "RP4", "home_system"), "E54000028");
    assert_float_equal(num(r, "providers", "RP4", "patients"), 0, 0);
    assert_string_equal(text(r, "providers", "RTG", "basis"), "flows");
    /* University Hospitals of Derby and Burton (merged 2018) serves Derby
     * (Derbyshire) and Burton (Staffordshire): flagged */
    assert_string_equal(text(r, "providers", "RTG", "home_system"), "E54000012");
    assert_true(strstr(text(r, "providers", "RTG", "systems"), "E54000010:"));
    assert_true(num(r, "providers", "RTG", "n_systems") >= 2);
    assert_int_equal(count_findings(r, "multi_system_member", "RTG"), 1);
    /* the Isle of Wight trust serves the island only */
    assert_float_equal(num(r, "providers", "R1F", "n_systems"), 1, 0);
    assert_float_equal(num(r, "providers", "R1F", "home_share"), 1, 1e-12);
    /* Greater Manchester: 10 metropolitan boroughs, 10 CCGs in 2021 */
    assert_float_equal(num(r, "systems", "E54000007", "n_councils"), 10, 0);
    assert_float_equal(num(r, "systems", "E54000007", "n_commissioners"), 10, 0);
    /* the NNLS residual equals scipy.optimize.nnls on the same system
     * (42056.34539549479; docs/flows.md) */
    assert_float_equal(summary_num(r, "reconstruction", "residual_l2"), 42056.3454, 1e-3);
    /* patients are conserved from origins to systems */
    const ct_table *s = ct_result_table_by_name(r, "systems");
    double flows = 0, patients = 0;
    for (size_t i = 0; i < ct_table_nrows(s); i++)
        flows += ct_table_real(s, i, ct_table_colindex(s, "flows"));
    for (size_t i = 0; i < ct_table_nrows(p); i++)
        patients += ct_table_real(p, i, ct_table_colindex(p, "patients"));
    assert_float_equal(flows, patients, 1e-3);
    assert_float_equal(patients, summary_num(r, "reconstruction", "patients"), 1e-3);
    ct_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_exact_world, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invariants, setup, teardown),
        cmocka_unit_test_setup_teardown(test_polygons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_places_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_places_config_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_patients, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inconsistent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_origin_without_people, setup_zero, teardown),
        cmocka_unit_test_setup_teardown(test_bad_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_repairs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alloc_sweep, setup, teardown),
        cmocka_unit_test_setup_teardown(test_england, setup_england, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
