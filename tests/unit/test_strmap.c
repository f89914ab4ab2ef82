/* String -> index map (strmap.c): insert, duplicates, growth, misses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "ct_private.h"

static void test_put_get(void **state)
{
    (void)state;
    ct__strmap *m = ct__strmap_new(4);
    assert_non_null(m);
    size_t old = 0;
    assert_int_equal(ct__strmap_put(NULL, m, "E38000016", 7, &old), CT_OK);
    assert_int_equal(old, CT__NONE); /* new key */
    assert_int_equal(ct__strmap_put(NULL, m, "E08000001", 3, NULL), CT_OK);
    assert_int_equal(ct__strmap_get(m, "E38000016"), 7);
    assert_int_equal(ct__strmap_get(m, "E08000001"), 3);
    assert_int_equal(ct__strmap_get(m, "E38000017"), CT__NONE);
    assert_int_equal(ct__strmap_get(m, ""), CT__NONE);
    /* the empty string is a key like any other (layers reject it later) */
    assert_int_equal(ct__strmap_put(NULL, m, "", 9, NULL), CT_OK);
    assert_int_equal(ct__strmap_get(m, ""), 9);
    assert_int_equal(ct__strmap_get(NULL, "x"), CT__NONE);
    assert_int_equal(ct__strmap_get(m, NULL), CT__NONE);
    ct__strmap_free(m);
    ct__strmap_free(NULL); /* no-op */
}

static void test_duplicate_keeps_first(void **state)
{
    (void)state;
    ct__strmap *m = ct__strmap_new(0);
    size_t old;
    assert_int_equal(ct__strmap_put(NULL, m, "D1", 0, &old), CT_OK);
    assert_int_equal(ct__strmap_put(NULL, m, "D1", 5, &old), CT_OK);
    assert_int_equal(old, 0); /* reports the existing value, keeps it */
    assert_int_equal(ct__strmap_get(m, "D1"), 0);
    ct__strmap_free(m);
}

/* Keys are borrowed: equal text at another address finds the same entry. */
static void test_keys_by_value(void **state)
{
    (void)state;
    ct__strmap *m = ct__strmap_new(1);
    char a[] = "A1", b[] = "A1";
    assert_int_equal(ct__strmap_put(NULL, m, a, 1, NULL), CT_OK);
    assert_int_equal(ct__strmap_get(m, b), 1);
    ct__strmap_free(m);
}

/* Far more keys than expected: the table grows and loses nothing. */
static void test_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char keys[N][16];
    ct__strmap *m = ct__strmap_new(2);
    for (size_t i = 0; i < N; i++) {
        snprintf(keys[i], sizeof keys[i], "E01%06zu", i);
        size_t old;
        assert_int_equal(ct__strmap_put(NULL, m, keys[i], i, &old), CT_OK);
        assert_int_equal(old, CT__NONE);
    }
    for (size_t i = 0; i < N; i++)
        assert_int_equal(ct__strmap_get(m, keys[i]), i);
    assert_int_equal(ct__strmap_get(m, "E01999999"), CT__NONE);
    ct__strmap_free(m);
}

/* Growth that fails leaves the map usable and reports CT_ENOMEM. */
static void test_growth_failure(void **state)
{
    (void)state;
    ct_ctx *ctx = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    static char keys[40][8];
    ct__strmap *m = ct__strmap_new(0); /* 16 slots: grows at the 9th key */
    ct_status st = CT_OK;
    size_t n = 0;
    for (; n < 40 && !st; n++) {
        snprintf(keys[n], sizeof keys[n], "k%zu", n);
        if (n == 8)
            ct__alloc_fail_countdown = 1;
        st = ct__strmap_put(ctx, m, keys[n], n, NULL);
    }
    ct__alloc_fail_countdown = 0;
    assert_int_equal(st, CT_ENOMEM);
    assert_int_equal(n, 9);
    assert_string_equal(ct_errmsg(ctx), "out of memory");
    for (size_t i = 0; i < 8; i++)
        assert_int_equal(ct__strmap_get(m, keys[i]), i);
    assert_int_equal(ct__strmap_get(m, keys[8]), CT__NONE);
    assert_int_equal(ct__strmap_put(ctx, m, keys[8], 8, NULL), CT_OK);
    assert_int_equal(ct__strmap_get(m, keys[8]), 8);
    ct__strmap_free(m);
    ct_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_get),
        cmocka_unit_test(test_duplicate_keeps_first),
        cmocka_unit_test(test_keys_by_value),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_growth_failure),
    };
    return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
