/* GEOS adapter: the only file that talks to GEOS (reentrant _r API).
 * Builds unit geometries, overlays them with an STRtree and prepared
 * geometries, and locates points. */
#include "../ctx.h"
#include "adapt.h"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ct__geoms {
    GEOSContextHandle_t h;
    ct_ctx *owner; /* the context that built it */
    size_t n;
    GEOSGeometry **g;
    const GEOSPreparedGeometry **prep;
    double *area;
    GEOSSTRtree *tree;
    double (*ext)[4]; /* xmin, ymin, xmax, ymax of each unit */
    bool points;
};

static void on_error(const char *msg, void *userdata)
{
    ct_ctx *ctx = userdata;
    char *copy = msg ? strdup(msg) : NULL; /* plain malloc: GEOS calls this, not coterm */
    free(ctx->geos_msg);
    ctx->geos_msg = copy;
}

static void on_notice(const char *msg, void *userdata)
{
    (void)msg;
    (void)userdata; /* notices are not errors; the library never prints */
}

static GEOSContextHandle_t handle(ct_ctx *ctx)
{
    if (!ctx->geos) {
        GEOSContextHandle_t h = GEOS_init_r();
        if (!h)
            return NULL;
        GEOSContext_setErrorMessageHandler_r(h, on_error, ctx);
        GEOSContext_setNoticeMessageHandler_r(h, on_notice, ctx);
        ctx->geos = h;
        ctx->geos_free = ct__geos_ctx_free;
    }
    return ctx->geos;
}

void ct__geos_ctx_free(ct_ctx *ctx)
{
    if (ctx->geos)
        GEOS_finish_r(ctx->geos);
    ctx->geos = NULL;
    free(ctx->geos_msg);
    ctx->geos_msg = NULL;
}

static ct_status geos_fail(ct_ctx *ctx, const char *what)
{
    return ct__err(ctx, CT_EDEP, "GEOS: %s failed: %s", what,
                   ctx->geos_msg && *ctx->geos_msg ? ctx->geos_msg : "unknown error");
}

void ct__geoms_free(ct__geoms *g)
{
    if (!g)
        return;
    if (g->tree)
        GEOSSTRtree_destroy_r(g->h, g->tree);
    for (size_t i = 0; i < g->n; i++) {
        if (g->prep && g->prep[i])
            GEOSPreparedGeom_destroy_r(g->h, g->prep[i]);
        if (g->g[i])
            GEOSGeom_destroy_r(g->h, g->g[i]);
    }
    free(g->g);
    free(g->prep);
    free(g->area);
    free(g->ext);
    free(g);
}

size_t ct__geoms_size(const ct__geoms *g) { return g ? g->n : 0; }
double ct__geoms_area(const ct__geoms *g, size_t i) { return g->area[i]; }

bool ct__geoms_point(const ct__geoms *g, size_t i, double *x, double *y)
{
    return g->g[i] && GEOSGeomGetX_r(g->h, g->g[i], x) == 1 &&
           GEOSGeomGetY_r(g->h, g->g[i], y) == 1;
}

static int transform_cb(double *x, double *y, void *userdata)
{
    return ct__proj_xy(userdata, x, y) ? 1 : 0;
}

static bool is_polygonal(int type)
{
    return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
}

/* Keep only the polygon parts of a (repaired) geometry; takes ownership. */
static GEOSGeometry *polygon_parts(GEOSContextHandle_t h, GEOSGeometry *geom)
{
    int type = GEOSGeomTypeId_r(h, geom);
    if (is_polygonal(type))
        return geom;
    int n = GEOSGetNumGeometries_r(h, geom);
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)(n > 0 ? n : 1));
    int k = 0;
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, geom, i);
        int t = GEOSGeomTypeId_r(h, p);
        if (is_polygonal(t))
            parts[k++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeometry *out = NULL;
    if (parts && k > 0) {
        GEOSGeometry *coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts,
                                                         (unsigned)k);
        out = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
        if (coll)
            GEOSGeom_destroy_r(h, coll);
    }
    free(parts);
    GEOSGeom_destroy_r(h, geom);
    return out;
}

/* Repair an invalid geometry (taken) into *geom, or fail with why. */
static ct_status repair(ct_ctx *ctx, const ct__geoms_input *in, const char *id, const char *why,
                        GEOSGeometry **geom, size_t *repairs)
{
    GEOSContextHandle_t h = handle(ctx);
    GEOSGeometry *g = *geom;
    *geom = NULL;
    if (in->strict) {
        GEOSGeom_destroy_r(h, g);
        return ct__err(ctx, CT_EGEOM, "%s: feature %s: invalid geometry (%s); --strict forbids repair",
                       in->source, id, why);
    }
    GEOSGeometry *fixed = GEOSMakeValid_r(h, g);
    GEOSGeom_destroy_r(h, g);
    fixed = fixed ? polygon_parts(h, fixed) : NULL;
    if (!fixed || GEOSisEmpty_r(h, fixed)) {
        if (fixed)
            GEOSGeom_destroy_r(h, fixed);
        return ct__err(ctx, CT_EGEOM, "%s: feature %s: invalid geometry (%s) cannot be repaired",
                       in->source, id, why);
    }
    ct_status st = ct__diag(ctx, CT_DIAG_REPAIR, "%s: feature %s: invalid geometry (%s) repaired",
                            in->source, id, why);
    if (st) { /* the repair cannot be reported: no repaired geometry without its note */
        GEOSGeom_destroy_r(h, fixed);
        return st;
    }
    (*repairs)++;
    *geom = fixed;
    return CT_OK;
}

/* Parse, reproject, check and repair one feature's geometry. */
static ct_status feature_geom(ct_ctx *ctx, const ct__geoms_input *in, size_t k,
                              GEOSWKBReader *rd, GEOSGeometry **out, size_t *repairs)
{
    GEOSContextHandle_t h = ctx->geos;
    const char *id = in->feat_ids[k];
    GEOSGeometry *geom = GEOSWKBReader_read_r(h, rd, in->wkb[k], in->wkb_len[k]);
    if (!geom)
        return ct__err(ctx, CT_EGEOM, "%s: feature %s: unreadable geometry", in->source, id);
    int type = GEOSGeomTypeId_r(h, geom);
    bool ok_type = in->points ? type == GEOS_POINT : is_polygonal(type);
    if (!ok_type || GEOSisEmpty_r(h, geom)) {
        GEOSGeom_destroy_r(h, geom);
        return ct__err(ctx, CT_EGEOM, "%s: feature %s: %s", in->source, id,
                       ok_type ? "empty geometry"
                       : in->points ? "not a point" : "not a polygon");
    }
    if (in->tf) {
        GEOSGeometry *t = GEOSGeom_transformXY_r(h, geom, transform_cb, (void *)in->tf);
        GEOSGeom_destroy_r(h, geom);
        if (!t)
            return ct__err(ctx, CT_ECRS, "%s: feature %s: cannot reproject", in->source, id);
        geom = t;
    }
    if (in->points) {
        *out = geom;
        return CT_OK;
    }
    char *reason = NULL;
    GEOSGeometry *loc = NULL;
    char valid = GEOSisValidDetail_r(h, geom, 0, &reason, &loc);
    if (loc)
        GEOSGeom_destroy_r(h, loc);
    if (valid == 1) {
        *out = geom;
        return CT_OK;
    }
    /* the reason (with its coordinates) at its full length */
    char *why = ct__strdup(reason ? reason : "invalid");
    if (reason)
        GEOSFree_r(h, reason);
    if (!why) {
        GEOSGeom_destroy_r(h, geom);
        return ct__nomem(ctx);
    }
    ct_status st = repair(ctx, in, id, why, &geom, repairs);
    free(why);
    *out = st ? NULL : geom;
    return st;
}


/* Union the features of each unit (dissolve); unit i takes parts[i]. */
static ct_status assemble_unit(ct_ctx *ctx, ct__geoms *g, size_t u, GEOSGeometry **parts,
                               size_t nparts)
{
    GEOSContextHandle_t h = g->h;
    if (nparts == 1) {
        g->g[u] = parts[0];
        return CT_OK;
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)nparts);
    if (!coll) {
        for (size_t i = 0; i < nparts; i++)
            GEOSGeom_destroy_r(h, parts[i]);
        return geos_fail(ctx, "collection");
    }
    g->g[u] = g->points ? coll : GEOSUnaryUnion_r(h, coll);
    if (!g->points)
        GEOSGeom_destroy_r(h, coll);
    return g->g[u] ? CT_OK : geos_fail(ctx, "union");
}

static ct_status index_units(ct_ctx *ctx, ct__geoms *g)
{
    GEOSContextHandle_t h = g->h;
    g->tree = GEOSSTRtree_create_r(h, 10);
    if (!g->tree)
        return geos_fail(ctx, "STRtree");
    if (!g->points) {
        g->prep = ct__calloc(g->n, sizeof *g->prep);
        g->ext = ct__calloc(g->n, sizeof *g->ext);
        if (!g->prep || !g->ext)
            return ct__nomem(ctx);
    }
    for (size_t i = 0; i < g->n; i++) {
        GEOSSTRtree_insert_r(h, g->tree, g->g[i], (void *)(uintptr_t)(i + 1)); /* never NULL */
        if (g->points)
            continue;
        g->area[i] = 0;
        if (GEOSArea_r(h, g->g[i], &g->area[i]) != 1)
            return geos_fail(ctx, "area");
        g->prep[i] = GEOSPrepare_r(h, g->g[i]);
        if (!g->prep[i])
            return geos_fail(ctx, "prepare");
        if (!GEOSisEmpty_r(h, g->g[i]) &&
            GEOSGeom_getExtent_r(h, g->g[i], &g->ext[i][0], &g->ext[i][1], &g->ext[i][2],
                                 &g->ext[i][3]) != 1)
            return geos_fail(ctx, "extent");
    }
    return CT_OK;
}

ct_status ct__geoms_build(ct_ctx *ctx, ct__geoms **out, const ct__geoms_input *in,
                          size_t *repairs)
{
    *out = NULL;
    *repairs = 0;
    GEOSContextHandle_t h = handle(ctx);
    if (!h)
        return ct__err(ctx, CT_EDEP, "GEOS: cannot initialise");
    ct__geoms *g = ct__calloc(1, sizeof *g);
    if (!g)
        return ct__nomem(ctx);
    g->h = h;
    g->owner = ctx;
    g->points = in->points;
    g->g = ct__calloc(in->nunits, sizeof *g->g);
    g->area = ct__calloc(in->nunits, sizeof *g->area);
    GEOSGeometry **feat = ct__calloc(in->nfeat, sizeof *feat);
    size_t *count = ct__calloc(in->nunits, sizeof *count);
    size_t *first = ct__calloc(in->nunits + 1, sizeof *first);
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    ct_status st = (g->g && g->area && feat && count && first) ? CT_OK : ct__nomem(ctx);
    if (!st && !rd)
        st = geos_fail(ctx, "WKB reader");
    if (!st)
        g->n = in->nunits; /* from here ct__geoms_free cleans every unit */
    for (size_t k = 0; !st && k < in->nfeat; k++)
        st = feature_geom(ctx, in, k, rd, &feat[k], repairs);
    /* group features by unit, preserving order */
    for (size_t k = 0; !st && k < in->nfeat; k++)
        count[in->unit_of[k]]++;
    for (size_t u = 0; !st && u < in->nunits; u++)
        first[u + 1] = first[u] + count[u];
    GEOSGeometry **sorted = st ? NULL : ct__calloc(in->nfeat, sizeof *sorted);
    if (!st && !sorted)
        st = ct__nomem(ctx);
    if (!st) {
        memset(count, 0, in->nunits * sizeof *count);
        for (size_t k = 0; k < in->nfeat; k++) {
            size_t u = in->unit_of[k];
            sorted[first[u] + count[u]++] = feat[k];
            feat[k] = NULL;
        }
    }
    for (size_t u = 0; !st && u < in->nunits; u++) {
        st = assemble_unit(ctx, g, u, sorted + first[u], count[u]);
        for (size_t k = first[u]; k < first[u + 1]; k++)
            sorted[k] = NULL; /* owned by the unit (or freed) now */
    }
    if (!st)
        st = index_units(ctx, g);
    for (size_t k = 0; feat && k < in->nfeat; k++)
        if (feat[k])
            GEOSGeom_destroy_r(h, feat[k]);
    for (size_t k = 0; sorted && k < in->nfeat; k++)
        if (sorted[k])
            GEOSGeom_destroy_r(h, sorted[k]);
    free(sorted);
    free(feat);
    free(count);
    free(first);
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    if (st)
        ct__geoms_free(g);
    else
        *out = g;
    return st;
}

typedef struct hits {
    size_t *v, n, cap;
    bool oom;
} hits;

/* Append unit j (false: out of memory). */
static bool push_unit(hits *hs, size_t j)
{
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 32;
        size_t *v = ct__realloc(hs->v, cap * sizeof *v);
        if (!v)
            return false;
        hs->v = v;
        hs->cap = cap;
    }
    hs->v[hs->n++] = j;
    return true;
}

/* STRtree query callback: items are unit index + 1 (never NULL). */
static void collect(void *item, void *userdata)
{
    hits *hs = userdata;
    if (!push_unit(hs, (size_t)(uintptr_t)item - 1))
        hs->oom = true;
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* Area of a intersect b; falls back to a snapped overlay on robustness errors. */
static ct_status intersection_area(ct_ctx *ctx, GEOSContextHandle_t h, const GEOSGeometry *a,
                                   const GEOSGeometry *b, double *area)
{
    GEOSGeometry *x = GEOSIntersection_r(h, a, b);
    if (!x)
        x = GEOSIntersectionPrec_r(h, a, b, 0.001);
    if (!x)
        return geos_fail(ctx, "intersection");
    *area = 0;
    int ok = GEOSArea_r(h, x, area);
    GEOSGeom_destroy_r(h, x);
    return ok == 1 ? CT_OK : geos_fail(ctx, "area");
}

/* Area of a_i intersect b_j computed on both clipped to their common
 * envelope: exact, and neighbours that share only a border clip to a thin
 * strip, so the overlay nodes few segments. */
static ct_status clipped_area(ct_ctx *ctx, GEOSContextHandle_t h, const ct__geoms *a, size_t i,
                              const ct__geoms *b, size_t j, double *area)
{
    const double *ea = a->ext[i], *eb = b->ext[j];
    double x0 = ea[0] > eb[0] ? ea[0] : eb[0], y0 = ea[1] > eb[1] ? ea[1] : eb[1];
    double x1 = ea[2] < eb[2] ? ea[2] : eb[2], y1 = ea[3] < eb[3] ? ea[3] : eb[3];
    double pad = 1.0; /* metres: keeps edges on the envelope off the clip line */
    GEOSGeometry *ca = GEOSClipByRect_r(h, a->g[i], x0 - pad, y0 - pad, x1 + pad, y1 + pad);
    GEOSGeometry *cb = ca ? GEOSClipByRect_r(h, b->g[j], x0 - pad, y0 - pad, x1 + pad, y1 + pad)
                          : NULL;
    ct_status st = ca && cb ? intersection_area(ctx, h, ca, cb, area) : CT_EDEP;
    if (ca)
        GEOSGeom_destroy_r(h, ca);
    if (cb)
        GEOSGeom_destroy_r(h, cb);
    if (st) /* a clip that the overlay rejects: use the whole geometries */
        st = intersection_area(ctx, h, a->g[i], b->g[j], area);
    return st;
}

/* One overlay worker: its own context (GEOS handle, errors) and its own
 * prepared geometries, since prepared geometries build indexes lazily and
 * must not be shared between threads. Raw geometries and the (already
 * built) STRtree are only read. */
typedef struct worker {
    ct_ctx *ctx;
    const ct__geoms *a, *b;
    const GEOSPreparedGeometry **pa, **pb;
    size_t first, step;
    ct__pieces out;
    ct_status st;
} worker;

static const GEOSPreparedGeometry *prepared(worker *w, const GEOSPreparedGeometry **cache,
                                            const ct__geoms *g, size_t i)
{
    if (!cache[i])
        cache[i] = GEOSPrepare_r(w->ctx->geos, g->g[i]);
    return cache[i];
}

/* Area shared by unit i of a and unit j of b, with the containment fast path. */
static ct_status pair_area(worker *w, size_t i, size_t j, double *area)
{
    ct_ctx *ctx = w->ctx;
    GEOSContextHandle_t h = ctx->geos;
    const ct__geoms *a = w->a, *b = w->b;
    const GEOSPreparedGeometry *pa = prepared(w, w->pa, a, i), *pb = prepared(w, w->pb, b, j);
    *area = 0;
    if (!pa || !pb)
        return geos_fail(ctx, "prepare");
    if (GEOSPreparedContains_r(h, pa, b->g[j]) == 1) {
        *area = b->area[j];
        return CT_OK;
    }
    if (GEOSPreparedIntersects_r(h, pa, b->g[j]) != 1)
        return CT_OK;
    if (GEOSPreparedContains_r(h, pb, a->g[i]) == 1) {
        *area = a->area[i];
        return CT_OK;
    }
    return clipped_area(ctx, h, a, i, b, j, area);
}

static void *overlay_worker(void *arg)
{
    worker *w = arg;
    hits hs = {0};
    GEOSContextHandle_t h = w->ctx->geos;
    for (size_t i = w->first; !w->st && i < w->a->n; i += w->step) {
        hs.n = 0;
        GEOSSTRtree_query_r(h, w->b->tree, w->a->g[i], collect, &hs);
        if (hs.oom) {
            w->st = ct__nomem(w->ctx);
            break;
        }
        if (hs.n > 1) /* deterministic order; hs.v is NULL before the first hit */
            qsort(hs.v, hs.n, sizeof *hs.v, cmp_size);
        for (size_t k = 0; !w->st && k < hs.n; k++) {
            double area;
            w->st = pair_area(w, i, hs.v[k], &area);
            if (!w->st && area > 0)
                w->st = ct__pieces_push(w->ctx, &w->out, i, hs.v[k], area, 0);
        }
    }
    free(hs.v);
    return NULL;
}

static void worker_free(worker *w, ct_ctx *caller)
{
    GEOSContextHandle_t h = w->ctx ? w->ctx->geos : NULL;
    for (size_t i = 0; h && w->pa && i < w->a->n; i++)
        if (w->pa[i])
            GEOSPreparedGeom_destroy_r(h, w->pa[i]);
    for (size_t j = 0; h && w->pb && j < w->b->n; j++)
        if (w->pb[j])
            GEOSPreparedGeom_destroy_r(h, w->pb[j]);
    free(w->pa);
    free(w->pb);
    ct__pieces_free(&w->out);
    if (w->ctx != caller)
        ct_ctx_free(w->ctx);
}

/* Worker 0 runs in the calling thread and context; the others get their own. */
static ct_status worker_init(ct_ctx *ctx, worker *w, const ct__geoms *a, const ct__geoms *b,
                             size_t first, size_t step)
{
    *w = (worker){.a = a, .b = b, .first = first, .step = step, .st = CT_OK};
    if (first == 0)
        w->ctx = ctx;
    else if (ct_ctx_new(&w->ctx, NULL))
        return ct__nomem(ctx);
    w->pa = ct__calloc(a->n, sizeof *w->pa);
    w->pb = ct__calloc(b->n, sizeof *w->pb);
    if (!w->pa || !w->pb)
        return ct__nomem(ctx);
    if (!handle(w->ctx))
        return ct__err(ctx, CT_EDEP, "GEOS: cannot initialise");
    return CT_OK;
}

#define MAX_WORKERS 8

/* Units of a are dealt round the workers; their pieces are appended in
 * worker order (callers sort pieces). */
ct_status ct__geoms_overlay(ct_ctx *ctx, const ct__geoms *a, const ct__geoms *b,
                            ct__pieces *out)
{
    if (a->points || b->points)
        return ct__err(ctx, CT_EINTERNAL, "overlay of a point layer");
    size_t nw = ctx->nthreads < 1 ? 1 : ctx->nthreads > MAX_WORKERS ? MAX_WORKERS : ctx->nthreads;
    if (nw > a->n / 16 + 1)
        nw = a->n / 16 + 1; /* small jobs stay on one thread */
    worker w[MAX_WORKERS];
    pthread_t tid[MAX_WORKERS];
    bool started[MAX_WORKERS] = {false};
    size_t ready = 0;
    ct_status st = CT_OK;
    if (b->n && a->n) { /* build the tree now: threads then only read it */
        hits hs = {0};
        GEOSSTRtree_query_r(b->h, b->tree, a->g[0], collect, &hs);
        free(hs.v);
    }
    for (; !st && ready < nw; ready++)
        st = worker_init(ctx, &w[ready], a, b, ready, nw);
    /* workers take none of the host's signals: its handlers run in its threads */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (size_t k = 1; !st && k < nw; k++)
        started[k] = pthread_create(&tid[k], NULL, overlay_worker, &w[k]) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!st)
        overlay_worker(&w[0]);
    for (size_t k = 1; !st && k < nw; k++) {
        if (started[k])
            pthread_join(tid[k], NULL);
        else
            overlay_worker(&w[k]); /* no thread could start: do its share here */
    }
    for (size_t k = 0; !st && k < nw; k++) {
        if (w[k].st) {
            st = k == 0 ? w[k].st : ct__err(ctx, w[k].st, "%s", ct_errmsg(w[k].ctx));
            break;
        }
        for (size_t q = 0; !st && q < w[k].out.n; q++) {
            const ct__piece *p = &w[k].out.v[q];
            st = ct__pieces_push(ctx, out, p->a, p->b, p->area, p->pop);
        }
    }
    for (size_t k = 0; k < ready; k++)
        worker_free(&w[k], ctx);
    return st;
}

/* The units whose polygon holds point (x, y), boundary included, into hs
 * in index order (none for a non-finite point). */
static ct_status units_at(ct_ctx *ctx, const ct__geoms *g, double x, double y, hits *hs)
{
    hs->n = 0;
    if (!isfinite(x) || !isfinite(y))
        return CT_OK;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g->h, x, y);
    if (!pt)
        return geos_fail(ctx, "point");
    GEOSSTRtree_query_r(g->h, g->tree, pt, collect, hs);
    size_t m = 0;
    for (size_t k = 0; !hs->oom && k < hs->n; k++)
        if (GEOSPreparedIntersects_r(g->h, g->prep[hs->v[k]], pt) == 1)
            hs->v[m++] = hs->v[k];
    hs->n = m;
    GEOSGeom_destroy_r(g->h, pt);
    if (hs->oom)
        return ct__nomem(ctx);
    if (m > 1)
        qsort(hs->v, m, sizeof *hs->v, cmp_size);
    return CT_OK;
}

ct_status ct__geoms_locate(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                           const double *y, size_t *unit)
{
    hits hs = {0};
    ct_status st = CT_OK;
    for (size_t i = 0; i < n; i++) {
        st = st ? st : units_at(ctx, g, x[i], y[i], &hs);
        unit[i] = !st && hs.n ? hs.v[0] : CT__NONE; /* the lowest index wins ties */
    }
    free(hs.v);
    return st;
}

ct_status ct__geoms_triple_area(ct_ctx *ctx, const ct__geoms *s, size_t i, const ct__geoms *a,
                                size_t j, const ct__geoms *b, size_t k, double *area)
{
    GEOSContextHandle_t h = s->h;
    GEOSGeometry *sa = GEOSIntersection_r(h, s->g[i], a->g[j]);
    if (!sa)
        sa = GEOSIntersectionPrec_r(h, s->g[i], a->g[j], 0.001);
    if (!sa)
        return geos_fail(ctx, "intersection");
    ct_status st = intersection_area(ctx, h, sa, b->g[k], area);
    GEOSGeom_destroy_r(h, sa);
    return st;
}

bool ct__wkb_extent(ct_ctx *ctx, const unsigned char *const *wkb, const size_t *len, size_t n,
                    double ext[4])
{
    GEOSContextHandle_t h = handle(ctx);
    GEOSWKBReader *rd = h ? GEOSWKBReader_create_r(h) : NULL;
    bool any = false;
    for (size_t k = 0; rd && k < n; k++) {
        GEOSGeometry *g = wkb[k] ? GEOSWKBReader_read_r(h, rd, wkb[k], len[k]) : NULL;
        double b[4];
        if (g && !GEOSisEmpty_r(h, g) && GEOSGeom_getXMin_r(h, g, &b[0]) &&
            GEOSGeom_getYMin_r(h, g, &b[1]) && GEOSGeom_getXMax_r(h, g, &b[2]) &&
            GEOSGeom_getYMax_r(h, g, &b[3])) {
            for (int i = 0; i < 2; i++) {
                ext[i] = any && ext[i] < b[i] ? ext[i] : b[i];
                ext[i + 2] = any && ext[i + 2] > b[i + 2] ? ext[i + 2] : b[i + 2];
            }
            any = true;
        }
        if (g)
            GEOSGeom_destroy_r(h, g);
    }
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    return any;
}

ct_status ct__geoms_wkb(ct_ctx *ctx, const ct__geoms *g, size_t i, unsigned char **wkb,
                        size_t *len)
{
    GEOSContextHandle_t h = g->h;
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(h);
    if (!w)
        return geos_fail(ctx, "WKB writer");
    GEOSWKBWriter_setFlavor_r(h, w, GEOS_WKB_ISO);
    GEOSWKBWriter_setOutputDimension_r(h, w, 2);
    unsigned char *buf = GEOSWKBWriter_write_r(h, w, g->g[i], len);
    GEOSWKBWriter_destroy_r(h, w);
    if (!buf)
        return geos_fail(ctx, "WKB write");
    *wkb = ct__malloc(*len);
    if (*wkb)
        memcpy(*wkb, buf, *len);
    GEOSFree_r(h, buf);
    return *wkb ? CT_OK : ct__nomem(ctx);
}

ct_status ct__geoms_near_boundary(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                  const double *y, const size_t *unit, double max_dist,
                                  bool *near)
{
    GEOSContextHandle_t h = g->h;
    /* a point is near its unit's boundary unless the unit shrunk by max_dist
     * still contains it: one prepared point-in-polygon test per point */
    GEOSGeometry **inner = ct__calloc(g->n, sizeof *inner);
    const GEOSPreparedGeometry **prep = ct__calloc(g->n, sizeof *prep);
    ct_status st = (inner && prep) ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < n; i++) {
        size_t u = unit[i];
        near[i] = false;
        if (u == CT__NONE || u >= g->n)
            continue;
        if (!inner[u]) { /* only units that hold points */
            inner[u] = GEOSBuffer_r(h, g->g[u], -max_dist, 2);
            prep[u] = inner[u] ? GEOSPrepare_r(h, inner[u]) : NULL;
            if (!prep[u]) {
                st = geos_fail(ctx, "inner buffer");
                break;
            }
        }
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
        char inside = pt ? GEOSPreparedContains_r(h, prep[u], pt) : 2;
        if (inside == 2)
            st = geos_fail(ctx, "point in polygon");
        near[i] = inside == 0;
        if (pt)
            GEOSGeom_destroy_r(h, pt);
    }
    for (size_t u = 0; inner && prep && u < g->n; u++) {
        if (prep[u])
            GEOSPreparedGeom_destroy_r(h, prep[u]);
        if (inner[u])
            GEOSGeom_destroy_r(h, inner[u]);
    }
    free(inner);
    free(prep);
    return st;
}

ct_status ct__geoms_dissolve(ct_ctx *ctx, const ct__geoms *g, const size_t *group_of,
                             size_t ngroups, ct__geoms **out)
{
    GEOSContextHandle_t h = g->h;
    *out = NULL;
    ct__geoms *d = ct__calloc(1, sizeof *d);
    size_t *count = ct__calloc(ngroups, sizeof *count);
    GEOSGeometry **parts = ct__malloc((g->n ? g->n : 1) * sizeof *parts);
    ct_status st = d && count && parts ? CT_OK : ct__nomem(ctx);
    if (!st) {
        d->h = h;
        d->owner = ctx;
        d->g = ct__calloc(ngroups, sizeof *d->g);
        d->area = ct__calloc(ngroups, sizeof *d->area);
        st = d->g && d->area ? CT_OK : ct__nomem(ctx);
    }
    if (!st)
        d->n = ngroups;
    for (size_t i = 0; !st && i < g->n; i++)
        if (group_of[i] != CT__NONE)
            count[group_of[i]]++;
    for (size_t grp = 0; !st && grp < ngroups; grp++) {
        size_t k = 0;
        for (size_t i = 0; i < g->n && k < count[grp]; i++)
            if (group_of[i] == grp)
                parts[k++] = GEOSGeom_clone_r(h, g->g[i]);
        if (k == 0) {
            d->g[grp] = GEOSGeom_createEmptyPolygon_r(h);
            st = d->g[grp] ? CT_OK : geos_fail(ctx, "empty polygon");
            continue;
        }
        GEOSGeometry *coll =
            GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)k);
        d->g[grp] = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
        if (coll)
            GEOSGeom_destroy_r(h, coll);
        if (!d->g[grp])
            st = geos_fail(ctx, "union");
        else
            d->g[grp] = polygon_parts(h, d->g[grp]);
        if (!st && !d->g[grp])
            st = geos_fail(ctx, "union parts");
    }
    if (!st)
        st = index_units(ctx, d);
    free(count);
    free(parts);
    if (st)
        ct__geoms_free(d);
    else
        *out = d;
    return st;
}

/* The exterior ring of one polygon as a polygon (holes dropped). */
static GEOSGeometry *shell_of(GEOSContextHandle_t h, const GEOSGeometry *poly)
{
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(h, poly);
    GEOSGeometry *shell = ring ? GEOSGeom_clone_r(h, ring) : NULL;
    return shell ? GEOSGeom_createPolygon_r(h, shell, NULL, 0) : NULL;
}

/* Unit i without its holes: the union of the shells of its polygons. */
static GEOSGeometry *filled(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    if (GEOSisEmpty_r(h, g) == 1)
        return GEOSGeom_createEmptyPolygon_r(h);
    int n = GEOSGetNumGeometries_r(h, g);
    GEOSGeometry **parts = malloc(sizeof *parts * (size_t)(n > 0 ? n : 1));
    int k = 0;
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        GEOSGeometry *s = GEOSGeomTypeId_r(h, p) == GEOS_POLYGON ? shell_of(h, p) : NULL;
        if (s)
            parts[k++] = s;
    }
    GEOSGeometry *out = NULL;
    if (parts && k == n) {
        GEOSGeometry *coll =
            GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)k);
        out = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
        if (coll) {
            GEOSGeom_destroy_r(h, coll);
            k = 0; /* the collection owned the parts */
        }
    }
    for (int i = 0; i < k; i++)
        GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    return out;
}

ct_status ct__geoms_fill_holes(ct_ctx *ctx, const ct__geoms *g, ct__geoms **out)
{
    GEOSContextHandle_t h = g->h;
    *out = NULL;
    if (g->points)
        return ct__err(ctx, CT_EINTERNAL, "fill holes of a point layer");
    ct__geoms *d = ct__calloc(1, sizeof *d);
    ct_status st = d ? CT_OK : ct__nomem(ctx);
    if (!st) {
        d->h = h;
        d->owner = ctx;
        d->g = ct__calloc(g->n ? g->n : 1, sizeof *d->g);
        d->area = ct__calloc(g->n ? g->n : 1, sizeof *d->area);
        st = d->g && d->area ? CT_OK : ct__nomem(ctx);
    }
    if (!st)
        d->n = g->n;
    for (size_t i = 0; !st && i < g->n; i++)
        if (!(d->g[i] = filled(h, g->g[i])))
            st = geos_fail(ctx, "fill holes");
    if (!st)
        st = index_units(ctx, d);
    if (st)
        ct__geoms_free(d);
    else
        *out = d;
    return st;
}

ct_status ct__geoms_locate_all(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                               const double *y, size_t **start, size_t **unit)
{
    hits hs = {0}, all = {0};
    *unit = NULL;
    *start = ct__malloc((n + 1) * sizeof **start);
    ct_status st = *start ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < n; i++) {
        (*start)[i] = all.n;
        st = units_at(ctx, g, x[i], y[i], &hs);
        for (size_t k = 0; !st && k < hs.n; k++)
            if (!push_unit(&all, hs.v[k]))
                st = ct__nomem(ctx);
    }
    free(hs.v);
    if (!st) {
        (*start)[n] = all.n;
        *unit = all.v ? all.v : ct__malloc(sizeof **unit);
        if (!*unit)
            st = ct__nomem(ctx);
    } else
        free(all.v);
    if (st) {
        free(*start);
        *start = NULL;
    }
    return st;
}

ct_status ct__geoms_surface_point(ct_ctx *ctx, const ct__geoms *g, size_t i, double *x,
                                  double *y)
{
    GEOSContextHandle_t h = g->h;
    GEOSGeometry *pt = GEOSPointOnSurface_r(h, g->g[i]);
    bool ok = pt && GEOSGeomGetX_r(h, pt, x) == 1 && GEOSGeomGetY_r(h, pt, y) == 1;
    if (pt)
        GEOSGeom_destroy_r(h, pt);
    return ok ? CT_OK : geos_fail(ctx, "point on surface");
}

ct_status ct__geoms_pair_area(ct_ctx *ctx, const ct__geoms *a, size_t i, const ct__geoms *b,
                              size_t j, double *area)
{
    *area = 0;
    if (i >= a->n || j >= b->n || GEOSPreparedIntersects_r(a->h, a->prep[i], b->g[j]) != 1)
        return CT_OK;
    return clipped_area(ctx, a->h, a, i, b, j, area);
}

ct_status ct__geoms_self_area(ct_ctx *ctx, const ct__geoms *g, size_t i, size_t j, double *area)
{
    return ct__geoms_pair_area(ctx, g, i, g, j, area);
}

ct_status ct__geoms_outside_near(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                 const double *y, const size_t *unit, double max_dist,
                                 bool *near)
{
    GEOSContextHandle_t h = g->h;
    hits hs = {0};
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < n; i++) {
        if (unit[i] != CT__NONE || !isfinite(x[i]) || !isfinite(y[i]))
            continue;
        GEOSGeometry *box = GEOSGeom_createRectangle_r(h, x[i] - max_dist, y[i] - max_dist,
                                                       x[i] + max_dist, y[i] + max_dist);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
        if (!box || !pt)
            st = geos_fail(ctx, "point");
        hs.n = 0;
        if (!st)
            GEOSSTRtree_query_r(h, g->tree, box, collect, &hs);
        if (!st && hs.oom)
            st = ct__nomem(ctx);
        for (size_t k = 0; !st && k < hs.n && !near[i]; k++)
            near[i] = GEOSPreparedDistanceWithin_r(h, g->prep[hs.v[k]], pt, max_dist) == 1;
        if (box)
            GEOSGeom_destroy_r(h, box);
        if (pt)
            GEOSGeom_destroy_r(h, pt);
    }
    free(hs.v);
    return st;
}

/* Whether units i and j (i's prepared geometry) touch or lie within d. */
static ct_status near_pair(ct_ctx *ctx, const ct__geoms *g, size_t i, size_t j, double d,
                           bool *near)
{
    char r = GEOSPreparedIntersects_r(g->h, g->prep[i], g->g[j]);
    if (r == 0 && d > 0)
        r = GEOSPreparedDistanceWithin_r(g->h, g->prep[i], g->g[j], d);
    if (r == 2)
        return geos_fail(ctx, "neighbour test");
    *near = r == 1;
    return CT_OK;
}

ct_status ct__geoms_neighbours(ct_ctx *ctx, const ct__geoms *g, double max_dist, size_t **start,
                               size_t **nbr)
{
    GEOSContextHandle_t h = g->h;
    size_t n = g->n;
    hits hs = {0}, pairs = {0}; /* pairs: i, j flattened, i < j */
    *start = ct__calloc(n + 1, sizeof **start);
    *nbr = NULL;
    ct_status st = *start ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < n; i++) {
        if (g->points || GEOSisEmpty_r(h, g->g[i]))
            continue;
        GEOSGeometry *env = GEOSGeom_createRectangle_r(h, g->ext[i][0] - max_dist,
                                                       g->ext[i][1] - max_dist,
                                                       g->ext[i][2] + max_dist,
                                                       g->ext[i][3] + max_dist);
        if (!env) {
            st = geos_fail(ctx, "rectangle");
            break;
        }
        hs.n = 0;
        GEOSSTRtree_query_r(h, g->tree, env, collect, &hs);
        GEOSGeom_destroy_r(h, env);
        if (hs.oom)
            st = ct__nomem(ctx);
        for (size_t k = 0; !st && k < hs.n; k++) {
            size_t j = hs.v[k];
            bool near = false;
            if (j <= i || GEOSisEmpty_r(h, g->g[j]))
                continue;
            st = near_pair(ctx, g, i, j, max_dist, &near);
            if (!st && near && (!push_unit(&pairs, i) || !push_unit(&pairs, j)))
                st = ct__nomem(ctx);
        }
    }
    free(hs.v);
    size_t m = pairs.n / 2;
    if (!st && !(*nbr = ct__malloc((m ? 2 * m : 1) * sizeof **nbr)))
        st = ct__nomem(ctx);
    if (!st) { /* CSR: count, offsets, fill, then sort each list */
        for (size_t k = 0; k < pairs.n; k++)
            (*start)[pairs.v[k] + 1]++;
        for (size_t i = 0; i < n; i++)
            (*start)[i + 1] += (*start)[i];
        size_t *fill = ct__calloc(n ? n : 1, sizeof *fill);
        if (!fill)
            st = ct__nomem(ctx);
        for (size_t k = 0; !st && k < m; k++) {
            size_t i = pairs.v[2 * k], j = pairs.v[2 * k + 1];
            (*nbr)[(*start)[i] + fill[i]++] = j;
            (*nbr)[(*start)[j] + fill[j]++] = i;
        }
        for (size_t i = 0; !st && i < n; i++)
            qsort(*nbr + (*start)[i], (*start)[i + 1] - (*start)[i], sizeof **nbr, cmp_size);
        free(fill);
    }
    free(pairs.v);
    if (st) {
        free(*start);
        free(*nbr);
        *start = *nbr = NULL;
    }
    return st;
}

/* Append the rings of every polygon in geom (exterior first, then holes). */
static ct_status rings_of(ct_ctx *ctx, GEOSContextHandle_t h, const GEOSGeometry *geom,
                          ct__rings *out)
{
    int type = GEOSGeomTypeId_r(h, geom);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, geom);
        for (int i = 0; i < n; i++) {
            ct_status st = rings_of(ctx, h, GEOSGetGeometryN_r(h, geom, i), out);
            if (st)
                return st;
        }
        return CT_OK;
    }
    if (type != GEOS_POLYGON || GEOSisEmpty_r(h, geom) == 1)
        return CT_OK;
    int nholes = GEOSGetNumInteriorRings_r(h, geom);
    for (int k = -1; k < nholes; k++) {
        const GEOSGeometry *ring =
            k < 0 ? GEOSGetExteriorRing_r(h, geom) : GEOSGetInteriorRingN_r(h, geom, k);
        const GEOSCoordSequence *seq = ring ? GEOSGeom_getCoordSeq_r(h, ring) : NULL;
        unsigned int n = 0;
        if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &n))
            return geos_fail(ctx, "ring coordinates");
        ct_status st = ct__rings_push(ctx, out, NULL, 0);
        double *buf = st ? NULL : ct__malloc(2 * (n ? n : 1) * sizeof *buf);
        if (!st && !buf)
            st = ct__nomem(ctx);
        if (!st && n && !GEOSCoordSeq_copyToBuffer_r(h, seq, buf, 0, 0))
            st = geos_fail(ctx, "ring coordinates");
        for (unsigned int j = 0; !st && j < n; j++)
            st = ct__rings_point(ctx, out, buf[2 * j], buf[2 * j + 1]);
        free(buf);
        if (st)
            return st;
    }
    return CT_OK;
}

ct_status ct__geoms_rings(ct_ctx *ctx, const ct__geoms *g, size_t i, ct__rings *out)
{
    if (!g || i >= g->n)
        return ct__err(ctx, CT_EINVAL, "rings: no unit %zu", i);
    return g->g[i] ? rings_of(ctx, g->h, g->g[i], out) : CT_OK;
}

ct_status ct__wkb_rings(ct_ctx *ctx, const unsigned char *wkb, size_t len, ct__rings *out)
{
    GEOSContextHandle_t h = handle(ctx);
    if (!h)
        return ct__err(ctx, CT_EDEP, "GEOS: cannot create a context");
    if (!wkb || !len)
        return CT_OK; /* no geometry: nothing to draw */
    GEOSWKBReader *rd = GEOSWKBReader_create_r(h);
    GEOSGeometry *geom = rd ? GEOSWKBReader_read_r(h, rd, wkb, len) : NULL;
    ct_status st = geom ? rings_of(ctx, h, geom, out) : geos_fail(ctx, "WKB read");
    if (geom)
        GEOSGeom_destroy_r(h, geom);
    if (rd)
        GEOSWKBReader_destroy_r(h, rd);
    return st;
}

/* The union of units idx[0..n) of g (a new geometry; NULL on failure, with
 * *oom set when memory ran out). */
static GEOSGeometry *union_of(GEOSContextHandle_t h, const ct__geoms *g, const size_t *idx,
                              size_t n, bool *oom)
{
    GEOSGeometry **parts = ct__malloc((n ? n : 1) * sizeof *parts);
    if (!parts) {
        *oom = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if ((parts[k] = GEOSGeom_clone_r(h, g->g[idx[i]])))
            k++;
    GEOSGeometry *coll = k == n ? GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION,
                                                              parts, (unsigned)k)
                                : NULL;
    if (!coll) /* the collection did not take the parts */
        for (size_t i = 0; i < k; i++)
            GEOSGeom_destroy_r(h, parts[i]);
    free(parts);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(h, coll) : NULL;
    if (coll)
        GEOSGeom_destroy_r(h, coll);
    return u;
}

ct_status ct__geoms_border_share(ct_ctx *ctx, const ct__geoms *g, const size_t *members,
                                 size_t n, const size_t *others, size_t m, double dist,
                                 double *share)
{
    GEOSContextHandle_t h = g->h;
    *share = 0;
    if (n == 0 || m == 0)
        return CT_OK;
    bool oom = false;
    GEOSGeometry *piece = union_of(h, g, members, n, &oom);
    GEOSGeometry *nbrs = piece ? union_of(h, g, others, m, &oom) : NULL;
    GEOSGeometry *edge = piece ? GEOSBoundary_r(h, piece) : NULL;
    GEOSGeometry *zone = nbrs ? GEOSBuffer_r(h, nbrs, dist, 8) : NULL;
    GEOSGeometry *shared = edge && zone ? GEOSIntersection_r(h, edge, zone) : NULL;
    double total = 0, along = 0;
    bool ok = shared && GEOSLength_r(h, edge, &total) == 1 && GEOSLength_r(h, shared, &along) == 1;
    GEOSGeometry *all[] = {piece, nbrs, edge, zone, shared};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            GEOSGeom_destroy_r(h, all[i]);
    if (oom)
        return ct__nomem(ctx);
    if (!ok)
        return geos_fail(ctx, "border share");
    *share = total > 0 ? along / total : 0;
    return CT_OK;
}

typedef struct sampler {
    ct__bpoints *out;
    size_t cap;
    double step;
    bool ok;
    double *seg; /* segment lengths, for their median */
    size_t nseg, capseg;
} sampler;

static void sample_push(sampler *s, double x, double y, size_t u)
{
    if (s->out->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 4096;
        s->out->x = ct__regrow(s->out->x, cap, sizeof *s->out->x, &s->ok);
        s->out->y = ct__regrow(s->out->y, cap, sizeof *s->out->y, &s->ok);
        s->out->unit = ct__regrow(s->out->unit, cap, sizeof *s->out->unit, &s->ok);
        if (!s->ok)
            return;
        s->cap = cap;
    }
    s->out->x[s->out->n] = x;
    s->out->y[s->out->n] = y;
    s->out->unit[s->out->n++] = u;
}

/* Points every s->step metres of arc length along one ring. */
static bool sample_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, size_t u, sampler *s)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int m = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &m))
        return false;
    double px = 0, py = 0, next = 0, walked = 0; /* next sample at arc length `next` */
    for (unsigned int k = 0; k < m && s->ok; k++) {
        double x, y;
        if (!GEOSCoordSeq_getXY_r(h, cs, k, &x, &y))
            return false;
        if (k > 0) {
            double len = hypot(x - px, y - py);
            if (s->nseg == s->capseg) {
                s->capseg = s->capseg ? 2 * s->capseg : 4096;
                s->seg = ct__regrow(s->seg, s->capseg, sizeof *s->seg, &s->ok);
            }
            if (s->ok)
                s->seg[s->nseg++] = len;
            for (; next <= walked + len && s->ok; next += s->step) {
                double t = len > 0 ? (next - walked) / len : 0;
                sample_push(s, px + t * (x - px), py + t * (y - py), u);
            }
            walked += len;
        }
        px = x, py = y;
    }
    return true;
}

ct_status ct__geoms_boundary_points(ct_ctx *ctx, const ct__geoms *g, double step,
                                    ct__bpoints *out)
{
    GEOSContextHandle_t h = g->h;
    *out = (ct__bpoints){0};
    sampler s = {.out = out, .step = step, .ok = true};
    bool geos_ok = true;
    for (size_t u = 0; !g->points && u < g->n && s.ok && geos_ok; u++) {
        int np = GEOSGetNumGeometries_r(h, g->g[u]);
        for (int p = 0; p < np && s.ok && geos_ok; p++) {
            const GEOSGeometry *poly = GEOSGetGeometryN_r(h, g->g[u], p);
            if (GEOSisEmpty_r(h, poly))
                continue;
            int nh = GEOSGetNumInteriorRings_r(h, poly);
            geos_ok = nh >= 0 && sample_ring(h, GEOSGetExteriorRing_r(h, poly), u, &s);
            for (int r = 0; r < nh && s.ok && geos_ok; r++)
                geos_ok = sample_ring(h, GEOSGetInteriorRingN_r(h, poly, r), u, &s);
        }
    }
    ct_status st = !s.ok ? ct__nomem(ctx) : !geos_ok ? geos_fail(ctx, "boundary points") : CT_OK;
    if (!st)
        out->median_segment = ct__median(s.seg, s.nseg);
    free(s.seg);
    if (st)
        ct__bpoints_free(out);
    return st;
}

ct_status ct__geoms_within_unit(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                const double *y, const size_t *unit, double max_dist,
                                bool *within)
{
    GEOSContextHandle_t h = g->h;
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < n; i++) {
        within[i] = false;
        if (unit[i] == CT__NONE || unit[i] >= g->n || !isfinite(x[i]) || !isfinite(y[i]))
            continue;
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x[i], y[i]);
        char r = pt ? GEOSPreparedDistanceWithin_r(h, g->prep[unit[i]], pt, max_dist) : 2;
        if (pt)
            GEOSGeom_destroy_r(h, pt);
        if (r == 2)
            st = geos_fail(ctx, "distance to a unit");
        within[i] = r == 1;
    }
    return st;
}
