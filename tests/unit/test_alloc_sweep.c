/* Allocation-failure sweep: fail the Nth allocation of a small fit (open
 * two layers, a repaired and a dissolved one and a population layer; fit,
 * write the result, bestfit) for N = 1, 2, ... until a run no longer
 * reaches the failure. Every run must end in a clean CT_ENOMEM with the
 * message "out of memory", or in CT_OK with exactly the results (every cell,
 * geometry, document and diagnostic) of a run without failures (an
 * allocation whose failure is harmless, e.g. a warm-up query); jansson
 * allocates through the sweep too; never a
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
#include "../ct_test_sweep.h"

#include <jansson.h>

/* jansson's allocations take part in the sweep too: every JSON value that
 * cannot be built must fail the run with CT_ENOMEM, never be left out. */
static void *sweep_malloc(size_t n)
{
    return ct__malloc(n);
}

#define CASE(f) CT_CASES_DIR "/fit/" f

/* The job; *digest: its results (tables, documents, diagnostics) on
 * success; *msg: the error message on failure (both plain malloc). */
static ct_status small_fit(const char *dir, char **digest, char **msg)
{
    ct_ctx *ctx = NULL;
    const char *one[] = {"THREADS=1", NULL};
    *digest = *msg = NULL;
    ct_status st = ct_ctx_new(&ctx, one);
    if (st)
        return st; /* no context, so no message */
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
    *msg = st ? strdup(ct_errmsg(ctx)) : NULL;
    if (!st) {
        char *fit = ct_test_digest(r), *best = ct_test_digest(bf);
        size_t len = strlen(fit) + strlen(best) + 2;
        for (size_t k = 0; k < ct_diag_count(ctx); k++)
            len += strlen(ct_diag_message(ctx, k)) + 1;
        *digest = malloc(len);
        assert_non_null(*digest);
        char *at = *digest + sprintf(*digest, "%s\n%s", fit, best);
        for (size_t k = 0; k < ct_diag_count(ctx); k++)
            at += sprintf(at, "%s|", ct_diag_message(ctx, k));
        free(fit);
        free(best);
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
    char *want = NULL, *msg = NULL;
    assert_int_equal(small_fit(dir, &want, &msg), CT_OK);
    assert_non_null(want);
    size_t failures = 0, harmless = 0;
    for (long n = 1;; n++) {
        ct__alloc_fail_countdown = n;
        char *got = NULL;
        ct_status st = small_fit(dir, &got, &msg);
        bool hit = ct__alloc_fail_countdown == 0;
        ct__alloc_fail_countdown = 0;
        if (st == CT_OK && (!got || strcmp(got, want)))
            fail_msg("allocation %ld failed: CT_OK but different results", n);
        if (st == CT_ENOMEM && msg && strcmp(msg, "out of memory"))
            fail_msg("allocation %ld failed: CT_ENOMEM with the message '%s'", n, msg);
        free(got);
        free(msg);
        msg = NULL;
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
