/* What every pure core file needs and nothing more: the status codes and
 * context handle of the public API, allocation that tests can fail, errors
 * and diagnostics recorded in the context, and number parsing. Core files
 * include this (or another core header), never ct_private.h. */
#ifndef COTERM_CORE_H
#define COTERM_CORE_H

#include "coterm/ct_common.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CT__NONE SIZE_MAX

/* ---- allocation (alloc.c): every library allocation goes through here so
 * tests can fail the Nth one. */
void *ct__malloc(size_t n);
void *ct__calloc(size_t n, size_t size);
void *ct__realloc(void *p, size_t n);
char *ct__strdup(const char *s);
/* Grow parallel arrays one by one: p reallocated to n elements of size
 * bytes, unless *ok is already false; on failure *ok is cleared and p comes
 * back unchanged, so every array stays valid for its owner to free. */
void *ct__regrow(void *p, size_t n, size_t size, bool *ok);
/* Test hook: when > 0, counts down per allocation; the one reaching 0 fails. */
extern long ct__alloc_fail_countdown;

/* ---- errors and diagnostics (ctx.c) */
ct_status ct__err(ct_ctx *ctx, ct_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ct_status ct__nomem(ct_ctx *ctx);
ct_status ct__diag(ct_ctx *ctx, ct_diag_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- numbers as text, in the C locale whatever the host's (core/number.c) */
/* Parse a whole string as a finite double ("0.05", never "0,05"). */
bool ct__parse_double(const char *s, double *out);
/* The same for the first len characters of s (a number inside a longer
 * text, e.g. "MIN:MAX"), without copying it. */
bool ct__parse_double_n(const char *s, size_t len, double *out);
/* printf into a new string at its full length; NULL on failure. */
char *ct__sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *ct__vsprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* snprintf / vsnprintf with a '.' decimal point. */
int ct__snprintf(char *buf, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int ct__vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

#endif
