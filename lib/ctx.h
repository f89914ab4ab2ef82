/* The context's layout, shared by ctx.c and the adapters. */
#ifndef COTERM_CTX_H
#define COTERM_CTX_H

#include "ct_private.h"

#include <sys/types.h>

struct ct__input {
    dev_t dev;
    ino_t ino;
    char *path;
};

struct ct__diagrec {
    ct_diag_kind kind;
    char *msg;
};

struct ct_ctx {
    ct_status err;
    char *msg; /* last error message, at its full length */
    struct ct__diagrec *diags;
    size_t ndiags, capdiags;
    void *geos;     /* GEOSContextHandle_t, created on first use */
    void *proj;     /* PJ_CONTEXT *, created on first use */
    /* set by the adapter that created a handle, so the context itself
     * depends on no adapter (the core links without them) */
    void (*geos_free)(ct_ctx *ctx);
    void (*proj_free)(ct_ctx *ctx);
    char *geos_msg; /* GEOS's last error message (GEOS adapter), at its full length */
    char *data_dir; /* resolved once */
    size_t nthreads; /* overlay workers (THREADS option; default: CPUs) */
    struct ct__proj_cached *proj_cache; /* transformations by (src, dst) */
    size_t nproj_cache;
    char *measuring_ok; /* the last measuring CRS found projected in metres (a
                         * check per layer opened would query PROJ's database) */
    char *auto_crs; /* the CRS chosen for CRS=auto by the first input read with it */
    struct ct__input *inputs; /* files read, which outputs must not replace */
    size_t ninputs, capinputs;
};

#endif
