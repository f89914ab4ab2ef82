/* Overlay pieces: (a unit, b unit, area, population), the table every fit
 * metric is computed from. */
#ifndef COTERM_PIECES_H
#define COTERM_PIECES_H

#include "core.h"

typedef struct ct__piece {
    size_t a, b;
    double area, pop;
} ct__piece;
typedef struct ct__pieces {
    ct__piece *v;
    size_t n, cap;
} ct__pieces;
ct_status ct__pieces_push(ct_ctx *ctx, ct__pieces *p, size_t a, size_t b, double area,
                          double pop);
void ct__pieces_free(ct__pieces *p);
/* qsort/bsearch order of pieces: by a, then b. */
int ct__piece_cmp(const void *x, const void *y);

#endif
