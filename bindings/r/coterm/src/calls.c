/* The .Call routines over libcoterm's public API: contexts, inputs,
 * diagnostics, commands and their results. A routine that fails returns a
 * "coterm_failure" (ctr_failure) for the R code to signal; R errors are kept
 * for misuse (closed handles, wrong types). */
#include "coterm_r.h"

/* Return a new handle of kind (owned by ctx) holding the type * that
 * call_expr writes to &out_, or the failure. */
#define CTR_MAKE(kind, type, ctx, call_expr)                          \
    do {                                                              \
        SEXP h_ = PROTECT(ctr_handle_new(kind, ctx));                 \
        type *out_ = NULL;                                            \
        ct_status st_ = (call_expr);                                  \
        ctr_adopt(h_, out_);                                          \
        UNPROTECT(1);                                                 \
        return st_ ? ctr_failure(ctr_ctx(ctx), st_) : h_;              \
    } while (0)

SEXP ctr_ctx_new(SEXP opts)
{
    if (!ctr.ct_ctx_new)
        Rf_error("coterm: libcoterm is not loaded");
    SEXP h = PROTECT(ctr_handle_new(CTR_CTX, R_NilValue));
    ct_ctx *ctx = NULL;
    ct_status st = ctr.ct_ctx_new(&ctx, ctr_opts(opts));
    ctr_adopt(h, ctx);
    UNPROTECT(1);
    return st ? ctr_failure(NULL, st) : h;
}

/* Diagnostics from index from on: list(kind, message). */
SEXP ctr_diagnostics(SEXP ctx, SEXP from)
{
    ct_ctx *c = ctr_ctx(ctx);
    size_t n = ctr.ct_diag_count(c), start = (size_t)Rf_asReal(from);
    size_t m = n > start ? n - start : 0;
    const char *names[] = {"kind", "message", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SEXP kind = SET_VECTOR_ELT(out, 0, Rf_allocVector(STRSXP, m));
    SEXP msg = SET_VECTOR_ELT(out, 1, Rf_allocVector(STRSXP, m));
    for (size_t i = 0; i < m; i++) {
        bool repair = ctr.ct_diag_kind_at(c, start + i) == CT_DIAG_REPAIR;
        SET_STRING_ELT(kind, i, Rf_mkChar(repair ? "repair" : "warning"));
        SET_STRING_ELT(msg, i, Rf_mkCharCE(ctr.ct_diag_message(c, start + i), CE_UTF8));
    }
    UNPROTECT(1);
    return out;
}

SEXP ctr_layer_open(SEXP ctx, SEXP spec, SEXP opts)
{
    const char *s = ctr_string(spec);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_LAYER, ct_layer, ctx, ctr.ct_layer_open(ctr_ctx(ctx), &out_, s, o));
}

/* ids, names: character vectors (names may be NULL); wkb: a list of raw
 * vectors (NULL elements for missing geometry); crs: one string or NULL. */
SEXP ctr_layer_from_wkb(SEXP ctx, SEXP label, SEXP ids, SEXP names, SEXP wkb, SEXP crs,
                        SEXP opts)
{
    R_xlen_t n = XLENGTH(ids);
    if (TYPEOF(wkb) != VECSXP || XLENGTH(wkb) != n)
        Rf_error("coterm: expected one WKB raw vector per id");
    if (names != R_NilValue && XLENGTH(names) != n)
        Rf_error("coterm: expected one name per id");
    const char **idv = ctr_strings(ids), **namev = ctr_strings(names);
    const unsigned char **blobs = (const unsigned char **)R_alloc(n + 1, sizeof *blobs);
    size_t *lens = (size_t *)R_alloc(n + 1, sizeof *lens);
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP b = VECTOR_ELT(wkb, i);
        if (b != R_NilValue && TYPEOF(b) != RAWSXP)
            Rf_error("coterm: WKB element %ld is not a raw vector", (long)i + 1);
        blobs[i] = b == R_NilValue ? NULL : RAW(b);
        lens[i] = b == R_NilValue ? 0 : (size_t)XLENGTH(b);
    }
    const char *lab = ctr_string(label), *c = ctr_string(crs);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_LAYER, ct_layer, ctx,
             ctr.ct_layer_from_wkb(ctr_ctx(ctx), &out_, lab, (size_t)n,
                                   (const char *const *)idv, (const char *const *)namev,
                                   (const unsigned char *const *)blobs, lens, c, o));
}

/* What a layer is: source, id_field, crs, repairs and its units (id, name,
 * area_m2). */
SEXP ctr_layer_info(SEXP layer)
{
    const ct_layer *l = ctr_get(layer, CTR_LAYER, false);
    size_t n = ctr.ct_layer_size(l);
    const char *names[] = {"source", "id_field", "crs", "repairs", "id", "name", "area_m2", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, Rf_mkString(ctr.ct_layer_source(l)));
    SET_VECTOR_ELT(out, 1, Rf_mkString(ctr.ct_layer_id_field(l)));
    SET_VECTOR_ELT(out, 2, Rf_mkString(ctr.ct_layer_crs(l)));
    SET_VECTOR_ELT(out, 3, Rf_ScalarReal((double)ctr.ct_layer_repairs(l)));
    SEXP id = SET_VECTOR_ELT(out, 4, Rf_allocVector(STRSXP, n));
    SEXP name = SET_VECTOR_ELT(out, 5, Rf_allocVector(STRSXP, n));
    SEXP area = SET_VECTOR_ELT(out, 6, Rf_allocVector(REALSXP, n));
    for (size_t i = 0; i < n; i++) {
        const char *nm = ctr.ct_layer_name(l, i);
        SET_STRING_ELT(id, i, Rf_mkCharCE(ctr.ct_layer_id(l, i), CE_UTF8));
        SET_STRING_ELT(name, i, Rf_mkCharCE(nm ? nm : "", CE_UTF8));
        REAL(area)[i] = ctr.ct_layer_area(l, i);
    }
    UNPROTECT(1);
    return out;
}

SEXP ctr_pop_open(SEXP ctx, SEXP spec, SEXP opts)
{
    const char *s = ctr_string(spec);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_POP, ct_pop, ctx, ctr.ct_pop_open(ctr_ctx(ctx), &out_, s, o));
}

SEXP ctr_pop_info(SEXP pop)
{
    const ct_pop *p = ctr_get(pop, CTR_POP, false);
    const char *names[] = {"size", "total", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, Rf_ScalarReal((double)ctr.ct_pop_size(p)));
    SET_VECTOR_ELT(out, 1, Rf_ScalarReal(ctr.ct_pop_total(p)));
    UNPROTECT(1);
    return out;
}

/* The built-in layers as a table (converted, then freed). */
SEXP ctr_layers_list(SEXP ctx)
{
    SEXP h = PROTECT(ctr_handle_new(CTR_TABLE, ctx));
    ct_table *t = NULL;
    ct_status st = ctr.ct_layers_list(ctr_ctx(ctx), &t);
    ctr_adopt(h, t);
    SEXP out = st ? ctr_failure(ctr_ctx(ctx), st) : ctr_table_to_r(t);
    PROTECT(out);
    ctr_close(h);
    UNPROTECT(2);
    return out;
}

/* A list of layer handles as a C array (one slot even when empty, so that
 * an empty list is "no layers" rather than NULL, "the defaults"). */
static const ct_layer *const *layer_array(SEXP list, size_t *n)
{
    if (list == R_NilValue) {
        *n = 0;
        return NULL;
    }
    if (TYPEOF(list) != VECSXP)
        Rf_error("coterm: expected a list of layer handles");
    *n = (size_t)XLENGTH(list);
    const ct_layer **out = (const ct_layer **)R_alloc(*n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = ctr_get(VECTOR_ELT(list, i), CTR_LAYER, false);
    out[*n] = NULL;
    return out;
}

SEXP ctr_fit(SEXP ctx, SEXP a, SEXP b, SEXP pop, SEXP opts)
{
    const ct_layer *la = ctr_get(a, CTR_LAYER, false), *lb = ctr_get(b, CTR_LAYER, false);
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx, ctr.ct_fit(ctr_ctx(ctx), &out_, la, lb, p, o));
}

SEXP ctr_bestfit(SEXP ctx, SEXP small, SEXP big, SEXP pop, SEXP opts)
{
    const ct_layer *ls = ctr_get(small, CTR_LAYER, false), *lb = ctr_get(big, CTR_LAYER, false);
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx,
             ctr.ct_bestfit(ctr_ctx(ctx), &out_, ls, lb, p, o));
}

SEXP ctr_check(SEXP ctx, SEXP config, SEXP blocks, SEXP against, SEXP pop, SEXP opts)
{
    const char *cfg = ctr_string(config);
    const ct_layer *bl = ctr_get(blocks, CTR_LAYER, true);
    size_t nag;
    const ct_layer *const *ag = layer_array(against, &nag);
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx,
             ctr.ct_check(ctr_ctx(ctx), &out_, cfg, bl, ag, nag, p, o));
}

SEXP ctr_check_tiers(SEXP ctx, SEXP names, SEXP tiers, SEXP against, SEXP pop, SEXP opts)
{
    size_t nt, nag;
    const ct_layer *const *tl = layer_array(tiers, &nt);
    if ((size_t)XLENGTH(names) != nt)
        Rf_error("coterm: expected one name per tier");
    const char *const *tn = (const char *const *)ctr_strings(names);
    const ct_layer *const *ag = layer_array(against, &nag);
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx,
             ctr.ct_check_tiers(ctr_ctx(ctx), &out_, tn, tl, nt, ag, nag, p, o));
}

SEXP ctr_flows(SEXP ctx, SEXP flows_csv, SEXP origins, SEXP systems, SEXP pop, SEXP opts)
{
    const char *csv = ctr_string(flows_csv);
    const ct_layer *lo = ctr_get(origins, CTR_LAYER, false);
    const ct_layer *ls = ctr_get(systems, CTR_LAYER, false);
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx,
             ctr.ct_flows(ctr_ctx(ctx), &out_, csv, lo, ls, p, o));
}

SEXP ctr_pcn(SEXP ctx, SEXP pop, SEXP opts)
{
    const ct_pop *p = ctr_get(pop, CTR_POP, true);
    const char *const *o = ctr_opts(opts);
    CTR_MAKE(CTR_RESULT, ct_result, ctx, ctr.ct_pcn(ctr_ctx(ctx), &out_, p, o));
}

/* Every table and document of a result: list(tables = named list of
 * ctr_table_to_r lists, docs = named character of JSON texts). */
SEXP ctr_result_contents(SEXP result)
{
    const ct_result *r = ctr_get(result, CTR_RESULT, false);
    size_t nt = ctr.ct_result_ntables(r), nd = ctr.ct_result_ndocs(r);
    const char *names[] = {"tables", "docs", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SEXP tables = SET_VECTOR_ELT(out, 0, Rf_allocVector(VECSXP, nt));
    SEXP tnames = PROTECT(Rf_allocVector(STRSXP, nt));
    for (size_t i = 0; i < nt; i++) {
        const ct_table *t = ctr.ct_result_table(r, i);
        SET_STRING_ELT(tnames, i, Rf_mkCharCE(ctr.ct_table_name(t), CE_UTF8));
        SET_VECTOR_ELT(tables, i, ctr_table_to_r(t));
    }
    Rf_setAttrib(tables, R_NamesSymbol, tnames);
    SEXP docs = SET_VECTOR_ELT(out, 1, Rf_allocVector(STRSXP, nd));
    SEXP dnames = PROTECT(Rf_allocVector(STRSXP, nd));
    for (size_t i = 0; i < nd; i++) {
        const char *name = ctr.ct_result_doc_name(r, i);
        SET_STRING_ELT(dnames, i, Rf_mkCharCE(name, CE_UTF8));
        SET_STRING_ELT(docs, i, Rf_mkCharCE(ctr.ct_result_doc(r, name), CE_UTF8));
    }
    Rf_setAttrib(docs, R_NamesSymbol, dnames);
    UNPROTECT(3);
    return out;
}
