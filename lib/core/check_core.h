/* Pure rules of coterm check over fit results and part tables: no geometry,
 * no I/O (docs/check.md defines each rule with a worked example). */
#ifndef COTERM_CHECK_CORE_H
#define COTERM_CHECK_CORE_H

#include "fit_core.h"

/* Share of a part in its unit: by population where the unit has people,
 * else by area (0 when the unit has neither). */
double ct__ck_share(double part_pop, double part_area, double unit_pop, double unit_area);

/* Expected population of a tier's units; min/max NAN: unbounded. */
typedef struct ct__ckband {
    double min, max;
} ct__ckband;
/* The national-guidance band of a well-known tier name (system, place,
 * neighbourhood; case-insensitive); false for other names. */
bool ct__ck_default_band(const char *tier, ct__ckband *out);
/* Parse "MIN:MAX" (one side may be empty: unbounded); false if malformed,
 * negative or MIN > MAX. */
bool ct__ck_band_parse(const char *s, ct__ckband *out);
/* -1 below the band, +1 above, 0 inside (or pop NaN). */
int ct__ck_band_test(const ct__ckband *b, double pop);

/* Share of a tier (by population, else area) held by units coterminous
 * with some unit of one layer. pop may be NULL. */
double ct__ck_match_share(const ct__unitfit *fit, const double *pop, const double *area,
                          size_t n);

/* The double layer: match[k * nlayers + l] is tier k's match share for
 * layer l. inter[k] is true for 0 < k < ntiers - 1 when no layer's share of
 * tier k exceeds 1/2 but some layer's share of tier k + 1 does; layer[k] is
 * then that layer (the largest share, first on ties), else CT__NONE. */
void ct__ck_intermediate(size_t ntiers, size_t nlayers, const double *match, bool *inter,
                         size_t *layer);

/* How a tier divides a statutory unit c (docs/check.md, council_split):
 * SPLIT when c's people lie in two or more of its units (n_parts non-sliver
 * parts) or, at the top tier, a share >= tol of c lies outside; DIVIDED
 * instead when the tier is meant to be smaller than c (small), no unit of it
 * crosses c's boundary (crossed false) and none of c lies outside; else
 * WHOLE. */
typedef enum ct__ckdiv { CT__CK_WHOLE = 0, CT__CK_SPLIT, CT__CK_DIVIDED } ct__ckdiv;
ct__ckdiv ct__ck_division(size_t n_parts, bool crossed, bool top, double outside, double tol,
                          bool small);
/* Whether two splits of a unit are the same: as many parts, with shares
 * (each sorted largest first) within tol of each other. */
bool ct__ck_same_split(const double *a, size_t na, const double *b, size_t nb, double tol);

/* Edits (insert, delete, substitute, swap two adjacent characters) that
 * turn a into b, ignoring ASCII case (optimal string alignment); max + 1
 * when more than max or b is longer than CT__CK_NAME_MAX bytes. */
#define CT__CK_NAME_MAX 255
size_t ct__ck_edits(const char *a, const char *b, size_t max);
/* The possible_typo rule for unit names a and b: neither has a digit
 * (codes and numbered units are not typos), and they are within min(2,
 * shorter length / 3) edits. */
bool ct__ck_similar_names(const char *a, const char *b);

/* A part of a tier unit lying in one unit of the tier above. */
typedef struct ct__ckpart {
    size_t unit, parent;
    double pop, area; /* pop NaN without a population base */
} ct__ckpart;
/* Merge parts with equal (unit, parent) and sort by unit, then largest part
 * first (population, then area), then parent; *n is updated. */
void ct__ck_parts_merge(ct__ckpart *v, size_t *n);

#endif
