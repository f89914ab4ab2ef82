/* The search of coterm suggest (docs/scenario.md): moves of atoms (groups of
 * blocks) between units of one tier that reduce the councils split by the
 * tier, then raise its population-weighted fit, keeping units contiguous,
 * within their parent and (optionally) within their population band. Pure:
 * no geometry, no I/O. */
#ifndef COTERM_SUGGEST_CORE_H
#define COTERM_SUGGEST_CORE_H

#include "check_core.h"

typedef struct ct__sg_input {
    size_t natoms, nunits, ncouncils;
    const size_t *unit_of;       /* atom -> its unit at the start */
    const double *pop, *area;    /* per atom (pop NULL without a population base) */
    const size_t *part_start;    /* natoms + 1: the atom's parts in councils */
    const size_t *part_council;
    const double *part_pop, *part_area; /* part_pop NULL without a base */
    const size_t *adj_start, *adj;      /* atoms that border each atom */
    const size_t *parent;        /* per unit: moves stay between units of one parent
                                    (NULL: all one) */
    const double *council_pop;   /* whole councils, also outside the tier (NULL: none) */
    const double *council_area;
    const double *outside;       /* top tier: share of each council outside the
                                    configuration (NULL for a lower tier) */
    const bool *small;           /* per council: the tier is meant to be smaller than
                                    it, so a division into whole units is no split
                                    (check's council_divided); NULL: none */
    double tol;                  /* sliver tolerance, as check */
    const ct__ckband *band;      /* keep each unit within it (NULL: no band kept) */
    size_t max_moves;            /* 0: no limit */
} ct__sg_input;

typedef struct ct__sg_move {
    size_t from, to, council; /* the council whose atoms moved */
    size_t first, n;          /* the atoms moved: atoms[first .. first + n) */
    double pop, area;         /* moved */
    long splits_gain;         /* councils no longer split (may be 0) */
    double fit_gain;          /* people (area without a base) now in their unit's best council */
    size_t splits_after;
    double fit_after;
} ct__sg_move;

typedef struct ct__sg_result {
    size_t *unit_of;     /* each atom's unit after the moves */
    ct__sg_move *moves;  /* in the order found: the best gain per person first */
    size_t nmoves;
    size_t *atoms;
    size_t splits_before, splits_after;
    double fit_before, fit_after; /* sum over units of people in their best council */
    double total;                 /* the tier's people (area without a base) */
    bool stopped_by_max;          /* max_moves reached with improving moves left */
} ct__sg_result;

/* Search: repeatedly apply the best improving move (docs/scenario.md). */
ct_status ct__sg_search(ct_ctx *ctx, const ct__sg_input *in, ct__sg_result *out);
void ct__sg_result_free(ct__sg_result *r);

#endif
