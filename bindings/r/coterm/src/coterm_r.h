/* coterm R glue: what the files of src/ share. The glue calls libcoterm's
 * public API only, through function pointers resolved when the package
 * loads (api.c), and keeps no metric logic. */
#ifndef COTERM_R_H
#define COTERM_R_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include <stdbool.h>

#include <coterm.h>

/* Every libcoterm function the glue calls. */
#define CTR_FUNCTIONS(X)                                                              \
    X(ct_version) X(ct_version_number) X(ct_ctx_new) X(ct_ctx_free) X(ct_errcode)     \
    X(ct_errmsg) X(ct_status_name) X(ct_diag_count) X(ct_diag_kind_at)                \
    X(ct_diag_message) X(ct_table_name) X(ct_table_nrows) X(ct_table_ncols)           \
    X(ct_table_colname) X(ct_table_coltype) X(ct_table_text) X(ct_table_real_column)  \
    X(ct_table_geom) X(ct_table_crs) X(ct_table_free) X(ct_result_ntables)            \
    X(ct_result_table) X(ct_result_ndocs) X(ct_result_doc_name) X(ct_result_doc)      \
    X(ct_result_free) X(ct_layer_open) X(ct_layer_from_wkb) X(ct_layer_free)          \
    X(ct_layer_size) X(ct_layer_id) X(ct_layer_name) X(ct_layer_area)                 \
    X(ct_layer_source) X(ct_layer_id_field) X(ct_layer_crs) X(ct_layer_repairs)       \
    X(ct_pop_open) X(ct_pop_free) X(ct_pop_size) X(ct_pop_total) X(ct_layers_list)    \
    X(ct_fit) X(ct_bestfit) X(ct_check) X(ct_check_tiers) X(ct_flows) X(ct_pcn)

/* Functions of later versions: NULL when the loaded library lacks them. */
#define CTR_OPTIONAL(X)                                                               \
    X(ct_report_job_new) X(ct_report_job_nsteps) X(ct_report_job_step_name)           \
    X(ct_report_job_step) X(ct_report_job_page) X(ct_report_job_json)                 \
    X(ct_report_job_free)

#define CTR_MEMBER(f) __typeof__(f) *f;
typedef struct ctr_api {
    CTR_FUNCTIONS(CTR_MEMBER)
    CTR_OPTIONAL(CTR_MEMBER)
} ctr_api;
#undef CTR_MEMBER

/* The loaded library; every member is NULL until load succeeds. */
extern ctr_api ctr;

/* Kinds of handle; a context owns the others. */
typedef enum ctr_kind {
    CTR_CTX, CTR_LAYER, CTR_POP, CTR_RESULT, CTR_TABLE, CTR_REPORT, CTR_NKINDS
} ctr_kind;

/* A new handle of a kind holding nothing yet, with its finalizer registered;
 * ctx is the owning context's handle (R_NilValue for a context). The caller
 * PROTECTs it, then hands it the C object with ctr_adopt. */
SEXP ctr_handle_new(ctr_kind kind, SEXP ctx);
/* Give a handle its C object (NULL: nothing to own, e.g. a failed call). */
void ctr_adopt(SEXP handle, void *ptr);
/* The C object of a handle of that kind; an R error if it is closed or of
 * another kind. NULL for R_NilValue when null_ok. */
void *ctr_get(SEXP handle, ctr_kind kind, bool null_ok);
/* The context of a context handle (an R error if closed). */
ct_ctx *ctr_ctx(SEXP ctx);
/* Free a handle's C object now (a context first frees its children). */
void ctr_close(SEXP handle);

/* The failure of a call on ctx with status st: list(status, status_name,
 * message) of class "coterm_failure", which the R code turns into a
 * condition. */
SEXP ctr_failure(ct_ctx *ctx, ct_status st);

/* C strings of a character vector (NA -> NULL), in R_alloc memory, with a
 * NULL after the last; NULL for R_NilValue. */
const char **ctr_strings(SEXP x);
/* "KEY=VALUE" options: as ctr_strings, NULL when empty. */
const char *const *ctr_opts(SEXP x);
/* One string or NULL (R_NilValue or NA). */
const char *ctr_string(SEXP x);

/* A table as a named list of columns with attributes "geometry" (the first
 * geometry column's name, if any) and "crs". */
SEXP ctr_table_to_r(const ct_table *t);

#endif
