/* GEOS adapter for flows: every unit containing each point, for layers whose
 * units overlap (organisation footprints), where ct__geoms_locate gives one.
 * Works from the units' WKB with its own GEOS handle, so ct_geos.c's
 * internals stay private. */
#include "../ct_private.h"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct hits {
    size_t *v;
    size_t n, cap;
    bool nomem;
} hits;

static void collect(void *item, void *userdata)
{
    hits *h = userdata;
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 8;
        size_t *v = ct__realloc(h->v, cap * sizeof *v);
        if (!v) {
            h->nomem = true;
            return;
        }
        h->v = v, h->cap = cap;
    }
    h->v[h->n++] = (size_t)(uintptr_t)item;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

typedef struct units {
    GEOSContextHandle_t h;
    size_t n;
    GEOSGeometry **g;
    const GEOSPreparedGeometry **prep;
    GEOSSTRtree *tree;
} units;

static void units_free(units *u)
{
    if (u->tree)
        GEOSSTRtree_destroy_r(u->h, u->tree);
    for (size_t i = 0; u->g && i < u->n; i++) {
        if (u->prep[i])
            GEOSPreparedGeom_destroy_r(u->h, u->prep[i]);
        if (u->g[i])
            GEOSGeom_destroy_r(u->h, u->g[i]);
    }
    free(u->g);
    free(u->prep);
    if (u->h)
        GEOS_finish_r(u->h);
}

static ct_status units_build(ct_ctx *ctx, const ct__geoms *g, units *u)
{
    memset(u, 0, sizeof *u);
    u->n = ct__geoms_size(g);
    u->h = GEOS_init_r();
    u->g = ct__calloc(u->n ? u->n : 1, sizeof *u->g);
    u->prep = ct__calloc(u->n ? u->n : 1, sizeof *u->prep);
    u->tree = u->h ? GEOSSTRtree_create_r(u->h, 10) : NULL;
    if (!u->g || !u->prep)
        return ct__nomem(ctx);
    if (!u->h || !u->tree)
        return ct__err(ctx, CT_EDEP, "GEOS: cannot create a context or tree");
    for (size_t i = 0; i < u->n; i++) {
        unsigned char *wkb;
        size_t len;
        ct_status st = ct__geoms_wkb(ctx, g, i, &wkb, &len);
        if (st)
            return st;
        u->g[i] = GEOSGeomFromWKB_buf_r(u->h, wkb, len);
        free(wkb);
        if (!u->g[i])
            return ct__err(ctx, CT_EDEP, "GEOS: cannot read unit %zu from WKB", i);
        if (GEOSisEmpty_r(u->h, u->g[i]))
            continue;
        u->prep[i] = GEOSPrepare_r(u->h, u->g[i]);
        if (!u->prep[i])
            return ct__err(ctx, CT_EDEP, "GEOS: cannot prepare unit %zu", i);
        GEOSSTRtree_insert_r(u->h, u->tree, u->g[i], (void *)(uintptr_t)i);
    }
    return CT_OK;
}

/* Append the units holding point i at (x, y) to out's unit list. */
static ct_status locate_one(ct_ctx *ctx, units *u, size_t i, double x, double y, hits *found,
                            ct__assign *out, size_t *cap)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(u->h, x, y);
    if (!pt)
        return ct__err(ctx, CT_EDEP, "GEOS: cannot create a point");
    found->n = 0;
    GEOSSTRtree_query_r(u->h, u->tree, pt, collect, found);
    ct_status st = found->nomem ? ct__nomem(ctx) : CT_OK;
    qsort(found->v, found->n, sizeof *found->v, cmp_size);
    for (size_t k = 0; !st && k < found->n; k++) {
        char in = GEOSPreparedIntersects_r(u->h, u->prep[found->v[k]], pt);
        if (in == 2)
            st = ct__err(ctx, CT_EDEP, "GEOS: point-in-polygon test failed");
        if (st || !in)
            continue;
        size_t at = out->start[i + 1];
        if (at == *cap) {
            size_t c = *cap ? 2 * *cap : 1024;
            size_t *unit = ct__realloc(out->unit, c * sizeof *unit);
            if (unit)
                out->unit = unit;
            double *frac = unit ? ct__realloc(out->frac, c * sizeof *frac) : NULL;
            if (!frac) {
                st = ct__nomem(ctx);
                break;
            }
            out->frac = frac, *cap = c;
        }
        out->unit[at] = found->v[k];
        out->frac[at] = 1.0;
        out->start[i + 1]++;
    }
    GEOSGeom_destroy_r(u->h, pt);
    return st;
}

ct_status ct__geoms_locate_multi(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                               const double *y, ct__assign *out)
{
    memset(out, 0, sizeof *out);
    units u;
    hits found = {0};
    size_t cap = 0;
    ct_status st = units_build(ctx, g, &u);
    out->start = st ? NULL : ct__calloc(n + 1, sizeof *out->start);
    if (!st && !out->start)
        st = ct__nomem(ctx);
    out->how = "centroid-all";
    for (size_t i = 0; !st && i < n; i++) {
        out->start[i + 1] = out->start[i]; /* counts up as units are found */
        st = locate_one(ctx, &u, i, x[i], y[i], &found, out, &cap);
        out->n_unassigned += !st && out->start[i + 1] == out->start[i];
    }
    out->n = n;
    free(found.v);
    units_free(&u);
    if (st)
        ct__assign_free(out);
    return st;
}

ct_status ct__geoms_surface_points(ct_ctx *ctx, const ct__geoms *g, double *x, double *y)
{
    GEOSContextHandle_t h = GEOS_init_r();
    if (!h)
        return ct__err(ctx, CT_EDEP, "GEOS: cannot create a context");
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < ct__geoms_size(g); i++) {
        unsigned char *wkb;
        size_t len;
        st = ct__geoms_wkb(ctx, g, i, &wkb, &len);
        GEOSGeometry *geom = st ? NULL : GEOSGeomFromWKB_buf_r(h, wkb, len);
        if (!st)
            free(wkb);
        GEOSGeometry *pt = geom && !GEOSisEmpty_r(h, geom) ? GEOSPointOnSurface_r(h, geom) : NULL;
        if (!st && !(pt && GEOSGeomGetX_r(h, pt, &x[i]) && GEOSGeomGetY_r(h, pt, &y[i])))
            st = ct__err(ctx, CT_EDEP, "GEOS: no point on the surface of unit %zu", i);
        if (pt)
            GEOSGeom_destroy_r(h, pt);
        if (geom)
            GEOSGeom_destroy_r(h, geom);
    }
    GEOS_finish_r(h);
    return st;
}
