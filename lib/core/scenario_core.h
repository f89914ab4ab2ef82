/* Pure rules of coterm compare (docs/scenario.md): matching the units of two
 * configurations of one tier by the blocks they share. No geometry, no I/O. */
#ifndef COTERM_SCENARIO_CORE_H
#define COTERM_SCENARIO_CORE_H

#include "fit_core.h"

/* What became of a unit between a base and a proposed configuration. */
typedef enum ct__change {
    CT__SAME = 0,    /* matched: same label, same blocks */
    CT__RENAMED = 1, /* matched: another label, same blocks */
    CT__CHANGED = 2, /* matched: blocks moved in or out (the label may differ) */
    CT__MERGED = 3,  /* base only: over half of it went to one matched unit */
    CT__REMOVED = 4, /* base only: otherwise */
    CT__CREATED = 5  /* proposed only */
} ct__change;
const char *ct__change_name(ct__change c);

/* The blocks shared by unit a of the base and unit b of the proposed
 * configuration: their people (NaN without a base), area and count. */
typedef struct ct__link {
    size_t a, b;
    double pop, area;
    size_t blocks;
} ct__link;

/* One side of the matching: per unit its label, people (pop NULL: area
 * only), area and number of blocks, blocks in the other configuration or
 * not. */
typedef struct ct__mside {
    size_t n;
    const char *const *ids;
    const double *pop, *area;
    const size_t *blocks;
} ct__mside;

typedef struct ct__unitmatch {
    size_t *succ;      /* base unit -> the proposed unit holding most of it */
    size_t *pred;      /* proposed unit -> the base unit that gave most of it */
    size_t *match_a;   /* base unit -> its matched proposed unit, or CT__NONE */
    size_t *match_b;   /* proposed unit -> its matched base unit, or CT__NONE */
    ct__change *change_a, *change_b;
} ct__unitmatch;

/* Match units: a unit keeping its label on shared blocks is the same unit;
 * of the others, a and b are matched when each holds most of the other
 * (successor and predecessor, by people, else area; ties to the larger share
 * of the other side, then the lower index) and one of those shares exceeds
 * 1/2. Links may come in any order. Free with ct__unitmatch_free. */
ct_status ct__units_match(ct_ctx *ctx, const ct__link *links, size_t nlinks,
                          const ct__mside *a, const ct__mside *b, ct__unitmatch *out);
void ct__unitmatch_free(ct__unitmatch *m);

#endif
