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
        return ct__err(ctx, CT_ECRS, "unknown CRS '%s'", def);
    }
    return CT_OK;
}

static bool is_projected(const PJ *crs)
{
    return proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS;
}

/* The name of the first axis unit of a projected CRS that is not the metre
 * (areas are reported in square metres), or NULL. */
static const char *non_metre_unit(PJ_CONTEXT *p, const PJ *crs)
{
    PJ *cs = proj_crs_get_coordinate_system(p, crs);
    const char *bad = NULL;
    for (int i = 0; cs && !bad && i < proj_cs_get_axis_count(p, cs); i++) {
        double factor = 1;
        const char *unit = NULL;
        if (proj_cs_get_axis_info(p, cs, i, NULL, NULL, NULL, &factor, &unit, NULL, NULL) &&
            factor != 1)
            bad = unit ? unit : "a unit other than the metre";
    }
    if (cs)
        proj_destroy(cs);
    return bad;
}

ct_status ct__proj_check_measuring(ct_ctx *ctx, const char *crs)
{
    if (ctx->measuring_ok && !strcmp(ctx->measuring_ok, crs))
        return CT_OK;
    PJ *dst;
    ct_status st = create_crs(ctx, crs, &dst);
    if (st)
        return st;
    bool ok = is_projected(dst);
    const char *unit = ok ? non_metre_unit(pctx(ctx), dst) : NULL;
    if (!ok)
        st = ct__err(ctx, CT_ECRS,
                     "measuring CRS %s is not projected: areas need a projected CRS such as "
                     "EPSG:27700",
                     crs);
    else if (unit)
        st = ct__err(ctx, CT_ECRS,
                     "measuring CRS %s has coordinates in %s: areas are reported in square "
                     "metres, so choose a projected CRS in metres",
                     crs, unit);
    proj_destroy(dst);
    if (!st) { /* a cache: when the copy cannot be made, the next call checks again */
        char *copy = ct__strdup(crs);
        if (copy) {
            free(ctx->measuring_ok);
            ctx->measuring_ok = copy;
        }
    }
    return st;
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

/* ---- area of use */

/* Longitude/latitude bounds (west, south, east, north) of ext, given in src;
 * west > east when they cross the antimeridian. */
static ct_status lonlat_bounds(ct_ctx *ctx, const char *src, const double *ext, double ll[4])
{
    PJ *op = NULL;
    ct_status st = cached_operation(ctx, src, "EPSG:4326", &op);
    if (st)
        return st;
    if (!op) { /* src is WGS 84 itself */
        memcpy(ll, ext, 4 * sizeof *ll);
        return CT_OK;
    }
    if (!proj_trans_bounds(pctx(ctx), op, PJ_FWD, ext[0], ext[1], ext[2], ext[3], &ll[0],
                           &ll[1], &ll[2], &ll[3], 21))
        return ct__err(ctx, CT_ECRS, "cannot find the longitude/latitude of the extent "
                       "%g %g, %g %g", ext[0], ext[1], ext[2], ext[3]);
    return CT_OK;
}

/* Whether longitudes [w, e] lie within [aw, ae] widened by margin, either
 * interval possibly crossing the antimeridian (w > e). */
static bool lon_within(double w, double e, double aw, double ae, double margin)
{
    if (ae < aw)
        ae += 360;
    if (e < w)
        e += 360;
    aw -= margin;
    ae += margin;
    for (int shift = -360; shift <= 360; shift += 360)
        if (w + shift >= aw && e + shift <= ae)
            return true;
    return false;
}

ct_status ct__proj_tf_layer(ct_ctx *ctx, ct__proj_tf **out, const char *src, const char *dst,
                            const double *ext, const char *source)
{
    ct_status st = ct__proj_tf_new(ctx, out, src, dst);
    if (st || !ext)
        return st;
    PJ *d = NULL;
    if ((st = create_crs(ctx, dst, &d)))
        goto done;
    double a[4] = {-1000, -1000, -1000, -1000}, ll[4];
    const char *name = NULL;
    bool known = proj_get_area_of_use(pctx(ctx), d, &a[0], &a[1], &a[2], &a[3], &name) &&
                 a[0] > -1000;
    if (!known || (st = lonlat_bounds(ctx, src, ext, ll)))
        goto done;
    /* a little beyond the area is harmless (a buffered coastline) */
    double mx = fmax(0.5, 0.05 * fabs(a[2] - a[0])), my = fmax(0.5, 0.05 * (a[3] - a[1]));
    if (!lon_within(ll[0], ll[2], a[0], a[2], mx) || ll[1] < a[1] - my || ll[3] > a[3] + my)
        st = ct__err(ctx, CT_ECRS,
                     "%s: its extent (longitude %.3f to %.3f, latitude %.3f to %.3f) lies "
                     "outside the area of use of the measuring CRS %s (%s: longitude %.2f to "
                     "%.2f, latitude %.2f to %.2f), where its areas would be wrong; give a CRS "
                     "for this data with --crs EPSG:N (library option CRS), or --crs auto for "
                     "an equal-area CRS centred on it",
                     source, ll[0], ll[2], ll[1], ll[3], dst, name ? name : "unnamed", a[0],
                     a[2], a[1], a[3]);
done:
    if (d)
        proj_destroy(d);
    if (st) {
        ct__proj_tf_free(*out);
        *out = NULL;
    }
    return st;
}

ct_status ct__proj_auto_crs(ct_ctx *ctx, const char *src, const double *ext, const char *source,
                            char **out)
{
    *out = NULL;
    double ll[4];
    if (!ext)
        return ct__err(ctx, CT_ECRS, "%s: no extent to choose a CRS for (CRS=auto)", source);
    ct_status st = lonlat_bounds(ctx, src, ext, ll);
    if (st)
        return st;
    double width = ll[2] >= ll[0] ? ll[2] - ll[0] : ll[2] + 360 - ll[0];
    if (width > 90 || ll[3] - ll[1] > 60) /* wider than a continent: one global CRS */
        *out = ct__strdup("EPSG:6933");
    else {
        double lon = ll[0] + width / 2, lat = (ll[1] + ll[3]) / 2;
        lon = lon > 180 ? lon - 360 : lon;
        *out = ct__sprintf("+proj=laea +lat_0=%.4f +lon_0=%.4f +x_0=0 +y_0=0 +datum=WGS84 "
                           "+units=m +no_defs +type=crs",
                           lat, lon);
    }
    return *out ? CT_OK : ct__nomem(ctx);
}
