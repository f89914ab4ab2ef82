/* Pure rules of coterm check (docs/check.md). */
#include "check_core.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

double ct__ck_share(double part_pop, double part_area, double unit_pop, double unit_area)
{
    if (unit_pop > 0) /* false for NaN */
        return part_pop / unit_pop;
    return unit_area > 0 ? part_area / unit_area : 0;
}

bool ct__ck_default_band(const char *tier, ct__ckband *out)
{
    /* NHS England, Designing integrated care systems (ICSs) in England (June
     * 2019): systems of 1 to 3 million people, places of 250 to 500
     * thousand, neighbourhoods of 30 to 50 thousand (docs/check.md) */
    static const struct {
        const char *name;
        double min, max;
    } known[] = {{"system", 1e6, 3e6}, {"place", 2.5e5, 5e5}, {"neighbourhood", 3e4, 5e4}};
    for (size_t i = 0; tier && i < sizeof known / sizeof known[0]; i++)
        if (!strcasecmp(tier, known[i].name)) {
            *out = (ct__ckband){known[i].min, known[i].max};
            return true;
        }
    return false;
}

static bool parse_side(const char *s, size_t len, double *out)
{
    if (len == 0) {
        *out = NAN;
        return true;
    }
    /* a number of any length (leading zeros), read in place */
    return ct__parse_double_n(s, len, out) && *out >= 0;
}

bool ct__ck_band_parse(const char *s, ct__ckband *out)
{
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon || strchr(colon + 1, ':'))
        return false;
    ct__ckband b;
    if (!parse_side(s, (size_t)(colon - s), &b.min) ||
        !parse_side(colon + 1, strlen(colon + 1), &b.max))
        return false;
    if (isnan(b.min) && isnan(b.max))
        return false;
    if (!isnan(b.min) && !isnan(b.max) && b.min > b.max)
        return false;
    *out = b;
    return true;
}

int ct__ck_band_test(const ct__ckband *b, double pop)
{
    if (isnan(pop))
        return 0;
    if (!isnan(b->min) && pop < b->min)
        return -1;
    if (!isnan(b->max) && pop > b->max)
        return 1;
    return 0;
}

double ct__ck_match_share(const ct__unitfit *fit, const double *pop, const double *area,
                          size_t n)
{
    double tp = 0, mp = 0, ta = 0, ma = 0;
    for (size_t u = 0; u < n; u++) {
        bool m = fit[u].cls == CT__COTERMINOUS;
        if (pop && pop[u] > 0) {
            tp += pop[u];
            mp += m ? pop[u] : 0;
        }
        ta += area[u];
        ma += m ? area[u] : 0;
    }
    if (tp > 0)
        return mp / tp;
    return ta > 0 ? ma / ta : 0;
}

void ct__ck_intermediate(size_t ntiers, size_t nlayers, const double *match, bool *inter,
                         size_t *layer)
{
    for (size_t k = 0; k < ntiers; k++) {
        inter[k] = false;
        layer[k] = CT__NONE;
        if (k == 0 || k + 1 >= ntiers)
            continue;
        bool matches = false;
        size_t best = CT__NONE;
        for (size_t l = 0; l < nlayers; l++) {
            matches = matches || match[k * nlayers + l] > 0.5;
            double below = match[(k + 1) * nlayers + l];
            if (below > 0.5 && (best == CT__NONE || below > match[(k + 1) * nlayers + best]))
                best = l;
        }
        if (!matches && best != CT__NONE) {
            inter[k] = true;
            layer[k] = best;
        }
    }
}

ct__ckdiv ct__ck_division(size_t n_parts, bool crossed, bool top, double outside, double tol,
                          bool small)
{
    bool out = top && outside >= tol;
    if (n_parts == 0 || (n_parts < 2 && !out))
        return CT__CK_WHOLE;
    return small && !crossed && !out ? CT__CK_DIVIDED : CT__CK_SPLIT;
}

bool ct__ck_same_split(const double *a, size_t na, const double *b, size_t nb, double tol)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (fabs(a[i] - b[i]) >= tol)
            return false;
    return true;
}

size_t ct__ck_edits(const char *a, const char *b, size_t max)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > max)
        return max + 1;
    /* three rows of the OSA table (i - 2, i - 1, i) on the stack: names of
     * units are short, and longer text is no typo of a name */
    size_t d[3 * (CT__CK_NAME_MAX + 1)];
    if (m > CT__CK_NAME_MAX)
        return max + 1;
    size_t *r0 = d, *r1 = d + m + 1, *r2 = d + 2 * (m + 1);
    for (size_t j = 0; j <= m; j++)
        r1[j] = j;
    for (size_t i = 1; i <= n; i++) {
        r2[0] = i;
        size_t lo = r2[0];
        for (size_t j = 1; j <= m; j++) {
            int ca = tolower((unsigned char)a[i - 1]), cb = tolower((unsigned char)b[j - 1]);
            size_t v = r1[j - 1] + (ca != cb);
            v = r1[j] + 1 < v ? r1[j] + 1 : v;
            v = r2[j - 1] + 1 < v ? r2[j - 1] + 1 : v;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb && r0[j - 2] + 1 < v)
                v = r0[j - 2] + 1;
            r2[j] = v;
            lo = v < lo ? v : lo;
        }
        if (lo > max)
            return max + 1;
        size_t *t = r0;
        r0 = r1;
        r1 = r2;
        r2 = t;
    }
    return r1[m] > max ? max + 1 : r1[m];
}

static bool has_digit(const char *s)
{
    for (; *s; s++)
        if (isdigit((unsigned char)*s))
            return true;
    return false;
}

bool ct__ck_similar_names(const char *a, const char *b)
{
    if (has_digit(a) || has_digit(b))
        return false;
    size_t shorter = strlen(a) < strlen(b) ? strlen(a) : strlen(b), max = shorter / 3;
    max = max < 2 ? max : 2;
    return ct__ck_edits(a, b, max) <= max;
}

static int cmp_part_key(const void *x, const void *y)
{
    const ct__ckpart *p = x, *q = y;
    if (p->unit != q->unit)
        return (p->unit > q->unit) - (p->unit < q->unit);
    return (p->parent > q->parent) - (p->parent < q->parent);
}

static double nz(double v)
{
    return isnan(v) ? 0 : v;
}

static int cmp_part_size(const void *x, const void *y)
{
    const ct__ckpart *p = x, *q = y;
    if (p->unit != q->unit)
        return (p->unit > q->unit) - (p->unit < q->unit);
    if (nz(p->pop) != nz(q->pop))
        return nz(p->pop) < nz(q->pop) ? 1 : -1;
    if (p->area != q->area)
        return p->area < q->area ? 1 : -1;
    return (p->parent > q->parent) - (p->parent < q->parent);
}

void ct__ck_parts_merge(ct__ckpart *v, size_t *n)
{
    if (*n == 0)
        return;
    qsort(v, *n, sizeof *v, cmp_part_key);
    size_t m = 0;
    for (size_t k = 0; k < *n; k++) {
        if (m && v[m - 1].unit == v[k].unit && v[m - 1].parent == v[k].parent) {
            v[m - 1].pop += v[k].pop;
            v[m - 1].area += v[k].area;
        } else
            v[m++] = v[k];
    }
    qsort(v, m, sizeof *v, cmp_part_size);
    *n = m;
}
