/* The report's per-system fit figures, from the tables of one coterm fit of
 * systems (A) against a layer of councils or other units (B); definitions
 * in docs/report.md ("Per-system figures"). */
#ifndef COTERM_REPORT_CORE_H
#define COTERM_REPORT_CORE_H

#include "core.h"

/* One row of pairs.csv: system s, unit c, people in both, sliver flag. */
typedef struct ct__rfit_pair {
    size_t s, c;
    double pop;
    bool sliver;
} ct__rfit_pair;

typedef struct ct__rfit_in {
    size_t ns, nc;
    const double *s_best_share; /* a_units.best_pop_share */
    const double *c_pop;        /* b_units.pop */
    const double *c_best_share; /* b_units.best_pop_share */
    const size_t *c_best;       /* b_units.best_id as a system index, CT__NONE if none */
    const bool *c_split;        /* b_units.class == straddles */
    const ct__rfit_pair *pairs;
    size_t np;
} ct__rfit_in;

typedef struct ct__rfit_sys {
    size_t units;      /* units with a non-sliver part in the system */
    size_t split;      /* of those, units split between systems */
    double split_pop;  /* the system's people in them */
    double fit_in;     /* units in the system: sum pop(c) best_share(c) / sum pop(c)
                          over units whose best system it is (NaN: none) */
    double fit_out;    /* the system in units: its best_pop_share */
    double units_pop;  /* sum pop(c) over units whose best system it is */
} ct__rfit_sys;

/* Fill out[0..ns) from the fit's tables.
 * @return CT_OK, or CT_EINVAL for an index out of range. */
ct_status ct__report_fit(ct_ctx *ctx, const ct__rfit_in *in, ct__rfit_sys *out);

#endif
