/* The cmocka fixture of tests that write files: a context and a fresh
 * temporary directory per test (in *state as a ct_test_dir), both removed
 * after it; slurp() reads a small file back; square_wkb() makes the WKB of a
 * square. Include after <cmocka.h>. */
#ifndef COTERM_TEST_DIR_H
#define COTERM_TEST_DIR_H

#include <coterm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct ct_test_dir {
    ct_ctx *ctx;
    char dir[64];
} ct_test_dir;

static int setup(void **state)
{
    ct_test_dir *f = calloc(1, sizeof *f);
    if (!f || ct_ctx_new(&f->ctx, NULL))
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/coterm-test-XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    ct_test_dir *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* The file's text (up to 8 KB) in a static buffer, or NULL. */
static char *slurp(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    buf[n] = '\0';
    return buf;
}

/* ISO WKB (little-endian) of the square [x0, x0+s] x [y0, y0+s]; b holds 93 bytes. */
static size_t square_wkb(unsigned char *b, double x0, double y0, double s)
{
    const double xy[10] = {x0, y0, x0 + s, y0, x0 + s, y0 + s, x0, y0 + s, x0, y0};
    const uint32_t head[3] = {3, 1, 5}; /* polygon, one ring, five points */
    size_t k = 0;
    b[k++] = 1;
    memcpy(b + k, head, sizeof head);
    k += sizeof head;
    memcpy(b + k, xy, sizeof xy);
    return k + sizeof xy;
}

#endif
