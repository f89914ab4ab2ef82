/* Pure fit metrics over piece tables: no geometry, no I/O (docs/metrics.md). */
#ifndef COTERM_FIT_CORE_H
#define COTERM_FIT_CORE_H

#include "pieces.h"

typedef enum ct__class {
    CT__COTERMINOUS = 0,
    CT__NESTED = 1,
    CT__CONTAINS = 2,
    CT__STRADDLES = 3,
    CT__UNMATCHED = 4
} ct__class;
#define CT__NCLASSES 5
const char *ct__class_name(ct__class c);

/* One side of an overlay: per-unit area and population (pop NULL: none). */
typedef struct ct__side {
    size_t n;
    const double *area;
    const double *pop;
} ct__side;

/* The share that decides fit for unit u of side s: pop / pop(u) where u has
 * people, else area / area(u) (0 when u has neither). */
double ct__measure_share(const ct__side *s, size_t u, double pop, double area);

typedef struct ct__pair {
    size_t a, b;
    double area, pop;
    double a_area_share, b_area_share, a_pop_share, b_pop_share;
    bool sliver;
} ct__pair;

/* Merge pieces with equal (a, b), compute shares and sliver flags, and sort
 * by (rank_a[a], rank_b[b]). *out is freed with free(). */
ct_status ct__pairs_from_pieces(ct_ctx *ctx, const ct__pieces *pc, const ct__side *a,
                                const ct__side *b, const size_t *rank_a, const size_t *rank_b,
                                double tol, ct__pair **out, size_t *n_out);

typedef struct ct__unitfit {
    ct__class cls;
    size_t best; /* partner unit, CT__NONE if unmatched */
    double best_area_share, best_pop_share;
    size_t n_parts; /* non-sliver partners */
} ct__unitfit;

/* Classify every unit of one side against the other. */
ct_status ct__classify(ct_ctx *ctx, const ct__pair *pairs, size_t np, bool side_a,
                       const ct__side *self, const ct__side *other, double tol,
                       ct__unitfit *out);

typedef struct ct__fitindex {
    double pop_weighted;   /* sum pop(u) * best_pop_share(u) / sum pop(u) */
    double area_weighted;  /* sum area(u) * max area share(u) / sum area(u) */
    double share_coterminous;
    size_t counts[CT__NCLASSES];
} ct__fitindex;

/* Headline indices of one side; max_area_share[u] is u's largest area share. */
void ct__fit_index(const ct__unitfit *u, const double *max_area_share, const ct__side *self,
                   ct__fitindex *out);

/* Largest area share of each unit of one side over its pairs. */
void ct__max_area_share(const ct__pair *pairs, size_t np, bool side_a, size_t n, double *out);

#endif
