/* Allocation-failure sweep: fail the Nth allocation of a small fit (open
 * two layers, a repaired and a dissolved one and a population layer; fit,
 * write the result, bestfit) for N = 1, 2, ... until a run no longer
 * reaches the failure. Every run must end in a clean CT_ENOMEM ("out of
 * memory"), or in CT_OK with exactly the results of a run without failures
 * (an allocation whose failure is harmless, e.g. a warm-up query), tables
 * and summary.json alike; jansson allocates through the sweep too; never a
 * crash, and no leak under ASan (scripts/test_all.sh runs this in the
 * sanitizer build). One thread, so the allocation order is the same on
 * every machine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inputs/inputs.h"

#include <jansson.h>

/* jansson's allocations take part in the sweep too: every JSON value that
 * cannot be built must fail the run with CT_ENOMEM, never be left out. */
static void *sweep_malloc(size_t n)
{
    return ct__malloc(n);
}

#define CASE(f) CT_CASES_DIR "/fit/" f

/* Every cell of a table as text, appended to buf (plain malloc: the test's
 * own memory must not take part in the sweep). */
static void dump(const ct_table *t, char **buf, size_t *len)
{
    for (size_t i = 0; t && i < ct_table_nrows(t); i++)
        for (size_t j = 0; j < ct_table_ncols(t); j++) {
            char cell[512];
            int n = ct_table_coltype(t, j) == CT_COL_TEXT
                        ? snprintf(cell, sizeof cell, "%s|", ct_table_text(t, i, j))
                        : snprintf(cell, sizeof cell, "%.17g|", ct_table_real(t, i, j));
            char *b = realloc(*buf, *len + (size_t)n + 1);
            assert_non_null(b);
            memcpy(b + *len, cell, (size_t)n + 1);
            *buf = b;
            *len += (size_t)n;
        }
}

static ct_status small_fit(const char *dir, char **digest)
{
    ct_ctx *ctx = NULL;
    const char *one[] = {"THREADS=1", NULL};
    ct_status st = ct_ctx_new(&ctx, one);
    if (st)
        return st;
    ct_layer *a = NULL, *b = NULL, *bow = NULL, *dup = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL, *bf = NULL;
    const char *pop_opts[] = {"POP_FIELD=pop", NULL};
    const char *areal[] = {"METHOD=areal", NULL};
    const char *dissolve[] = {"DISSOLVE=YES", NULL};
    st = ct_layer_open(ctx, &a, CASE("a.geojson"), NULL);
    if (!st)
        st = ct_layer_open(ctx, &b, CASE("b.geojson"), NULL);
    if (!st) /* a repair: a diagnostic and make-valid */
        st = ct_layer_open(ctx, &bow, CASE("bowtie.geojson"), NULL);
    if (!st) /* two features unioned into one unit */
        st = ct_layer_open(ctx, &dup, CASE("dup_ids.geojson"), dissolve);
    if (!st)
        st = ct_pop_open(ctx, &pop, CASE("pop.geojson"), pop_opts);
    if (!st)
        st = ct_fit(ctx, &r, a, b, pop, areal);
    if (!st)
        st = ct_result_write(ctx, r, dir, NULL);
    if (!st)
        st = ct_bestfit(ctx, &bf, bow, dup, pop, NULL);
    if (st && st != CT_ENOMEM)
        print_error("status %s: %s\n", ct_status_name(st), ct_errmsg(ctx));
    if (st == CT_ENOMEM && strcmp(ct_errmsg(ctx), "out of memory") != 0)
        print_error("CT_ENOMEM with message '%s'\n", ct_errmsg(ctx));
    size_t len = 0;
    *digest = NULL;
    for (size_t k = 0; !st && k < ct_result_ntables(r); k++)
        dump(ct_result_table(r, k), digest, &len);
    if (!st)
        dump(ct_result_table_by_name(bf, "bestfit"), digest, &len);
    /* the documents too: a JSON value left out would show here */
    const char *docs[] = {ct_result_doc(r, "summary"), ct_result_doc(bf, "summary")};
    for (size_t k = 0; !st && k < 2; k++) {
        char *b = realloc(*digest, len + strlen(docs[k]) + 2);
        assert_non_null(b);
        snprintf(b + len, strlen(docs[k]) + 2, "%s|", docs[k]);
        *digest = b;
        len += strlen(docs[k]) + 1;
    }
    for (size_t k = 0; !st && k < ct_diag_count(ctx); k++) {
        const char *m = ct_diag_message(ctx, k);
        char *b = realloc(*digest, len + strlen(m) + 2);
        assert_non_null(b);
        snprintf(b + len, strlen(m) + 2, "%s|", m);
        *digest = b;
        len += strlen(m) + 1;
    }
    ct_result_free(r);
    ct_result_free(bf);
    ct_pop_free(pop);
    ct_layer_free(a);
    ct_layer_free(b);
    ct_layer_free(bow);
    ct_layer_free(dup);
    ct_ctx_free(ctx);
    return st;
}

static void test_sweep(void **state)
{
    (void)state;
    json_set_alloc_funcs(sweep_malloc, free);
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/coterm-test-sweep-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *want = NULL;
    assert_int_equal(small_fit(dir, &want), CT_OK);
    assert_non_null(want);
    size_t failures = 0, harmless = 0;
    for (long n = 1;; n++) {
        ct__alloc_fail_countdown = n;
        char *got = NULL;
        ct_status st = small_fit(dir, &got);
        bool hit = ct__alloc_fail_countdown == 0;
        ct__alloc_fail_countdown = 0;
        if (st == CT_OK && (!got || strcmp(got, want)))
            fail_msg("allocation %ld failed: CT_OK but different results:\n%s\n%s", n, got ? got : "", want);
        free(got);
        if (!hit) {
            assert_int_equal(st, CT_OK); /* the run that no longer fails */
            break;
        }
        if (st != CT_ENOMEM && st != CT_OK)
            fail_msg("allocation %ld failed: got %s, want CT_ENOMEM", n, ct_status_name(st));
        failures++;
        harmless += st == CT_OK;
    }
    /* a useful sweep covers hundreds of allocation sites and runs */
    assert_true(failures > 200);
    print_message("swept %zu allocations (%zu harmless)\n", failures, harmless);
    free(want);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests_name("alloc_sweep", tests, NULL, NULL);
}
