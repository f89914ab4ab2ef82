/* Growable text buffer (strbuf.h). Numbers are formatted with integer
 * arithmetic, and printf in the C locale (ct__vsnprintf), so that no locale
 * changes them. */
#include "strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(ct__buf *b, size_t more)
{
    if (b->failed)
        return false;
    if (b->n + more + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *s = ct__realloc(b->s, cap);
    if (!s) {
        b->failed = true;
        return false;
    }
    b->s = s;
    b->cap = cap;
    return true;
}

void ct__buf_addn(ct__buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void ct__buf_add(ct__buf *b, const char *s) { ct__buf_addn(b, s, strlen(s)); }

void ct__buf_printf(ct__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = ct__vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    ct__vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

/* Digits of a non-negative whole number below 1e18, with separators. */
static void add_digits(ct__buf *b, unsigned long long v, bool sep)
{
    char d[32];
    int k = 0;
    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char out[48];
    int m = 0;
    for (int i = k - 1; i >= 0; i--) {
        out[m++] = d[i];
        if (sep && i > 0 && i % 3 == 0)
            out[m++] = ',';
    }
    ct__buf_addn(b, out, (size_t)m);
}

void ct__buf_int(ct__buf *b, double v)
{
    if (!isfinite(v) || fabs(v) >= 1e18) {
        ct__buf_add(b, isnan(v) ? "NaN" : "?");
        return;
    }
    double r = floor(fabs(v) + 0.5);
    if (v < 0 && r > 0)
        ct__buf_add(b, "-");
    add_digits(b, (unsigned long long)r, true);
}

void ct__buf_fixed(ct__buf *b, double v, int d)
{
    if (d < 0)
        d = 0;
    if (d > 6)
        d = 6;
    double scale = 1;
    for (int i = 0; i < d; i++)
        scale *= 10;
    if (!isfinite(v) || fabs(v) * scale >= 1e18) {
        ct__buf_add(b, isnan(v) ? "NaN" : "?");
        return;
    }
    unsigned long long r = (unsigned long long)floor(fabs(v) * scale + 0.5);
    if (v < 0 && r > 0)
        ct__buf_add(b, "-");
    unsigned long long p = (unsigned long long)scale;
    add_digits(b, r / p, false);
    if (d > 0) {
        char frac[8];
        unsigned long long f = r % p;
        for (int i = d - 1; i >= 0; i--) {
            frac[i] = (char)('0' + f % 10);
            f /= 10;
        }
        ct__buf_add(b, ".");
        ct__buf_addn(b, frac, (size_t)d);
    }
}

ct_status ct__buf_status(ct_ctx *ctx, const ct__buf *b)
{
    return b->failed ? ct__nomem(ctx) : CT_OK;
}

void ct__buf_free(ct__buf *b)
{
    free(b->s);
    *b = (ct__buf){0};
}
