/* One context per thread: fits running at the same time in two threads, on
 * different layers, give the same answers as when run alone (the house
 * style's threading rule). Each round, both threads open their layers from
 * GeoJSON files through GDAL at the same moment (a barrier), fit them, and
 * compare every cell of every output table (areas and shares included) and
 * the summary with the fit run alone. The layers are grids of squares with
 * ids in different orders per thread, so a sort key shared between threads
 * would show as misordered pairs. The overlap of the two runs is a matter of
 * timing: a plain build catches such a race only now and then; built with
 * -fsanitize=thread this test reports it every time (it did, before the sort
 * keys became thread-local). */
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

#include "../ct_test_sweep.h"

#define SIDE 16 /* SIDE x SIDE squares per layer */
#define N (SIDE * SIDE)
#define ROUNDS 6

/* A GeoJSON grid of SIDE x SIDE squares of size s from (x0, 300000) in
 * EPSG:27700; square k gets id prefix + perm(k), so the two threads' id
 * orders differ from file order and from each other. */
static void write_grid(const char *path, const char *prefix, unsigned mult, double x0, double s)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", "
               "\"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::27700\"}},\n"
               "\"features\": [\n");
    for (size_t k = 0; k < N; k++) {
        double x = x0 + s * (double)(k % SIDE), y = 300000 + s * (double)(k / SIDE);
        fprintf(f,
                "%s{\"type\": \"Feature\", \"properties\": {\"id\": \"%s%05u\"}, "
                "\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[%.1f, %.1f], "
                "[%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f], [%.1f, %.1f]]]}}\n",
                k ? "," : "", prefix, (unsigned)((k * mult) % N), x, y, x + s, y, x + s, y + s,
                x, y + s, x, y);
    }
    fprintf(f, "]}\n");
    assert_int_equal(fclose(f), 0);
}

typedef struct job {
    char a[128], b[128]; /* layer files */
    ct_ctx *ctx;
    pthread_barrier_t *start; /* both threads open their layers at once */
    char *want;               /* the result, computed alone */
    int bad;
} job;

/* Open both layers (through GDAL) and fit them: the whole result as text. */
static char *run_fit(job *j, bool wait)
{
    ct_layer *a = NULL, *b = NULL;
    ct_result *r = NULL;
    if (wait)
        pthread_barrier_wait(j->start);
    char *s = NULL;
    if (!ct_layer_open(j->ctx, &a, j->a, NULL) && !ct_layer_open(j->ctx, &b, j->b, NULL) &&
        !ct_fit(j->ctx, &r, a, b, NULL, NULL))
        s = ct_test_digest(r);
    ct_result_free(r);
    ct_layer_free(a);
    ct_layer_free(b);
    return s;
}

/* Rows of the pairs table in a digest (one line per row, after its header). */
static size_t pair_rows(const char *digest)
{
    const char *p = strstr(digest, "table pairs\n");
    assert_non_null(p);
    p = strchr(p + 12, '\n') + 1; /* past the column names */
    size_t n = 0;
    for (; *p && strncmp(p, "table ", 6) && strncmp(p, "doc ", 4); p = strchr(p, '\n') + 1)
        n++;
    return n;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (int k = 0; k < ROUNDS; k++) {
        char *got = run_fit(j, true);
        if (!got || strcmp(got, j->want))
            j->bad++;
        free(got);
    }
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    char dir[] = "/tmp/coterm-test-threads-XXXXXX";
    assert_non_null(mkdtemp(dir));
    pthread_barrier_t start;
    assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
    job jobs[2];
    /* job 0: 100 m grids offset by 50 m; job 1: 100 m against 200 m */
    const double s_b[2] = {100, 200}, x_b[2] = {400050, 400000};
    const unsigned mult[2][2] = {{7, 13}, {11, 17}};
    const char *pre[2][2] = {{"a", "b"}, {"c", "d"}};
    for (int i = 0; i < 2; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        snprintf(jobs[i].a, sizeof jobs[i].a, "%s/%s.geojson", dir, pre[i][0]);
        snprintf(jobs[i].b, sizeof jobs[i].b, "%s/%s.geojson", dir, pre[i][1]);
        write_grid(jobs[i].a, pre[i][0], mult[i][0], 400000, 100);
        write_grid(jobs[i].b, pre[i][1], mult[i][1], x_b[i], s_b[i]);
        jobs[i].start = &start;
        assert_int_equal(ct_ctx_new(&jobs[i].ctx, NULL), CT_OK);
        jobs[i].want = run_fit(&jobs[i], false);
        assert_non_null(jobs[i].want);
        /* pairs, by hand: job 0's squares overlap the two b squares 50 m
         * either side, except the first of each row (1 + 2 x 15 per row, x
         * 16 rows = 496); each of job 1's 100 m squares lies in one 200 m
         * square (256) */
        assert_int_equal(pair_rows(jobs[i].want), i == 0 ? 496 : 256);
    }
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, &jobs[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        if (jobs[i].bad)
            print_error("thread %d: %d of %d fits differ from the fit run alone\n", i,
                        jobs[i].bad, ROUNDS);
        free(jobs[i].want);
        ct_ctx_free(jobs[i].ctx);
        unlink(jobs[i].a);
        unlink(jobs[i].b);
    }
    pthread_barrier_destroy(&start);
    assert_int_equal(rmdir(dir), 0);
    assert_int_equal(jobs[0].bad + jobs[1].bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
