/* PROJ adapter: the only file that talks to PROJ. */
#include "../ctx.h"
#include "adapt.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>
#include <string.h>

struct ct__proj_tf {
    PJ *pj; /* borrowed from the context's cache */
};

/* Creating a transformation searches PROJ's database (tens of ms), so the
 * context keeps each one it made. */
struct ct__proj_cached {
    char *src, *dst;
    PJ *pj;
};

static PJ_CONTEXT *pctx(ct_ctx *ctx)
{
    if (!ctx->proj) {
        PJ_CONTEXT *p = proj_context_create();
        if (p)
            proj_log_level(p, PJ_LOG_NONE); /* the library never prints */
        ctx->proj = p;
        ctx->proj_free = ct__proj_ctx_free;
    }
    return ctx->proj;
}

void ct__proj_ctx_free(ct_ctx *ctx)
{
    for (size_t i = 0; i < ctx->nproj_cache; i++) {
        proj_destroy(ctx->proj_cache[i].pj);
        free(ctx->proj_cache[i].src);
        free(ctx->proj_cache[i].dst);
    }
    free(ctx->proj_cache);
    ctx->proj_cache = NULL;
    ctx->nproj_cache = 0;
    if (ctx->proj)
        proj_context_destroy(ctx->proj);
    ctx->proj = NULL;
}

static ct_status create_crs(ct_ctx *ctx, const char *def, PJ **out)
{
    PJ_CONTEXT *p = pctx(ctx);
    if (!p)
        return ct__err(ctx, CT_EDEP, "PROJ: cannot create a context");
    *out = proj_create(p, def);
    if (!*out || !proj_is_crs(*out)) {
        if (*out)
            proj_destroy(*out);
        *out = NULL;
        return ct__err(ctx, CT_ECRS, "unknown CRS '%.200s'", def);
    }
    return CT_OK;
}

static bool is_projected(const PJ *crs)
{
    return proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS;
}

ct_status ct__proj_check_measuring(ct_ctx *ctx, const char *crs)
{
    PJ *dst;
    ct_status st = create_crs(ctx, crs, &dst);
    if (st)
        return st;
    bool ok = is_projected(dst);
    proj_destroy(dst);
    if (!ok)
        return ct__err(ctx, CT_ECRS,
                       "measuring CRS %s is not projected: areas need a projected CRS such as "
                       "EPSG:27700",
                       crs);
    return CT_OK;
}

/* The best instantiable operation from s to d, in GIS axis order: one
 * operation, so proj_trans does not re-select per point. */
static PJ *best_operation(PJ_CONTEXT *p, const PJ *s, const PJ *d)
{
    PJ_OPERATION_FACTORY_CONTEXT *fc = proj_create_operation_factory_context(p, NULL);
    if (!fc)
        return NULL;
    proj_operation_factory_context_set_grid_availability_use(
        p, fc, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
    /* as proj_create_crs_to_crs: operations whose area meets the CRS's
     * (strict containment of the world extent would leave only ballpark ones) */
    proj_operation_factory_context_set_spatial_criterion(
        p, fc, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
    PJ_OBJ_LIST *ops = proj_create_operations(p, s, d, fc);
    PJ *op = NULL;
    for (int i = 0; ops && i < proj_list_get_count(ops) && !op; i++) {
        PJ *cand = proj_list_get(p, ops, i);
        if (cand && proj_coordoperation_is_instantiable(p, cand))
            op = proj_normalize_for_visualization(p, cand);
        if (cand)
            proj_destroy(cand);
    }
    if (ops)
        proj_list_destroy(ops);
    proj_operation_factory_context_destroy(fc);
    return op;
}

static ct_status cached_operation(ct_ctx *ctx, const char *src, const char *dst, PJ **out)
{
    *out = NULL;
    for (size_t i = 0; i < ctx->nproj_cache; i++)
        if (!strcmp(ctx->proj_cache[i].src, src) && !strcmp(ctx->proj_cache[i].dst, dst)) {
            *out = ctx->proj_cache[i].pj;
            return CT_OK;
        }
    PJ *s = NULL, *d = NULL;
    ct_status st = create_crs(ctx, src, &s);
    if (!st)
        st = create_crs(ctx, dst, &d);
    bool same = !st && proj_is_equivalent_to_with_ctx(pctx(ctx), s, d, PJ_COMP_EQUIVALENT);
    PJ *op = st || same ? NULL : best_operation(pctx(ctx), s, d);
    if (!st && !same && !op)
        st = ct__err(ctx, CT_ECRS, "no transformation from the source CRS to %s", dst);
    struct ct__proj_cached *c =
        st ? NULL : ct__realloc(ctx->proj_cache, (ctx->nproj_cache + 1) * sizeof *c);
    char *cs = c ? ct__strdup(src) : NULL, *cd = cs ? ct__strdup(dst) : NULL;
    if (c)
        ctx->proj_cache = c;
    if (!st && !cd) {
        free(cs);
        st = ct__nomem(ctx);
    }
    if (!st) {
        /* an equivalent pair is cached with a NULL operation: nothing to do */
        ctx->proj_cache[ctx->nproj_cache++] = (struct ct__proj_cached){cs, cd, op};
        *out = op;
    } else if (op)
        proj_destroy(op);
    if (s)
        proj_destroy(s);
    if (d)
        proj_destroy(d);
    return st;
}

ct_status ct__proj_tf_new(ct_ctx *ctx, ct__proj_tf **out, const char *src, const char *dst)
{
    *out = NULL;
    PJ *op;
    ct_status st = ct__proj_check_measuring(ctx, dst);
    if (!st)
        st = cached_operation(ctx, src, dst, &op);
    if (st || !op)
        return st;
    *out = ct__malloc(sizeof **out);
    if (!*out)
        return ct__nomem(ctx);
    (*out)->pj = op;
    return CT_OK;
}

void ct__proj_tf_free(ct__proj_tf *tf)
{
    free(tf); /* the operation stays in the context's cache */
}

bool ct__proj_xy(const ct__proj_tf *tf, double *x, double *y)
{
    PJ_COORD c = proj_coord(*x, *y, 0, 0);
    c = proj_trans(tf->pj, PJ_FWD, c);
    if (!isfinite(c.xy.x) || !isfinite(c.xy.y) || c.xy.x == HUGE_VAL)
        return false;
    *x = c.xy.x;
    *y = c.xy.y;
    return true;
}
