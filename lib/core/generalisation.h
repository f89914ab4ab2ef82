/* How generalised a layer is: how far its outer boundary lies from the
 * council boundaries of the population base, measured on points sampled
 * along both (docs/methods.md, "How generalised a layer is"). Pure C: the
 * points come from the GEOS adapter (ct__geoms_boundary_points). */
#ifndef COTERM_GENERALISATION_H
#define COTERM_GENERALISATION_H

#include "core.h"

/* Points sampled at equal spacing along the rings of each unit. */
typedef struct ct__bpoints {
    size_t n;
    double *x, *y;
    size_t *unit;          /* unit whose ring the point is on */
    double median_segment; /* median length of the rings' segments (m) */
} ct__bpoints;
void ct__bpoints_free(ct__bpoints *p);
/* Median of v (sorted in place); 0 for none. */
double ct__median(double *v, size_t n);

/* A uniform grid over a point set for nearest-point queries. */
typedef struct ct__ptgrid ct__ptgrid;
ct_status ct__ptgrid_build(ct_ctx *ctx, const ct__bpoints *p, double cell, ct__ptgrid **out);
void ct__ptgrid_free(ct__ptgrid *g);
/* Distance from (x, y) to the nearest point of the set, or INFINITY if
 * none lies within max. A set without units (p->unit NULL) is indexed
 * without them. */
double ct__ptgrid_nearest(const ct__ptgrid *g, double x, double y, double max);

/* Spacing of the layer's samples and of the council boundary's (m); a
 * layer sample with a point of another unit within CT__GEN_INNER_M lies on
 * a boundary shared by two units, otherwise on the layer's outer boundary;
 * outer samples further than CT__GEN_CAP_M from every council boundary
 * follow no council line (a layer of other areas) and are not measured. */
#define CT__GEN_STEP_M 200.0
#define CT__GEN_REF_STEP_M 100.0
#define CT__GEN_INNER_M 110.0
#define CT__GEN_CAP_M 5000.0
/* Grid cells (m): along a boundary a cell holds a few dozen points. */
#define CT__GEN_CELL_M 1000.0
/* The displacement is this quantile of the measured distances; it is
 * measured only when at least CT__GEN_MIN_SHARE of the outer samples on
 * land (and CT__GEN_MIN_SAMPLES of them) lie within the cap. */
#define CT__GEN_QUANTILE 0.95
#define CT__GEN_MIN_SHARE 0.5
#define CT__GEN_MIN_SAMPLES 50

typedef struct ct__generalisation {
    bool measured;       /* false: no reference, not coarser, or too few samples near councils */
    bool coarser;        /* segments longer than the councils' (median): the layer is
                            generalised more coarsely, so its displacement counts; a more
                            detailed layer lies off the generalised council lines because
                            it is more exact */
    double segment_m, council_segment_m; /* the two medians */
    size_t samples;      /* points sampled along the layer's boundaries */
    size_t outer;        /* of which on its outer boundary (shared with no other unit) */
    size_t on_land;      /* of which inside a council (beyond the councils' coast or
                            border a displaced line cuts off no one) */
    size_t near;         /* of which within CT__GEN_CAP_M of a council boundary */
    double displacement; /* CT__GEN_QUANTILE of their distances (m); 0 if not measured */
} ct__generalisation;

/* The samples of a layer's outer boundary: those with no point of another
 * unit within CT__GEN_INNER_M (a line between two units may follow no
 * council). *out holds copies (caller frees with ct__bpoints_free). */
ct_status ct__bpoints_outer(ct_ctx *ctx, const ct__bpoints *layer, ct__bpoints *out);

/* Measure from the outer samples that lie on land (in a council) against
 * the council boundary samples indexed in ref; fills near, measured and
 * displacement of out (the caller sets the counts before). */
ct_status ct__generalisation_measure(ct_ctx *ctx, const ct__bpoints *land, const ct__ptgrid *ref,
                                     ct__generalisation *out);

#endif
