/* How far a layer's outer boundary lies from the council boundaries: a
 * uniform grid over sampled boundary points answers nearest-point queries. */
#include "generalisation.h"

#include <math.h>
#include <stdlib.h>

struct ct__ptgrid {
    double x0, y0, cell;
    long nx, ny;
    size_t *start; /* nx * ny + 1: points of cell c are [start[c], start[c+1]) */
    double *x, *y; /* points in cell order */
    size_t *unit;  /* NULL for a set without units */
};

#define MAX_CELLS 8000000.0 /* a bigger cell beyond this: memory stays small */

void ct__bpoints_free(ct__bpoints *p)
{
    if (!p)
        return;
    free(p->x);
    free(p->y);
    free(p->unit);
    *p = (ct__bpoints){0};
}

void ct__ptgrid_free(ct__ptgrid *g)
{
    if (!g)
        return;
    free(g->start);
    free(g->x);
    free(g->y);
    free(g->unit);
    free(g);
}

/* A cell index, clamped: a far or non-finite point must not overflow the cast. */
static long cell_of(double v, double v0, double cell)
{
    double c = floor((v - v0) / cell);
    return !(c > -1e15) ? (long)-1e15 : c > 1e15 ? (long)1e15 : (long)c;
}

ct_status ct__ptgrid_build(ct_ctx *ctx, const ct__bpoints *p, double cell, ct__ptgrid **out)
{
    *out = NULL;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < p->n; i++) {
        x0 = fmin(x0, p->x[i]), x1 = fmax(x1, p->x[i]);
        y0 = fmin(y0, p->y[i]), y1 = fmax(y1, p->y[i]);
    }
    if (!p->n)
        x0 = y0 = x1 = y1 = 0;
    while (((x1 - x0) / cell + 1) * ((y1 - y0) / cell + 1) > MAX_CELLS)
        cell *= 2;
    ct__ptgrid *g = ct__calloc(1, sizeof *g);
    if (!g)
        return ct__nomem(ctx);
    *g = (ct__ptgrid){.x0 = x0, .y0 = y0, .cell = cell,
                      .nx = cell_of(x1, x0, cell) + 1, .ny = cell_of(y1, y0, cell) + 1};
    size_t cells = (size_t)(g->nx * g->ny), *at = ct__malloc((p->n ? p->n : 1) * sizeof *at);
    g->start = ct__calloc(cells + 1, sizeof *g->start);
    g->x = ct__malloc((p->n ? p->n : 1) * sizeof *g->x);
    g->y = ct__malloc((p->n ? p->n : 1) * sizeof *g->y);
    g->unit = p->unit ? ct__malloc((p->n ? p->n : 1) * sizeof *g->unit) : NULL;
    if (!at || !g->start || !g->x || !g->y || (p->unit && !g->unit)) {
        free(at);
        ct__ptgrid_free(g);
        return ct__nomem(ctx);
    }
    for (size_t i = 0; i < p->n; i++) { /* counting sort by cell */
        at[i] = (size_t)(cell_of(p->y[i], y0, cell) * g->nx + cell_of(p->x[i], x0, cell));
        g->start[at[i] + 1]++;
    }
    for (size_t c = 0; c < cells; c++)
        g->start[c + 1] += g->start[c];
    for (size_t i = 0; i < p->n; i++) {
        size_t k = g->start[at[i]]++;
        g->x[k] = p->x[i];
        g->y[k] = p->y[i];
        if (g->unit)
            g->unit[k] = p->unit[i];
    }
    for (size_t c = cells; c > 0; c--) /* undo the shift left by the fill */
        g->start[c] = g->start[c - 1];
    g->start[0] = 0;
    free(at);
    *out = g;
    return CT_OK;
}

/* Nearest squared distance among the points of cell (cx, cy), if any. */
static double cell_best(const ct__ptgrid *g, long cx, long cy, double x, double y, double best)
{
    if (cx < 0 || cy < 0 || cx >= g->nx || cy >= g->ny)
        return best;
    size_t c = (size_t)(cy * g->nx + cx);
    for (size_t k = g->start[c]; k < g->start[c + 1]; k++) {
        double dx = g->x[k] - x, dy = g->y[k] - y;
        best = fmin(best, dx * dx + dy * dy);
    }
    return best;
}

double ct__ptgrid_nearest(const ct__ptgrid *g, double x, double y, double max)
{
    long cx = cell_of(x, g->x0, g->cell), cy = cell_of(y, g->y0, g->cell);
    long rings = (long)ceil(max / g->cell) + 1;
    double best = INFINITY;
    /* rings of cells around the point's own: after ring k every point not
     * yet seen is at least k cells away */
    for (long k = 0; k <= rings; k++) {
        for (long dx = -k; dx <= k; dx++) {
            best = cell_best(g, cx + dx, cy - k, x, y, best);
            if (k)
                best = cell_best(g, cx + dx, cy + k, x, y, best);
        }
        for (long dy = -k + 1; dy <= k - 1; dy++) {
            best = cell_best(g, cx - k, cy + dy, x, y, best);
            best = cell_best(g, cx + k, cy + dy, x, y, best);
        }
        if (best <= (double)k * g->cell * (double)k * g->cell)
            break;
    }
    best = sqrt(best);
    return best <= max ? best : INFINITY;
}

/* Whether a point of another unit lies within tol (tol <= cell). */
static bool other_unit_within(const ct__ptgrid *g, double x, double y, size_t unit, double tol)
{
    long cx = cell_of(x, g->x0, g->cell), cy = cell_of(y, g->y0, g->cell);
    for (long j = cy - 1; j <= cy + 1; j++)
        for (long i = cx - 1; i <= cx + 1; i++) {
            if (i < 0 || j < 0 || i >= g->nx || j >= g->ny)
                continue;
            size_t c = (size_t)(j * g->nx + i);
            for (size_t k = g->start[c]; k < g->start[c + 1]; k++) {
                double dx = g->x[k] - x, dy = g->y[k] - y;
                if (g->unit[k] != unit && dx * dx + dy * dy <= tol * tol)
                    return true;
            }
        }
    return false;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double ct__median(double *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

ct_status ct__bpoints_outer(ct_ctx *ctx, const ct__bpoints *layer, ct__bpoints *out)
{
    *out = (ct__bpoints){0};
    ct__ptgrid *own = NULL;
    size_t n = layer->n ? layer->n : 1;
    ct_status st = ct__ptgrid_build(ctx, layer, CT__GEN_CELL_M, &own);
    out->x = st ? NULL : ct__malloc(n * sizeof *out->x);
    out->y = st ? NULL : ct__malloc(n * sizeof *out->y);
    out->unit = st ? NULL : ct__malloc(n * sizeof *out->unit);
    if (!st && (!out->x || !out->y || !out->unit))
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < layer->n; i++) {
        if (other_unit_within(own, layer->x[i], layer->y[i], layer->unit[i], CT__GEN_INNER_M))
            continue;
        out->x[out->n] = layer->x[i];
        out->y[out->n] = layer->y[i];
        out->unit[out->n++] = layer->unit[i];
    }
    ct__ptgrid_free(own);
    if (st)
        ct__bpoints_free(out);
    return st;
}

ct_status ct__generalisation_measure(ct_ctx *ctx, const ct__bpoints *land, const ct__ptgrid *ref,
                                     ct__generalisation *out)
{
    double *d = ct__malloc((land->n ? land->n : 1) * sizeof *d);
    if (!d)
        return ct__nomem(ctx);
    out->near = 0;
    for (size_t i = 0; i < land->n; i++) {
        double dist = ct__ptgrid_nearest(ref, land->x[i], land->y[i], CT__GEN_CAP_M);
        if (isfinite(dist))
            d[out->near++] = dist;
    }
    out->measured = out->near >= CT__GEN_MIN_SAMPLES &&
                    (double)out->near >= CT__GEN_MIN_SHARE * (double)land->n;
    out->displacement = 0;
    if (out->measured) { /* nearest rank: the smallest d with >= q of samples <= d */
        qsort(d, out->near, sizeof *d, cmp_double);
        size_t rank = (size_t)ceil(CT__GEN_QUANTILE * (double)out->near);
        out->displacement = d[rank ? rank - 1 : 0];
    }
    free(d);
    return CT_OK;
}
