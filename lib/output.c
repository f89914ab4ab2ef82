/* Output files, all or nothing: each is written to a temporary file beside
 * its target and renamed into place only when every file of the batch is
 * written, so a failure, a full disk or a signal leaves the previous results
 * intact and no partial file. Also refuses to write over an input. */
#include "ctx.h"
#include "output.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ct_status ct__input_add(ct_ctx *ctx, const char *path)
{
    struct stat sb;
    if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return CT_OK; /* not a file (a PG: string, a /vsi path): nothing to protect */
    for (size_t i = 0; i < ctx->ninputs; i++)
        if (ctx->inputs[i].dev == sb.st_dev && ctx->inputs[i].ino == sb.st_ino)
            return CT_OK;
    if (ctx->ninputs == ctx->capinputs) {
        size_t cap = ctx->capinputs ? 2 * ctx->capinputs : 8;
        struct ct__input *v = ct__realloc(ctx->inputs, cap * sizeof *v);
        if (!v)
            return ct__nomem(ctx);
        ctx->inputs = v;
        ctx->capinputs = cap;
    }
    char *copy = ct__strdup(path);
    if (!copy)
        return ct__nomem(ctx);
    ctx->inputs[ctx->ninputs++] = (struct ct__input){
        .dev = sb.st_dev, .ino = sb.st_ino, .path = copy};
    return CT_OK;
}

/* CT_EIO if path is (a link to) a file the context has read, or a
 * directory (found before anything is written, not at the rename). */
static ct_status check_target(ct_ctx *ctx, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return CT_OK;
    if (S_ISDIR(sb.st_mode))
        return ct__err(ctx, CT_EIO, "%s: is a directory, not a file", path);
    for (size_t i = 0; i < ctx->ninputs; i++)
        if (ctx->inputs[i].dev == sb.st_dev && ctx->inputs[i].ino == sb.st_ino)
            return ct__err(ctx, CT_EIO,
                           "%s: refusing to write over an input of this run (%s); choose "
                           "another output path",
                           path, ctx->inputs[i].path);
    return CT_OK;
}

/* One output in progress: its files (the main one, then its companions),
 * their temporary names and its registration for ct_outputs_abort. */
typedef struct pending {
    char *dir; /* the target's directory ("." for a bare name) */
    size_t nfiles;
    char **tmp, **target;
    void *handle;
} pending;

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ct__strdup(".");
    if (slash == path)
        return ct__strdup("/");
    char *d = ct__malloc((size_t)(slash - path) + 1);
    if (d) {
        memcpy(d, path, (size_t)(slash - path));
        d[slash - path] = '\0';
    }
    return d;
}

/* Missing directories of dir, made one by one; each made one is recorded
 * in made (a "dPATH\0" list, deepest first, for removal on failure). */
static ct_status make_dirs(ct_ctx *ctx, const char *dir, char **made, size_t *len)
{
    char *p = ct__strdup(dir);
    if (!p)
        return ct__nomem(ctx);
    ct_status st = CT_OK;
    for (char *s = p + 1; !st; s++) {
        bool end = *s == '\0';
        if (*s != '/' && !end)
            continue;
        *s = '\0';
        if (mkdir(p, 0777) == 0) {
            size_t n = strlen(p) + 2;
            char *m = ct__realloc(*made, *len + n + 1);
            if (!m) {
                rmdir(p);
                st = ct__nomem(ctx);
                break;
            }
            memmove(m + n, m, *len); /* deepest first */
            m[0] = 'd';
            memcpy(m + 1, p, n - 1);
            *len += n;
            m[*len] = '\0';
            *made = m;
        } else if (errno != EEXIST)
            st = ct__err(ctx, CT_EIO, "%s: cannot create directory: %s", p, strerror(errno));
        if (end)
            break;
        *s = '/';
    }
    struct stat sb;
    if (!st && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)))
        st = ct__err(ctx, CT_EIO, "%s: not a directory", dir);
    free(p);
    return st;
}

ct_status ct__mkdir_p(ct_ctx *ctx, const char *dir)
{
    char *made = NULL;
    size_t len = 0;
    ct_status st = make_dirs(ctx, dir, &made, &len);
    free(made);
    return st;
}

static void remove_made(const char *made)
{
    for (const char *e = made; e && *e; e += strlen(e) + 1)
        rmdir(e + 1);
}

/* path without its extension, then ext ("x.shp", ".dbf" -> "x.dbf"). */
static char *with_ext(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - path) : strlen(path);
    return ct__sprintf("%.*s%s", (int)stem, path, ext);
}

/* ".NAME.PID.N.tmpSUFFIX" beside path; suffix NULL: path's extension. */
static char *tmp_name(const char *dir, const char *path, const char *suffix)
{
    static atomic_ulong counter;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (!suffix) {
        const char *dot = strrchr(base, '.');
        suffix = dot && dot != base ? dot : "";
    }
    return ct__sprintf("%s/.%s.%ld.%lu.tmp%s", dir, base, (long)getpid(),
                       atomic_fetch_add(&counter, 1) + 1, suffix);
}

/* What a writer may leave beside a temporary file: SQLite's journals. */
static const char *const leftovers[] = {"-journal", "-wal", "-shm"};
#define NLEFTOVERS (sizeof leftovers / sizeof leftovers[0])

/* The temporary names, then the targets, of an output and its companions. */
static ct_status name_files(ct_ctx *ctx, pending *p, const ct__output *o)
{
    size_t n = 1;
    while (o->companions && o->companions[n - 1])
        n++;
    p->tmp = ct__calloc(n, sizeof *p->tmp);
    p->target = ct__calloc(n, sizeof *p->target);
    if (!p->tmp || !p->target)
        return ct__nomem(ctx);
    p->nfiles = n;
    p->tmp[0] = tmp_name(p->dir, o->path, o->suffix);
    p->target[0] = ct__strdup(o->path);
    for (size_t i = 1; i < n && p->tmp[0]; i++) {
        p->tmp[i] = with_ext(p->tmp[0], o->companions[i - 1]);
        p->target[i] = with_ext(o->path, o->companions[i - 1]);
    }
    for (size_t i = 0; i < n; i++)
        if (!p->tmp[i] || !p->target[i])
            return ct__nomem(ctx);
    return CT_OK;
}

/* Register the files for ct_outputs_abort: "fTMP\0" for each temporary file
 * and its leftovers, then an empty string. */
static ct_status register_files(ct_ctx *ctx, pending *p)
{
    size_t len = 1;
    for (size_t i = 0; i < p->nfiles; i++)
        len += (1 + NLEFTOVERS) * (strlen(p->tmp[i]) + 2) + 16;
    char *entry = ct__malloc(len), *at = entry;
    if (!entry)
        return ct__nomem(ctx);
    for (size_t i = 0; i < p->nfiles; i++) {
        at += sprintf(at, "f%s", p->tmp[i]) + 1;
        for (size_t k = 0; k < NLEFTOVERS; k++)
            at += sprintf(at, "f%s%s", p->tmp[i], leftovers[k]) + 1;
    }
    *at = '\0';
    ct_status st = ct__pending_add(ctx, entry, &p->handle);
    if (st)
        free(entry);
    return st;
}

static void remove_tmp(const char *tmp)
{
    unlink(tmp);
    for (size_t k = 0; k < NLEFTOVERS; k++) {
        char *f = ct__sprintf("%s%s", tmp, leftovers[k]);
        if (f)
            unlink(f);
        free(f);
    }
}

/* Move an output's files into place; a companion the new output lacks
 * (an old .prj) goes, so the set stays consistent. */
static ct_status commit(ct_ctx *ctx, const pending *p)
{
    for (size_t i = 0; i < p->nfiles; i++) {
        struct stat sb;
        if (i > 0 && stat(p->tmp[i], &sb) != 0) {
            unlink(p->target[i]);
            continue;
        }
        if (rename(p->tmp[i], p->target[i]) != 0)
            return ct__err(ctx, CT_EIO, "%s: cannot write: %s", p->target[i], strerror(errno));
    }
    return CT_OK;
}

static void finish(pending *p, bool committed)
{
    free(ct__pending_remove(p->handle));
    for (size_t i = 0; i < p->nfiles; i++) {
        if (!committed && p->tmp[i])
            remove_tmp(p->tmp[i]);
        free(p->tmp[i]);
        free(p->target[i]);
    }
    free(p->tmp);
    free(p->target);
    free(p->dir);
}

ct_status ct__write_outputs(ct_ctx *ctx, const ct__output *out, size_t n)
{
    pending *p = ct__calloc(n ? n : 1, sizeof *p);
    if (!p)
        return ct__nomem(ctx);
    char *made = NULL;
    size_t made_len = 0, committed = 0;
    void *made_handle = NULL;
    ct_status st = CT_OK;
    /* every target checked and every directory made before any file */
    for (size_t i = 0; !st && i < n; i++) {
        st = check_target(ctx, out[i].path);
        if (!st && !(p[i].dir = dir_of(out[i].path)))
            st = ct__nomem(ctx);
        if (!st)
            st = make_dirs(ctx, p[i].dir, &made, &made_len);
    }
    if (!st && made)
        st = ct__pending_add(ctx, made, &made_handle);
    for (size_t i = 0; !st && i < n; i++) {
        st = name_files(ctx, &p[i], &out[i]);
        if (!st)
            st = register_files(ctx, &p[i]);
        if (!st)
            st = out[i].write(ctx, p[i].tmp[0], out[i].path, out[i].arg);
    }
    /* the renames are quick: a SIGINT/SIGTERM waits until they are all done,
     * so a killed run leaves the whole old set or the whole new one */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    while (!st && committed < n)
        if (!(st = commit(ctx, &p[committed])))
            committed++;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    for (size_t i = 0; i < n; i++)
        finish(&p[i], i < committed);
    ct__pending_remove(made_handle);
    if (st && !committed)
        remove_made(made);
    free(made);
    free(p);
    return st;
}

ct_status ct__output_text(ct_ctx *ctx, const char *tmp, const char *target, const void *arg)
{
    const char *text = arg;
    FILE *f = fopen(tmp, "wbx");
    if (!f)
        return ct__err(ctx, CT_EIO, "%s: cannot write: %s", target, strerror(errno));
    size_t n = strlen(text);
    bool newline = n == 0 || text[n - 1] != '\n';
    bool ok = fwrite(text, 1, n, f) == n && (!newline || fputc('\n', f) != EOF);
    int err = ok ? 0 : errno;
    if (fclose(f) != 0 && ok) { /* a full disk often shows only here */
        ok = false;
        err = errno;
    }
    return ok ? CT_OK : ct__err(ctx, CT_EIO, "%s: write failed: %s", target, strerror(err));
}
