/* Shared arcs of a polygon coverage, simplified once for display
 * (docs/report.md, "Maps"). GEOS 3.11 has no coverage simplification, so
 * the report builds the topology itself: the boundary edges of every unit
 * are merged into arcs between nodes, each arc gets Visvalingam-Whyatt
 * weights once, and a map at any scale keeps the vertices above a threshold.
 * Neighbours draw the same arc, so they never gap or overlap. */
#ifndef COTERM_TOPO_H
#define COTERM_TOPO_H

#include "core.h"

/* Rings (or polylines) as coordinates: ring i is xy[2*start[i] .. 2*start[i+1]). */
typedef struct ct__rings {
    size_t n;      /* rings */
    size_t *start; /* n + 1 offsets, in points */
    double *xy;
    size_t cap_rings, cap_pts;
} ct__rings;

/* Append a ring of npts points (x, y pairs). */
ct_status ct__rings_push(ct_ctx *ctx, ct__rings *r, const double *xy, size_t npts);
/* Append one point to the last ring (a ring is opened with npts 0). */
ct_status ct__rings_point(ct_ctx *ctx, ct__rings *r, double x, double y);
void ct__rings_clear(ct__rings *r);
void ct__rings_free(ct__rings *r);

typedef struct ct__topo ct__topo;

/* A topology of nunits units; vertices are snapped to a grid of quantum
 * (in CRS units) so that neighbours' copies of a vertex coincide. */
ct_status ct__topo_new(ct_ctx *ctx, ct__topo **out, size_t nunits, double quantum);
void ct__topo_free(ct__topo *t);
/* Add the rings of unit u (exterior rings and holes, any orientation). */
ct_status ct__topo_add(ct_ctx *ctx, ct__topo *t, size_t u, const ct__rings *rings);
/* A topology of ngroups units whose unit g is the union of the units u of
 * base with group_of[u] == g (CT__NONE: left out); base need not be built.
 * Groups of a fine coverage (small areas) share its vertices exactly. */
ct_status ct__topo_regroup(ct_ctx *ctx, const ct__topo *base, const size_t *group_of,
                           size_t ngroups, ct__topo **out);
/* Build arcs and their weights; no more rings may be added afterwards. */
ct_status ct__topo_build(ct_ctx *ctx, ct__topo *t);

size_t ct__topo_narcs(const ct__topo *t);
/* Units on either side of arc i (CT__NONE: outside every unit); left < right
 * unless right is CT__NONE. */
void ct__topo_arc_units(const ct__topo *t, size_t i, size_t *left, size_t *right);
/* Vertices of arc i kept at min_weight (m^2 of Visvalingam effective area):
 * appended as one polyline to out. Endpoints are always kept. */
ct_status ct__topo_arc_points(ct_ctx *ctx, const ct__topo *t, size_t i, double min_weight,
                              ct__rings *out);
/* Closed rings of unit u at min_weight, appended to out. Any decomposition
 * of its boundary into cycles; draw with the even-odd fill rule. Rings that
 * collapse below three points are left out. */
ct_status ct__topo_unit_rings(ct_ctx *ctx, const ct__topo *t, size_t u, double min_weight,
                              ct__rings *out);
/* Bounding box of unit u's vertices (false if it has none). */
bool ct__topo_unit_bbox(const ct__topo *t, size_t u, double box[4]);

#endif
