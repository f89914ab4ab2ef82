/* Result tables and result sets (table.c, result.c): column specs, typed
 * cells, lookups, and writing CSV / GeoPackage / JSON through OGR. */
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
#include "ct_test_dir.h"

/* pairs-like table: 2 rows x (text, real, int) */
static ct_table *small_table(ct_ctx *ctx, const char *name)
{
    ct_table *t = NULL;
    assert_int_equal(ct__table_new(ctx, &t, name, "a_id:t,area_m2:r,sliver:i", 2), CT_OK);
    assert_int_equal(ct__table_set_text(ctx, t, 0, 0, "A1"), CT_OK);
    assert_int_equal(ct__table_set_text(ctx, t, 1, 0, "A2, west"), CT_OK);
    ct__table_set_real(t, 0, 1, 1.5);
    ct__table_set_real(t, 1, 1, NAN); /* missing: an empty cell */
    ct__table_set_real(t, 0, 2, 0);
    ct__table_set_real(t, 1, 2, 1);
    return t;
}

static void test_spec_and_cells(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = small_table(f->ctx, "pairs");
    assert_string_equal(ct_table_name(t), "pairs");
    assert_int_equal(ct_table_nrows(t), 2);
    assert_int_equal(ct_table_ncols(t), 3);
    assert_string_equal(ct_table_colname(t, 0), "a_id");
    assert_string_equal(ct_table_colname(t, 2), "sliver");
    assert_null(ct_table_colname(t, 3));
    assert_int_equal(ct_table_coltype(t, 0), CT_COL_TEXT);
    assert_int_equal(ct_table_coltype(t, 1), CT_COL_REAL);
    assert_int_equal(ct_table_coltype(t, 2), CT_COL_INT);
    assert_int_equal(ct_table_coltype(t, 3), 0);
    assert_int_equal(ct_table_colindex(t, "area_m2"), 1);
    assert_int_equal(ct_table_colindex(t, "area"), (size_t)-1);
    assert_int_equal(ct_table_colindex(t, NULL), (size_t)-1);
    assert_string_equal(ct_table_text(t, 1, 0), "A2, west");
    assert_float_equal(ct_table_real(t, 0, 1), 1.5, 0);
    assert_true(isnan(ct_table_real(t, 1, 1)));
    assert_float_equal(ct_table_real(t, 1, 2), 1, 0);
    /* out of range or wrong type: "" and NaN, never a crash */
    assert_string_equal(ct_table_text(t, 2, 0), "");
    assert_string_equal(ct_table_text(t, 0, 1), "");
    assert_string_equal(ct_table_text(t, 0, 9), "");
    assert_true(isnan(ct_table_real(t, 0, 0)));
    assert_true(isnan(ct_table_real(t, 5, 1)));
    assert_string_equal(ct_table_crs(t), "");
    size_t len = 7;
    assert_null(ct_table_geom(t, 0, 0, &len));
    assert_int_equal(len, 0);
    /* overwriting a text cell frees the old value (checked by ASan) */
    assert_int_equal(ct__table_set_text(f->ctx, t, 0, 0, "A9"), CT_OK);
    assert_int_equal(ct__table_set_text(f->ctx, t, 0, 0, NULL), CT_OK);
    assert_string_equal(ct_table_text(t, 0, 0), "");
    double col[2];
    assert_int_equal(ct_table_real_column(t, 2, col), CT_OK);
    assert_float_equal(col[0], 0, 0);
    assert_float_equal(col[1], 1, 0);
    assert_int_equal(ct_table_real_column(t, 0, col), CT_EINVAL);
    assert_int_equal(ct_table_real_column(t, 3, col), CT_EINVAL);
    ct_table_free(t);
    ct_table_free(NULL);
    /* NULL tables answer like empty ones */
    assert_int_equal(ct_table_nrows(NULL), 0);
    assert_null(ct_table_name(NULL));
    assert_string_equal(ct_table_text(NULL, 0, 0), "");
}

static void test_bad_specs(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = (ct_table *)1;
    assert_int_equal(ct__table_new(f->ctx, &t, "x", "a:t,b", 1), CT_EINTERNAL);
    assert_null(t);
    assert_string_equal(ct_errmsg(f->ctx), "bad column spec 'a:t,b'");
    assert_int_equal(ct__table_new(f->ctx, &t, "x", "a:t,b:q", 1), CT_EINTERNAL);
    assert_string_equal(ct_errmsg(f->ctx), "bad column type in 'a:t,b:q'");
    /* zero rows is a valid table */
    assert_int_equal(ct__table_new(f->ctx, &t, "empty", "a:t", 0), CT_OK);
    assert_int_equal(ct_table_nrows(t), 0);
    ct_table_free(t);
}

static void test_result_set(void **state)
{
    ct_test_dir *f = *state;
    ct_result *r = NULL;
    assert_int_equal(ct__result_new(f->ctx, &r), CT_OK);
    assert_int_equal(ct__result_add_table(f->ctx, r, small_table(f->ctx, "pairs")), CT_OK);
    assert_int_equal(ct__result_add_table(f->ctx, r, small_table(f->ctx, "a_units")), CT_OK);
    assert_int_equal(ct__result_add_doc(f->ctx, r, "summary", ct__strdup("{\"version\": 1}")),
                     CT_OK);
    assert_int_equal(ct_result_ntables(r), 2);
    assert_int_equal(ct_result_ndocs(r), 1);
    assert_string_equal(ct_table_name(ct_result_table(r, 1)), "a_units");
    assert_null(ct_result_table(r, 2));
    assert_ptr_equal(ct_result_table_by_name(r, "pairs"), ct_result_table(r, 0));
    assert_null(ct_result_table_by_name(r, "b_units"));
    assert_string_equal(ct_result_doc_name(r, 0), "summary");
    assert_null(ct_result_doc_name(r, 1));
    assert_string_equal(ct_result_doc(r, "summary"), "{\"version\": 1}");
    assert_null(ct_result_doc(r, "findings"));
    ct_result_free(r);
    ct_result_free(NULL);
    assert_int_equal(ct_result_ntables(NULL), 0);
}

/* CSV: header, LF endings, NaN as an empty cell, integers unquoted, text
 * quoted only where CSV needs it; the directory is created. */
static void test_write_csv_and_json(void **state)
{
    ct_test_dir *f = *state;
    ct_result *r = NULL;
    assert_int_equal(ct__result_new(f->ctx, &r), CT_OK);
    assert_int_equal(ct__result_add_table(f->ctx, r, small_table(f->ctx, "pairs")), CT_OK);
    assert_int_equal(ct__result_add_doc(f->ctx, r, "summary", ct__strdup("{\"version\": 1}")),
                     CT_OK);
    char dir[128], path[160];
    snprintf(dir, sizeof dir, "%s/out/nested", f->dir);
    assert_int_equal(ct_result_write(f->ctx, r, dir, NULL), CT_OK);
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    assert_string_equal(slurp(path), "a_id,area_m2,sliver\n"
                                     "A1,1.5,0\n"
                                     "\"A2, west\",,1\n");
    snprintf(path, sizeof path, "%s/summary.json", dir);
    assert_string_equal(slurp(path), "{\"version\": 1}\n");
    /* writing again replaces the files */
    assert_int_equal(ct_result_write(f->ctx, r, dir, NULL), CT_OK);
    snprintf(path, sizeof path, "%s/pairs.csv", dir);
    assert_string_equal(slurp(path), "a_id,area_m2,sliver\nA1,1.5,0\n\"A2, west\",,1\n");
    /* bad targets and options */
    const char *bad_opt[] = {"FORMAT=CSV", NULL};
    assert_int_equal(ct_result_write(f->ctx, r, dir, bad_opt), CT_EINVAL);
    assert_int_equal(ct_result_write(f->ctx, r, "/dev/null/x", NULL), CT_EIO);
    assert_non_null(strstr(ct_errmsg(f->ctx), "/dev/null"));
    assert_int_equal(ct_result_write(f->ctx, NULL, dir, NULL), CT_EINVAL);
    ct_result_free(r);
}

static void test_table_write_formats(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = small_table(f->ctx, "lookup");
    char path[160];
    snprintf(path, sizeof path, "%s/lookup.csv", f->dir);
    assert_int_equal(ct_table_write(f->ctx, t, path, NULL), CT_OK);
    assert_string_equal(slurp(path), "a_id,area_m2,sliver\nA1,1.5,0\n\"A2, west\",,1\n");
    /* FORMAT wins over the extension */
    snprintf(path, sizeof path, "%s/lookup.out", f->dir);
    const char *csv[] = {"FORMAT=CSV", NULL};
    assert_int_equal(ct_table_write(f->ctx, t, path, csv), CT_OK);
    assert_string_equal(slurp(path), "a_id,area_m2,sliver\nA1,1.5,0\n\"A2, west\",,1\n");
    const char *nope[] = {"FORMAT=Nope", NULL};
    assert_int_equal(ct_table_write(f->ctx, t, path, nope), CT_EINVAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "Nope"));
    const char *unknown[] = {"LAYER=x", NULL};
    assert_int_equal(ct_table_write(f->ctx, t, path, unknown), CT_EINVAL);
    ct_table_free(t);
}

/* little-endian WKB of the square [x0, x0+s] x [y0, y0+s] */

/* A table with a geometry column is written as GeoPackage and reads back
 * as a layer with the same area (1 km2). */
static void test_write_gpkg_roundtrip(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = NULL;
    assert_int_equal(ct__table_new(f->ctx, &t, "units", "unit_code:t,geom:g", 1), CT_OK);
    assert_int_equal(ct__table_set_text(f->ctx, t, 0, 0, "U1"), CT_OK);
    unsigned char *wkb = ct__malloc(128);
    assert_non_null(wkb);
    size_t len = square_wkb(wkb, 400000, 300000, 1000);
    ct__table_take_geom(t, 0, 1, wkb, len);
    assert_int_equal(ct__table_set_crs(f->ctx, t, "EPSG:27700"), CT_OK);
    size_t got;
    assert_ptr_equal(ct_table_geom(t, 0, 1, &got), wkb);
    assert_int_equal(got, 93);
    assert_string_equal(ct_table_crs(t), "EPSG:27700");
    ct_result *r = NULL;
    assert_int_equal(ct__result_new(f->ctx, &r), CT_OK);
    assert_int_equal(ct__result_add_table(f->ctx, r, t), CT_OK);
    assert_int_equal(ct_result_write(f->ctx, r, f->dir, NULL), CT_OK);
    ct_result_free(r);
    char path[160];
    snprintf(path, sizeof path, "%s/units.gpkg", f->dir);
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &l, path, NULL), CT_OK);
    assert_int_equal(ct_layer_size(l), 1);
    assert_string_equal(ct_layer_id(l, 0), "U1");
    assert_string_equal(ct_layer_id_field(l), "unit_code");
    assert_float_equal(ct_layer_area(l, 0), 1e6, 1e-6);
    ct_layer_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_spec_and_cells, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_specs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_result_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_csv_and_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_write_formats, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_gpkg_roundtrip, setup, teardown),
    };
    return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
