/* Pure flow metrics for coterm flows (docs/flows.md): reconstruction,
 * provider spreads over zones, containment, links. No I/O, no geometry. */
#ifndef COTERM_FLOWS_CORE_H
#define COTERM_FLOWS_CORE_H

#include "assignment.h"

/* One row of a flow table: provider p, origin o and a value (a share of the
 * provider's patients, or a patient count). */
typedef struct ct__flowrow {
    size_t p, o;
    double v;
} ct__flowrow;

/* Absolute flows reconstructed from provider-side shares. */
typedef struct ct__recon {
    double *total;     /* per provider: solved total T_p >= 0 */
    double *fitted;    /* per origin: sum_p share[p,o] T_p (0 if not covered) */
    bool *covered;     /* per origin: has at least one flow row */
    size_t n_covered;
    double pop_covered;  /* people in covered origins */
    double resid_l2;     /* sqrt(sum (fitted_o - pop_o)^2), covered origins */
    double rel_l2;       /* resid_l2 / sqrt(sum pop_o^2) */
    double abs_share;    /* sum |fitted_o - pop_o| / sum pop_o */
    size_t iterations;   /* NNLS iterations */
} ct__recon;

/* Solve T >= 0 minimising sum over covered origins o of
 * (sum_p share[p,o] T_p - pop[o])^2 (rows hold shares). */
ct_status ct__flows_reconstruct(ct_ctx *ctx, const ct__flowrow *rows, size_t nrows, size_t np,
                                size_t no, const double *pop, ct__recon *out);
void ct__recon_free(ct__recon *r);

/* Sum of the values of each provider's rows into sum[0..np). */
void ct__flows_row_sums(const ct__flowrow *rows, size_t nrows, size_t np, double *sum);

/* g[p*nz + z] = sum over rows of f[k] * w(o, z), where w (n = origins)
 * spreads each origin over zones. g must be zeroed by the caller. */
void ct__flows_by_zone(const ct__flowrow *rows, size_t nrows, const double *f,
                       const ct__assign *w, size_t nz, double *g);

/* One entry of a ranked list: its share, its rank in id order, its index. */
typedef struct ct__ranked {
    double share;
    size_t rank, i;
} ct__ranked;

/* The entries i with val[i] > 0 that are kept (keep NULL: share val[i] /
 * denom >= threshold, the rule of ct__spread's n_above), largest share
 * first, ties in id order. *out (caller frees) holds *m entries. */
ct_status ct__flows_ranked(ct_ctx *ctx, const double *val, size_t n, double denom,
                           const bool *keep, double threshold, const size_t *rank,
                           ct__ranked **out, size_t *m);

/* How one provider's (or organisation's) total spreads over zones. */
typedef struct ct__spread {
    size_t home;       /* zone with the largest amount, CT__NONE if none */
    double home_share; /* g[home] / total, NaN if total is 0 */
    double li;         /* sum_z (g[z] / total)^2, NaN if total is 0 */
    size_t n_above;    /* zones with g[z] >= threshold * total (and > 0) */
} ct__spread;

/* Ties for home go to the zone with the smaller rank (id order). */
void ct__flows_spread(const double *g, size_t nz, double total, const size_t *rank,
                      double threshold, ct__spread *out);

/* Per zone: flows of its residents (sum over providers) and the part going
 * to providers whose home is that zone (home[p], CT__NONE: none). */
void ct__flows_containment(const double *g, size_t np, size_t nz, const size_t *home,
                           double *zone_flows, double *contained);

/* A provider or organisation with x of its total xp in a zone whose total is
 * xz is linked to the zone when x > 0 and x >= t*xp or x >= t*xz. */
bool ct__flows_linked(double x, double xp, double xz, double t);

/* Plurality provider of each origin: best[o] (CT__NONE without flows),
 * its flow best_flow[o] and the origin's total flows (ties: smaller rank). */
void ct__flows_plurality(const ct__flowrow *rows, size_t nrows, const double *f, size_t no,
                         const size_t *rank_p, size_t *best, double *best_flow,
                         double *origin_flows);

/* out[i*ny + j] = sum over small areas k of pop[k] x(k,i) y(k,j); out has
 * nx*ny entries and is zeroed here. */
void ct__cross_pop(const double *pop, const ct__assign *x, size_t nx, const ct__assign *y,
                   size_t ny, double *out);

/* Zone weights of each origin: w(o, z) = cross[o*nz + z] / pop[o]; origins
 * without people get none. out is a CSR with n = no. */
ct_status ct__zone_weights(ct_ctx *ctx, const double *cross, size_t no, size_t nz,
                           const double *pop, ct__assign *out);

/* Chain a (small area -> units) with m (unit -> zones, CSR with weights):
 * out(k, z) = sum_u a(k,u) m(u,z), with n = a->n. */
ct_status ct__assign_compose(ct_ctx *ctx, const ct__assign *a, const ct__assign *m,
                             ct__assign *out);

#endif
