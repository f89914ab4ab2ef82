/* A growable text buffer (report pages, messages built from input at their
 * full length). A failed allocation sets
 * a sticky flag instead of returning a status from every append, so that
 * page builders check once, at the end. */
#ifndef COTERM_STRBUF_H
#define COTERM_STRBUF_H

#include "core.h"

typedef struct ct__buf {
    char *s; /* NUL-terminated once anything was added */
    size_t n, cap;
    bool failed;
} ct__buf;

void ct__buf_addn(ct__buf *b, const char *s, size_t n);
void ct__buf_add(ct__buf *b, const char *s);
void ct__buf_printf(ct__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A whole number with thousands separators ("1,234,567"); no locale. */
void ct__buf_int(ct__buf *b, double v);
/* v with d decimals (0 to 6), rounded half away from zero; no locale. */
void ct__buf_fixed(ct__buf *b, double v, int d);
/* CT_ENOMEM (recorded on ctx) if an append failed, else CT_OK. */
ct_status ct__buf_status(ct_ctx *ctx, const ct__buf *b);
void ct__buf_free(ct__buf *b);

#endif
