/* Pure rules of coterm check (docs/check.md). */
#include "check_core.h"

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
    /* NHS England guidance: systems of 1 to 3 million people, places of
     * 250 to 500 thousand, neighbourhoods of 30 to 50 thousand */
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
    char buf[64];
    if (len == 0) {
        *out = NAN;
        return true;
    }
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return ct__parse_double(buf, out) && *out >= 0;
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

bool ct__ck_council_split(ct__class cls, size_t n_parts, bool top, double outside, double tol)
{
    if (n_parts == 0)
        return false;
    if (cls == CT__STRADDLES && n_parts >= 2)
        return true;
    return top && outside >= tol;
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
