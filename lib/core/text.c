/* UTF-8 validation and Windows-1252 conversion (core/text.h). */
#include "text.h"

#include <stdlib.h>
#include <string.h>

bool ct__utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        size_t n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                                : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (n == 4)
            return false;
        unsigned long cp = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
        for (size_t k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (p[k] & 0x3F);
        }
        static const unsigned long min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

/* Unicode code points of Windows-1252 bytes 0x80-0x9F (0: no character). */
static const unsigned short high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static unsigned code_point(unsigned char c)
{
    return c >= 0x80 && c < 0xA0 ? high[c - 0x80] : c;
}

bool ct__cp1252_valid(const char *s, unsigned char *bad)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (!code_point(*p)) {
            *bad = *p;
            return false;
        }
    return true;
}

char *ct__cp1252_to_utf8(const char *s)
{
    char *out = ct__malloc(3 * strlen(s) + 1), *q = out;
    if (!out)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned cp = code_point(*p);
        cp = cp ? cp : 0xFFFD;
        if (cp < 0x80)
            *q++ = (char)cp;
        else if (cp < 0x800) {
            *q++ = (char)(0xC0 | cp >> 6);
            *q++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *q++ = (char)(0xE0 | cp >> 12);
            *q++ = (char)(0x80 | (cp >> 6 & 0x3F));
            *q++ = (char)(0x80 | (cp & 0x3F));
        }
    }
    *q = '\0';
    return out;
}

ct_status ct__utf8_strings(ct_ctx *ctx, char **v, size_t n, size_t per_row, const char *source)
{
    size_t first = CT__NONE;
    for (size_t i = 0; i < n && first == CT__NONE; i++)
        if (v[i] && !ct__utf8_valid(v[i]))
            first = i;
    if (first == CT__NONE)
        return CT_OK;
    size_t row = per_row ? first / per_row + 1 : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char bad;
        if (v[i] && !ct__cp1252_valid(v[i], &bad) && per_row)
            return ct__err(ctx, CT_EFORMAT,
                           "%s: row %zu: text is neither UTF-8 nor Windows-1252 (byte 0x%02X); "
                           "save the file as UTF-8 (in Excel: CSV UTF-8)",
                           source, i / per_row + 1, bad);
        if (v[i] && !ct__cp1252_valid(v[i], &bad))
            return ct__err(ctx, CT_EFORMAT,
                           "%s: text is neither UTF-8 nor Windows-1252 (byte 0x%02X); save the "
                           "file as UTF-8",
                           source, bad);
    }
    /* one encoding per file: convert every string with bytes above ASCII */
    for (size_t i = 0; i < n; i++) {
        bool ascii = true;
        for (const unsigned char *p = (const unsigned char *)v[i]; v[i] && *p && ascii; p++)
            ascii = *p < 0x80;
        if (ascii)
            continue;
        char *s = ct__cp1252_to_utf8(v[i]);
        if (!s)
            return ct__nomem(ctx);
        free(v[i]);
        v[i] = s;
    }
    if (per_row)
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "%s is not UTF-8 (row %zu: '%s'): read as Windows-1252, as Excel saves "
                        "CSV",
                        source, row, v[first]);
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s is not UTF-8 ('%s'): read as Windows-1252, as Excel saves CSV", source,
                    v[first]);
}
