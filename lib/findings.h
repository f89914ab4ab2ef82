/* Findings: the shared vocabulary of findings.json (the "Findings" sections
 * of docs/check.md, docs/flows.md and docs/pcn.md). */
#ifndef COTERM_FINDINGS_H
#define COTERM_FINDINGS_H

#include "ct_private.h"
#include "jsonutil.h"

/* 2: unit_names and against_names; findings ordered by severity, then people */
#define CT__FINDINGS_VERSION 2

typedef struct ct__findings {
    json_t *list; /* array of finding objects */
} ct__findings;

typedef struct ct__finding {
    const char *type;     /* e.g. "council_split" */
    const char *severity; /* "error", "warning" or "info" */
    const char *tier;     /* tier or layer the units belong to, or NULL */
    const char *const *units;
    size_t nunits;
    const char *against;  /* statutory layer, or NULL */
    const char *const *against_units;
    size_t nagainst;
    double population;    /* people affected (NaN: not known) */
    const char *message;  /* one sentence a planner can read */
    /* names beside units and against_units (same lengths); NULL, or a NULL
     * or empty entry: the unit's id stands for its name */
    const char *const *unit_names;
    const char *const *against_names;
} ct__finding;

ct_status ct__findings_init(ct_ctx *ctx, ct__findings *f);
/* Add one finding; extra (may be NULL) is merged into it and consumed. */
ct_status ct__findings_add(ct_ctx *ctx, ct__findings *f, const ct__finding *x, json_t *extra);
/* As ct__findings_add for a finding whose message and extra were just built:
 * either being NULL is an allocation failure. extra is consumed. */
ct_status ct__findings_add_new(ct_ctx *ctx, ct__findings *f, const ct__finding *x,
                               json_t *extra);
size_t ct__findings_count(const ct__findings *f);
/* Order by severity (error, warning, info), then people affected (largest
 * first; unknown last), then the order they were added. */
ct_status ct__findings_sort(ct_ctx *ctx, ct__findings *f);
/* Sort (ct__findings_sort), then move {"version": 2, "findings": [...]} into
 * the result as document "findings". */
ct_status ct__findings_to_result(ct_ctx *ctx, ct__findings *f, ct_result *r);
void ct__findings_free(ct__findings *f);

#endif
