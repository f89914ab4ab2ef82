/* Population assignment: how each small area's people are shared between
 * the units of a layer (see docs/methods.md). */
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

const char *ct__method_name(ct__method m)
{
    return m == CT__AREAL ? "areal" : m == CT__BESTFIT ? "bestfit" : "auto";
}

ct_status ct__method_parse(ct_ctx *ctx, const char *s, ct__method *out)
{
    if (!s || !strcmp(s, "auto"))
        *out = CT__AUTO;
    else if (!strcmp(s, "bestfit"))
        *out = CT__BESTFIT;
    else if (!strcmp(s, "areal"))
        *out = CT__AREAL;
    else
        return ct__err(ctx, CT_EINVAL, "unknown method '%s' (auto, bestfit or areal)", s);
    return CT_OK;
}

/* Whole assignment: area i goes to unit[i] (or nowhere). */
static ct_status from_whole(ct_ctx *ctx, ct__assign *a, const size_t *unit)
{
    a->start = ct__malloc((a->n + 1) * sizeof *a->start);
    a->unit = ct__malloc((a->n ? a->n : 1) * sizeof *a->unit);
    a->frac = ct__malloc((a->n ? a->n : 1) * sizeof *a->frac);
    if (!a->start || !a->unit || !a->frac)
        return ct__nomem(ctx);
    size_t k = 0;
    for (size_t i = 0; i < a->n; i++) {
        a->start[i] = k;
        if (unit[i] == CT__NONE) {
            a->n_unassigned++;
            continue;
        }
        a->unit[k] = unit[i];
        a->frac[k++] = 1.0;
    }
    a->start[a->n] = k;
    return CT_OK;
}

void ct__units_by_code(const ct_pop *pop, const ct_layer *layer, const ct__level *lv,
                       size_t *unit)
{
    for (size_t i = 0; i < pop->n; i++) {
        const char *code = pop->ids[i];
        if (lv)
            code = lv->unit_of[i] == CT__NONE ? NULL : lv->codes[lv->unit_of[i]];
        unit[i] = code ? ct__strmap_get(layer->index, code) : CT__NONE;
    }
}

/* The base's own areas, by id. A custom base's ids (often 1, 2, 3...) only
 * identify its own layer; the built-in base's are official LSOA codes. */
static bool is_self(const ct_pop *pop, const ct_layer *layer)
{
    if (!pop->poly_spec && (!pop->polys || strcmp(pop->polys->source, layer->source)))
        return false;
    bool all = layer->n > 0;
    for (size_t i = 0; all && i < layer->n; i++)
        all = ct__strmap_get(pop->index, layer->ids[i]) != CT__NONE;
    return all;
}

/* Overlay the small-area polygons with the layer: pieces sorted by area. */
static ct_status overlay_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                               const ct_layer **polys, ct__pieces *pc)
{
    ct_status st = ct__pop_polys(ctx, pop, polys);
    if (!st)
        st = ct__geoms_overlay(ctx, (*polys)->geoms, layer->geoms, pc);
    if (!st)
        qsort(pc->v, pc->n, sizeof *pc->v, ct__piece_cmp);
    return st;
}

/* Each area in proportion to the area it shares with each unit. */
static ct_status areal(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer, ct__assign *a)
{
    const ct_layer *polys;
    ct__pieces pc = {0};
    ct_status st = overlay_polys(ctx, pop, layer, &polys, &pc);
    a->start = st ? NULL : ct__malloc((a->n + 1) * sizeof *a->start);
    a->unit = st ? NULL : ct__malloc((pc.n ? pc.n : 1) * sizeof *a->unit);
    a->frac = st ? NULL : ct__malloc((pc.n ? pc.n : 1) * sizeof *a->frac);
    if (!st && (!a->start || !a->unit || !a->frac))
        st = ct__nomem(ctx);
    /* first piece of each polygon (pieces are sorted by polygon) */
    size_t *first = st ? NULL : ct__malloc((polys->n + 1) * sizeof *first);
    if (!st && !first)
        st = ct__nomem(ctx);
    for (size_t q = 0, pi = 0; !st && q <= polys->n; q++) {
        while (pi < pc.n && pc.v[pi].a < q)
            pi++;
        first[q] = pi;
    }
    size_t k = 0;
    for (size_t i = 0; !st && i < a->n; i++) {
        a->start[i] = k;
        /* polys may be the pop's own layer or the built-in one: match by id */
        size_t poly = ct__strmap_get(polys->index, pop->ids[i]);
        size_t before = k;
        for (size_t q = poly == CT__NONE ? 0 : first[poly];
             poly != CT__NONE && q < first[poly + 1]; q++) {
            a->unit[k] = pc.v[q].b;
            a->frac[k++] = polys->areas[poly] > 0 ? pc.v[q].area / polys->areas[poly] : 0;
        }
        a->n_unassigned += k == before;
    }
    free(first);
    if (!st)
        a->start[a->n] = k;
    ct__pieces_free(&pc);
    return st;
}

/* Each area wholly to the unit sharing most of its area. */
static ct_status largest_area(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                              size_t *unit)
{
    const ct_layer *polys;
    ct__pieces pc = {0};
    ct_status st = overlay_polys(ctx, pop, layer, &polys, &pc);
    for (size_t i = 0; !st && i < pop->n; i++)
        unit[i] = CT__NONE;
    double *best = st ? NULL : ct__calloc(polys->n, sizeof *best);
    size_t *best_unit = st ? NULL : ct__malloc(polys->n * sizeof *best_unit);
    if (!st && (!best || !best_unit))
        st = ct__nomem(ctx);
    for (size_t q = 0; !st && q < polys->n; q++)
        best_unit[q] = CT__NONE;
    for (size_t q = 0; !st && q < pc.n; q++)
        if (pc.v[q].area > best[pc.v[q].a]) {
            best[pc.v[q].a] = pc.v[q].area;
            best_unit[pc.v[q].a] = pc.v[q].b;
        }
    for (size_t i = 0; !st && i < pop->n; i++) {
        size_t poly = ct__strmap_get(polys->index, pop->ids[i]);
        unit[i] = poly == CT__NONE ? CT__NONE : best_unit[poly];
    }
    free(best);
    free(best_unit);
    ct__pieces_free(&pc);
    return st;
}

typedef struct group_unit {
    size_t g, u;
    double pop;
} group_unit;

static int cmp_gu(const void *x, const void *y)
{
    const group_unit *p = x, *q = y;
    if (p->g != q->g)
        return (p->g > q->g) - (p->g < q->g);
    return (p->u > q->u) - (p->u < q->u);
}

/* For each group, the unit holding >= 1 - tol of its population (else NONE). */
static ct_status group_pop_target(ct_ctx *ctx, const ct_pop *pop, const ct__level *lv,
                                  const size_t *unit, double tol, size_t *target)
{
    group_unit *gu = ct__malloc((pop->n ? pop->n : 1) * sizeof *gu);
    double *gpop = ct__calloc(lv->nunits, sizeof *gpop);
    if (!gu || !gpop) {
        free(gu);
        free(gpop);
        return ct__nomem(ctx);
    }
    size_t m = 0;
    for (size_t i = 0; i < pop->n; i++) {
        if (lv->unit_of[i] == CT__NONE)
            continue;
        gpop[lv->unit_of[i]] += pop->pop[i];
        gu[m++] = (group_unit){lv->unit_of[i], unit[i], pop->pop[i]};
    }
    qsort(gu, m, sizeof *gu, cmp_gu);
    for (size_t g = 0; g < lv->nunits; g++)
        target[g] = CT__NONE;
    for (size_t k = 0; k < m;) {
        size_t e = k;
        double sum = 0;
        while (e < m && gu[e].g == gu[k].g && gu[e].u == gu[k].u)
            sum += gu[e++].pop;
        if (gu[k].u != CT__NONE && gpop[gu[k].g] > 0 && sum >= (1 - tol) * gpop[gu[k].g])
            target[gu[k].g] = gu[k].u;
        k = e;
    }
    free(gu);
    free(gpop);
    return CT_OK;
}

/* Groups whose area lies >= 1 - tol inside one unit take that unit. */
static ct_status group_area_target(ct_ctx *ctx, const ct_layer *gpolys, const ct__level *lv,
                                   const ct_layer *layer, double tol,
                                   const ct__overlay_hint *hint, size_t *target)
{
    ct__pieces own = {0};
    const ct__pieces *pc = &own;
    bool swapped = true; /* own pieces: a = group polygon, b = unit */
    ct_status st = CT_OK;
    if (hint && hint->other == gpolys) { /* the fit's own overlay: no second one */
        pc = hint->pieces;
        swapped = hint->swapped;
    } else
        st = ct__geoms_overlay(ctx, gpolys->geoms, layer->geoms, &own);
    for (size_t q = 0; !st && q < pc->n; q++) {
        size_t poly = swapped ? pc->v[q].a : pc->v[q].b;
        size_t unit = swapped ? pc->v[q].b : pc->v[q].a;
        size_t g = ct__strmap_get(lv->index, gpolys->ids[poly]);
        if (g != CT__NONE && target[g] == CT__NONE &&
            pc->v[q].area >= (1 - tol) * gpolys->areas[poly])
            target[g] = unit;
    }
    ct__pieces_free(&own);
    return st;
}

/* Known nesting: a council (group) that lies within one unit by population
 * or by area puts all its small areas there, which removes centroid errors
 * of generalised boundaries. */
static ct_status snap_groups(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer, double tol,
                             const ct__overlay_hint *hint, size_t *unit, size_t *n_snapped)
{
    *n_snapped = 0;
    const ct__level *lv = NULL;
    for (size_t k = 0; k < pop->nlevels; k++)
        if (pop->snap_level && !strcmp(pop->levels[k].name, pop->snap_level))
            lv = &pop->levels[k];
    if (!lv)
        return CT_OK;
    const ct_layer *gpolys;
    ct_status st = ct__pop_snap_polys(ctx, pop, &gpolys);
    if (st || !gpolys)
        return st;
    size_t *target = ct__malloc((lv->nunits ? lv->nunits : 1) * sizeof *target);
    if (!target)
        return ct__nomem(ctx);
    st = group_pop_target(ctx, pop, lv, unit, tol, target);
    if (!st)
        st = group_area_target(ctx, gpolys, lv, layer, tol, hint, target);
    for (size_t i = 0; !st && i < pop->n; i++) {
        size_t g = lv->unit_of[i];
        if (g != CT__NONE && target[g] != CT__NONE && unit[i] != target[g]) {
            unit[i] = target[g];
            (*n_snapped)++;
        }
    }
    free(target);
    return st;
}

/* A group is split when its main unit holds less than CT__MAIN_SHARE of
 * its people; above CT__FINER_SHARE of groups split, a level does not vote. */
#define CT__MAIN_SHARE 0.9
#define CT__FINER_SHARE 0.25

/* Whether the layer is finer than a level: many of the level's groups are
 * split between units (over all areas with a unit, by population; one
 * misplaced centroid does not split a council, a ward layer splits most
 * MSOAs). */
static ct_status level_is_finer(ct_ctx *ctx, const ct_pop *pop, const ct__level *lv,
                                const size_t *unit, bool *finer)
{
    group_unit *v = ct__malloc((pop->n ? pop->n : 1) * sizeof *v);
    if (!v)
        return ct__nomem(ctx);
    size_t n = 0, groups = 0, split = 0;
    for (size_t i = 0; i < pop->n; i++)
        if (lv->unit_of[i] != CT__NONE && unit[i] != CT__NONE)
            v[n++] = (group_unit){lv->unit_of[i], unit[i], pop->pop[i]};
    qsort(v, n, sizeof *v, cmp_gu);
    for (size_t k = 0; k < n;) {
        double total = 0, main = 0, run = 0;
        size_t g = v[k].g;
        for (; k < n && v[k].g == g; k++) {
            run = k && v[k - 1].g == g && v[k - 1].u == v[k].u ? run + v[k].pop : v[k].pop;
            total += v[k].pop;
            main = run > main ? run : main;
        }
        groups += total > 0;
        split += total > 0 && main < CT__MAIN_SHARE * total;
    }
    free(v);
    *finer = split > CT__FINER_SHARE * (double)groups;
    return CT_OK;
}

/* Where the confident areas of each group of one level lie: (group, unit,
 * people) entries sorted by group then unit. */
typedef struct support {
    group_unit *v;
    size_t n;
    size_t *first; /* first entry of each group; nunits + 1 */
    bool finer;    /* many groups split: the layer is finer than the level */
} support;

static void support_free(support *s)
{
    free(s->v);
    free(s->first);
}

static ct_status support_build(ct_ctx *ctx, const ct_pop *pop, const ct__level *lv,
                               const size_t *unit, const bool *ambiguous, support *s)
{
    *s = (support){.v = ct__malloc((pop->n ? pop->n : 1) * sizeof *s->v),
                   .first = ct__calloc(lv->nunits + 1, sizeof *s->first)};
    if (!s->v || !s->first)
        return ct__nomem(ctx);
    for (size_t i = 0; i < pop->n; i++)
        if (!ambiguous[i] && lv->unit_of[i] != CT__NONE)
            s->v[s->n++] = (group_unit){lv->unit_of[i], unit[i], pop->pop[i]};
    qsort(s->v, s->n, sizeof *s->v, cmp_gu);
    size_t m = 0; /* merge equal (group, unit) */
    for (size_t k = 0; k < s->n; k++) {
        if (m && s->v[m - 1].g == s->v[k].g && s->v[m - 1].u == s->v[k].u)
            s->v[m - 1].pop += s->v[k].pop;
        else
            s->v[m++] = s->v[k];
    }
    s->n = m;
    for (size_t k = 0, g = 0; g <= lv->nunits; g++) {
        s->first[g] = k;
        while (k < s->n && s->v[k].g == g)
            k++;
    }
    return level_is_finer(ctx, pop, lv, unit, &s->finer);
}

/* The unit for an ambiguous area of group g now in unit cur: cur if some
 * confident area of the group is there, else the group's main unit;
 * CT__NONE when the group has no confident area. */
static size_t support_decide(const support *s, size_t g, size_t cur)
{
    size_t best = CT__NONE;
    double most = -1;
    for (size_t k = s->first[g]; k < s->first[g + 1]; k++) {
        if (s->v[k].u == cur)
            return cur;
        if (s->v[k].pop > most) {
            most = s->v[k].pop;
            best = s->v[k].u;
        }
    }
    return best;
}

/* An area the vote moved keeps its centroid's unit when more than this
 * share of its own polygon lies there too (two signals against the vote),
 * on a layer not coarser than the councils. */
#define CT__OWN_SHARE 0.5

/* Whether a confident area of group g lies in unit u. */
static bool support_has(const support *s, size_t g, size_t u)
{
    for (size_t k = s->first[g]; k < s->first[g + 1]; k++)
        if (s->v[k].u == u)
            return true;
    return false;
}

static const ct__level *council_level(const ct_pop *pop)
{
    for (size_t k = 0; pop->snap_level && k < pop->nlevels; k++)
        if (!strcmp(pop->levels[k].name, pop->snap_level))
            return &pop->levels[k];
    return NULL;
}

/* Undo the vote's moves that the areas' own polygons and their councils
 * contradict: the MSOA of a centroid near a boundary may straddle it, and
 * its majority is then not where the area is (5 Birmingham LSOAs, 12,959
 * people, went to Black Country and West Birmingham by their MSOAs' vote).
 * The council must hold confident areas in the centroid's unit too: where a
 * layer's line is off (two Lambeth LSOAs lie wholly inside South West
 * London's polygon, officially South East London), the vote is right. */
static ct_status keep_by_own_polygon(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                                     const size_t *before, const bool *amb, size_t *unit,
                                     ct__assign *a)
{
    const ct__level *lv = council_level(pop);
    size_t moved = 0;
    for (size_t i = 0; i < pop->n; i++)
        moved += before[i] != CT__NONE && unit[i] != before[i];
    if (!moved || !lv || ct__gen_counts(&a->gen))
        return CT_OK;
    support sup;
    ct_status st = support_build(ctx, pop, lv, before, amb, &sup);
    size_t *area = st ? NULL : ct__malloc(moved * sizeof *area);
    size_t *was = st ? NULL : ct__malloc(moved * sizeof *was);
    double *share = st ? NULL : ct__malloc(moved * sizeof *share);
    if (!st && (!area || !was || !share))
        st = ct__nomem(ctx);
    size_t n = 0;
    for (size_t i = 0; !st && i < pop->n; i++)
        if (before[i] != CT__NONE && unit[i] != before[i] && lv->unit_of[i] != CT__NONE &&
            support_has(&sup, lv->unit_of[i], before[i])) {
            area[n] = i;
            was[n++] = before[i];
        }
    if (!st)
        st = ct__pop_own_shares(ctx, pop, layer, area, was, n, share);
    for (size_t k = 0; !st && k < n; k++)
        if (share[k] > CT__OWN_SHARE) {
            unit[area[k]] = was[k];
            a->n_voted--;
            a->n_kept_own++;
        }
    support_free(&sup);
    free(area);
    free(was);
    free(share);
    return st;
}

/* Centroids close to a boundary, or just outside a generalised coastline,
 * may be on the wrong side of a line. Such an area keeps its unit if a
 * confident area of its MSOA (else council) lies in it; otherwise it moves
 * to the unit holding most of that group's confident people. Levels with
 * many split groups (layers finer than the level) are not used. */
static ct_status vote_ambiguous(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                                size_t *unit, ct__assign *a)
{
    bool *done = ct__malloc((pop->n ? pop->n : 1) * sizeof *done);
    bool *amb = ct__malloc((pop->n ? pop->n : 1) * sizeof *amb);
    bool *far = ct__malloc((pop->n ? pop->n : 1) * sizeof *far);
    size_t *before = ct__malloc((pop->n ? pop->n : 1) * sizeof *before);
    ct_status st = done && amb && far && before ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < pop->n; i++)
        before[i] = unit[i];
    if (!st)
        st = ct__geoms_near_boundary(ctx, layer->geoms, pop->n, pop->x, pop->y, unit,
                                     a->ambiguous_m, amb);
    /* a centroid in no unit is ambiguous only near one (outside a generalised
     * coastline); further out it lies beyond the layer's coverage, unless the
     * layer covers England: then its outline misses land (an island, a
     * peninsula cut off by simplification) and the nesting places it */
    if (!st)
        st = ct__geoms_outside_near(ctx, layer->geoms, pop->n, pop->x, pop->y, unit,
                                    a->ambiguous_m, amb);
    double placed = 0;
    for (size_t i = 0; !st && i < pop->n; i++)
        placed += unit[i] != CT__NONE ? pop->pop[i] : 0;
    bool covers = placed >= CT__COVERS_SHARE * pop->total;
    for (size_t i = 0; !st && i < pop->n; i++) {
        far[i] = covers && unit[i] == CT__NONE && !amb[i];
        amb[i] = amb[i] || far[i];
        a->n_ambiguous += amb[i];
        done[i] = !amb[i];
    }
    for (size_t k = 0; !st && k < pop->nlevels; k++) {
        const ct__level *lv = &pop->levels[k];
        if (lv->lookup_only)
            continue;
        support sup;
        st = support_build(ctx, pop, lv, unit, amb, &sup);
        a->levels_voted += !st && !sup.finer;
        for (size_t i = 0; !st && !sup.finer && i < pop->n; i++) {
            size_t g = lv->unit_of[i];
            size_t u = done[i] || g == CT__NONE ? CT__NONE : support_decide(&sup, g, unit[i]);
            if (u == CT__NONE)
                continue;
            a->n_voted += unit[i] != u;
            unit[i] = u;
            done[i] = true;
        }
        support_free(&sup);
    }
    if (!st)
        st = keep_by_own_polygon(ctx, pop, layer, before, amb, unit, a);
    for (size_t i = 0; !st && i < pop->n; i++) {
        if (!done[i] && unit[i] != CT__NONE) { /* left to the generalised line */
            a->n_doubt++;
            a->pop_doubt += pop->pop[i];
        }
        if (far[i] && unit[i] != CT__NONE) {
            a->n_far_placed++;
            a->pop_far_placed += pop->pop[i];
        }
    }
    free(done);
    free(amb);
    free(far);
    free(before);
    return st;
}

/* Each area by its centroid, then (auto) the near-boundary correction and
 * council snapping. */
static ct_status by_centroid(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                             ct__method method, double tol, const ct__overlay_hint *hint,
                             size_t *unit, ct__assign *a)
{
    a->how = "centroid";
    ct_status st = ct__geoms_locate(ctx, layer->geoms, pop->n, pop->x, pop->y, unit);
    for (size_t i = 0; !st && i < pop->n; i++)
        a->n_outside += unit[i] == CT__NONE;
    if (!st && method == CT__AUTO && pop->nlevels)
        st = vote_ambiguous(ctx, pop, layer, unit, a);
    if (!st && method == CT__AUTO) {
        st = snap_groups(ctx, pop, layer, tol, hint, unit, &a->n_snapped);
        a->how = "centroid+nesting";
    }
    return st;
}

static ct_status whole(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                       ct__method method, double tol, const ct__overlay_hint *hint,
                       ct__assign *a)
{
    size_t *unit = ct__malloc((pop->n ? pop->n : 1) * sizeof *unit);
    if (!unit)
        return ct__nomem(ctx);
    const ct__level *lv = ct__pop_level_for(pop, layer);
    a->level = lv ? lv->name : NULL;
    /* the built-in layer of a level is the lookup's own geometry; without
     * centroids a lookup cannot be checked */
    bool lookup = lv != NULL;
    a->lookup_trusted = lv && ct__is_builtin(ctx, layer, lv->name);
    const ct__generalisation *gen = NULL;
    ct_status st = pop->x && !a->lookup_trusted ? ct__layer_generalisation(ctx, pop, layer, &gen)
                                                : CT_OK;
    if (gen)
        a->gen = *gen;
    a->ambiguous_m = ct__ambiguous_m(gen);
    if (!st && lv && pop->x && !a->lookup_trusted)
        st = ct__lookup_check(ctx, pop, layer, lv, a, &lookup);
    if (!st && lookup) {
        a->how = "lookup";
        ct__units_by_code(pop, layer, lv, unit);
    } else if (!st && pop->x)
        st = by_centroid(ctx, pop, layer, method, tol, hint, unit, a);
    else if (!st) {
        a->how = "largest-area";
        st = largest_area(ctx, pop, layer, unit);
    }
    if (!st)
        st = from_whole(ctx, a, unit);
    free(unit);
    return st;
}

ct_status ct__assign_units(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                           ct__method method, double tol, const ct__overlay_hint *hint,
                           ct__assign *out)
{
    memset(out, 0, sizeof *out);
    out->n = pop->n;
    ct_status st;
    out->ambiguous_m = CT__AMBIGUOUS_M;
    if (is_self(pop, layer)) { /* the small areas themselves, whatever the method */
        out->how = "self";
        size_t *unit = ct__malloc((pop->n ? pop->n : 1) * sizeof *unit);
        st = unit ? CT_OK : ct__nomem(ctx);
        if (!st)
            ct__units_by_code(pop, layer, NULL, unit);
        if (!st)
            st = from_whole(ctx, out, unit);
        free(unit);
    } else if (method == CT__AREAL) {
        out->how = "areal";
        st = areal(ctx, pop, layer, out);
    } else
        st = whole(ctx, pop, layer, method, tol, hint, out);
    if (!st)
        st = ct__assign_report(ctx, pop, layer, out);
    if (st)
        ct__assign_free(out);
    return st;
}
