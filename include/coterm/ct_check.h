/* coterm: check a place configuration (systems, places, tiers between them)
 * against each other and against statutory boundaries (docs/check.md). */
#ifndef COTERM_CT_CHECK_H
#define COTERM_CT_CHECK_H

#include "ct_common.h"
#include "ct_layer.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Check a configuration given as a CSV of blocks and tier labels.
 *  @param config_csv CSV read with OGR: first column "block" (ids of
 *         blocks), then one column per tier, top first, whose cells are
 *         unit labels (codes or names), e.g. block,system,place.
 *  @param blocks layer whose ids the block column holds (NULL: built-in
 *         ltla21, measured in EPSG:27700).
 *  @param against statutory layers to compare each tier with; NULL with
 *         nagainst 0: the built-in utla21, ltla21 and ccg21 (measured in
 *         the blocks' CRS); non-NULL with nagainst 0: none.
 *  @param pop population base (NULL: area only, no population findings).
 *  @param opts METHOD=auto|bestfit|areal and TOLERANCE=x as ct_fit;
 *         BAND_<TIER>=MIN:MAX sets a tier's expected population (one side
 *         may be empty); tiers named system, place and neighbourhood have
 *         default bands of 1-3 million, 250-500 thousand and 30-50 thousand.
 *  @param out result with documents "findings" and "summary" and tables
 *         (definitions in docs/check.md):
 *         "units": tier, unit, name, parent, parent_share, n_parents, pop,
 *           area_m2, n_blocks, then for each statutory layer L: L_best,
 *           L_best_name, L_share, L_best_share, L_class;
 *         "nesting": tier, layer, kind, units, coterminous, nested,
 *           contains, straddling, unmatched, pop_fit, area_fit, match_share;
 *         "findings": severity, type, tier, units, unit_names, against,
 *           against_units, against_names, population, message;
 *         one table per tier, named by the tier: unit, name, parent, pop,
 *           area_m2, n_blocks, geom (ct_result_write puts them together in
 *           tiers.gpkg).
 *         Free with ct_result_free.
 *  @return CT_OK (findings are results, not errors); CT_EDATA for unknown
 *          block codes, blank cells or a block listed twice with different
 *          assignments; CT_EFORMAT for a bad header; CT_EINVAL for NULL
 *          arguments, bad options or tier names; CT_EIO, CT_EFORMAT,
 *          CT_ECRS, CT_EGEOM or CT_EDATA from the layers it opens (the
 *          default blocks and statutory layers, small-area polygons);
 *          CT_ENOMEM; CT_EDEP; CT_EINTERNAL (a bug). */
CT_EXTERN ct_status ct_check(ct_ctx *ctx, ct_result **out, const char *config_csv,
                             const ct_layer *blocks, const ct_layer *const *against,
                             size_t nagainst, const ct_pop *pop, const char *const *opts);

/** Check a configuration given as one polygon layer per tier, top first.
 *  @param tier_names names of the tiers (e.g. "system", "place").
 *  @param tiers their layers, in one CRS with against and pop.
 *  Other parameters and the result as ct_check (against NULL: the built-in
 *  layers measured in the first tier's CRS); overlaps within a tier and
 *  parts of a unit that no unit of the tier below covers are findings. */
CT_EXTERN ct_status ct_check_tiers(ct_ctx *ctx, ct_result **out,
                                   const char *const *tier_names,
                                   const ct_layer *const *tiers, size_t ntiers,
                                   const ct_layer *const *against, size_t nagainst,
                                   const ct_pop *pop, const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
