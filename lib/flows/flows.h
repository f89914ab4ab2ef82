/* coterm flows: internal state shared by flows*.c (docs/flows.md). */
#ifndef COTERM_FLOWS_H
#define COTERM_FLOWS_H

#include "../core/flows_core.h"
#include "../findings.h"
#include "../inputs/inputs.h"

/* ---- the flow table (flows_input.c) */
typedef struct ct__flowtab {
    char *source;       /* file read */
    bool absolute;      /* patients, not shares */
    const char *value_field;
    size_t np;
    char **pids, **pnames; /* providers sorted by id; names "" if unknown */
    ct__flowrow *rows;  /* sorted by (provider, origin) */
    size_t *line;       /* data row (1 = first after the header) of each row */
    size_t nrows;
    /* repairs, for the summary */
    size_t n_dropped_unknown, n_unnamed, n_renormalised, n_dropped_nopop;
    double max_share_dev;
} ct__flowtab;

typedef struct ct__flowtab_in {
    const char *path;          /* flow table */
    const ct_layer *origins;
    const char *providers_csv; /* names; NULL: none */
    bool providers_strict;     /* an unknown provider is an error (or dropped) */
    bool drop_unknown;         /* drop rows with unknown ids, with a warning */
} ct__flowtab_in;

ct_status ct__flowtab_read(ct_ctx *ctx, ct__flowtab *t, const ct__flowtab_in *in);
/* Shares must sum to 1 within tol per provider; renormalised within tol,
 * beyond it an error unless renormalise. */
ct_status ct__flowtab_check_shares(ct_ctx *ctx, ct__flowtab *t, double tol, bool renormalise);
/* Drop rows of origins without people (pop_o[o] <= 0) and renormalise the
 * providers that lost some (shares only), reporting each. */
ct_status ct__flowtab_drop_empty(ct_ctx *ctx, ct__flowtab *t, const double *pop_o,
                                 const ct_layer *origins);
void ct__flowtab_free(ct__flowtab *t);

/* Groups of units read from CSV (places, organisations): ids sorted. */
typedef struct ct__grouping {
    size_t n;
    char **ids, **names;
    ct__assign map;  /* unit of the layer -> groups (fractions 1) */
    size_t *n_units; /* units per group */
} ct__grouping;

/* Read group_col, unit_col and optionally name_col of path; unit ids are
 * units of layer. exclusive: a unit may belong to one group only. */
ct_status ct__grouping_read(ct_ctx *ctx, ct__grouping *g, const char *path,
                            const char *group_col, const char *name_col, const char *unit_col,
                            const ct_layer *layer, bool exclusive);
void ct__grouping_free(ct__grouping *g);

/* ---- zones: systems and places, and the units linked to them */
typedef struct ct__zones {
    const char *kind;      /* "system" or "place" */
    char *tier;            /* short layer name for findings */
    char *source;          /* where the zones came from */
    ct_layer *owned;       /* a places layer opened here */
    ct__grouping grp;      /* places read from CSV */
    size_t n;
    const char *const *ids, *const *names;
    size_t *rank;          /* id order, for ties */
    ct__assign asg;        /* small area -> zone */
    double *pop;           /* residents */
    ct__assign w;          /* origin -> zone weights */
    double *g;             /* np x n provider flows */
    double *h;             /* np x n provider shares by zone (share tables), or NULL */
    double *flows, *contained; /* per zone */
    ct__spread *sp;        /* per provider */
} ct__zones;

/* Statutory and other organisations counted in a system's intensity. */
typedef struct ct__orgset {
    const char *kind;     /* "council", "commissioner", "org" */
    ct_layer *layer;      /* owned (councils, commissioners, polygon orgs) */
    ct__grouping grp;     /* CSV organisations */
    const ct_layer *units;/* their unit layer (borrowed or units_owned) */
    ct_layer *units_owned;
    size_t n;
    const char *const *ids, *const *names;
    char *source;
    ct__assign asg;       /* small area -> organisation (overlaps allowed) */
    double *pop;          /* people in each organisation's footprint */
    double *x_sys, *x_pl; /* n x systems, n x places: people in both */
    ct__spread *sp_sys, *sp_pl;
    size_t *n_units;      /* units listed, or small areas inside */
    size_t *rank;
} ct__orgset;

typedef struct ct__flowrun {
    double threshold, share_tol, min_containment, tol;
    bool renormalise, drop_unknown;
    const char *places_spec, *places_blocks_spec, *orgs_spec, *orgs_units_spec;
    const ct_layer *origins;
    const ct_pop *pop;
    ct__flowtab tab;
    size_t *rank_p;        /* providers are sorted: rank_p[p] = p */
    ct__assign asg_o;      /* small area -> origin */
    double *pop_o;
    bool has_places;
    ct__zones sys, pl;
    ct__recon recon;       /* only for shares */
    double *f;             /* absolute flow of each row */
    double *patients;      /* per provider */
    double *share_total;   /* per provider: its shares' sum (share tables) */
    size_t *best;          /* plurality provider per origin */
    double *best_flow, *origin_flows;
    ct__orgset councils, commissioners, orgs;
    bool has_councils, has_commissioners, has_orgs;
    size_t *hq_sys;        /* system holding each provider's site, or none */
    bool has_sites;
    char *sites_source;
} ct__flowrun;

/* What a provider's home, share and zones are computed from (docs/flows.md):
 * its flows by zone, or, for a provider the reconstruction gives no
 * patients, its own shares by zone. */
typedef struct ct__basis {
    const double *v; /* n amounts by zone */
    double total;
    const char *name; /* "patients" (counts given), "flows" or "shares" */
} ct__basis;
ct__basis ct__flows_basis(const ct__flowrun *run, const ct__zones *z, size_t p);

/* flows_zones.c */
/* Places from a coterm check configuration (block, ..., place): its blocks
 * may be origins, small areas of the base, units of a base level or of the
 * PLACES_BLOCKS layer (flows_config.c); fills z->grp (ids, names) and z->asg. */
ct_status ct__flows_places_config(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z,
                                  const char *path);
ct_status ct__flows_zones(ct_ctx *ctx, ct__flowrun *run, const ct_layer *systems);
ct_status ct__flows_orgsets(ct_ctx *ctx, ct__flowrun *run, const char *councils,
                            const char *commissioners);
void ct__zones_free(ct__zones *z);
void ct__orgset_free(ct__orgset *o);
/* Short name of a layer for findings: the part after the last ':'. */
const char *ct__layer_short(const ct_layer *l);
/* Whether a spec names a CSV table (ends with .csv). */

/* flows_sites.c: hq_sys from a point layer (spec NULL or NONE: none) */
ct_status ct__flows_sites(ct_ctx *ctx, ct__flowrun *run, const ct_layer *systems,
                          const char *spec);

/* flows_tables.c */
ct_status ct__flows_tables(ct_ctx *ctx, const ct__flowrun *run, ct_result *r);
/* flows_catch.c */
ct_status ct__flows_catchments(ct_ctx *ctx, const ct__flowrun *run, ct_result *r);
/* flows_findings.c */
ct_status ct__flows_findings(ct_ctx *ctx, const ct__flowrun *run, ct_result *r);
ct_status ct__flows_summary(ct_ctx *ctx, const ct__flowrun *run, const char *flows_csv,
                            ct_result *r);

/* Text "id:share;id:share" of the entries of g (n zones, of total) at or
 * above threshold, largest first (caller frees). */
char *ct__flows_list(const double *g, size_t n, double total, double threshold,
                     const char *const *ids, const size_t *rank);

#endif
