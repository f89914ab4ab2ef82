/* coterm check: state shared by the configuration checker's files
 * (docs/check.md). */
#ifndef COTERM_CHECK_H
#define COTERM_CHECK_H

#include "../core/check_core.h"
#include "../findings.h"
#include "../fit/fit.h"

#define CT__CK_MAX_TIERS 16

/* A configuration in memory: one row per block, and per tier (top first)
 * the label of the block's unit and optionally that unit's name. Built by
 * ct__ckconf_read from CSV, or by hand (e.g. a configuration with blocks
 * moved): every string is owned (ct__malloc/ct__strdup) and freed by
 * ct__ckconf_free. */
typedef struct ct__ckconf {
    char *source;   /* for messages and summary.json: the CSV path or a description */
    size_t ntiers, nrows;
    char **tier;    /* tier names, top first */
    char **code;    /* block id of each row */
    size_t *line;   /* file line of each row for messages, or NULL (rows 1..n) */
    char **cell;    /* nrows x ntiers unit labels, row-major: cell[r * ntiers + t] */
    char **name;    /* nrows x ntiers unit names (NULL or "": none, the label
                     * serves), or NULL for no names at all */
} ct__ckconf;

/* Read a configuration CSV (block, then tier columns, each optionally
 * followed by TIER_name). opts: the ct_check options (IGNORE=COLUMN).
 * CT_EFORMAT for a bad header, CT_EDATA for bad rows (ct__ckconf_validate). */
ct_status ct__ckconf_read(ct_ctx *ctx, const char *path, const char *const *opts,
                          ct__ckconf *out);
/* Zeroed arrays for ntiers x nrows (and names if asked); source copied. */
ct_status ct__ckconf_alloc(ct_ctx *ctx, ct__ckconf *c, const char *source, size_t ntiers,
                           size_t nrows, bool names);
/* A deep copy (to edit, e.g. move blocks between units). */
ct_status ct__ckconf_copy(ct_ctx *ctx, const ct__ckconf *src, ct__ckconf *out);
/* CT_EFORMAT for bad tier names, CT_EDATA for a blank code or label, a
 * block listed twice or a unit label given two names; messages name rows. */
ct_status ct__ckconf_validate(ct_ctx *ctx, const ct__ckconf *c);
void ct__ckconf_free(ct__ckconf *c);
/* The status bad unless name is a usable tier name (not empty, not reserved). */
ct_status ct__ck_tier_name_check(ct_ctx *ctx, ct_status bad, const char *src, const char *name);

typedef struct ct__cktier {
    char *name;
    const ct_layer *layer; /* the tier's units */
    ct_layer *owned;       /* dissolved from blocks (configurations) */
    double *pop;           /* per unit; NULL without a population base */
    size_t *n_blocks;      /* per unit (configurations), else NULL */
    ct__assign asg;        /* small areas -> units (n == 0 without a base) */
    ct__ckpart *parts;     /* parts in the tier above (k > 0), merged */
    size_t nparts;
    size_t *first_part;    /* n + 1 offsets of each unit's parts */
    ct__fitrun up;         /* nesting in the tier above (k > 0) */
    ct__fitrun *vs;        /* nesting in each statutory layer */
    double *match;         /* per layer: share of the tier coterminous with it */
    bool *straddles_any;   /* per unit: straddles some statutory layer */
} ct__cktier;

typedef struct ct__check {
    ct_ctx *ctx;
    const char *config;     /* configuration source, or NULL for polygon tiers */
    const ct__ckconf *conf; /* configurations only */
    const ct_layer *blocks; /* configurations only */
    ct__assign block_asg;
    double *block_pop;      /* per block; NULL without a base */
    bool *listed;           /* per block: assigned by a row */
    size_t *row_block;      /* per row: block index */
    size_t ntiers;
    ct__cktier *tier;
    size_t nagainst;
    const ct_layer **against;
    char **label;           /* per statutory layer: short name */
    ct__assign *against_asg;
    const ct_pop *pop;
    ct__method method;
    double tol;
    char fitbuf[2][64];
    const char *fitopts[3];
    char *blocks_label;
    ct__ckband *band;       /* per tier */
    bool *has_band;
    ct__findings findings;
    ct_layer *own_blocks;   /* opened by default */
    ct_layer **own_against;
} ct__check;

/* Run the whole check (as ct_check) on a configuration held in memory,
 * which is validated first and only read (ct_check reads one from CSV);
 * conf->source names it in messages; blocks NULL: the built-in ltla21. */
ct_status ct__check_conf(ct_ctx *ctx, ct_result **out, const ct__ckconf *conf,
                         const ct_layer *blocks, const ct_layer *const *against,
                         size_t nagainst, const ct_pop *pop, const char *const *opts);

/* check_tiers.c: tiers from a configuration and blocks, or from layers. */
ct_status ct__ck_tiers_from_config(ct__check *c);
ct_status ct__ck_tiers_from_layers(ct__check *c, const char *const *names,
                                   const ct_layer *const *layers, size_t n);
/* Each row's block index in b (row_block[nrows]); CT_EDATA naming the line
 * of the first unknown code and how many more there are. */
ct_status ct__ckconf_map_blocks(ct_ctx *ctx, const ct__ckconf *cf, const ct_layer *b,
                               size_t *row_block);
/* Merge a tier's parts and index them by unit (first_part). */
ct_status ct__ck_parts_index(ct_ctx *ctx, ct__cktier *t);

/* check_nest.c: overlay each tier with its parent and each statutory layer. */
ct_status ct__ck_nest(ct__check *c);
/* The pair of unit u of run's side a with its best partner, or NULL. */
const ct__pair *ct__ck_best_pair(const ct__fitrun *run, size_t u);
/* Share of u in its best partner and of that partner in u. */
void ct__ck_best_shares(const ct__fitrun *run, size_t u, double *self, double *other);

/* check_coverage.c: coverage_gap, coverage_overlap. */
ct_status ct__ck_rule_coverage(ct__check *c);

/* check_rules.c: straddles_parent, intermediate_tier, no_statutory_match,
 * not_coterminous. */
ct_status ct__ck_rule_nesting(ct__check *c);
/* check_split.c: council_split, council_divided. */
ct_status ct__ck_rule_divisions(ct__check *c);
/* check_pieces.c: discontiguous (configurations). */
ct_status ct__ck_rule_pieces(ct__check *c);
/* check_typo.c: possible_typo. */
ct_status ct__ck_rule_typos(ct__check *c);

/* check_bands.c: population bands from options and population_out_of_band. */
/* Bands of the tiers named (before they are built), so typos fail early. */
ct_status ct__ck_bands_parse(ct__check *c, const char *const *names, size_t n,
                             const char *const *opts);
ct_status ct__ck_rule_bands(ct__check *c);

/* check_tables.c: the units, nesting, tier and findings tables. */
ct_status ct__ck_tables(ct__check *c, ct_result *r);

/* check_text.c: wording of messages. */
/* "1,234,567 people" (or "an unknown number of people" for NaN). */
void ct__ck_people(char *buf, size_t cap, double pop);
/* "Name (CODE)" for a statutory unit, or its code when it has no name. */
void ct__ck_unit_label(char *buf, size_t cap, const ct_layer *l, size_t u);
/* "Name (CODE, 1,234 people)", or "CODE (1,234 people)" without a name. */
void ct__ck_unit_label_people(char *buf, size_t cap, const ct_layer *l, size_t u, double pop);
/* Separator before item i of n in a list: "", ", " or " and ". */
void ct__ck_list_sep(char *buf, size_t cap, size_t i, size_t n);
/* Percentage with no decimals, e.g. "87%" ("<1%" above 0). */
void ct__ck_percent(char *buf, size_t cap, double share);

/* A tier unit in a message: "Elmbridge West (E07000207W)", or "'Bolton'"
 * when its name is its label (new string; NULL: no memory). */
char *ct__ck_unit_text(const ct_layer *l, size_t u);
/* A unit's name, or its id when it has none. */
const char *ct__ck_name(const ct_layer *l, size_t u);
/* Add a finding built from a printf message. */
ct_status ct__ck_add(ct__check *c, const ct__finding *f, json_t *extra, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
