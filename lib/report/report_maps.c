/* Display geometry of every layer the pages draw, built once per layer as
 * shared arcs (core/topo.c) and written as SVG path data at a page's scale
 * (docs/report.md, "Maps"). */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Snapping grid of the topology: 1 m. Neighbours' generalised copies of a
 * vertex coincide, and a metre is far below a pixel of any page. */
#define QUANTUM 1.0
/* Visvalingam threshold at a page's scale, in square pixels: triangles
 * smaller than this vanish at 0.1 px precision anyway. */
#define MIN_PX2 0.15

typedef struct source {
    const ct_layer *layer;    /* units from a layer ... */
    const ct_table *table;    /* ... or from a result table's WKB */
    size_t id_col, geom_col;
    const char *filter_col, *filter_val; /* keep rows whose column equals this */
} source;

static ct_status rmap_init(ct_ctx *ctx, ct__rmap *m, size_t n, bool topo)
{
    m->n = n;
    m->ids = ct__calloc(n ? n : 1, sizeof *m->ids);
    m->box = ct__malloc((n ? n : 1) * sizeof *m->box);
    m->index = ct__strmap_new(n);
    if (!m->ids || !m->box || !m->index)
        return ct__nomem(ctx);
    return topo ? ct__topo_new(ctx, &m->topo, n, QUANTUM) : CT_OK;
}

static ct_status set_id(ct_ctx *ctx, ct__rmap *m, size_t u, const char *id)
{
    size_t old;
    if (!(m->ids[u] = ct__strdup(id)))
        return ct__nomem(ctx);
    return ct__strmap_put(ctx, m->index, m->ids[u], u, &old);
}

static void rmap_free(ct__rmap *m)
{
    for (size_t i = 0; m->ids && i < m->n; i++)
        free(m->ids[i]);
    free(m->ids);
    free(m->box);
    free(m->label);
    ct__strmap_free(m->index);
    ct__topo_free(m->topo);
    *m = (ct__rmap){0};
}

void ct__report_maps_free(ct_report_job *r)
{
    for (int m = 0; m < CT__M_N; m++)
        rmap_free(&r->map[m]);
    ct__topo_free(r->small);
    ct_layer_free(r->places);
}

static ct_status add_unit(ct_ctx *ctx, ct__rmap *m, size_t u, const char *id, ct__rings *rings)
{
    ct_status st = set_id(ctx, m, u, id);
    return st ? st : ct__topo_add(ctx, m->topo, u, rings);
}

/* Label points: a point inside each unit of the layer. */
static ct_status label_points(ct_ctx *ctx, ct__rmap *m, const ct_layer *l)
{
    if (!(m->label = ct__malloc((l->n ? l->n : 1) * sizeof *m->label)))
        return ct__nomem(ctx);
    for (size_t u = 0; u < l->n; u++)
        if (ct__geoms_surface_point(ctx, l->geoms, u, &m->label[u][0], &m->label[u][1]))
            m->label[u][0] = m->label[u][1] = NAN; /* no label rather than no report */
    return CT_OK;
}

/* The small areas of the population base as a topology (built once). */
static ct_status small_areas(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    if (r->small)
        return CT_OK;
    const ct_layer *polys = NULL;
    ct_status st = ct__pop_polys(ctx, r->pop, &polys);
    if (!st)
        st = ct__topo_new(ctx, &r->small, polys->n, QUANTUM);
    ct__rings rings = {0};
    for (size_t i = 0; !st && i < polys->n; i++) {
        ct__rings_clear(&rings);
        st = ct__geoms_rings(ctx, polys->geoms, i, &rings);
        if (!st)
            st = ct__topo_add(ctx, r->small, i, &rings);
    }
    ct__rings_free(&rings);
    return st;
}

/* Units ids[0..n) drawn as groups of small areas (group_of per area). */
static ct_status from_groups(ct_report_job *r, ct__rmap *m, const char *const *ids, size_t n,
                             const size_t *group_of)
{
    ct_ctx *ctx = r->ctx;
    ct_status st = small_areas(r);
    if (!st)
        st = rmap_init(ctx, m, n, false);
    for (size_t u = 0; !st && u < n; u++)
        st = set_id(ctx, m, u, ids[u]);
    return st ? st : ct__topo_regroup(ctx, r->small, group_of, n, &m->topo);
}

/* A layer whose units the population base nests exactly (councils through
 * the ONS lookup): its units as groups of small areas, so that every
 * layer drawn this way shares the small areas' boundaries. */
static ct_status from_level(ct_report_job *r, ct__rmap *m, const ct_layer *l, const ct__level *lv,
                            bool *done)
{
    ct_ctx *ctx = r->ctx;
    size_t n = ct_pop_size(r->pop);
    size_t *group_of = ct__malloc((n ? n : 1) * sizeof *group_of);
    if (!group_of)
        return ct__nomem(ctx);
    for (size_t i = 0; i < n; i++)
        group_of[i] = lv->unit_of[i] == CT__NONE
                          ? CT__NONE
                          : ct__strmap_get(l->index, lv->codes[lv->unit_of[i]]);
    ct_status st = from_groups(r, m, (const char *const *)l->ids, l->n, group_of);
    free(group_of);
    if (!st)
        st = label_points(ctx, m, l);
    *done = !st;
    return st;
}

/* Any other layer as groups of small areas by the population method of
 * coterm fit (what its figures count), so that its lines meet the councils'. */
static ct_status from_assignment(ct_report_job *r, ct__rmap *m, const ct_layer *l)
{
    ct_ctx *ctx = r->ctx;
    ct__assign a = {0};
    ct_status st = ct__assign_units(ctx, r->pop, l, CT__AUTO, r->tol, NULL, &a);
    size_t n = ct_pop_size(r->pop);
    size_t *group_of = st ? NULL : ct__malloc((n ? n : 1) * sizeof *group_of);
    if (!st && !group_of)
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < n; i++) {
        size_t best = CT__NONE;
        double f = 0;
        for (size_t k = a.start[i]; k < a.start[i + 1]; k++)
            if (a.frac[k] > f) {
                f = a.frac[k];
                best = a.unit[k];
            }
        group_of[i] = best;
    }
    if (!st)
        st = from_groups(r, m, (const char *const *)l->ids, l->n, group_of);
    if (!st)
        st = label_points(ctx, m, l);
    free(group_of);
    ct__assign_free(&a);
    return st;
}

/* Acute trusts' plurality catchments as groups of small areas: each area
 * goes to the plurality provider of its origin (flows' origins table). */
static ct_status catchments(ct_report_job *r, ct__rmap *m, bool *done)
{
    ct_ctx *ctx = r->ctx;
    const ct_layer *origins = r->layer[CT__R_LOWER];
    const ct__level *lv = ct__pop_level_for(r->pop, origins);
    ct__rtab t;
    size_t c[2] = {0, 0};
    *done = false;
    if (!lv || ct__rtab_open(ctx, r->flows, "origins", &t, "origin_id,plurality_provider", c) ||
        t.n != origins->n)
        return CT_OK; /* other origins: draw the catchments' own polygons */
    size_t co = c[0], cp = c[1];
    size_t n = ct_pop_size(r->pop), np = 0;
    size_t *group_of = ct__malloc((n ? n : 1) * sizeof *group_of);
    size_t *of_origin = ct__malloc((t.n ? t.n : 1) * sizeof *of_origin);
    const char **ids = ct__malloc((t.n ? t.n : 1) * sizeof *ids);
    ct__strmap *seen = ct__strmap_new(t.n), *orig = ct__strmap_new(t.n);
    ct_status st = group_of && of_origin && ids && seen && orig ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < t.n; k++) {
        const char *p = ct__rtab_text(&t, k, cp);
        size_t old, g = ct__strmap_get(seen, p);
        if (*p && g == CT__NONE) {
            g = np;
            ids[np++] = p;
            st = ct__strmap_put(ctx, seen, p, g, &old);
        }
        of_origin[k] = *p ? g : CT__NONE;
        if (!st)
            st = ct__strmap_put(ctx, orig, ct__rtab_text(&t, k, co), k, &old);
    }
    for (size_t i = 0; !st && i < n; i++) {
        size_t k = lv->unit_of[i] == CT__NONE ? CT__NONE
                                              : ct__strmap_get(orig, lv->codes[lv->unit_of[i]]);
        group_of[i] = k == CT__NONE ? CT__NONE : of_origin[k];
    }
    if (!st)
        st = from_groups(r, m, ids, np, group_of);
    free(group_of);
    free(of_origin);
    free(ids);
    ct__strmap_free(seen);
    ct__strmap_free(orig);
    *done = !st;
    return st;
}

static ct_status from_table(ct_ctx *ctx, ct__rmap *m, const source *s)
{
    const ct_table *t = s->table;
    size_t fcol = s->filter_col ? ct_table_colindex(t, s->filter_col) : (size_t)-1;
    size_t n = 0, nrows = ct_table_nrows(t);
    for (size_t i = 0; i < nrows; i++)
        n += fcol == (size_t)-1 || !strcmp(ct_table_text(t, i, fcol), s->filter_val);
    ct__rings rings = {0};
    ct_status st = rmap_init(ctx, m, n, true);
    for (size_t i = 0, u = 0; !st && i < nrows; i++) {
        if (fcol != (size_t)-1 && strcmp(ct_table_text(t, i, fcol), s->filter_val))
            continue;
        size_t len = 0;
        const unsigned char *wkb = ct_table_geom(t, i, s->geom_col, &len);
        ct__rings_clear(&rings);
        st = ct__wkb_rings(ctx, wkb, len, &rings);
        if (!st)
            st = add_unit(ctx, m, u++, ct_table_text(t, i, s->id_col), &rings);
    }
    ct__rings_free(&rings);
    return st;
}

static size_t geom_col(const ct_table *t)
{
    for (size_t j = 0; j < ct_table_ncols(t); j++)
        if (ct_table_coltype(t, j) == CT_COL_GEOM)
            return j;
    return (size_t)-1;
}

/* A result table's geometry, ids in column id (rows where filter_col ==
 * filter_val only, if given). */
static ct_status table_source(ct_ctx *ctx, const ct_result *res, const char *name,
                              const char *id, source *s)
{
    s->table = ct_result_table_by_name(res, name);
    s->id_col = s->table ? ct_table_colindex(s->table, id) : (size_t)-1;
    s->geom_col = s->table ? geom_col(s->table) : (size_t)-1;
    if (!s->table || s->id_col == (size_t)-1 || s->geom_col == (size_t)-1)
        return ct__err(ctx, CT_EINTERNAL, "report: no geometry table '%s' with '%s'", name, id);
    return CT_OK;
}

/* A layer from a result table's geometry (ids from its id column). */
static ct_status table_layer(ct_report_job *r, const char *label, const source *s, ct_layer **out)
{
    ct_ctx *ctx = r->ctx;
    size_t n = ct_table_nrows(s->table);
    const char **ids = ct__malloc((n ? n : 1) * sizeof *ids);
    const unsigned char **wkb = ct__malloc((n ? n : 1) * sizeof *wkb);
    size_t *len = ct__malloc((n ? n : 1) * sizeof *len);
    ct_status st = ids && wkb && len ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < n; i++) {
        ids[i] = ct_table_text(s->table, i, s->id_col);
        wkb[i] = ct_table_geom(s->table, i, s->geom_col, &len[i]);
    }
    if (!st)
        st = ct_layer_from_wkb(ctx, out, label, n, ids, ids, wkb, len, ct_table_crs(s->table),
                               NULL);
    free(ids);
    free(wkb);
    free(len);
    return st;
}

/* The tier below the systems of a configuration, or NULL. */
static const char *config_places(ct_report_job *r, json_t **summary)
{
    if (!r->config || ct__rdoc(r->ctx, r->check, "summary", summary))
        return NULL;
    return json_string_value(
        json_object_get(json_array_get(json_object_get(*summary, "tiers"), 1), "name"));
}

static ct_status build(ct_report_job *r, int m)
{
    ct_ctx *ctx = r->ctx;
    static const int role[] = {CT__R_SYSTEMS, CT__R_UPPER, CT__R_LOWER, CT__R_SUBS};
    bool done = false;
    ct_status st = CT_OK;
    if (m <= CT__M_SUBS) {
        const ct_layer *l = r->layer[role[m]];
        const ct__level *lv = ct__pop_level_for(r->pop, l);
        if (lv)
            st = from_level(r, &r->map[m], l, lv, &done);
        return st || done ? st : from_assignment(r, &r->map[m], l);
    }
    source s = {0};
    if (m == CT__M_PLACES) {
        json_t *summary = NULL;
        const char *places = config_places(r, &summary);
        if (places)
            st = table_source(ctx, r->check, places, "unit", &s);
        if (!st && places)
            st = table_layer(r, places, &s, &r->places);
        json_decref(summary);
        if (!st && (r->places || r->ntiers > 1))
            return from_assignment(r, &r->map[m], r->places ? r->places : r->tiers[1]);
        return st; /* nothing to draw without places */
    } else if (m == CT__M_CATCHMENTS) {
        st = catchments(r, &r->map[m], &done);
        if (st || done)
            return st;
        st = table_source(ctx, r->flows, "catchments", "provider_id", &s);
        s.filter_col = "kind";
        s.filter_val = "plurality";
    } else {
        st = table_source(ctx, r->pcn, "neighbourhoods", "pcn_code", &s);
    }
    return st ? st : from_table(ctx, &r->map[m], &s);
}

ct_status ct__report_maps(ct_report_job *r)
{
    ct_status st = CT_OK;
    for (int m = 0; !st && m < CT__M_N; m++) {
        st = build(r, m);
        if (!st && r->map[m].topo)
            st = ct__topo_build(r->ctx, r->map[m].topo);
        for (size_t u = 0; !st && u < r->map[m].n; u++)
            if (!ct__topo_unit_bbox(r->map[m].topo, u, r->map[m].box[u]))
                r->map[m].box[u][0] = NAN;
    }
    return st;
}

/* ---- views and SVG */

ct_status ct__report_view(const ct_report_job *r, int m, const char *const *codes, size_t n,
                          double width, double max_height, ct__rview *out)
{
    const ct__rmap *map = &r->map[m];
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    size_t count = codes ? n : map->n;
    for (size_t k = 0; k < count; k++) {
        size_t u = codes ? ct__strmap_get(map->index, codes[k]) : k;
        if (u == CT__NONE || isnan(map->box[u][0]))
            continue;
        for (int j = 0; j < 2; j++) {
            b[j] = fmin(b[j], map->box[u][j]);
            b[j + 2] = fmax(b[j + 2], map->box[u][j + 2]);
        }
    }
    if (!(b[2] > b[0] && b[3] > b[1]))
        return ct__err(r->ctx, CT_EINTERNAL, "report: nothing to draw on the map");
    double pad = 0.03 * fmax(b[2] - b[0], b[3] - b[1]);
    double dx = b[2] - b[0] + 2 * pad, dy = b[3] - b[1] + 2 * pad;
    /* metres a pixel: the box fits width x max_height, centred across */
    double px = fmax(dx / width, dy / max_height), cx = (b[0] + b[2]) / 2;
    *out = (ct__rview){.x0 = cx - width * px / 2, .y0 = b[1] - pad, .x1 = cx + width * px / 2,
                       .y1 = b[3] + pad, .width = width, .height = ceil(dy / px)};
    out->min_weight = MIN_PX2 * px * px;
    return CT_OK;
}

/* Tenths of a pixel as "12.3" (or "12"), without the locale. */
static void tenths(ct__buf *b, long long v)
{
    if (v < 0) {
        ct__buf_add(b, "-");
        v = -v;
    }
    ct__buf_printf(b, "%lld", v / 10);
    if (v % 10)
        ct__buf_printf(b, ".%lld", v % 10);
}

/* One ring or polyline as M x,y l dx,dy ... (z if closed). */
static void path_data(ct__buf *b, const ct__rview *v, const ct__rings *rg, size_t i, bool close)
{
    double px = (v->x1 - v->x0) / v->width;
    long long px0 = 0, py0 = 0;
    size_t k0 = rg->start[i], k1 = rg->start[i + 1], written = 0;
    for (size_t k = k0; k < k1; k++) {
        long long x = llround((rg->xy[2 * k] - v->x0) / px * 10);
        long long y = llround((v->y1 - rg->xy[2 * k + 1]) / px * 10);
        if (k == k0) {
            ct__buf_add(b, "M");
            tenths(b, x);
            ct__buf_add(b, ",");
            tenths(b, y);
            ct__buf_add(b, "l");
        } else if (x != px0 || y != py0) {
            if (written++)
                ct__buf_add(b, " ");
            tenths(b, x - px0);
            ct__buf_add(b, ",");
            tenths(b, y - py0);
        } else
            continue;
        px0 = x;
        py0 = y;
    }
    if (!written) /* a lone point: draw nothing after the move */
        ct__buf_add(b, "0,0");
    if (close)
        ct__buf_add(b, "z");
}

static bool in_view(const double box[4], const ct__rview *v)
{
    return !isnan(box[0]) && box[2] >= v->x0 && box[0] <= v->x1 && box[3] >= v->y0 &&
           box[1] <= v->y1;
}

ct_status ct__svg_units(ct_report_job *r, int m, const ct__rview *v, ct__rstyle style, void *ud,
                        ct__buf *out)
{
    const ct__rmap *map = &r->map[m];
    ct__rings rg = {0};
    ct__buf attrs = {0};
    ct_status st = CT_OK;
    for (size_t u = 0; !st && u < map->n; u++) {
        if (!in_view(map->box[u], v))
            continue;
        attrs.n = 0;
        ct__buf_add(&attrs, "");
        if (!style(ud, u, map->ids[u], &attrs))
            continue;
        ct__rings_clear(&rg);
        st = ct__topo_unit_rings(r->ctx, map->topo, u, v->min_weight, &rg);
        if (st || rg.n == 0)
            continue;
        ct__buf_add(out, "<path");
        ct__buf_add(out, attrs.s);
        ct__buf_add(out, " d=\"");
        for (size_t i = 0; i < rg.n; i++)
            path_data(out, v, &rg, i, true);
        ct__buf_add(out, "\"/>\n");
    }
    if (!st)
        st = ct__buf_status(r->ctx, &attrs);
    if (!st)
        st = ct__buf_status(r->ctx, out);
    ct__rings_free(&rg);
    ct__buf_free(&attrs);
    return st;
}

ct_status ct__svg_arcs(ct_report_job *r, int m, const ct__rview *v, ct__rkeep keep, void *ud,
                       ct__buf *out)
{
    const ct__rmap *map = &r->map[m];
    ct__rings rg = {0};
    ct_status st = CT_OK;
    for (size_t a = 0; !st && a < ct__topo_narcs(map->topo); a++) {
        size_t left, right;
        ct__topo_arc_units(map->topo, a, &left, &right);
        if (keep && !keep(ud, left, right))
            continue;
        bool seen = (left != CT__NONE && in_view(map->box[left], v)) ||
                    (right != CT__NONE && in_view(map->box[right], v));
        if (!seen)
            continue;
        ct__rings_clear(&rg);
        st = ct__topo_arc_points(r->ctx, map->topo, a, v->min_weight, &rg);
        if (!st && rg.n && rg.start[1] > 1)
            path_data(out, v, &rg, 0, false);
    }
    ct__rings_free(&rg);
    return st ? st : ct__buf_status(r->ctx, out);
}
