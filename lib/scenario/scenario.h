/* coterm scenarios: configurations in memory, compare, whatif and suggest
 * (docs/scenario.md). State shared by the files of lib/scenario. */
#ifndef COTERM_SCENARIO_H
#define COTERM_SCENARIO_H

#include "../check/check.h"
#include "../core/scenario_core.h"

struct ct_config {
    ct_ctx *ctx;
    ct__ckconf conf;     /* rows: block codes, one label (and name) per tier */
    char *blocks_source; /* the block layer whose ids the codes are */
};

/* config.c */
/* Index of a tier by name (case-insensitive), or CT__NONE. */
size_t ct__config_tier(const ct_config *cfg, const char *tier);
/* CT_EINVAL "WHAT: SOURCE has no tier 'TIER' (tiers: a, b, ...)", every
 * tier listed (what NULL: no prefix). */
ct_status ct__config_no_tier(ct_ctx *ctx, const ct_config *cfg, const char *what,
                             const char *tier);
/* The unit name of row r in tier k ("" when unknown). */
const char *ct__config_name(const ct_config *cfg, size_t r, size_t k);
/* A deep copy (the same block layer). */
ct_status ct__config_copy(ct_ctx *ctx, const ct_config *src, ct_config **out);
/* Check that cfg was read with blocks and map its rows to block indices
 * (*row_block: nrows values, caller frees). what names cfg in messages. */
ct_status ct__config_rows(ct_ctx *ctx, const ct_config *cfg, const ct_layer *blocks,
                          size_t **row_block);
/* config_move.c: give row r of cfg the labels (and names) of row from of
 * src (cfg's own rows, or another configuration with the same tiers) in
 * tiers k0..k; every copy is made first, so a failure leaves cfg unchanged. */
ct_status ct__config_take(ct_ctx *ctx, ct_config *cfg, size_t r, const ct__ckconf *src,
                          size_t from, size_t k0, size_t k);
/* Open the built-in ltla21 in the population's CRS (the default blocks). */
ct_status ct__default_blocks(ct_ctx *ctx, const ct_pop *pop, ct_layer **out);
/* People of each block, as ct_check finds them (NULL *out without a base). */
ct_status ct__block_pops(ct_ctx *ctx, const ct_layer *blocks, const ct_pop *pop,
                         const char *const *opts, double **out);

/* moves.csv of compare, whatif and suggest: one row per block and tier moved. */
#define CT__MOVES_COLS "block:t,block_name:t,tier:t,from:t,to:t,pop:r"
ct_status ct__moves_row(ct_ctx *ctx, ct_table *t, size_t row, const ct_layer *blocks, size_t b,
                        const char *tier, const char *from, const char *to, double pop);

/* compare.c: compare base and proposed into r (tables moves, units_diff,
 * findings_diff, scorecard and the document compare). */
ct_status ct__compare_into(ct_ctx *ctx, ct_result *r, const ct_config *base,
                           const ct_config *proposed, const ct_layer *blocks,
                           const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                           const char *const *opts);

#endif
