/* UTF-8 validation and Windows-1252 conversion (lib/core/text.c), with
 * byte sequences worked out from the Unicode and Windows-1252 tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(ct__utf8_valid("Ynys M\xc3\xb4n"));         /* o circumflex, U+00F4 */
    assert_true(ct__utf8_valid("\xe2\x80\x93 \xf0\x9f\x8f\xa5")); /* en dash, U+1F3E5 */
    assert_false(ct__utf8_valid("Ynys M\xf4n"));            /* Windows-1252 o circumflex */
    assert_false(ct__utf8_valid("\xc0\xaf"));               /* overlong '/' */
    assert_false(ct__utf8_valid("\xed\xa0\x80"));           /* surrogate U+D800 */
    assert_false(ct__utf8_valid("\xf4\x90\x80\x80"));       /* above U+10FFFF */
    assert_false(ct__utf8_valid("\xe2\x80"));               /* cut short */
}

static void test_cp1252(void **state)
{
    (void)state;
    unsigned char bad = 0;
    assert_true(ct__cp1252_valid("M\xf4n \x96 \x80", &bad));
    assert_false(ct__cp1252_valid("P\x81", &bad));
    assert_int_equal(bad, 0x81);
    /* 0xF4 -> U+00F4 (C3 B4), 0x96 -> U+2013 (E2 80 93), 0x80 -> U+20AC (E2 82 AC) */
    char *s = ct__cp1252_to_utf8("M\xf4n \x96 \x80");
    assert_string_equal(s, "M\xc3\xb4n \xe2\x80\x93 \xe2\x82\xac");
    free(s);
}

static void test_strings(void **state)
{
    ct_ctx *ctx = NULL;
    (void)state;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    char *v[4] = {strdup("code"), strdup("name"), strdup("E1"), strdup("Caf\xe9")};
    assert_int_equal(ct__utf8_strings(ctx, v, 4, 2, "t.csv"), CT_OK);
    assert_string_equal(v[3], "Caf\xc3\xa9");
    assert_int_equal(ct_diag_count(ctx), 1);
    assert_non_null(strstr(ct_diag_message(ctx, 0), "t.csv is not UTF-8 (row 2: 'Caf\xc3\xa9')"));
    /* already UTF-8: unchanged, no warning */
    assert_int_equal(ct__utf8_strings(ctx, v, 4, 2, "t.csv"), CT_OK);
    assert_int_equal(ct_diag_count(ctx), 1);
    free(v[3]);
    v[3] = strdup("\x9d");
    assert_int_equal(ct__utf8_strings(ctx, v, 4, 2, "t.csv"), CT_EFORMAT);
    assert_non_null(strstr(ct_errmsg(ctx), "t.csv: row 2: text is neither UTF-8 nor "
                                           "Windows-1252 (byte 0x9D)"));
    for (size_t i = 0; i < 4; i++)
        free(v[i]);
    ct_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
