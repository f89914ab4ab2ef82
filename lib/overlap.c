/* Overlapping units in fit and bestfit (e.g. PCN catchments): measured and
 * reported, never double counted (docs/pcn.md, "Overlapping layers"). */
#include "fit_run.h"

#include <stdlib.h>

/* Small areas whose centroid lies in two or more units. */
static ct_status by_centroids(ct_ctx *ctx, const ct_layer *l, const ct_pop *pop,
                              ct__overlap *ov)
{
    size_t *start = NULL, *unit = NULL;
    ct_status st = ct__geoms_locate_all(ctx, l->geoms, pop->n, pop->x, pop->y, &start, &unit);
    for (size_t i = 0; !st && i < pop->n; i++) {
        size_t k = start[i + 1] - start[i];
        if (k < 2)
            continue;
        ov->areas_multi++;
        ov->pop_multi += pop->pop[i];
        ov->pop_extra += pop->pop[i] * (double)(k - 1);
    }
    ov->by_centroids = !st;
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
    ct_status st = CT_OK;
    if (pop && pop->x)
        st = by_centroids(ctx, l, pop, ov);
    /* the area check is costly on fine layers: only when centroids cannot
     * rule overlap out */
    if (!st && (!ov->by_centroids || ov->areas_multi > 0))
        st = by_area(ctx, l, tol, ov);
    return st;
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
    if (o && has_pop) {
        json_object_set_new(o, "treatment", json_string(treatment(m)));
        if (m == CT__AREAL)
            json_object_set_new(o, "pop_rescaled_areal", json_real(ov->pop_rescaled));
    }
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
