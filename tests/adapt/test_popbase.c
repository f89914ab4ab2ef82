/* The joined population table (data/england/popbase_lsoa11.gpkg) must equal
 * the published sources it is built from (build_popbase.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A data directory like COTERM_DATA but with lookup_lsoa11_sicbl22_icb22.csv
 * rewritten by edit (line by line; returning false drops the line, and a
 * line may be written twice); opening the base from its sources must fail
 * with a message naming the file, the line and the area. */
typedef bool (*line_edit)(FILE *out, const char *line, size_t lineno);

static void expect_bad_lookup(line_edit edit, const char *want)
{
    const char *data = getenv("COTERM_DATA");
    assert_non_null(data);
    char dir[] = "/tmp/coterm_lookup_XXXXXX", path[4096], src[4096];
    assert_non_null(mkdtemp(dir));
    const char *files[] = {"boundaries.gpkg", "population20_lsoa11.csv",
                           "lookup_lsoa11_msoa11_ltla21_utla21.csv"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(src, sizeof src, "%s/%s", data, files[k]);
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        assert_int_equal(symlink(src, path), 0);
    }
    snprintf(src, sizeof src, "%s/lookup_lsoa11_sicbl22_icb22.csv", data);
    snprintf(path, sizeof path, "%s/lookup_lsoa11_sicbl22_icb22.csv", dir);
    FILE *in = fopen(src, "r"), *out = fopen(path, "w");
    assert_true(in && out);
    char line[512];
    for (size_t n = 1; fgets(line, sizeof line, in); n++)
        if (edit(out, line, n))
            fputs(line, out);
    fclose(in);
    fclose(out);
    char *saved = strdup(data);
    setenv("COTERM_DATA", dir, 1);
    ct_ctx *ctx;
    ct_pop *p = NULL;
    assert_int_equal(ct_ctx_new(&ctx, NULL), CT_OK);
    assert_int_equal(ct_pop_open(ctx, &p, "lsoa11:sources", NULL), CT_EDATA);
    assert_null(p);
    print_message("%s\n", ct_errmsg(ctx));
    assert_non_null(strstr(ct_errmsg(ctx), want));
    assert_non_null(strstr(ct_errmsg(ctx), "lookup_lsoa11_sicbl22_icb22.csv"));
    ct_ctx_free(ctx);
    setenv("COTERM_DATA", saved, 1);
    free(saved);
    const char *links[] = {files[0], files[1], files[2], "lookup_lsoa11_sicbl22_icb22.csv"};
    for (size_t k = 0; k < 4; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, links[k]);
        unlink(path);
    }
    rmdir(dir);
}

/* line 2 is E01000001 (City of London 001A): written twice */
static bool twice(FILE *out, const char *line, size_t n)
{
    if (n == 2)
        fputs(line, out);
    return true;
}

static bool drop(FILE *out, const char *line, size_t n)
{
    (void)out;
    (void)line;
    return n != 2;
}

/* an LSOA of 2021 (E01035000 does not exist in 2011) after the header */
static bool foreign(FILE *out, const char *line, size_t n)
{
    (void)line;
    if (n == 2)
        fputs("E01035000,E38000255,A3A8R,NHS North East London ICB - A3A8R,E54000029,QMF,"
              "NHS North East London Integrated Care Board\n", out);
    return true;
}

static bool no_code(FILE *out, const char *line, size_t n)
{
    if (n != 2)
        return true;
    fputs("E01000001,,,,E54000029,QMF,NHS North East London Integrated Care Board\n", out);
    (void)line;
    return false;
}

static void test_bad_lookups(void **state)
{
    (void)state;
    expect_bad_lookup(twice, "line 3: area E01000001 is listed twice (also line 2)");
    expect_bad_lookup(drop, "area E01000001 is missing: no sicbl22 code for it (1 areas");
    expect_bad_lookup(foreign, "line 2: area 'E01035000' is not in the population base");
    expect_bad_lookup(no_code, "line 2: area E01000001 has no sicbl22 code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_joined_equals_sources),
                                       cmocka_unit_test(test_bad_lookups)};
    return cmocka_run_group_tests_name("popbase", tests, NULL, NULL);
}
