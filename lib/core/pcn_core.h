/* PCN neighbourhoods: the arithmetic of assigning small areas to PCNs, over
 * coordinates, candidate lists and shares only (docs/pcn.md). */
#ifndef COTERM_PCN_CORE_H
#define COTERM_PCN_CORE_H

#include "assignment.h"
#include "fit_core.h"

/* How a share was decided; one per share row, stable names in areas.csv. */
typedef enum ct__pcn_how {
    CT__PCN_CATCHMENT = 0,    /* the only candidate PCN: "catchment" */
    CT__PCN_SPLIT = 1,        /* split between candidates by distance: "catchment+distance" */
    CT__PCN_NEAREST = 2,      /* no catchment holds the centroid: "nearest-practice" */
    CT__PCN_REGISTRATIONS = 3 /* registered patients by small area: "registrations" */
} ct__pcn_how;
const char *ct__pcn_how_name(ct__pcn_how h);

/* Shares of small areas in PCNs, CSR: area i owns rows start[i]..start[i+1]. */
typedef struct ct__shares {
    size_t n;           /* areas */
    size_t *start;      /* n + 1 */
    size_t *unit;       /* PCN of each row */
    double *frac;       /* share of the area's people (registrations: patients) */
    unsigned char *how; /* ct__pcn_how of each row */
    double *uncertain;  /* per area: share of its people plausible alternatives move */
    size_t nrows, cap;
} ct__shares;
ct_status ct__shares_init(ct_ctx *ctx, ct__shares *s, size_t n);
/* Append a row to the area being built (areas are built in order). */
ct_status ct__shares_push(ct_ctx *ctx, ct__shares *s, size_t unit, double frac,
                          ct__pcn_how how);
/* Close area i: its rows are those pushed since area i - 1 was closed. */
void ct__shares_close(ct__shares *s, size_t i, double uncertain);
void ct__shares_free(ct__shares *s);

/* Practices as points with a PCN each, indexed for nearest searches. */
typedef struct ct__practices {
    size_t n;
    const double *x, *y; /* NaN: not located */
    const size_t *pcn;   /* CT__NONE: in no PCN */
    size_t npcn;
    size_t *order;  /* located practices with a PCN, sorted by x */
    size_t nsorted;
    size_t *pcn_start, *pcn_prac; /* CSR: located practices of each PCN */
} ct__practices;
ct_status ct__practices_index(ct_ctx *ctx, ct__practices *p);
void ct__practices_free(ct__practices *p);
/* Nearest indexed practice whose PCN is not excluded (CT__NONE if none). */
size_t ct__practices_nearest(const ct__practices *p, double x, double y, const bool *exclude,
                             double *dist);
/* Distance to the nearest located practice of PCN k (INFINITY if none). */
double ct__practices_pcn_dist(const ct__practices *p, size_t k, double x, double y);

/* Constants of the geometric method (docs/pcn.md). */
#define CT__PCN_FLOOR_M 500.0   /* distances below this count as this */
#define CT__PCN_NEAR_FACTOR 2.0 /* no catchment: PCNs with a practice this close x the nearest */
#define CT__PCN_MIN_SHARE 0.01  /* smaller shares are dropped (uncertainty keeps them) */

typedef struct ct__pcn_geo_in {
    size_t n;
    const double *x, *y;              /* area centroids */
    const size_t *cand_start, *cand;  /* PCNs whose catchment holds each centroid (or NULL) */
    const ct__practices *prac;
    const bool *exclude;              /* PCNs not to use (NULL: none) */
} ct__pcn_geo_in;

/* The geometric method: catchment candidates plus the nearest practice's
 * PCN, weighted by inverse square distance to each PCN's nearest practice. */
ct_status ct__pcn_geo_shares(ct_ctx *ctx, const ct__pcn_geo_in *in, ct__shares *out);

typedef struct ct__pcn_combine_stats {
    size_t n_registered; /* areas with registrations */
    size_t n_mixed;      /* areas shared between the table's PCNs and others */
    size_t n_scaled;     /* registrations below population and no other candidate */
    size_t n_fallback;   /* no registrations and only the table's PCNs nearby */
} ct__pcn_combine_stats;

/* Registration mode: reg holds patients by area and PCN (frac = patients);
 * rest is the geometric answer without the table's PCNs, all with them. */
ct_status ct__pcn_combine(ct_ctx *ctx, const ct__shares *reg, const double *pop,
                          const ct__shares *rest, const ct__shares *all, ct__shares *out,
                          ct__pcn_combine_stats *stats);

/* Population and uncertain population of each PCN; main[i] is the PCN with
 * the largest share of area i (lowest index on ties; CT__NONE if none). */
void ct__pcn_totals(const ct__shares *s, const double *pop, size_t npcn, double *pcn_pop,
                    double *pcn_uncertain, size_t *main);

/* PCNs against a parent assignment by population: pairs (a = PCN, b =
 * parent unit; freed with free()) and each PCN's class and best parent. */
ct_status ct__pcn_parent_fit(ct_ctx *ctx, const ct__shares *s, const double *pop,
                             const ct__assign *parent, size_t nparent, size_t npcn,
                             double tol, ct__pair **pairs, size_t *np, ct__unitfit *fit);

/* Population placed alike by a and b over the masked areas:
 * sum pop_i sum_k min(a_ik, b_ik) / sum pop_i (NULL mask: all areas). */
double ct__shares_agreement(const ct__shares *a, const ct__shares *b, const double *pop,
                            const bool *mask, double *pop_compared);

#endif
