/* The pure rules of coterm check on hand-made fit results (docs/check.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "core/check_core.h"

static void test_share_by_people_else_area(void **state)
{
    (void)state;
    assert_float_equal(ct__ck_share(200, 1, 1400, 4), 200.0 / 1400, 1e-12);
    /* a unit with no people (or no base) is measured by area */
    assert_float_equal(ct__ck_share(0, 1, 0, 4), 0.25, 1e-12);
    assert_float_equal(ct__ck_share(NAN, 3, NAN, 4), 0.75, 1e-12);
    assert_float_equal(ct__ck_share(0, 0, 0, 0), 0, 1e-12);
}

static void test_default_bands(void **state)
{
    (void)state;
    ct__ckband b;
    assert_true(ct__ck_default_band("place", &b));
    assert_float_equal(b.min, 250000, 0);
    assert_float_equal(b.max, 500000, 0);
    assert_true(ct__ck_default_band("System", &b)); /* case-insensitive */
    assert_float_equal(b.min, 1e6, 0);
    assert_float_equal(b.max, 3e6, 0);
    assert_true(ct__ck_default_band("neighbourhood", &b));
    assert_float_equal(b.min, 30000, 0);
    assert_float_equal(b.max, 50000, 0);
    assert_false(ct__ck_default_band("subsystem", &b));
    assert_false(ct__ck_default_band(NULL, &b));
}

static void test_band_parse_and_test(void **state)
{
    (void)state;
    ct__ckband b;
    assert_true(ct__ck_band_parse("1300:1600", &b));
    assert_float_equal(b.min, 1300, 0);
    assert_float_equal(b.max, 1600, 0);
    assert_int_equal(ct__ck_band_test(&b, 1200), -1);
    assert_int_equal(ct__ck_band_test(&b, 1300), 0); /* the band is closed */
    assert_int_equal(ct__ck_band_test(&b, 1600), 0);
    assert_int_equal(ct__ck_band_test(&b, 1800), 1);
    assert_int_equal(ct__ck_band_test(&b, NAN), 0);
    assert_true(ct__ck_band_parse(":500000", &b)); /* no lower bound */
    assert_true(isnan(b.min));
    assert_int_equal(ct__ck_band_test(&b, 0), 0);
    assert_int_equal(ct__ck_band_test(&b, 500001), 1);
    assert_true(ct__ck_band_parse("30000:", &b));
    assert_true(isnan(b.max));
    /* a side of any length is read whole (a 64-byte buffer refused it) */
    assert_true(ct__ck_band_parse("0000000000000000000000000000000000000000000000000000000000000"
                                  "000000000030000:50000.000000000000000000000000000000000000000"
                                  "000000000000000000000000",
                                  &b));
    assert_float_equal(b.min, 30000, 0);
    assert_float_equal(b.max, 50000, 0);
    const char *bad[] = {"", ":", "5", "5:1", "-1:5", "a:b", "1:2:3", "1e999:2", NULL};
    for (size_t i = 0; bad[i]; i++)
        assert_false(ct__ck_band_parse(bad[i], &b));
}

/* Three units of 1200, 1500 and 1800 people; the first and last coterminous. */
static void test_match_share(void **state)
{
    (void)state;
    ct__unitfit f[3] = {{CT__COTERMINOUS, 0, 1, 1, 1},
                        {CT__NESTED, 1, 1, 1, 1},
                        {CT__COTERMINOUS, 2, 1, 1, 1}};
    double pop[3] = {1200, 1500, 1800}, area[3] = {3, 3, 3};
    assert_float_equal(ct__ck_match_share(f, pop, area, 3), 3000.0 / 4500, 1e-12);
    /* without people: by area, 6 of 9 */
    assert_float_equal(ct__ck_match_share(f, NULL, area, 3), 6.0 / 9, 1e-12);
}

/* The worked example of docs/check.md: system, subsystem, place against two
 * layers. Subsystem: councils match 40% (unit B only), boards 0%; places:
 * councils 100%. The subsystem is the double layer, named by councils. */
static void test_intermediate(void **state)
{
    (void)state;
    double match[3 * 2] = {0, 0, 0.4, 0, 1, 0.6};
    bool inter[3];
    size_t layer[3];
    ct__ck_intermediate(3, 2, match, inter, layer);
    assert_false(inter[0]);
    assert_true(inter[1]);
    assert_int_equal(layer[1], 0);
    assert_false(inter[2]);
    assert_int_equal(layer[2], CT__NONE);
    /* if boards matched the subsystem for more than half its people: no finding */
    match[3] = 0.6;
    ct__ck_intermediate(3, 2, match, inter, layer);
    assert_false(inter[1]);
    /* exactly one half does not match; the tier below must exceed one half */
    match[3] = 0.5;
    match[4] = 0.5;
    match[5] = 0.5;
    ct__ck_intermediate(3, 2, match, inter, layer);
    assert_false(inter[1]);
    /* two tiers have no middle tier */
    double two[2] = {0, 1};
    ct__ck_intermediate(2, 1, two, inter, layer);
    assert_false(inter[0]);
    assert_false(inter[1]);
}

static void test_division(void **state)
{
    (void)state;
    /* people in two units: split, whether or not a unit crosses its boundary */
    assert_int_equal(ct__ck_division(2, true, false, 0, 0.01, false), CT__CK_SPLIT);
    assert_int_equal(ct__ck_division(2, false, false, 0, 0.01, false), CT__CK_SPLIT);
    /* a tier meant to be smaller: divided, unless a unit crosses its boundary */
    assert_int_equal(ct__ck_division(4, false, false, 0, 0.01, true), CT__CK_DIVIDED);
    assert_int_equal(ct__ck_division(4, true, false, 0, 0.01, true), CT__CK_SPLIT);
    /* one part below the top tier: the rest is a sliver or outside another tier */
    assert_int_equal(ct__ck_division(1, true, false, 0.3, 0.01, false), CT__CK_WHOLE);
    /* at the top tier, a part outside the configuration splits it */
    assert_int_equal(ct__ck_division(1, true, true, 0.13, 0.01, false), CT__CK_SPLIT);
    assert_int_equal(ct__ck_division(1, false, true, 0.13, 0.01, true), CT__CK_SPLIT);
    assert_int_equal(ct__ck_division(1, false, true, 0.005, 0.01, false), CT__CK_WHOLE);
    /* nothing inside: not this configuration's council */
    assert_int_equal(ct__ck_division(0, false, true, 1, 0.01, false), CT__CK_WHOLE);
}

static void test_same_split(void **state)
{
    (void)state;
    const double a[] = {0.65, 0.35}, b[] = {0.655, 0.345}, c[] = {0.65, 0.2, 0.15};
    assert_true(ct__ck_same_split(a, 2, b, 2, 0.01));   /* within 1 percentage point */
    assert_false(ct__ck_same_split(a, 2, b, 2, 0.001));
    assert_false(ct__ck_same_split(a, 2, c, 3, 0.01)); /* split further */
}

static void test_edits(void **state)
{
    (void)state;
    /* Sefton -> Setfon: one swap of adjacent letters (f, t) */
    assert_int_equal(ct__ck_edits("Sefton", "Setfon", 2), 1);
    assert_int_equal(ct__ck_edits("sefton", "SEFTON", 2), 0); /* case ignored */
    /* Wirral -> Wiral (delete an r); Wirral -> Wirall (delete an r, append l) */
    assert_int_equal(ct__ck_edits("Wirral", "Wiral", 2), 1);
    assert_int_equal(ct__ck_edits("Wirral", "Wirall", 2), 2);
    /* Bolton -> Bilston: substitute o by i, insert s = 2 */
    assert_int_equal(ct__ck_edits("Bolton", "Bilston", 2), 2);
    /* Bury -> Knowsley: beyond the cap, reported as cap + 1 */
    assert_int_equal(ct__ck_edits("Bury", "Knowsley", 2), 3);
    /* the rule: no digits, at most 2 edits and a third of the shorter name */
    assert_true(ct__ck_similar_names("Sefton", "Setfon"));
    assert_true(ct__ck_similar_names("Bolton", "Bilston"));   /* 2 <= 6 / 3 */
    assert_false(ct__ck_similar_names("Bury", "Burry Port")); /* 6 edits */
    assert_false(ct__ck_similar_names("Hull", "Hall Green"));
    assert_false(ct__ck_similar_names("Bury", "Buxy2"));      /* a digit */
    assert_false(ct__ck_similar_names("Place 1", "Place 2")); /* numbered units */
    assert_false(ct__ck_similar_names("Bury", "Bxry") && ct__ck_similar_names("Ab", "Ac"));
    assert_false(ct__ck_similar_names("Ab", "Ac")); /* 1 edit > 2 / 3 */
    assert_true(ct__ck_similar_names("Hull", "Hill")); /* 1 <= 4 / 3 */
}

static void test_parts_merge(void **state)
{
    (void)state;
    /* unit 0 under parents 1 (200 + 300) and 0 (600); unit 1 under 0 only */
    ct__ckpart v[] = {{0, 1, 200, 1}, {1, 0, 900, 2}, {0, 0, 600, 2}, {0, 1, 300, 1}};
    size_t n = 4;
    ct__ck_parts_merge(v, &n);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].unit, 0);
    assert_int_equal(v[0].parent, 0); /* 600 people first */
    assert_int_equal(v[1].parent, 1);
    assert_float_equal(v[1].pop, 500, 0);
    assert_float_equal(v[1].area, 2, 0);
    assert_int_equal(v[2].unit, 1);
    /* invariant: people are conserved */
    assert_float_equal(v[0].pop + v[1].pop + v[2].pop, 2000, 0);
    /* without people the larger area comes first */
    ct__ckpart w[] = {{0, 0, NAN, 1}, {0, 1, NAN, 3}};
    n = 2;
    ct__ck_parts_merge(w, &n);
    assert_int_equal(w[0].parent, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_by_people_else_area),
        cmocka_unit_test(test_default_bands),
        cmocka_unit_test(test_band_parse_and_test),
        cmocka_unit_test(test_match_share),
        cmocka_unit_test(test_intermediate),
        cmocka_unit_test(test_division),
        cmocka_unit_test(test_same_split),
        cmocka_unit_test(test_edits),
        cmocka_unit_test(test_parts_merge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
