/* PROJ adapter: the only file that talks to PROJ. */
#include "../ctx.h"

#include <math.h>
#include <proj.h>
#include <stdlib.h>

struct ct__proj_tf {
    PJ *pj;
};

static PJ_CONTEXT *pctx(ct_ctx *ctx)
{
    if (!ctx->proj) {
        PJ_CONTEXT *p = proj_context_create();
        if (p)
            proj_log_level(p, PJ_LOG_NONE); /* the library never prints */
        ctx->proj = p;
    }
    return ctx->proj;
}

void ct__proj_ctx_free(ct_ctx *ctx)
{
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

ct_status ct__proj_tf_new(ct_ctx *ctx, ct__proj_tf **out, const char *src, const char *dst)
{
    *out = NULL;
    PJ *s = NULL, *d = NULL, *op = NULL;
    ct_status st = ct__proj_check_measuring(ctx, dst);
    if (!st)
        st = create_crs(ctx, src, &s);
    if (!st)
        st = create_crs(ctx, dst, &d);
    if (!st && proj_is_equivalent_to_with_ctx(pctx(ctx), s, d, PJ_COMP_EQUIVALENT))
        goto done; /* same CRS: nothing to do */
    if (!st) {
        PJ *raw = proj_create_crs_to_crs_from_pj(pctx(ctx), s, d, NULL, NULL);
        /* GIS order (x = longitude) whatever the CRS's axis order says */
        op = raw ? proj_normalize_for_visualization(pctx(ctx), raw) : NULL;
        if (raw)
            proj_destroy(raw);
        if (!op)
            st = ct__err(ctx, CT_ECRS, "no transformation from the source CRS to %s", dst);
    }
    if (!st) {
        *out = ct__malloc(sizeof **out);
        if (!*out)
            st = ct__nomem(ctx);
        else {
            (*out)->pj = op;
            op = NULL;
        }
    }
done:
    if (op)
        proj_destroy(op);
    if (s)
        proj_destroy(s);
    if (d)
        proj_destroy(d);
    return st;
}

void ct__proj_tf_free(ct__proj_tf *tf)
{
    if (!tf)
        return;
    proj_destroy(tf->pj);
    free(tf);
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
