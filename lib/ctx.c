/* The context: last error, diagnostics and dependency handles. */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Messages that need no allocation (never freed). */
static char ctx_nomem[] = "out of memory";
static char ctx_nomem_msg[] = "out of memory while formatting an error message";

static void set_msg(ct_ctx *ctx, char *msg)
{
    if (ctx->msg != ctx_nomem && ctx->msg != ctx_nomem_msg)
        free(ctx->msg);
    ctx->msg = msg;
}

ct_status ct_ctx_new(ct_ctx **out, const char *const *opts)
{
    if (!out)
        return CT_EINVAL;
    *out = NULL;
    ct_ctx *ctx = ct__calloc(1, sizeof *ctx);
    if (!ctx)
        return CT_ENOMEM;
    static const char *const allowed[] = {"THREADS", NULL};
    ct_status st = ct__opt_check(ctx, opts, allowed, "context");
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    double threads = 1;
    if (!st)
        st = ct__opt_double(ctx, opts, "THREADS", cpus > 0 ? (double)cpus : 1, 1, 64, &threads);
    ctx->nthreads = (size_t)threads;
    if (st) {
        ct_ctx_free(ctx);
        return st;
    }
    *out = ctx;
    return CT_OK;
}

void ct_ctx_free(ct_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->geos_free)
        ctx->geos_free(ctx);
    if (ctx->proj_free)
        ctx->proj_free(ctx);
    ct_diag_clear(ctx);
    free(ctx->diags);
    free(ctx->data_dir);
    free(ctx->auto_crs);
    free(ctx->measuring_ok);
    for (size_t i = 0; i < ctx->ninputs; i++)
        free(ctx->inputs[i].path);
    free(ctx->inputs);
    set_msg(ctx, NULL);
    free(ctx);
}

ct_status ct_errcode(const ct_ctx *ctx)
{
    return ctx ? ctx->err : CT_EINVAL;
}

const char *ct_errmsg(const ct_ctx *ctx)
{
    return !ctx ? "no context" : ctx->msg ? ctx->msg : "";
}

const char *ct_status_name(ct_status st)
{
    static const char *const names[] = {"CT_OK",   "CT_ENOMEM", "CT_EINVAL", "CT_EIO",
                                        "CT_EFORMAT", "CT_ECRS", "CT_EGEOM", "CT_EDATA",
                                        "CT_EDEP", "CT_EINTERNAL"};
    if ((unsigned)st < sizeof names / sizeof names[0])
        return names[st];
    return "CT_UNKNOWN";
}

ct_status ct__err(ct_ctx *ctx, ct_status st, const char *fmt, ...)
{
    if (!ctx)
        return st;
    ctx->err = st;
    va_list ap;
    va_start(ap, fmt);
    /* at its full length; formatted before the old message is freed, which
     * may be one of the arguments */
    char *msg = ct__vsprintf(fmt, ap);
    va_end(ap);
    set_msg(ctx, msg ? msg : ctx_nomem_msg);
    return st;
}

ct_status ct__nomem(ct_ctx *ctx)
{
    if (ctx) {
        ctx->err = CT_ENOMEM;
        set_msg(ctx, ctx_nomem);
    }
    return CT_ENOMEM;
}

ct_status ct__diag(ct_ctx *ctx, ct_diag_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ct__vsprintf(fmt, ap);
    va_end(ap);
    if (!msg)
        return ct__nomem(ctx);
    for (size_t i = 0; i < ctx->ndiags; i++)
        if (ctx->diags[i].kind == kind && !strcmp(ctx->diags[i].msg, msg)) {
            free(msg);
            return CT_OK; /* the same input read twice is reported once */
        }
    if (ctx->ndiags == ctx->capdiags) {
        size_t cap = ctx->capdiags ? ctx->capdiags * 2 : 16;
        struct ct__diagrec *d = ct__realloc(ctx->diags, cap * sizeof *d);
        if (!d) {
            free(msg);
            return ct__nomem(ctx);
        }
        ctx->diags = d;
        ctx->capdiags = cap;
    }
    ctx->diags[ctx->ndiags].kind = kind;
    ctx->diags[ctx->ndiags].msg = msg;
    ctx->ndiags++;
    return CT_OK;
}

size_t ct_diag_count(const ct_ctx *ctx)
{
    return ctx ? ctx->ndiags : 0;
}

ct_diag_kind ct_diag_kind_at(const ct_ctx *ctx, size_t i)
{
    return (ctx && i < ctx->ndiags) ? ctx->diags[i].kind : (ct_diag_kind)0;
}

const char *ct_diag_message(const ct_ctx *ctx, size_t i)
{
    return (ctx && i < ctx->ndiags) ? ctx->diags[i].msg : NULL;
}

void ct_diag_clear(ct_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->ndiags; i++)
        free(ctx->diags[i].msg);
    ctx->ndiags = 0;
}
