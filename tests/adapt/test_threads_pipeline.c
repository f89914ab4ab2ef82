/* The whole pipeline in several threads at once, one context each: GDAL
 * opens (GeoJSON, a GeoPackage through SQLite, the built-in GeoPackage), a
 * population base, fit, bestfit and check, and writing the results. Every
 * text file each thread writes is byte-identical to the one a single thread
 * wrote before the threads started. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <coterm.h>

#define FIT(f) CT_CASES_DIR "/fit/" f
#define CHECK(f) CT_CASES_DIR "/check/" f
#define NTHREADS 4
#define ROUNDS 3

static char tmp[64];

/* What one job writes, as text: the files below, one after the other. */
static const char *const files[] = {
    "fit/pairs.csv",          "fit/a_units.csv",  "fit/b_units.csv", "fit/summary.json",
    "bestfit/bestfit.csv",    "bestfit/summary.json",
    "check/findings.json",    "check/units.csv",
};
#define NFILES (sizeof files / sizeof files[0])

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    rewind(in);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, in) == (size_t)n)
        buf[n] = '\0';
    fclose(in);
    return buf;
}

typedef struct job {
    int id;
    char dir[128];
    ct_status st;
    char err[512];
    size_t stp21; /* units of the built-in stp21 */
} job;

static ct_status keep_error(job *j, ct_ctx *ctx, ct_status st)
{
    if (st)
        snprintf(j->err, sizeof j->err, "%s", ct_errmsg(ctx));
    return st;
}

static ct_status write_in(ct_ctx *ctx, const ct_result *r, const job *j, const char *sub)
{
    char dir[160];
    snprintf(dir, sizeof dir, "%s/%s", j->dir, sub);
    return ct_result_write(ctx, r, dir, NULL);
}

/* open (a GeoPackage and GeoJSON), pop, fit, bestfit, check, write */
static ct_status pipeline(job *j)
{
    ct_ctx *ctx = NULL;
    const char *one[] = {j->id % 2 ? "THREADS=2" : "THREADS=1", NULL};
    ct_status st = ct_ctx_new(&ctx, one);
    if (st)
        return st;
    ct_layer *a = NULL, *b = NULL, *stp = NULL, *blocks = NULL, *councils = NULL;
    ct_pop *pop = NULL, *people = NULL;
    ct_result *fit = NULL, *bf = NULL, *chk = NULL;
    const char *pop_opts[] = {"POP_FIELD=pop", NULL};
    const char *people_opts[] = {"POP_FIELD=people", NULL};
    const char *areal[] = {"METHOD=areal", NULL};
    char gpkg[128];
    snprintf(gpkg, sizeof gpkg, "%s/a.gpkg", tmp);
    st = ct_layer_open(ctx, &a, gpkg, NULL);
    if (!st)
        st = ct_layer_open(ctx, &b, FIT("b.geojson"), NULL);
    if (!st)
        st = ct_layer_open(ctx, &stp, "stp21", NULL);
    if (!st)
        st = ct_pop_open(ctx, &pop, FIT("pop.geojson"), pop_opts);
    if (!st)
        st = ct_fit(ctx, &fit, a, b, pop, areal);
    if (!st)
        st = write_in(ctx, fit, j, "fit");
    if (!st)
        st = ct_bestfit(ctx, &bf, a, b, pop, NULL);
    if (!st)
        st = write_in(ctx, bf, j, "bestfit");
    if (!st)
        st = ct_layer_open(ctx, &blocks, CHECK("blocks.geojson"), NULL);
    if (!st)
        st = ct_layer_open(ctx, &councils, CHECK("councils.geojson"), NULL);
    if (!st)
        st = ct_pop_open(ctx, &people, CHECK("pop.geojson"), people_opts);
    const ct_layer *against[] = {councils};
    if (!st)
        st = ct_check(ctx, &chk, CHECK("split.csv"), blocks, against, 1, people, NULL);
    if (!st)
        st = write_in(ctx, chk, j, "check");
    j->stp21 = ct_layer_size(stp);
    keep_error(j, ctx, st);
    ct_result_free(fit);
    ct_result_free(bf);
    ct_result_free(chk);
    ct_pop_free(pop);
    ct_pop_free(people);
    ct_layer_free(a);
    ct_layer_free(b);
    ct_layer_free(stp);
    ct_layer_free(blocks);
    ct_layer_free(councils);
    ct_ctx_free(ctx);
    return st;
}

static void *run(void *arg)
{
    job *j = arg;
    j->st = pipeline(j);
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "/tmp/coterm-test-pipeline-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ogr2ogr -f GPKG '%s/a.gpkg' '%s' -nln a", tmp, FIT("a.geojson"));
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_pipeline_in_threads(void **state)
{
    (void)state;
    job ref = {.id = 0};
    snprintf(ref.dir, sizeof ref.dir, "%s/ref", tmp);
    if (pipeline(&ref))
        fail_msg("reference run: %s", ref.err);
    assert_int_equal(ref.stp21, 42);
    char *want[NFILES];
    for (size_t f = 0; f < NFILES; f++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", ref.dir, files[f]);
        want[f] = slurp(path);
        assert_non_null(want[f]);
    }
    for (int round = 0; round < ROUNDS; round++) {
        job jobs[NTHREADS];
        pthread_t tid[NTHREADS];
        for (int t = 0; t < NTHREADS; t++) {
            jobs[t] = (job){.id = t};
            snprintf(jobs[t].dir, sizeof jobs[t].dir, "%s/r%d-t%d", tmp, round, t);
            assert_int_equal(pthread_create(&tid[t], NULL, run, &jobs[t]), 0);
        }
        for (int t = 0; t < NTHREADS; t++)
            assert_int_equal(pthread_join(tid[t], NULL), 0);
        for (int t = 0; t < NTHREADS; t++) {
            if (jobs[t].st)
                fail_msg("round %d thread %d: %s", round, t, jobs[t].err);
            assert_int_equal(jobs[t].stp21, 42);
            for (size_t f = 0; f < NFILES; f++) {
                char path[256];
                snprintf(path, sizeof path, "%s/%s", jobs[t].dir, files[f]);
                char *got = slurp(path);
                assert_non_null(got);
                if (strcmp(got, want[f]))
                    fail_msg("round %d thread %d: %s differs", round, t, files[f]);
                free(got);
            }
        }
    }
    for (size_t f = 0; f < NFILES; f++)
        free(want[f]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pipeline_in_threads, setup, teardown),
    };
    return cmocka_run_group_tests_name("threads_pipeline", tests, NULL, NULL);
}
