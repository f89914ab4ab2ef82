/* An assignment of small areas to units with fractions (CSR form): how a
 * population base is shared between the units of a layer. */
#ifndef COTERM_ASSIGNMENT_H
#define COTERM_ASSIGNMENT_H

#include "generalisation.h"

typedef struct ct__assign {
    size_t n;        /* small areas */
    size_t *start;   /* n + 1 */
    size_t *unit;
    double *frac;
    const char *how; /* "lookup", "self", "centroid", "area", "areal" */
    size_t n_outside, n_snapped, n_unassigned, n_ambiguous, n_voted;
    /* why this rule (docs/methods.md): a lookup level whose codes are all the
     * layer's ids (borrowed name, NULL if none) and its check against the
     * layer's geometry */
    const char *level;
    bool lookup_trusted;      /* the built-in layer of that level: not checked */
    bool lookup_checked;
    size_t n_contradict;      /* areas whose centroid contradicts the lookup */
    double pop_contradict;
    char contradict_example[160];
    ct__generalisation gen;   /* how generalised the layer is */
    double ambiguous_m;       /* centroids nearer a boundary are ambiguous */
    size_t levels_voted;      /* nesting levels used by the near-boundary correction */
    size_t n_kept_own;        /* moves by that vote undone by the area's own polygon */
    size_t n_doubt;           /* ambiguous areas no confident area placed */
    double pop_doubt, pop_unassigned;
    size_t n_far_placed;      /* areas far outside a layer covering England, */
    double pop_far_placed;    /* placed by their MSOA or council */
    char why[400];            /* one sentence for summary.json */
} ct__assign;
void ct__assign_free(ct__assign *a);

#endif
