/* Handles: R external pointers that own one libcoterm object each.
 *
 * Each C object is freed exactly once, by close() or by the finalizer when R
 * collects the handle (or at exit). A child (layer, population base, result,
 * table) keeps its context's handle alive, but R may finalize both in one
 * collection in either order; since C objects must not outlive their
 * context, a context frees its open children before itself and the records
 * are unlinked so that neither side touches the other afterwards. */
#include "coterm_r.h"

#include <stdlib.h>

typedef struct ctr_obj {
    ctr_kind kind;
    void *ptr;                    /* NULL once freed (or never set) */
    struct ctr_obj *owner;        /* the context's record while both are open */
    struct ctr_obj *prev, *next;  /* siblings among the owner's children */
    struct ctr_obj *children;     /* a context's open children */
} ctr_obj;

static const char *const kind_names[CTR_NKINDS] = {"ctx", "layer", "pop", "result", "table",
                                                   "report"};
static int live[CTR_NKINDS];

static void unlink_child(ctr_obj *o)
{
    if (!o->owner)
        return;
    if (o->prev)
        o->prev->next = o->next;
    else
        o->owner->children = o->next;
    if (o->next)
        o->next->prev = o->prev;
    o->owner = o->prev = o->next = NULL;
}

static void free_object(ctr_obj *o)
{
    if (!o->ptr)
        return;
    switch (o->kind) {
    case CTR_CTX:
        while (o->children)
            free_object(o->children);
        ctr.ct_ctx_free(o->ptr);
        break;
    case CTR_LAYER: ctr.ct_layer_free(o->ptr); break;
    case CTR_POP: ctr.ct_pop_free(o->ptr); break;
    case CTR_RESULT: ctr.ct_result_free(o->ptr); break;
    case CTR_TABLE: ctr.ct_table_free(o->ptr); break;
    case CTR_REPORT: ctr.ct_report_job_free(o->ptr); break;
    default: break;
    }
    unlink_child(o);
    o->ptr = NULL;
    live[o->kind]--;
}

static void finalize(SEXP x)
{
    ctr_obj *o = R_ExternalPtrAddr(x);
    if (!o)
        return;
    free_object(o);
    free(o);
    R_ClearExternalPtr(x);
}

static SEXP handle_tag(void)
{
    static SEXP tag = NULL;
    if (!tag)
        tag = Rf_install("coterm_handle");
    return tag;
}

SEXP ctr_handle_new(ctr_kind kind, SEXP ctx)
{
    /* registered before the record exists: an R allocation error cannot leak it */
    SEXP x = PROTECT(R_MakeExternalPtr(NULL, handle_tag(), ctx));
    R_RegisterCFinalizerEx(x, finalize, TRUE);
    ctr_obj *o = calloc(1, sizeof *o);
    if (!o)
        Rf_error("coterm: out of memory");
    o->kind = kind;
    R_SetExternalPtrAddr(x, o);
    UNPROTECT(1);
    return x;
}

static ctr_obj *record(SEXP x)
{
    if (TYPEOF(x) != EXTPTRSXP || R_ExternalPtrTag(x) != handle_tag())
        Rf_error("coterm: not a coterm handle");
    ctr_obj *o = R_ExternalPtrAddr(x);
    if (!o)
        Rf_error("coterm: the handle was freed");
    return o;
}

void ctr_adopt(SEXP x, void *ptr)
{
    ctr_obj *o = record(x);
    if (!ptr)
        return;
    o->ptr = ptr;
    live[o->kind]++;
    if (o->kind == CTR_CTX)
        return;
    ctr_obj *owner = record(R_ExternalPtrProtected(x));
    o->owner = owner;
    o->next = owner->children;
    if (owner->children)
        owner->children->prev = o;
    owner->children = o;
}

void *ctr_get(SEXP x, ctr_kind kind, bool null_ok)
{
    if (null_ok && x == R_NilValue)
        return NULL;
    ctr_obj *o = record(x);
    if (o->kind != kind)
        Rf_error("coterm: expected a %s handle, got a %s handle", kind_names[kind],
                 kind_names[o->kind]);
    if (!o->ptr)
        Rf_error("coterm: the %s is closed", kind_names[kind]);
    return o->ptr;
}

ct_ctx *ctr_ctx(SEXP ctx)
{
    return ctr_get(ctx, CTR_CTX, false);
}

void ctr_close(SEXP x)
{
    free_object(record(x));
}

/* .Call entry points */

SEXP ctr_close_handle(SEXP x)
{
    ctr_close(x);
    return R_NilValue;
}

SEXP ctr_is_open(SEXP x)
{
    return Rf_ScalarLogical(record(x)->ptr != NULL);
}

/* Number of C objects not yet freed, by kind. */
SEXP ctr_live(void)
{
    SEXP out = PROTECT(Rf_allocVector(INTSXP, CTR_NKINDS));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, CTR_NKINDS));
    for (int k = 0; k < CTR_NKINDS; k++) {
        INTEGER(out)[k] = live[k];
        SET_STRING_ELT(names, k, Rf_mkChar(kind_names[k]));
    }
    Rf_setAttrib(out, R_NamesSymbol, names);
    UNPROTECT(2);
    return out;
}
