/* What the fuzz targets share: a scratch directory for the inputs they
 * write as files, the hand-made cases they read beside them, and the entry
 * point every target defines (libFuzzer's, also driven by replay.c). */
#ifndef COTERM_FUZZ_H
#define COTERM_FUZZ_H

#include <coterm.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A case file of tests/cases (CT_CASES_DIR), valid until the next 8 calls. */
static inline const char *fz_case(const char *rel)
{
    static char buf[8][512];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", CT_CASES_DIR, rel);
    return buf[k];
}

static char fz_dir[64];

static inline void fz_cleanup(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: cannot remove %s\n", fz_dir);
}

/* The process's scratch directory (made once, removed at exit). */
static inline const char *fz_scratch(void)
{
    if (!fz_dir[0]) {
        snprintf(fz_dir, sizeof fz_dir, "/tmp/coterm-fuzz-XXXXXX");
        if (!mkdtemp(fz_dir))
            abort();
        atexit(fz_cleanup);
    }
    return fz_dir;
}

/* Write data to NAME in the scratch directory; returns its path. */
static inline const char *fz_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", fz_scratch(), name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    return path;
}

/* Fail loudly on what must never happen: an error without a message, or a
 * status that is not one of the library's. */
static inline void fz_check(ct_ctx *ctx, ct_status st)
{
    if (st == CT_OK)
        return;
    if ((unsigned)st > CT_EINTERNAL || !*ct_errmsg(ctx))
        abort();
    if (st == CT_EINTERNAL) { /* a bug in coterm, by its own account */
        fprintf(stderr, "CT_EINTERNAL: %s\n", ct_errmsg(ctx));
        abort();
    }
}

#endif
