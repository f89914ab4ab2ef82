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
 *  @param out result with tables "pairs", "a_units", "b_units" and the
 *         document "summary"; free with ct_result_free.
 *  @return CT_OK, CT_EINVAL, CT_ENOMEM, CT_ECRS (different CRSs), CT_EDEP,
 *          or CT_EIO / CT_EFORMAT / CT_EGEOM / CT_EDATA when data the method
 *          loads on demand (small-area polygons, council polygons) is bad. */
CT_EXTERN ct_status ct_fit(ct_ctx *ctx, ct_result **out, const ct_layer *a,
                           const ct_layer *b, const ct_pop *pop,
                           const char *const *opts);

/** ONS-style best-fit lookup: each small unit to one big unit.
 *  @param opts METHOD and TOLERANCE as ct_fit.
 *  @param out result with table "bestfit" (small_id, small_name, big_id,
 *         big_name, pop, share, method) and document "summary".
 *  @return as ct_fit. */
CT_EXTERN ct_status ct_bestfit(ct_ctx *ctx, ct_result **out, const ct_layer *small,
                               const ct_layer *big, const ct_pop *pop,
                               const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
