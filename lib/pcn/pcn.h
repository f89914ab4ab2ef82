/* Internal state of ct_pcn, shared by pcn*.c (docs/pcn.md). */
#ifndef COTERM_PCN_H
#define COTERM_PCN_H

#include "../core/pcn_core.h"
#include "../findings.h"
#include "../inputs/inputs.h"

/* PCNs: from the membership file, plus any only the registration table names. */
typedef struct ct__pcnset {
    size_t n, cap;
    char **codes, **names;
    char **ccg, **stp;    /* plurality of the member practices' parents ("" if none) */
    size_t *n_practices;  /* member practices */
    size_t *n_ccgs;       /* distinct CCGs among them */
    ct__strmap *index;
} ct__pcnset;

/* Practices: membership rows, their PCN and location. */
typedef struct ct__pracset {
    size_t n;
    char **codes, **ccg, **stp;
    size_t *pcn;          /* CT__NONE: placeholder ("unallocated") or none */
    double *x, *y;        /* NaN until located */
    ct__strmap *index;
    size_t n_placeholder, n_located, n_unlocated, n_not_in_membership;
    char *unlocated_example;
} ct__pracset;

/* Non-geographic and foreign codes of a registration table, counted. */
enum { REG_EMPTY, REG_CLOSED, REG_L99, REG_M99, REG_WALES, REG_SCOTLAND, REG_NI,
       REG_ENGLAND_UNKNOWN, REG_OTHER, REG_NCATS };

typedef struct ct__regtab {
    char *source;
    size_t rows, practices, pcns;
    double patients;
    size_t codes_exact, codes_bridged, codes_bridged_split;
    double patients_exact, patients_bridged;
    size_t cat_rows[REG_NCATS];
    double cat_patients[REG_NCATS];
    size_t practices_moved, practices_unknown;
    ct__shares counts;   /* area -> PCN patients (frac = patients) */
    double *registered;  /* list size per PCN (every row of its practices) */
    bool *in_table;      /* PCNs of the table's practices */
} ct__regtab;

/* A parent tier the PCNs are measured against. */
typedef struct ct__parent {
    const char *key;     /* "ltla", "utla", "ccg", "system", "place" */
    char *spec;          /* where it came from */
    size_t n;
    char **ids;          /* unit ids (owned) */
    char **names;        /* unit names (owned), or NULL (places from CSV) */
    ct__assign asg;      /* small area -> unit */
    ct__pair *pairs;     /* PCN x unit by population */
    size_t np;
    ct__unitfit *fit;    /* per PCN */
} ct__parent;

#define CT__PCN_NPARENTS 5

typedef struct ct__pcnrun {
    const ct_pop *pop;
    double tol, band_lo, band_hi;
    double *x, *y;       /* area centroids in the measuring CRS (borrowed or owned) */
    bool own_xy;
    ct__pcnset pcns;
    ct__pracset prac;
    ct__practices idx;
    bool has_catchments;
    char *catch_source;
    size_t catch_units, catch_repairs, catch_unmatched, pcns_without_catchment;
    size_t *cand_start, *cand;
    bool has_reg;
    ct__regtab reg;
    ct__shares geo;      /* the geometric method, every PCN */
    ct__shares final;    /* what is reported (registrations where given) */
    ct__pcn_combine_stats comb;
    double *pcn_pop, *pcn_unc, *geo_pop, *geo_unc;
    size_t *main;        /* area -> main PCN */
    ct__parent parents[CT__PCN_NPARENTS];
    size_t nparents;
    ct__parent within;   /* WITHIN=LAYER:CODE: the layer (key NULL: none) */
    size_t within_unit;  /* CODE's unit in it */
    bool *keep;          /* per PCN: its footprint lies mostly in that unit (all without) */
} ct__pcnrun;

void ct__pcnrun_free(ct__pcnrun *run);

/* pcn_inputs.c */
ct_status ct__pcn_read_membership(ct_ctx *ctx, ct__pcnrun *run, const char *path);
ct_status ct__pcn_parents_of_pcns(ct_ctx *ctx, ct__pcnrun *run);
ct_status ct__pcn_locate_practices(ct_ctx *ctx, ct__pcnrun *run, const char *spec);
ct_status ct__pcn_catchments(ct_ctx *ctx, ct__pcnrun *run, const char *spec);
ct_status ct__pcn_open_parent(ct_ctx *ctx, ct__pcnrun *run, const char *key, const char *spec,
                              const char *place_field);
/* As ct__pcn_open_parent, into par (not one of run's parents). */
ct_status ct__pcn_open_parent_in(ct_ctx *ctx, ct__pcnrun *run, ct__parent *par, const char *key,
                                 const char *spec, const char *place_field);

/* pcn_reg.c */
ct_status ct__pcn_read_registrations(ct_ctx *ctx, ct__pcnrun *run, const char *path,
                                     const char *area_field, const char *pcn_field,
                                     const char *areas_spec);
void ct__regtab_free(ct__regtab *r);
/* JSON key of a registration code category (REG_EMPTY ...). */
const char *ct__pcn_regcat_name(size_t c);

/* pcn_out.c */
ct_status ct__pcn_result(ct_ctx *ctx, ct__pcnrun *run, ct_result *r);

#endif
