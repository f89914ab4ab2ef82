/* Numbers read from and written as text, whatever the host's locale: a host
 * program that set a German LC_NUMERIC (Python after locale.setlocale) must
 * still have "0.05" read as 0.05 and see 0.05 in every message. The C locale
 * is switched on for the calling thread only (uselocale), never process-wide. */
#include "core.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

static locale_t c_numeric;
static once_flag c_numeric_once = ONCE_FLAG_INIT;

static void make_c_numeric(void)
{
    c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The calling thread's locale before the switch, to hand back to leave_c(). */
static locale_t enter_c(void)
{
    call_once(&c_numeric_once, make_c_numeric);
    /* without a C locale object (out of memory), the thread's own locale */
    return c_numeric ? uselocale(c_numeric) : (locale_t)0;
}

static void leave_c(locale_t old)
{
    if (old)
        uselocale(old);
}

bool ct__parse_double(const char *s, double *out)
{
    return s && ct__parse_double_n(s, strlen(s), out);
}

bool ct__parse_double_n(const char *s, size_t len, double *out)
{
    if (!s || !len)
        return false;
    char *end;
    locale_t old = enter_c();
    errno = 0;
    double v = strtod(s, &end);
    int err = errno;
    leave_c(old);
    while (end < s + len && (*end == ' ' || *end == '\t' || *end == '\r'))
        end++;
    if (err || end != s + len || !isfinite(v))
        return false;
    *out = v;
    return true;
}

int ct__vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    locale_t old = enter_c();
    int r = vsnprintf(buf, n, fmt, ap);
    leave_c(old);
    return r;
}

int ct__snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = ct__vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}

char *ct__vsprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = ct__vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = n < 0 ? NULL : ct__malloc((size_t)n + 1);
    if (s)
        ct__vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *ct__sprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = ct__vsprintf(fmt, ap);
    va_end(ap);
    return s;
}
