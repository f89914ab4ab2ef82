/* The joined population table (data/england/popbase_lsoa11.gpkg) must equal
 * the published sources it is built from (build_popbase.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "inputs/inputs.h"

static void test_joined_equals_sources(void **state)
{
    (void)state;
    ct_ctx *ctx;
    ct_pop *joined = NULL, *src = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    assert_int_equal(ct_pop_open(ctx, &joined, NULL, NULL), CT_OK);
    assert_int_equal(ct_pop_open(ctx, &src, "lsoa11:sources", NULL), CT_OK);
    assert_int_equal(joined->n, 32844);
    assert_int_equal(src->n, joined->n);
    assert_float_equal(joined->total, 56550138, 0.5); /* ONS mid-2020, England */
    assert_float_equal(src->total, joined->total, 1e-6);
    assert_int_equal(joined->nlevels, 5);
    assert_int_equal(src->nlevels, 5);
    for (size_t i = 0; i < src->n; i++) {
        size_t j = ct__strmap_get(joined->index, src->ids[i]);
        assert_true(j != CT__NONE);
        assert_string_equal(joined->names[j], src->names[i]);
        assert_float_equal(joined->pop[j], src->pop[i], 0);
        assert_float_equal(joined->x[j], src->x[i], 1e-6);
        assert_float_equal(joined->y[j], src->y[i], 1e-6);
        for (size_t k = 0; k < 5; k++) {
            const ct__level *a = &joined->levels[k], *b = &src->levels[k];
            assert_string_equal(a->name, b->name);
            assert_int_equal(a->lookup_only, b->lookup_only);
            assert_string_equal(a->codes[a->unit_of[j]], b->codes[b->unit_of[i]]);
        }
    }
    /* 309 lower-tier and 152 upper-tier councils, 6,791 MSOAs (nesting);
     * 106 sub-ICB locations and 42 ICBs (the NHS lookup of July 2022) */
    const char *name[] = {"msoa11", "ltla21", "utla21", "sicbl22", "icb22"};
    const size_t units[] = {6791, 309, 152, 106, 42};
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(joined->levels[k].name, name[k]);
        assert_int_equal(joined->levels[k].nunits, units[k]);
        assert_int_equal(joined->levels[k].lookup_only, k >= 3);
    }
    ct_pop_free(joined);
    ct_pop_free(src);
    ct_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_joined_equals_sources)};
    return cmocka_run_group_tests_name("popbase", tests, NULL, NULL);
}
