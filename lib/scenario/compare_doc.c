/* The scorecard (each tier's fit with each statutory layer on both sides,
 * from the checks' nesting tables and findings) and compare.json. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMPARE_VERSION 1

static json_t *num(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* Whether finding f is about layer: its against, or one of its
 * against_layers (one finding for a unit of two layers, check.md). */
static bool about_layer(json_t *f, const char *layer)
{
    const char *ag = json_string_value(json_object_get(f, "against"));
    size_t i;
    json_t *l;
    json_array_foreach(json_object_get(f, "against_layers"), i, l)
    {
        if (json_string_value(l) && !strcmp(json_string_value(l), layer))
            return true;
    }
    return ag && !strcmp(ag, layer);
}

/* council_split findings of a side at a tier about a layer. */
static size_t splits(const cmp *c, size_t side, const char *tier, const char *layer)
{
    size_t n = 0, i;
    json_t *f;
    json_array_foreach(c->side[side].findings, i, f)
    {
        const char *ty = json_string_value(json_object_get(f, "type"));
        const char *ti = json_string_value(json_object_get(f, "tier"));
        n += ty && ti && !strcmp(ty, "council_split") && !strcmp(ti, tier) &&
             about_layer(f, layer);
    }
    return n;
}

/* The row of a side's nesting table for a tier and a statutory layer. */
static size_t nesting_row(const ct_table *nt, const char *tier, const char *layer)
{
    size_t ct = ct_table_colindex(nt, "tier"), cl = ct_table_colindex(nt, "layer");
    size_t ck = ct_table_colindex(nt, "kind");
    for (size_t i = 0; i < ct_table_nrows(nt); i++)
        if (!strcmp(ct_table_text(nt, i, ct), tier) && !strcmp(ct_table_text(nt, i, cl), layer) &&
            !strcmp(ct_table_text(nt, i, ck), "statutory"))
            return i;
    return CT__NONE;
}

/* The statutory layers, in the order of the base's nesting table. */
static size_t layers(const cmp *c, const char **out, size_t cap)
{
    const ct_table *nt = ct_result_table_by_name(c->side[0].check, "nesting");
    size_t cl = ct_table_colindex(nt, "layer"), ck = ct_table_colindex(nt, "kind"), n = 0;
    for (size_t i = 0; i < ct_table_nrows(nt); i++) {
        const char *l = ct_table_text(nt, i, cl);
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen |= !strcmp(out[k], l);
        if (!seen && n < cap && !strcmp(ct_table_text(nt, i, ck), "statutory"))
            out[n++] = l;
    }
    return n;
}

#define MAX_LAYERS 64
/* columns of nesting.csv: two counts, then three shares */
static const char *const stat_cols[] = {"units", "coterminous", "pop_fit", "area_fit",
                                        "match_share"};
#define NSTAT 5

/* Statistic q of row i of a nesting table (NaN for no row). */
static double nest_stat(const ct_table *nt, size_t i, size_t q)
{
    return i == CT__NONE ? NAN : ct_table_real(nt, i, ct_table_colindex(nt, stat_cols[q]));
}

/* Add one to an integer member of a JSON object. */
static bool bump(json_t *o, const char *key, bool ok)
{
    return ct__json_put(o, key, json_integer(json_integer_value(json_object_get(o, key)) + 1), ok);
}

ct_status ct__cmp_scorecard_table(cmp *c, ct_result *r)
{
    const char *ls[MAX_LAYERS];
    size_t nl = layers(c, ls, MAX_LAYERS);
    const ct_table *nt[2] = {ct_result_table_by_name(c->side[0].check, "nesting"),
                             ct_result_table_by_name(c->side[1].check, "nesting")};
    ct_table *tb = NULL;
    ct_status st = ct__table_new(c->ctx, &tb, "scorecard",
                                 "tier:t,layer:t,base_units:i,units:i,base_coterminous:i,"
                                 "coterminous:i,base_pop_fit:r,pop_fit:r,base_area_fit:r,"
                                 "area_fit:r,base_match_share:r,match_share:r,"
                                 "base_council_splits:i,council_splits:i",
                                 c->ntiers * nl);
    for (size_t k = 0, row = 0; !st && k < c->ntiers; k++)
        for (size_t l = 0; !st && l < nl; l++, row++) {
            const cmp_tier *t = &c->tier[k];
            st = ct__table_set_text(c->ctx, tb, row, 0, t->name[0]);
            if (!st)
                st = ct__table_set_text(c->ctx, tb, row, 1, ls[l]);
            for (size_t s = 0; s < 2; s++) {
                size_t i = nesting_row(nt[s], t->name[s], ls[l]);
                for (size_t q = 0; q < NSTAT; q++)
                    ct__table_set_real(tb, row, 2 + 2 * q + s, nest_stat(nt[s], i, q));
                ct__table_set_real(tb, row, 12 + s, (double)splits(c, s, t->name[s], ls[l]));
            }
        }
    return ct__result_add_built(c->ctx, r, st, tb);
}

/* One side of a tier: units, people, fit per layer and findings. */
static json_t *side_json(const cmp *c, const cmp_tier *t, size_t s)
{
    const char *ls[MAX_LAYERS];
    size_t nl = layers(c, ls, MAX_LAYERS);
    const ct_table *nt = ct_result_table_by_name(c->side[s].check, "nesting");
    json_t *stat = json_array(), *sev = json_pack("{s:i, s:i, s:i}", "error", 0, "warning", 0,
                                                 "info", 0),
           *types = json_object();
    bool ok = stat && sev && types;
    for (size_t l = 0; ok && l < nl; l++) {
        size_t i = nesting_row(nt, t->name[s], ls[l]);
        json_t *o = json_pack("{s:s}", "layer", ls[l]);
        for (size_t q = 0; o && q < NSTAT; q++) {
            double v = nest_stat(nt, i, q);
            ok = ct__json_put(o, stat_cols[q],
                              q < 2 && !isnan(v) ? json_integer((json_int_t)v) : num(v), ok);
        }
        ok = o && ct__json_put(o, "council_splits",
                               json_integer((json_int_t)splits(c, s, t->name[s], ls[l])), ok);
        ok = ct__json_push(stat, o, ok);
    }
    size_t i;
    json_t *f;
    json_array_foreach(c->side[s].findings, i, f)
    {
        const char *ti = json_string_value(json_object_get(f, "tier"));
        const char *sv = json_string_value(json_object_get(f, "severity"));
        const char *ty = json_string_value(json_object_get(f, "type"));
        if (ti && !strcmp(ti, t->name[s]) && sv && ty)
            ok = bump(types, ty, bump(sev, sv, ok));
    }
    double pop = 0;
    for (size_t u = 0; u < t->n[s]; u++)
        pop += t->pop[s][u];
    if (!ok) {
        json_decref(stat);
        json_decref(sev);
        json_decref(types);
        return NULL;
    }
    return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "tier", t->name[s], "units",
                     (json_int_t)t->n[s], "population", c->has_pop ? json_real(pop) : json_null(),
                     "statutory", stat, "findings", sev, "findings_by_type", types);
}

typedef struct group {
    size_t a, b;
    size_t blocks;
    double w;
} group;

static int cmp_group_ab(const void *x, const void *y)
{
    const group *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

/* Largest first, then base unit order. */
static int cmp_group_w(const void *x, const void *y)
{
    const group *p = x, *q = y;
    if (p->w != q->w)
        return p->w < q->w ? 1 : -1;
    return cmp_group_ab(x, y);
}

/* Moved blocks grouped by (from, to), largest first. */
static json_t *moves_json(const cmp *c, const cmp_tier *t)
{
    group *g = ct__malloc((t->nmoved ? t->nmoved : 1) * sizeof *g);
    json_t *arr = g ? json_array() : NULL;
    if (!arr) {
        free(g);
        return NULL;
    }
    size_t n = 0;
    for (size_t i = 0; i < c->blocks->n; i++) {
        size_t a, b;
        if (!ct__cmp_block_moved(c, t, i, &a, &b))
            continue;
        g[n++] = (group){.a = a, .b = b, .blocks = 1, .w = ct__cmp_block_weight(c, i)};
    }
    qsort(g, n, sizeof *g, cmp_group_ab);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m && g[m - 1].a == g[k].a && g[m - 1].b == g[k].b) {
            g[m - 1].blocks++;
            g[m - 1].w += g[k].w;
        } else
            g[m++] = g[k];
    }
    qsort(g, m, sizeof *g, cmp_group_w);
    bool ok = true;
    for (size_t k = 0; ok && k < m; k++) {
        bool ha = g[k].a != CT__NONE, hb = g[k].b != CT__NONE;
        ok = ct__json_push(
            arr, json_pack("{s:s?, s:s?, s:s?, s:s?, s:I, s:o}", "from",
                           ha ? t->id[0][g[k].a] : NULL, "to", hb ? t->id[1][g[k].b] : NULL,
                           "from_name", ha ? t->uname[0][g[k].a] : NULL, "to_name",
                           hb ? t->uname[1][g[k].b] : NULL, "blocks", (json_int_t)g[k].blocks,
                           "population", c->has_pop ? json_real(g[k].w) : json_null()),
            ok);
    }
    free(g);
    return ct__json_done(arr, ok);
}

static json_t *unit_json(const cmp *c, const cmp_tier *t, size_t a, size_t b, ct__change ch)
{
    bool ha = a != CT__NONE, hb = b != CT__NONE;
    return json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:o, s:o, s:f, s:f}", "change",
                     ct__change_name(ch), "base_unit", ha ? t->id[0][a] : NULL, "unit",
                     hb ? t->id[1][b] : NULL, "base_name", ha ? t->uname[0][a] : NULL, "name",
                     hb ? t->uname[1][b] : NULL, "base_population",
                     ha && c->has_pop ? json_real(t->pop[0][a]) : json_null(), "population",
                     hb && c->has_pop ? json_real(t->pop[1][b]) : json_null(), "moved_out",
                     ha ? t->moved_out[a] : 0.0, "moved_in", hb ? t->moved_in[b] : 0.0);
}

/* Counts by kind, renamed units, and units whose members changed. */
static json_t *tier_json(const cmp *c, const cmp_tier *t)
{
    size_t count[CT__CREATED + 1] = {0};
    json_t *renamed = json_array(), *changes = json_array(), *kinds = json_object();
    bool ok = renamed && changes && kinds;
    for (size_t a = 0; ok && a < t->n[0]; a++) {
        ct__change ch = t->m.change_a[a];
        count[ch]++;
        if (ch != CT__SAME)
            ok = ct__json_push(ch == CT__RENAMED ? renamed : changes,
                               unit_json(c, t, a, t->m.match_a[a], ch), ok);
    }
    for (size_t b = 0; ok && b < t->n[1]; b++)
        if (t->m.match_b[b] == CT__NONE) {
            count[CT__CREATED]++;
            ok = ct__json_push(changes, unit_json(c, t, CT__NONE, b, CT__CREATED), ok);
        }
    for (size_t k = 0; ok && k <= CT__CREATED; k++)
        ok = ct__json_put(kinds, ct__change_name((ct__change)k),
                          json_integer((json_int_t)count[k]), ok);
    if (!ok) {
        json_decref(renamed);
        json_decref(changes);
        json_decref(kinds);
        return NULL;
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:o}}", "tier",
                     t->name[0], "base_tier", t->name[0], "proposed_tier", t->name[1], "base",
                     side_json(c, t, 0), "proposed", side_json(c, t, 1), "units", kinds,
                     "renamed", renamed, "unit_changes", changes, "moves", moves_json(c, t),
                     "moved", "blocks", (json_int_t)t->nmoved, "population",
                     c->has_pop ? json_real(t->moved) : json_null());
}

static json_t *config_json(const cmp *c, size_t s)
{
    const ct__ckconf *cf = &c->side[s].cfg->conf;
    json_t *tiers = json_array(), *only = json_array();
    bool ok = tiers && only;
    for (size_t k = 0; ok && k < cf->ntiers; k++) {
        ok = ct__json_push(tiers, json_string(cf->tier[k]), ok);
        bool matched = false;
        for (size_t t = 0; t < c->ntiers; t++)
            matched |= c->tier[t].k[s] == k;
        if (!matched)
            ok = ct__json_push(only, json_string(cf->tier[k]), ok);
    }
    json_t *sum = ok ? json_loads(ct_result_doc(c->side[s].check, "summary"), 0, NULL) : NULL;
    if (!sum) {
        json_decref(tiers);
        json_decref(only);
        return NULL;
    }
    json_t *o = json_pack("{s:s, s:I, s:o, s:o, s:O}", "source", cf->source, "blocks",
                          (json_int_t)cf->nrows, "tiers", tiers, "tiers_not_compared", only,
                          "findings", json_object_get(sum, "findings"));
    json_decref(sum);
    return o;
}

ct_status ct__cmp_doc(cmp *c, ct_result *r)
{
    json_t *tiers = json_array();
    bool changed = json_array_size(c->resolved) || json_array_size(c->introduced);
    bool ok = tiers != NULL;
    for (size_t k = 0; ok && k < c->ntiers; k++) {
        const cmp_tier *t = &c->tier[k];
        ok = ct__json_push(tiers, tier_json(c, t), ok);
        changed |= t->nmoved > 0;
        for (size_t a = 0; a < t->n[0]; a++)
            changed |= t->m.change_a[a] != CT__SAME;
        for (size_t b = 0; b < t->n[1]; b++)
            changed |= t->m.match_b[b] == CT__NONE;
    }
    json_t *doc = !ok ? (json_decref(tiers), NULL) : json_pack(
        "{s:i, s:s, s:s, s:o, s:o, s:{s:s, s:I}, s:s, s:o, s:{s:I, s:I, s:I}, s:O, s:O, s:b}",
        "version", COMPARE_VERSION, "command", "compare", "coterm_version", ct_version(), "base",
        config_json(c, 0), "proposed", config_json(c, 1), "blocks", "source", c->blocks->source,
        "units", (json_int_t)c->blocks->n, "tiers_matched_by",
        c->by_position ? "position" : "name", "tiers", tiers, "findings", "resolved",
        (json_int_t)json_array_size(c->resolved), "introduced",
        (json_int_t)json_array_size(c->introduced), "kept", (json_int_t)c->kept, "resolved",
        c->resolved, "introduced", c->introduced, "changed", changed);
    return ct__result_add_json(c->ctx, r, "compare", doc);
}
