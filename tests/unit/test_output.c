/* Outputs are all or nothing (output.c): a batch that fails, is killed or
 * runs past a file-size limit leaves every target as it was, no temporary
 * file and no directory made for it; a target that is an input is refused;
 * a Shapefile's companion files move with it; bad geometry in a table is an
 * error, not a row without geometry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct_private.h"
#include "ct_test_dir.h"

#define CASE(f) CT_CASES_DIR "/fit/" f

/* dir/name, valid for the next 15 calls */
static char *path_in(const ct_test_dir *f, const char *name)
{
    static char buf[16][160];
    static int k;
    k = (k + 1) % 16;
    snprintf(buf[k], sizeof buf[k], "%s/%s", f->dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *o = fopen(path, "wb");
    assert_non_null(o);
    fputs(text, o);
    fclose(o);
}

/* The directory's entries, sorted and joined by spaces. */
static char *listing(const char *dir)
{
    static char buf[1024];
    char cmd[160];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | tr '\\n' ' '", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(buf, 1, sizeof buf - 1, p);
    pclose(p);
    buf[n] = '\0';
    return buf;
}

/* Writes half of its text, then fails like a full disk. */
static ct_status half_then_fail(ct_ctx *ctx, const char *tmp, const char *target,
                                const void *arg)
{
    FILE *o = fopen(tmp, "wb");
    assert_non_null(o);
    fputs(arg, o);
    fclose(o);
    return ct__err(ctx, CT_EIO, "%s: write failed: No space left on device", target);
}

static void test_batch_fails_whole(void **state)
{
    ct_test_dir *f = *state;
    char a[160], b[160], a2[160], b2[160];
    snprintf(a, sizeof a, "%s/a.csv", f->dir);
    snprintf(b, sizeof b, "%s/b.json", f->dir);
    snprintf(a2, sizeof a2, "%s/new/sub/a.csv", f->dir);
    snprintf(b2, sizeof b2, "%s/new/sub/b.csv", f->dir);
    put(a, "old a\n");
    ct__output out[] = {
        {.path = a, .write = ct__output_text, .arg = "new a"},
        {.path = b, .write = half_then_fail, .arg = "{\"half"},
    };
    assert_int_equal(ct__write_outputs(f->ctx, out, 2), CT_EIO);
    assert_non_null(strstr(ct_errmsg(f->ctx), "/b.json: write failed"));
    assert_string_equal(slurp(path_in(f, "a.csv")), "old a\n");
    assert_string_equal(listing(f->dir), "a.csv ");
    /* into a new directory: the directory goes too */
    ct__output deep[] = {
        {.path = a2, .write = ct__output_text, .arg = "a"},
        {.path = b2, .write = half_then_fail, .arg = "b"},
    };
    assert_int_equal(ct__write_outputs(f->ctx, deep, 2), CT_EIO);
    assert_string_equal(listing(f->dir), "a.csv ");
    /* and when every writer succeeds, every file is in place */
    out[1].write = ct__output_text;
    deep[1].write = ct__output_text;
    assert_int_equal(ct__write_outputs(f->ctx, out, 2), CT_OK);
    assert_int_equal(ct__write_outputs(f->ctx, deep, 2), CT_OK);
    assert_string_equal(slurp(path_in(f, "a.csv")), "new a\n");
    assert_string_equal(slurp(path_in(f, "b.json")), "{\"half\n");
    assert_string_equal(listing(f->dir), "a.csv b.json new ");
    assert_string_equal(listing(path_in(f, "new/sub")), "a.csv b.csv ");
}

/* An input (and a link to it) is never an output. */
static void test_refuses_inputs(void **state)
{
    ct_test_dir *f = *state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", CASE("a.geojson"), path_in(f, "a.geojson"));
    assert_int_equal(system(cmd), 0);
    assert_int_equal(symlink(path_in(f, "a.geojson"), path_in(f, "link.csv")), 0);
    ct_layer *a = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &a, path_in(f, "a.geojson"), NULL), CT_OK);
    char *before = ct__strdup(slurp(path_in(f, "a.geojson")));
    ct__output out = {.path = path_in(f, "a.geojson"), .write = ct__output_text, .arg = "x"};
    assert_int_equal(ct__write_outputs(f->ctx, &out, 1), CT_EIO);
    char want[256];
    snprintf(want, sizeof want, "%s: refusing to write over an input of this run (%s)",
             path_in(f, "a.geojson"), path_in(f, "a.geojson"));
    assert_non_null(strstr(ct_errmsg(f->ctx), want));
    out.path = path_in(f, "link.csv");
    assert_int_equal(ct__write_outputs(f->ctx, &out, 1), CT_EIO);
    assert_string_equal(slurp(path_in(f, "a.geojson")), before);
    /* another context has not read it */
    ct_ctx *other = NULL;
    assert_int_equal(ct_ctx_new(&other, NULL), CT_OK);
    out.path = path_in(f, "copy.txt");
    assert_int_equal(ct__write_outputs(other, &out, 1), CT_OK);
    ct_ctx_free(other);
    free(before);
    ct_layer_free(a);
}

static ct_table *square_table(ct_ctx *ctx, size_t wkb_len)
{
    ct_table *t = NULL;
    assert_int_equal(ct__table_new(ctx, &t, "units", "unit_code:t,geom:g", 1), CT_OK);
    assert_int_equal(ct__table_set_text(ctx, t, 0, 0, "U1"), CT_OK);
    unsigned char *wkb = ct__malloc(128);
    assert_non_null(wkb);
    size_t len = square_wkb(wkb, 400000, 300000, 1000);
    ct__table_take_geom(t, 0, 1, wkb, wkb_len ? wkb_len : len);
    assert_int_equal(ct__table_set_crs(ctx, t, "EPSG:27700"), CT_OK);
    return t;
}

/* A Shapefile is several files: all move into place together. */
static void test_shapefile_companions(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = square_table(f->ctx, 0);
    assert_int_equal(ct_table_write(f->ctx, t, path_in(f, "units.shp"), NULL), CT_OK);
    assert_string_equal(listing(f->dir), "units.dbf units.prj units.shp units.shx ");
    ct_layer *l = NULL;
    assert_int_equal(ct_layer_open(f->ctx, &l, path_in(f, "units.shp"), NULL), CT_OK);
    assert_float_equal(ct_layer_area(l, 0), 1e6, 1e-6);
    ct_layer_free(l);
    ct_table_free(t);
}

/* A geometry OGR cannot read is an error naming the file and row, and
 * nothing is written (it used to become a row without geometry). */
static void test_bad_geometry_is_an_error(void **state)
{
    ct_test_dir *f = *state;
    ct_table *t = square_table(f->ctx, 20); /* cut short */
    assert_int_equal(ct_table_write(f->ctx, t, path_in(f, "units.gpkg"), NULL), CT_EINTERNAL);
    assert_non_null(strstr(ct_errmsg(f->ctx), "/units.gpkg: row 1: cannot read its geometry"));
    assert_string_equal(listing(f->dir), "");
    ct_table_free(t);
}

/* Killed by SIGTERM in the middle of a write, with a handler like the CLI's:
 * the previous file stays, no temporary file does. */
static void on_term(int sig)
{
    ct_outputs_abort();
    signal(sig, SIG_DFL);
    raise(sig);
}

static ct_status half_then_killed(ct_ctx *ctx, const char *tmp, const char *target,
                                  const void *arg)
{
    (void)ctx, (void)target;
    FILE *o = fopen(tmp, "wb");
    fputs(arg, o);
    fflush(o);
    raise(SIGTERM);
    return CT_OK; /* not reached */
}

static void test_signal_leaves_nothing(void **state)
{
    ct_test_dir *f = *state;
    put(path_in(f, "a.csv"), "old a\n");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGTERM, on_term);
        ct__output out[] = {
            {.path = path_in(f, "a.csv"), .write = ct__output_text, .arg = "new a"},
            {.path = path_in(f, "more/b.csv"), .write = half_then_killed, .arg = "half"},
        };
        ct__write_outputs(f->ctx, out, 2);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_string_equal(slurp(path_in(f, "a.csv")), "old a\n");
    assert_string_equal(listing(f->dir), "a.csv ");
}

/* Past a file-size limit (like a full disk): CT_EIO naming the file, the
 * previous results intact. */
static void test_file_size_limit(void **state)
{
    ct_test_dir *f = *state;
    put(path_in(f, "big.txt"), "old\n");
    char *text = malloc(64 * 1024 + 1);
    assert_non_null(text);
    memset(text, 'x', 64 * 1024);
    text[64 * 1024] = '\0';
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = {.rlim_cur = 4096, .rlim_max = RLIM_INFINITY};
        setrlimit(RLIMIT_FSIZE, &rl);
        ct__output out = {.path = path_in(f, "big.txt"), .write = ct__output_text, .arg = text};
        ct_status st = ct__write_outputs(f->ctx, &out, 1);
        bool named = strstr(ct_errmsg(f->ctx), "/big.txt: write failed: File too large");
        _exit(st == CT_EIO && named ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_string_equal(slurp(path_in(f, "big.txt")), "old\n");
    assert_string_equal(listing(f->dir), "big.txt ");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batch_fails_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuses_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shapefile_companions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_geometry_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_signal_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_size_limit, setup, teardown),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
