/* Conversions between R values and libcoterm's: strings and option lists
 * in, tables and results out (column types as docs/r.md lists them). */
#include "coterm_r.h"

#include <math.h>
#include <string.h>

const char *ctr_string(SEXP x)
{
    if (x == R_NilValue)
        return NULL;
    if (TYPEOF(x) != STRSXP || XLENGTH(x) != 1)
        Rf_error("coterm: expected one string");
    SEXP s = STRING_ELT(x, 0);
    return s == NA_STRING ? NULL : Rf_translateCharUTF8(s);
}

const char **ctr_strings(SEXP x)
{
    if (x == R_NilValue)
        return NULL;
    if (TYPEOF(x) != STRSXP)
        Rf_error("coterm: expected a character vector");
    R_xlen_t n = XLENGTH(x);
    const char **out = (const char **)R_alloc(n + 1, sizeof *out);
    for (R_xlen_t i = 0; i < n; i++) {
        SEXP s = STRING_ELT(x, i);
        out[i] = s == NA_STRING ? NULL : Rf_translateCharUTF8(s);
    }
    out[n] = NULL;
    return out;
}

const char *const *ctr_opts(SEXP x)
{
    if (x == R_NilValue || XLENGTH(x) == 0)
        return NULL;
    return ctr_strings(x);
}

SEXP ctr_failure(ct_ctx *ctx, ct_status st)
{
    const char *names[] = {"status", "status_name", "message", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, Rf_ScalarInteger(st));
    SET_VECTOR_ELT(out, 1, Rf_mkString(ctr.ct_status_name(st)));
    SET_VECTOR_ELT(out, 2, Rf_mkString(ctx ? ctr.ct_errmsg(ctx) : ""));
    Rf_setAttrib(out, R_ClassSymbol, Rf_mkString("coterm_failure"));
    UNPROTECT(1);
    return out;
}

static SEXP text_column(const ct_table *t, size_t col, size_t n)
{
    SEXP v = PROTECT(Rf_allocVector(STRSXP, n));
    for (size_t i = 0; i < n; i++)
        SET_STRING_ELT(v, i, Rf_mkCharCE(ctr.ct_table_text(t, i, col), CE_UTF8));
    UNPROTECT(1);
    return v;
}

/* Missing values (NaN in the library) become NA. Integers travel as
 * doubles: an R integer vector when every value fits, else doubles. */
static SEXP number_column(const ct_table *t, size_t col, size_t n, bool integer)
{
    SEXP v = PROTECT(Rf_allocVector(REALSXP, n));
    if (n && ctr.ct_table_real_column(t, col, REAL(v)))
        Rf_error("coterm: ct_table_real_column refused numeric column %zu", col);
    for (size_t i = 0; i < n; i++)
        if (isnan(REAL(v)[i]))
            REAL(v)[i] = NA_REAL;
    bool fits = integer;
    for (size_t i = 0; fits && i < n; i++) {
        double d = REAL(v)[i];
        fits = isnan(d) || (d == floor(d) && fabs(d) <= 2147483647.0);
    }
    if (!fits) {
        UNPROTECT(1);
        return v;
    }
    SEXP iv = PROTECT(Rf_allocVector(INTSXP, n));
    for (size_t i = 0; i < n; i++)
        INTEGER(iv)[i] = isnan(REAL(v)[i]) ? NA_INTEGER : (int)REAL(v)[i];
    UNPROTECT(2);
    return iv;
}

/* WKB blobs as a list of raw vectors (NULL where there is none). */
static SEXP geom_column(const ct_table *t, size_t col, size_t n)
{
    SEXP v = PROTECT(Rf_allocVector(VECSXP, n));
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const unsigned char *wkb = ctr.ct_table_geom(t, i, col, &len);
        if (!wkb || !len)
            continue;
        SEXP raw = Rf_allocVector(RAWSXP, len);
        SET_VECTOR_ELT(v, i, raw);
        memcpy(RAW(raw), wkb, len);
    }
    UNPROTECT(1);
    return v;
}

SEXP ctr_table_to_r(const ct_table *t)
{
    size_t n = ctr.ct_table_nrows(t), ncols = ctr.ct_table_ncols(t);
    SEXP cols = PROTECT(Rf_allocVector(VECSXP, ncols));
    SEXP names = PROTECT(Rf_allocVector(STRSXP, ncols));
    SEXP geometry = R_NilValue;
    for (size_t j = 0; j < ncols; j++) {
        const char *name = ctr.ct_table_colname(t, j);
        SET_STRING_ELT(names, j, Rf_mkCharCE(name, CE_UTF8));
        switch (ctr.ct_table_coltype(t, j)) {
        case CT_COL_TEXT: SET_VECTOR_ELT(cols, j, text_column(t, j, n)); break;
        case CT_COL_REAL: SET_VECTOR_ELT(cols, j, number_column(t, j, n, false)); break;
        case CT_COL_INT: SET_VECTOR_ELT(cols, j, number_column(t, j, n, true)); break;
        case CT_COL_GEOM:
            SET_VECTOR_ELT(cols, j, geom_column(t, j, n));
            if (geometry == R_NilValue)
                geometry = STRING_ELT(names, j);
            break;
        default: Rf_error("coterm: column %s has an unknown type", name);
        }
    }
    Rf_setAttrib(cols, R_NamesSymbol, names);
    if (geometry != R_NilValue) {
        Rf_setAttrib(cols, Rf_install("geometry"), Rf_ScalarString(geometry));
        Rf_setAttrib(cols, Rf_install("crs"), Rf_mkString(ctr.ct_table_crs(t)));
    }
    Rf_setAttrib(cols, Rf_install("nrow"), Rf_ScalarInteger((int)n));
    UNPROTECT(2);
    return cols;
}
