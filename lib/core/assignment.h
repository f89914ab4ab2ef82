/* An assignment of small areas to units with fractions (CSR form): how a
 * population base is shared between the units of a layer. */
#ifndef COTERM_ASSIGNMENT_H
#define COTERM_ASSIGNMENT_H

#include "core.h"

typedef struct ct__assign {
    size_t n;        /* small areas */
    size_t *start;   /* n + 1 */
    size_t *unit;
    double *frac;
    const char *how; /* "lookup", "self", "centroid", "area", "areal" */
    size_t n_outside, n_snapped, n_unassigned, n_ambiguous, n_voted;
} ct__assign;
void ct__assign_free(ct__assign *a);

#endif
