/* coterm: overlay two layers and measure how well they fit. */
#ifndef COTERM_CT_FIT_H
#define COTERM_CT_FIT_H

#include "ct_common.h"
#include "ct_layer.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Overlay A and B and measure their fit by area and population.
 *  @param pop population base (NULL: area only, no population columns).
 *  @param opts METHOD=auto|bestfit|areal (default auto),
 *              TOLERANCE=x in [0, 0.49] (default 0.01).
 *  @param out result with the document "summary" and three tables
 *         (definitions in docs/metrics.md):
 *         "pairs": a_id, a_name, b_id, b_name, area_m2, a_area_share,
 *           b_area_share, pop, a_pop_share, b_pop_share, sliver (0 or 1;
 *           the pop columns are NaN without pop);
 *         "a_units" and "b_units": id, name, area_m2, pop, class, best_id,
 *           best_area_share, best_pop_share, n_parts.
 *         Free with ct_result_free.
 *  @return CT_OK; CT_EINVAL (NULL argument, unknown option, bad METHOD or
 *          TOLERANCE, layers from another context); CT_ECRS (A, B and pop
 *          measured in different CRSs); CT_ENOMEM; CT_EDEP (GEOS failed);
 *          CT_EIO, CT_EFORMAT, CT_ECRS, CT_EGEOM or CT_EDATA when data the
 *          method loads on demand (small-area or council polygons) is bad;
 *          CT_EINTERNAL (a bug). */
CT_EXTERN ct_status ct_fit(ct_ctx *ctx, ct_result **out, const ct_layer *a,
                           const ct_layer *b, const ct_pop *pop,
                           const char *const *opts);

/** ONS-style best-fit lookup: each small unit to one big unit.
 *  @param opts METHOD and TOLERANCE as ct_fit.
 *  @param out result with the document "summary" and the table "bestfit":
 *         small_id, small_name, big_id, big_name ("" when the unit falls in
 *         no big unit), pop (NaN without pop), share (of the small unit's
 *         people in big_id, or of its area when it has no people; 0 when
 *         unmatched), method, basis ("population", "area" or "none"),
 *         class (of the small unit, as in ct_fit's a_units).
 *         Free with ct_result_free.
 *  @return as ct_fit. */
CT_EXTERN ct_status ct_bestfit(ct_ctx *ctx, ct_result **out, const ct_layer *small,
                               const ct_layer *big, const ct_pop *pop,
                               const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
