/* coterm: scenarios. Compare two configurations, try moves of blocks
 * between units, and suggest moves that improve a tier's fit with a
 * statutory layer (docs/scenario.md). */
#ifndef COTERM_CT_SCENARIO_H
#define COTERM_CT_SCENARIO_H

#include "ct_common.h"
#include "ct_layer.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A configuration: every listed block with its unit in each tier (top
 *  first), checked against one block layer. Owns copies of everything. */
typedef struct ct_config ct_config;

/** Read a configuration CSV (block,TIER1,TIER2,...; as ct_check) and check
 *  that every block code is an id of blocks.
 *  @param blocks the block layer (NULL: the built-in ltla21).
 *  @param opts none yet (NULL).
 *  @return CT_OK; CT_EDATA for unknown block codes, blank cells or a block
 *          listed twice with different assignments; CT_EFORMAT for a bad
 *          header; CT_EIO; CT_ENOMEM. */
CT_EXTERN ct_status ct_config_read(ct_ctx *ctx, ct_config **out, const char *csv,
                                   const ct_layer *blocks, const char *const *opts);

/** A one-tier configuration from a polygon layer: every block goes to the
 *  unit holding most of its people (of its area without a population base),
 *  as coterm bestfit; blocks in no unit are left out.
 *  @param tier the tier's name (NULL: the layer's short name, e.g. "stp21").
 *  @param units the tier's polygons, in one CRS with blocks and pop.
 *  @param pop population base (NULL: by area).
 *  @param opts METHOD and TOLERANCE as ct_fit.
 *  @return CT_OK; CT_EDATA when no block falls in any unit; CT_EINVAL for
 *          a bad tier name or option; CT_ECRS; CT_ENOMEM; CT_EDEP. */
CT_EXTERN ct_status ct_config_from_layer(ct_ctx *ctx, ct_config **out, const char *tier,
                                         const ct_layer *units, const ct_layer *blocks,
                                         const ct_pop *pop, const char *const *opts);

/** Free a configuration; NULL is a no-op. */
CT_EXTERN void ct_config_free(ct_config *cfg);

/** Number of tiers, and the name of tier k (top first; NULL out of range). */
CT_EXTERN size_t ct_config_ntiers(const ct_config *cfg);
CT_EXTERN const char *ct_config_tier(const ct_config *cfg, size_t k);
/** Number of listed blocks; block i's code; its unit in tier k (borrowed;
 *  NULL out of range). */
CT_EXTERN size_t ct_config_nblocks(const ct_config *cfg);
CT_EXTERN const char *ct_config_block(const ct_config *cfg, size_t i);
CT_EXTERN const char *ct_config_unit(const ct_config *cfg, size_t i, size_t k);
/** Where the configuration came from (file, or "layer:tier") and the
 *  source of the block layer it was checked against (borrowed). */
CT_EXTERN const char *ct_config_source(const ct_config *cfg);
CT_EXTERN const char *ct_config_blocks_source(const ct_config *cfg);

/** Move a block to a unit of a tier. The block takes the unit's parents in
 *  the tiers above (the parents of most of the unit's blocks), so the tiers
 *  stay nested; its units in the tiers below are kept.
 *  @param tier a tier of the configuration (case-insensitive).
 *  @param unit an existing unit of that tier.
 *  @return CT_OK; CT_EINVAL for an unknown tier; CT_EDATA for a block the
 *          configuration does not list or a unit the tier does not have;
 *          CT_ENOMEM. On failure cfg is unchanged. */
CT_EXTERN ct_status ct_config_move(ct_ctx *ctx, ct_config *cfg, const char *block,
                                   const char *tier, const char *unit);

/** The configuration as a table "config": block, then one column per tier
 *  (the CSV that ct_config_read reads back). Free with ct_table_free. */
CT_EXTERN ct_status ct_config_table(ct_ctx *ctx, const ct_config *cfg, ct_table **out);

/** Compare two configurations on the same block layer: both are checked
 *  (ct_check) and their tiers matched by name (by position when they share
 *  no name and have as many tiers); units are matched by their members.
 *  @param blocks the block layer both were read with (NULL: ltla21).
 *  @param against, nagainst, pop, opts as ct_check.
 *  @param out result with tables "moves" (block, block_name, tier, from,
 *         to, pop), "units_diff", "findings_diff", "scorecard" and the
 *         document "compare" (docs/scenario.md); free with ct_result_free.
 *  @return CT_OK (differences are results); CT_EDATA when the two were
 *          read with different block layers; as ct_check otherwise. */
CT_EXTERN ct_status ct_compare(ct_ctx *ctx, ct_result **out, const ct_config *base,
                               const ct_config *proposed, const ct_layer *blocks,
                               const ct_layer *const *against, size_t nagainst,
                               const ct_pop *pop, const char *const *opts);

/** Apply moves to a configuration and compare the result with it.
 *  @param moves "BLOCK=TIER:UNIT" strings, applied in order (ct_config_move).
 *  @param out as ct_compare, plus the table "config": the moved
 *         configuration.
 *  @return as ct_compare; CT_EINVAL for a malformed move or an unknown
 *          tier; CT_EDATA for an unknown block or unit (naming the move). */
CT_EXTERN ct_status ct_whatif(ct_ctx *ctx, ct_result **out, const ct_config *cfg,
                              const char *const *moves, size_t nmoves, const ct_layer *blocks,
                              const ct_layer *const *against, size_t nagainst,
                              const ct_pop *pop, const char *const *opts);

/** Propose moves of blocks between units of one tier that most improve its
 *  fit with a statutory layer: fewer councils split, then a higher
 *  population-weighted fit, keeping every unit contiguous and within its
 *  parent, never cutting a unit of the tier below, and (KEEP_BAND) keeping
 *  units within their population band (docs/scenario.md).
 *  @param tier the tier to improve (case-insensitive).
 *  @param against the statutory layer, in the blocks' CRS.
 *  @param blocks the block layer cfg was read with (NULL: ltla21).
 *  @param pop population base (NULL: by area).
 *  @param opts KEEP_BAND=YES; MAX_MOVES=N (default 0: no limit);
 *         BAND_<TIER>=MIN:MAX as ct_check; METHOD, TOLERANCE as ct_fit.
 *  @param out result with tables "moves" (block, block_name, tier, from, to,
 *         pop; the blocks of each move, best move first), "suggestions"
 *         (rank, from, to, against, council, council_name, blocks, pop,
 *         area_m2, councils_resolved, fit_gain, councils_split_after,
 *         fit_after, councils_per_person, fit_per_person) and "config" (the
 *         improved configuration), and the document "suggest"; free with
 *         ct_result_free.
 *  @return CT_OK (also when nothing can be improved); CT_EINVAL for an
 *          unknown tier, a bad option, or KEEP_BAND for a tier without a
 *          band; CT_EDATA when cfg was read with other blocks; CT_ECRS;
 *          CT_ENOMEM; CT_EDEP. */
CT_EXTERN ct_status ct_suggest(ct_ctx *ctx, ct_result **out, const ct_config *cfg,
                               const char *tier, const ct_layer *against,
                               const ct_layer *blocks, const ct_pop *pop,
                               const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
