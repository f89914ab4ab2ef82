/* Numbers do not depend on the host's locale: under a German LC_NUMERIC
 * (decimal comma) the library reads "0.05", writes '.' in CSV, JSON and
 * messages exactly as under "C", and leaves the host's locale as it was,
 * GeoPackage opens included (GDAL's SpatiaLite initialisation would set
 * LC_NUMERIC to "POSIX" for the whole process). Needs the de_DE.UTF-8
 * locale (scripts/setup.sh generates it). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_private.h"

#define CASE(f) CT_CASES_DIR "/fit/" f
#define GERMAN "de_DE.UTF-8"

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    rewind(in);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, in), (size_t)n);
    buf[n] = '\0';
    fclose(in);
    return buf;
}

/* The host's locale is German and stays German. */
static void assert_german(void)
{
    assert_string_equal(setlocale(LC_NUMERIC, NULL), GERMAN);
    char buf[16];
    snprintf(buf, sizeof buf, "%.2f", 0.5);
    assert_string_equal(buf, "0,50");
}

static void test_parse_and_print(void **state)
{
    (void)state;
    assert_german();
    double v = 0;
    assert_true(ct__parse_double("0.05", &v));
    assert_float_equal(v, 0.05, 0);
    assert_true(ct__parse_double("1e3 ", &v));
    assert_float_equal(v, 1000, 0);
    assert_false(ct__parse_double("0,05", &v)); /* never the host's comma */
    assert_true(ct__parse_double_n("1000:5000", 4, &v)); /* in place, as band sides */
    assert_float_equal(v, 1000, 0);
    assert_true(ct__parse_double_n("2.5 :", 4, &v));
    assert_float_equal(v, 2.5, 0);
    assert_false(ct__parse_double_n("0,5:1", 3, &v));
    assert_false(ct__parse_double_n(":1", 0, &v));
    assert_false(ct__parse_double_n("1000", 2, &v)); /* not the whole number */
    assert_false(ct__parse_double("nan", &v));
    char *s = ct__sprintf("%g %.3f", 0.49, 1.5);
    assert_string_equal(s, "0.49 1.500");
    free(s);
    char buf[16];
    assert_int_equal(ct__snprintf(buf, sizeof buf, "%.1f", 2.25), 3);
    assert_string_equal(buf, "2.2");
    assert_german();
}

static void test_options_and_messages(void **state)
{
    (void)state;
    ct_ctx *ctx = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    const char *ok[] = {"TOLERANCE=0.05", NULL}, *comma[] = {"TOLERANCE=0,05", NULL};
    double t = 0;
    assert_int_equal(ct__opt_double(ctx, ok, "TOLERANCE", 0.01, 0, 0.49, &t), CT_OK);
    assert_float_equal(t, 0.05, 0);
    assert_int_equal(ct__opt_double(ctx, comma, "TOLERANCE", 0.01, 0, 0.49, &t), CT_EINVAL);
    assert_string_equal(ct_errmsg(ctx),
                        "option TOLERANCE=0,05: expected a number from 0 to 0.49");
    assert_int_equal(ct__diag(ctx, CT_DIAG_WARNING, "share %.2f", 0.25), CT_OK);
    assert_string_equal(ct_diag_message(ctx, 0), "share 0.25");
    ct_ctx_free(ctx);
    assert_german();
}

/* A fit with a population base and a tolerance option, written to dir. */
static void fit_and_write(const char *dir)
{
    ct_ctx *ctx = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    ct_layer *a = NULL, *b = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    const char *pop_opts[] = {"POP_FIELD=pop", NULL};
    const char *fit_opts[] = {"TOLERANCE=0.05", "METHOD=areal", NULL};
    assert_int_equal(ct_layer_open(ctx, &a, CASE("a.geojson"), NULL), CT_OK);
    assert_int_equal(ct_layer_open(ctx, &b, CASE("b.geojson"), NULL), CT_OK);
    assert_int_equal(ct_pop_open(ctx, &pop, CASE("pop.geojson"), pop_opts), CT_OK);
    assert_int_equal(ct_fit(ctx, &r, a, b, pop, fit_opts), CT_OK);
    assert_int_equal(ct_result_write(ctx, r, dir, NULL), CT_OK);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(a);
    ct_layer_free(b);
    ct_ctx_free(ctx);
}

static void test_outputs_as_in_c(void **state)
{
    (void)state;
    char de[] = "/tmp/coterm-test-locale-XXXXXX", c[] = "/tmp/coterm-test-locale-XXXXXX";
    assert_non_null(mkdtemp(de));
    assert_non_null(mkdtemp(c));
    fit_and_write(de);
    assert_german();
    assert_non_null(setlocale(LC_ALL, "C"));
    fit_and_write(c);
    assert_non_null(setlocale(LC_ALL, GERMAN));
    const char *files[] = {"pairs.csv", "a_units.csv", "b_units.csv", "summary.json"};
    for (size_t i = 0; i < 4; i++) {
        char pd[128], pc[128];
        snprintf(pd, sizeof pd, "%s/%s", de, files[i]);
        snprintf(pc, sizeof pc, "%s/%s", c, files[i]);
        char *x = slurp(pd), *y = slurp(pc);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
    /* the tolerance and a share (A1 in B1: 4 of 4.02 km2) with a '.' */
    char path[128];
    snprintf(path, sizeof path, "%s/summary.json", de);
    char *s = slurp(path);
    assert_non_null(strstr(s, "\"tolerance\": 0.050000000000000003")); /* 17 digits */
    free(s);
    snprintf(path, sizeof path, "%s/pairs.csv", de);
    s = slurp(path);
    assert_non_null(strstr(s, ",0.99502487562189"));
    free(s);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", de, c);
    assert_int_equal(system(cmd), 0);
}

/* Opening a GeoPackage (the built-in layers) leaves the host's locale alone. */
static void test_geopackage_keeps_locale(void **state)
{
    (void)state;
    ct_ctx *ctx = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(ctx, &l, "stp21", NULL), CT_OK);
    assert_int_equal(ct_layer_size(l), 42);
    assert_german();
    ct_layer_free(l);
    ct_ctx_free(ctx);
}

int main(void)
{
    if (!setlocale(LC_ALL, GERMAN)) {
        fprintf(stderr, "test_locale: locale %s is missing (scripts/setup.sh generates it)\n",
                GERMAN);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_print),
        cmocka_unit_test(test_options_and_messages),
        cmocka_unit_test(test_outputs_as_in_c),
        cmocka_unit_test(test_geopackage_keeps_locale),
    };
    return cmocka_run_group_tests_name("locale", tests, NULL, NULL);
}
