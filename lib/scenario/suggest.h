/* coterm suggest: the tables the search runs on, built from a configuration,
 * its blocks and a statutory layer (suggest_prep.c), and the result
 * (suggest.c). */
#ifndef COTERM_SUGGEST_H
#define COTERM_SUGGEST_H

#include "../core/suggest_core.h"
#include "scenario.h"

/* Blocks within 1 m of each other are neighbours: generalised layers leave
 * hairline gaps between units that share a boundary. */
#define CT__SG_NEIGHBOUR_M 1.0

typedef struct sgprep {
    ct_ctx *ctx;
    const ct_config *cfg;
    const ct_layer *blocks, *against;
    size_t k;               /* the tier */
    size_t *row_block;      /* row -> block */
    size_t nunits;
    const char **unit_id;   /* labels of tier k (borrowed from cfg) */
    size_t *unit_row;       /* a row of each unit (its label and name) */
    size_t *parent;         /* unit -> parent index (tier k - 1), or NULL */
    size_t natoms;          /* groups of rows with the same units at tiers k, k + 1 */
    size_t *row_atom, *atom_unit;
    size_t *atom_rows_start, *atom_rows; /* atom -> its rows, in row order */
    double *atom_pop, *atom_area;
    size_t *part_start, *part_council;
    double *part_pop, *part_area;
    size_t *adj_start, *adj;
    double *outside;        /* top tier: council share outside the configuration */
    bool *small;            /* per council: the tier is meant to be smaller than it */
    ct__fitrun run;         /* blocks x against, assigned as ct_check assigns them */
    ct__ckband band;
    bool has_band, keep_band;
    size_t max_moves;
    ct__method method;
    double tol;
} sgprep;

/* Parse options, check the tier, and build every table. */
ct_status ct__sg_prepare(sgprep *p, const char *tier, const ct_pop *pop,
                         const char *const *opts);
void ct__sg_prep_free(sgprep *p);
/* The search's input over the prepared tables. */
void ct__sg_input_of(const sgprep *p, ct__sg_input *in);

#endif
