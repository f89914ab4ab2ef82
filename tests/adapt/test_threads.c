/* One context per thread: fits running at the same time in two threads, on
 * different layers, give the same answers as when run alone (the house
 * style's threading rule). Layers are grids of squares built with
 * ct_layer_from_wkb, with ids in different orders per thread, so a sort key
 * shared between threads would show as misordered pairs. The overlap of
 * the two sorts is a matter of timing: a plain build catches such a race
 * only now and then; built with -fsanitize=thread this test reports it
 * every time (it did, before the sort keys became thread-local). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <coterm.h>

#define SIDE 16 /* SIDE x SIDE squares per layer */
#define N (SIDE * SIDE)
#define ROUNDS 6

static void square_wkb(unsigned char b[93], double x, double y, double s)
{
    const double xy[10] = {x, y, x + s, y, x + s, y + s, x, y + s, x, y};
    const uint32_t head[3] = {3, 1, 5};
    b[0] = 1;
    memcpy(b + 1, head, sizeof head);
    memcpy(b + 13, xy, sizeof xy);
}

/* A grid of SIDE x SIDE squares of size s from (x0, y0); unit k gets id
 * prefix + perm(k), so the two threads' id orders differ from file order
 * and from each other. */
static ct_layer *grid(ct_ctx *ctx, const char *prefix, unsigned mult, double x0, double s)
{
    static unsigned char w[N][93]; /* copied by ct_layer_from_wkb */
    char (*idbuf)[16] = calloc(N, sizeof *idbuf);
    const char **ids = calloc(N, sizeof *ids);
    const unsigned char **pw = calloc(N, sizeof *pw);
    size_t *len = calloc(N, sizeof *len);
    assert_true(idbuf && ids && pw && len);
    for (size_t k = 0; k < N; k++) {
        snprintf(idbuf[k], sizeof idbuf[k], "%s%05u", prefix, (unsigned)((k * mult) % N));
        ids[k] = idbuf[k];
        square_wkb(w[k], x0 + s * (double)(k % SIDE), 300000 + s * (double)(k / SIDE), s);
        pw[k] = w[k];
        len[k] = 93;
    }
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_from_wkb(ctx, &l, prefix, N, ids, NULL, pw, len, "EPSG:27700",
                                       NULL),
                     CT_OK);
    free(idbuf);
    free(ids);
    free(pw);
    free(len);
    return l;
}

typedef struct job {
    ct_layer *a, *b;
    ct_ctx *ctx;
    char *want; /* pairs as text, computed alone */
    int bad;
} job;

/* pairs table as "a_id b_id sliver\n" lines */
static char *pairs_text(const ct_result *r)
{
    const ct_table *t = ct_result_table_by_name(r, "pairs");
    size_t n = ct_table_nrows(t), cap = n * 40 + 1, k = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k, "%s %s %.0f\n", ct_table_text(t, i, 0),
                              ct_table_text(t, i, 2), ct_table_real(t, i, 10));
    return s;
}

static char *run_fit(job *j)
{
    ct_result *r = NULL;
    if (ct_fit(j->ctx, &r, j->a, j->b, NULL, NULL))
        return NULL;
    char *s = pairs_text(r);
    ct_result_free(r);
    return s;
}

static void *worker(void *arg)
{
    job *j = arg;
    for (int k = 0; k < ROUNDS; k++) {
        char *got = run_fit(j);
        if (!got || strcmp(got, j->want))
            j->bad++;
        free(got);
    }
    return NULL;
}

static void test_two_threads(void **state)
{
    (void)state;
    job jobs[2];
    /* job 0: 100 m grids offset by 50 m; job 1: 100 m against 200 m */
    const double s_b[2] = {100, 200}, x_b[2] = {400050, 400000};
    const unsigned mult[2][2] = {{7, 13}, {11, 17}};
    const char *pre[2][2] = {{"a", "b"}, {"c", "d"}};
    for (int i = 0; i < 2; i++) {
        memset(&jobs[i], 0, sizeof jobs[i]);
        assert_int_equal(ct_ctx_new(&jobs[i].ctx, NULL), CT_OK);
        jobs[i].a = grid(jobs[i].ctx, pre[i][0], mult[i][0], 400000, 100);
        jobs[i].b = grid(jobs[i].ctx, pre[i][1], mult[i][1], x_b[i], s_b[i]);
        jobs[i].want = run_fit(&jobs[i]);
        assert_non_null(jobs[i].want);
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
        ct_layer_free(jobs[i].a);
        ct_layer_free(jobs[i].b);
        ct_ctx_free(jobs[i].ctx);
    }
    assert_int_equal(jobs[0].bad + jobs[1].bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads),
    };
    return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
