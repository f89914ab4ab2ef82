/* "KEY=VALUE" option lists (options.c): lookup, validation, yes/no, numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "ct_private.h"

#include "../ct_test_ctx.h"

static void test_lookup(void **state)
{
    (void)state;
    const char *opts[] = {"ID_FIELD=code", "ID=x", "CRS=EPSG:27700", "ID_FIELD=other", NULL};
    /* the last occurrence wins, as in GDAL */
    assert_string_equal(ct__opt(opts, "ID_FIELD"), "other");
    /* "ID" must not match "ID_FIELD=..." (prefix) nor "ID_FIELD" match "ID=..." */
    assert_string_equal(ct__opt(opts, "ID"), "x");
    /* values may contain '=' and ':' */
    const char *eq[] = {"PG=dbname=x host=y", NULL};
    assert_string_equal(ct__opt(eq, "PG"), "dbname=x host=y");
    assert_null(ct__opt(opts, "NAME_FIELD"));
    assert_null(ct__opt(NULL, "ID_FIELD"));
    const char *empty[] = {"ID_FIELD=", NULL};
    assert_string_equal(ct__opt(empty, "ID_FIELD"), "");
}

static void test_check(void **state)
{
    ct_ctx *ctx = *state;
    static const char *const allowed[] = {"METHOD", "TOLERANCE", NULL};
    const char *ok[] = {"METHOD=auto", "TOLERANCE=0.05", NULL};
    assert_int_equal(ct__opt_check(ctx, ok, allowed, "fit"), CT_OK);
    assert_int_equal(ct__opt_check(ctx, NULL, allowed, "fit"), CT_OK);

    const char *unknown[] = {"METHOD=auto", "METHODS=areal", NULL};
    assert_int_equal(ct__opt_check(ctx, unknown, allowed, "fit"), CT_EINVAL);
    assert_int_equal(ct_errcode(ctx), CT_EINVAL);
    assert_string_equal(ct_errmsg(ctx), "fit: unknown option 'METHODS'");

    const char *bare[] = {"STRICT", NULL};
    assert_int_equal(ct__opt_check(ctx, bare, allowed, "layer x.gpkg"), CT_EINVAL);
    assert_string_equal(ct_errmsg(ctx), "layer x.gpkg: option 'STRICT' is not KEY=VALUE");

    static const char *const none[] = {NULL};
    const char *any[] = {"A=1", NULL};
    assert_int_equal(ct__opt_check(ctx, any, none, "context"), CT_EINVAL);
}

static void test_yes(void **state)
{
    (void)state;
    const char *yes[] = {"A=YES", "B=yes", "C=1", "D=TRUE", "E=true", "F=ON", NULL};
    const char *no[] = {"A=NO", "B=0", "C=", "D=y", "E=off", NULL};
    const char *keys[] = {"A", "B", "C", "D", "E", "F"};
    for (size_t i = 0; i < 6; i++)
        assert_true(ct__opt_yes(yes, keys[i]));
    for (size_t i = 0; i < 5; i++)
        assert_false(ct__opt_yes(no, keys[i]));
    assert_false(ct__opt_yes(no, "MISSING"));
    assert_false(ct__opt_yes(NULL, "A"));
}

static void test_parse_double(void **state)
{
    (void)state;
    double v = -1;
    assert_true(ct__parse_double("0.01", &v));
    assert_float_equal(v, 0.01, 0);
    assert_true(ct__parse_double("1e-3", &v));
    assert_float_equal(v, 0.001, 0);
    assert_true(ct__parse_double("-2.5", &v));
    assert_float_equal(v, -2.5, 0);
    assert_true(ct__parse_double("7 \r", &v)); /* trailing blanks of CSV cells */
    assert_float_equal(v, 7, 0);
    v = 42;
    const char *bad[] = {"", "abc", "1.5x", "1,5", "nan", "inf", "-inf", "1e999", NULL};
    for (size_t i = 0; bad[i]; i++) {
        assert_false(ct__parse_double(bad[i], &v));
        assert_float_equal(v, 42, 0); /* untouched on failure */
    }
    assert_false(ct__parse_double(NULL, &v));
}

static void test_opt_double(void **state)
{
    ct_ctx *ctx = *state;
    double v;
    assert_int_equal(ct__opt_double(ctx, NULL, "TOLERANCE", 0.01, 0, 0.49, &v), CT_OK);
    assert_float_equal(v, 0.01, 0); /* the default */
    const char *in[] = {"TOLERANCE=0.2", NULL};
    assert_int_equal(ct__opt_double(ctx, in, "TOLERANCE", 0.01, 0, 0.49, &v), CT_OK);
    assert_float_equal(v, 0.2, 0);
    const char *edge[] = {"TOLERANCE=0", NULL};
    assert_int_equal(ct__opt_double(ctx, edge, "TOLERANCE", 0.01, 0, 0.49, &v), CT_OK);
    assert_float_equal(v, 0, 0);

    const char *high[] = {"TOLERANCE=0.7", NULL};
    assert_int_equal(ct__opt_double(ctx, high, "TOLERANCE", 0.01, 0, 0.49, &v), CT_EINVAL);
    assert_string_equal(ct_errmsg(ctx), "option TOLERANCE=0.7: expected a number from 0 to 0.49");
    const char *neg[] = {"TOLERANCE=-0.1", NULL};
    assert_int_equal(ct__opt_double(ctx, neg, "TOLERANCE", 0.01, 0, 0.49, &v), CT_EINVAL);
    const char *text[] = {"TOLERANCE=small", NULL};
    assert_int_equal(ct__opt_double(ctx, text, "TOLERANCE", 0.01, 0, 0.49, &v), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(ctx), "TOLERANCE=small"));
}

/* The public options that reach these helpers reject what they do not know. */
static void test_public_entry_points(void **state)
{
    ct_ctx *ctx = *state;
    ct_ctx *other = NULL;
    const char *bad[] = {"COLOUR=blue", NULL};
    assert_int_equal(ct_ctx_new(&other, bad), CT_EINVAL);
    assert_null(other);
    ct_layer *l = (ct_layer *)1;
    const char *lopts[] = {"IDFIELD=code", NULL};
    assert_int_equal(ct_layer_open(ctx, &l, "ccg21", lopts), CT_EINVAL);
    assert_null(l);
    assert_string_equal(ct_errmsg(ctx), "ccg21: unknown option 'IDFIELD'");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test_setup_teardown(test_check, setup, teardown),
        cmocka_unit_test(test_yes),
        cmocka_unit_test(test_parse_double),
        cmocka_unit_test_setup_teardown(test_opt_double, setup, teardown),
        cmocka_unit_test_setup_teardown(test_public_entry_points, setup, teardown),
    };
    return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
