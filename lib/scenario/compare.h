/* coterm compare: state shared by the files of the comparison (compare.c,
 * compare_units.c, compare_findings.c, compare_doc.c). */
#ifndef COTERM_COMPARE_H
#define COTERM_COMPARE_H

#include "scenario.h"

/* A side of the comparison: a configuration, its rows' blocks and check. */
typedef struct cmp_side {
    const ct_config *cfg;
    size_t *row_block;  /* row -> block index */
    size_t *block_row;  /* block -> row, or CT__NONE when not listed */
    ct_result *check;   /* ct_check's result */
    json_t *findings;   /* its findings.json (owned) */
} cmp_side;

/* One tier of both configurations and how its units match. */
typedef struct cmp_tier {
    size_t k[2];           /* tier index in base (0) and proposed (1) */
    const char *name[2];   /* tier names (borrowed) */
    size_t n[2];           /* units, in order of first appearance */
    const char **id[2];    /* unit labels (borrowed from the configurations) */
    const char **uname[2]; /* unit names ("" when unknown) */
    size_t *row_unit[2];   /* row -> unit */
    double *pop[2], *area[2];
    size_t *nblocks[2];
    ct__strmap *index[2];  /* label -> unit */
    ct__link *links;
    size_t nlinks;
    ct__unitmatch m;
    double *moved_out, *moved_in; /* people (area without a base) per unit */
    size_t nmoved;                /* blocks moved */
    double moved;                 /* their people */
} cmp_tier;

typedef struct cmp {
    ct_ctx *ctx;
    const ct_layer *blocks;
    bool has_pop;
    double *block_pop; /* NULL without a population base */
    cmp_side side[2];  /* base, proposed */
    cmp_tier *tier;    /* matched tiers */
    size_t ntiers;
    bool by_position;  /* tiers matched by position, not name */
    json_t *resolved, *introduced; /* finding objects (owned) */
    size_t kept;
} cmp;

/* compare_units.c: units of each matched tier, their matching, and the
 * moves and units_diff tables. */
ct_status ct__cmp_units(cmp *c);
void ct__cmp_tier_free(cmp_tier *t);
/* Whether block blk moved at tier t (dropped, added, or in a unit other than
 * its base unit's match), with its base unit *a and proposed unit *b
 * (CT__NONE where that side does not list it). */
bool ct__cmp_block_moved(const cmp *c, const cmp_tier *t, size_t blk, size_t *a, size_t *b);
/* A block's "weight" in the diff: its people, or its area without a base. */
double ct__cmp_block_weight(const cmp *c, size_t block);
ct_status ct__cmp_moves_table(cmp *c, ct_result *r);
ct_status ct__cmp_units_table(cmp *c, ct_result *r);

/* compare_findings.c: findings resolved and introduced. */
ct_status ct__cmp_findings(cmp *c);
ct_status ct__cmp_findings_table(cmp *c, ct_result *r);

/* compare_doc.c: the scorecard table and compare.json. */
ct_status ct__cmp_scorecard_table(cmp *c, ct_result *r);
ct_status ct__cmp_doc(cmp *c, ct_result *r);

#endif
