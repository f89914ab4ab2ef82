/* Overlapping units in fit and bestfit (e.g. PCN catchments): measured and
 * reported, never double counted (docs/pcn.md, "Overlapping layers"). */
#include "fit.h"

#include <stdlib.h>

static int cmp_pair(const void *x, const void *y)
{
    const size_t *p = x, *q = y;
    if (p[0] != q[0])
        return (p[0] > q[0]) - (p[0] < q[0]);
    return (p[1] > q[1]) - (p[1] < q[1]);
}

/* Pairs of units holding a common centroid, measured by area. */
static ct_status area_of_pairs(ct_ctx *ctx, const ct_layer *l, size_t (*pairs)[2], size_t n,
                               double tol, ct__overlap *ov)
{
    bool *in = ct__calloc(l->n ? l->n : 1, sizeof *in);
    ct_status st = in ? CT_OK : ct__nomem(ctx);
    if (n) /* qsort(NULL, 0) is undefined (UBSan) */
        qsort(pairs, n, sizeof *pairs, cmp_pair);
    for (size_t q = 0; !st && q < n; q++) {
        size_t i = pairs[q][0], j = pairs[q][1];
        if (q && i == pairs[q - 1][0] && j == pairs[q - 1][1])
            continue;
        double area, small = l->areas[i] < l->areas[j] ? l->areas[i] : l->areas[j];
        st = ct__geoms_self_area(ctx, l->geoms, i, j, &area);
        if (st || area < tol * small)
            continue; /* a sliver of generalised boundaries */
        ov->pairs++;
        ov->area_m2 += area;
        in[i] = in[j] = true;
    }
    for (size_t i = 0; !st && i < l->n; i++)
        ov->units += in[i];
    ov->by_area = !st && n > 0; /* measured by area only when pairs were found */
    free(in);
    return st;
}

/* Small areas whose centroid lies in two or more units, and the area the
 * units holding them share. */
static ct_status by_centroids(ct_ctx *ctx, const ct_layer *l, const ct_pop *pop, double tol,
                              ct__overlap *ov)
{
    size_t *start = NULL, *unit = NULL, (*pairs)[2] = NULL, npairs = 0, cap = 0;
    ct_status st = ct__geoms_locate_all(ctx, l->geoms, pop->n, pop->x, pop->y, &start, &unit);
    for (size_t i = 0; !st && i < pop->n; i++) {
        size_t k = start[i + 1] - start[i];
        if (k < 2)
            continue;
        ov->areas_multi++;
        ov->pop_multi += pop->pop[i];
        ov->pop_extra += pop->pop[i] * (double)(k - 1);
        for (size_t x = start[i]; !st && x < start[i + 1]; x++)
            for (size_t y = x + 1; !st && y < start[i + 1]; y++) {
                if (npairs == cap) {
                    cap = cap ? cap * 2 : 64;
                    size_t(*v)[2] = ct__realloc(pairs, cap * sizeof *pairs);
                    if (!v) {
                        st = ct__nomem(ctx);
                        break;
                    }
                    pairs = v;
                }
                size_t a = unit[x] < unit[y] ? unit[x] : unit[y];
                size_t b = unit[x] < unit[y] ? unit[y] : unit[x];
                pairs[npairs][0] = a;
                pairs[npairs++][1] = b;
            }
    }
    ov->by_centroids = !st;
    if (!st)
        st = area_of_pairs(ctx, l, pairs, npairs, tol, ov);
    free(pairs);
    free(start);
    free(unit);
    return st;
}

/* Unit pairs sharing area: the layer overlaid with itself. */
static ct_status by_area(ct_ctx *ctx, const ct_layer *l, double tol, ct__overlap *ov)
{
    ct__pieces pc = {0};
    bool *in = ct__calloc(l->n ? l->n : 1, sizeof *in);
    ct_status st = in ? ct__geoms_overlay(ctx, l->geoms, l->geoms, &pc) : ct__nomem(ctx);
    for (size_t q = 0; !st && q < pc.n; q++) {
        size_t i = pc.v[q].a, j = pc.v[q].b;
        if (i >= j)
            continue;
        double small = l->areas[i] < l->areas[j] ? l->areas[i] : l->areas[j];
        if (pc.v[q].area < tol * small)
            continue; /* a sliver of generalised boundaries */
        ov->pairs++;
        ov->area_m2 += pc.v[q].area;
        in[i] = in[j] = true;
    }
    for (size_t i = 0; !st && i < l->n; i++)
        ov->units += in[i];
    ov->by_area = !st;
    ct__pieces_free(&pc);
    free(in);
    return st;
}

ct_status ct__overlap_detect(ct_ctx *ctx, const ct_layer *l, const ct_pop *pop, double tol,
                             ct__overlap *ov)
{
    /* units sharing a centroid are measured first: on a partition they share
     * only slivers, and the costly whole-layer self-overlay is skipped */
    if (pop && pop->x) {
        ct_status st = by_centroids(ctx, l, pop, tol, ov);
        if (st || ov->pairs == 0)
            return st;
        ov->pairs = ov->units = 0; /* real overlap: measure all of it */
        ov->area_m2 = 0;
    }
    return by_area(ctx, l, tol, ov);
}

ct_status ct__overlap_rescale(ct_ctx *ctx, ct__assign *a, const ct_pop *pop, double **sum,
                              ct__overlap *ov)
{
    *sum = NULL;
    for (size_t i = 0; i < a->n; i++) {
        double s = 0;
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            s += a->frac[k];
        if (s <= 1 + 1e-9)
            continue;
        if (!*sum) {
            *sum = ct__malloc(a->n * sizeof **sum);
            if (!*sum)
                return ct__nomem(ctx);
            for (size_t j = 0; j < a->n; j++)
                (*sum)[j] = 1;
        }
        (*sum)[i] = s;
        ov->pop_rescaled += pop->pop[i] * (s - 1);
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            a->frac[k] /= s;
    }
    return CT_OK;
}

static const char *treatment(ct__method m)
{
    return m == CT__AREAL
               ? "a small area's areal shares in overlapping units are scaled to sum to 1"
               : "each small area is counted once, in one unit (the lowest-index unit holding "
                 "its centroid, then nesting votes)";
}

static json_t *num_or_null(bool known, double v)
{
    return known ? json_real(v) : json_null();
}

static json_t *int_or_null(bool known, size_t v)
{
    return known ? json_integer((json_int_t)v) : json_null();
}

json_t *ct__overlap_json(const ct__overlap *ov, ct__method m, bool has_pop)
{
    const char *checked = ov->by_centroids ? (ov->by_area ? "centroids+area" : "centroids")
                                           : "area";
    json_t *o = json_pack("{s:b, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "overlapping",
                          ov->pairs > 0, "checked", checked, "areas_in_2plus_units",
                          int_or_null(ov->by_centroids, ov->areas_multi), "pop_in_2plus_units",
                          num_or_null(ov->by_centroids, ov->pop_multi),
                          "pop_extra_if_counted_per_unit",
                          num_or_null(ov->by_centroids, ov->pop_extra),
                          "unit_pairs_overlapping", int_or_null(ov->by_area, ov->pairs),
                          "units_overlapping", int_or_null(ov->by_area, ov->units),
                          "area_overlapped_m2", num_or_null(ov->by_area, ov->area_m2));
    if (o && has_pop &&
        (json_object_set_new(o, "treatment", json_string(treatment(m))) ||
         (m == CT__AREAL && json_object_set_new(o, "pop_rescaled_areal",
                                                json_real(ov->pop_rescaled)))))
        return json_decref(o), NULL;
    return o;
}

ct_status ct__overlap_warn(ct_ctx *ctx, const ct_layer *l, const ct__overlap *ov, ct__method m,
                           bool has_pop)
{
    if (ov->pairs == 0)
        return CT_OK;
    if (!has_pop)
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "fit: units of %s overlap: %zu unit pairs share %.0f m2; area shares "
                        "of overlapping units add up to more than 1",
                        l->source, ov->pairs, ov->area_m2);
    if (!ov->by_centroids)
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "fit: units of %s overlap: %zu unit pairs share %.0f m2; people are "
                        "not double counted: %s",
                        l->source, ov->pairs, ov->area_m2, treatment(m));
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "fit: units of %s overlap: %zu unit pairs share %.0f m2 and %zu small "
                    "areas (%.0f people) have their centroid in 2 or more units; people are "
                    "not double counted: %s",
                    l->source, ov->pairs, ov->area_m2, ov->areas_multi, ov->pop_multi,
                    treatment(m));
}
