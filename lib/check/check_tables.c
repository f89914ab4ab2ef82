/* The tables of ct_check: units, nesting, one geometry table per tier (the
 * layers of tiers.gpkg) and findings as a table. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNITS_COLS                                                                          \
    "tier:t,unit:t,name:t,parent:t,parent_share:r,n_parents:i,pop:r,area_m2:r,n_blocks:i"
#define UNITS_FIXED 9
#define LAYER_COLS 5
#define NESTING_COLS                                                                        \
    "tier:t,layer:t,kind:t,units:i,coterminous:i,nested:i,contains:i,straddling:i,"        \
    "unmatched:i,pop_fit:r,area_fit:r,match_share:r"
#define TIER_COLS "unit:t,name:t,parent:t,pop:r,area_m2:r,n_blocks:i,geom:g"
#define FINDINGS_COLS                                                                       \
    "severity:t,type:t,tier:t,units:t,unit_names:t,against:t,against_units:t,"              \
    "against_names:t,population:r,message:t"

static char *units_spec(const ct__check *c)
{
    size_t cap = strlen(UNITS_COLS) + 1 + c->nagainst * 128;
    char *s = ct__malloc(cap);
    if (!s)
        return NULL;
    strcpy(s, UNITS_COLS);
    for (size_t l = 0; l < c->nagainst; l++) {
        const char *x = c->label[l];
        size_t n = strlen(s);
        snprintf(s + n, cap - n, ",%s_best:t,%s_best_name:t,%s_share:r,%s_best_share:r,%s_class:t",
                 x, x, x, x, x);
    }
    return s;
}

/* The unit's main parent (largest part), its share and the number of parents. */
static const char *parent_of(const ct__check *c, size_t k, size_t u, double *share, size_t *np)
{
    const ct__cktier *t = &c->tier[k];
    *share = NAN;
    *np = 0;
    if (k == 0 || !t->first_part)
        return "";
    size_t a = t->first_part[u], e = t->first_part[u + 1];
    *np = e - a;
    if (a == e)
        return "";
    const ct__ckpart *p = &t->parts[a];
    *share = ct__ck_share(p->pop, p->area, t->pop ? t->pop[u] : NAN, t->layer->areas[u]);
    return c->tier[k - 1].layer->ids[p->parent];
}

static ct_status unit_row(const ct__check *c, ct_table *tb, size_t row, size_t k, size_t u)
{
    ct_ctx *ctx = c->ctx;
    const ct__cktier *t = &c->tier[k];
    double pshare;
    size_t np;
    const char *parent = parent_of(c, k, u, &pshare, &np);
    ct_status st = ct__table_set_text(ctx, tb, row, 0, t->name);
    if (!st)
        st = ct__table_set_text(ctx, tb, row, 1, t->layer->ids[u]);
    if (!st)
        st = ct__table_set_text(ctx, tb, row, 2, ct__ck_name(t->layer, u));
    if (!st)
        st = ct__table_set_text(ctx, tb, row, 3, parent);
    ct__table_set_real(tb, row, 4, pshare);
    ct__table_set_real(tb, row, 5, (double)np);
    ct__table_set_real(tb, row, 6, t->pop ? t->pop[u] : NAN);
    ct__table_set_real(tb, row, 7, t->layer->areas[u]);
    ct__table_set_real(tb, row, 8, t->n_blocks ? (double)t->n_blocks[u] : NAN);
    for (size_t l = 0; !st && l < c->nagainst; l++) {
        const ct__unitfit *f = &t->vs[l].fa[u];
        size_t col = UNITS_FIXED + l * LAYER_COLS;
        bool has = f->best != CT__NONE;
        double s, o;
        ct__ck_best_shares(&t->vs[l], u, &s, &o);
        st = ct__table_set_text(ctx, tb, row, col, has ? c->against[l]->ids[f->best] : "");
        if (!st)
            st = ct__table_set_text(ctx, tb, row, col + 1,
                                    has ? c->against[l]->names[f->best] : "");
        if (!st)
            st = ct__table_set_text(ctx, tb, row, col + 4, ct__class_name(f->cls));
        ct__table_set_real(tb, row, col + 2, s);
        ct__table_set_real(tb, row, col + 3, o);
    }
    return st;
}

static ct_status units_table(const ct__check *c, ct_table **out)
{
    size_t rows = 0;
    for (size_t k = 0; k < c->ntiers; k++)
        rows += c->tier[k].layer->n;
    char *spec = units_spec(c);
    if (!spec)
        return ct__nomem(c->ctx);
    ct_status st = ct__table_new(c->ctx, out, "units", spec, rows);
    free(spec);
    size_t row = 0;
    for (size_t k = 0; !st && k < c->ntiers; k++)
        for (size_t u = 0; !st && u < c->tier[k].layer->n; u++)
            st = unit_row(c, *out, row++, k, u);
    return st;
}

static ct_status nesting_row(const ct__check *c, ct_table *tb, size_t row, size_t k,
                             const char *layer, const char *kind, const ct__fitrun *run)
{
    const ct__cktier *t = &c->tier[k];
    ct_status st = ct__table_set_text(c->ctx, tb, row, 0, t->name);
    if (!st)
        st = ct__table_set_text(c->ctx, tb, row, 1, layer);
    if (!st)
        st = ct__table_set_text(c->ctx, tb, row, 2, kind);
    const ct__fitindex *ix = &run->ia;
    double v[] = {(double)t->layer->n,
                  (double)ix->counts[CT__COTERMINOUS],
                  (double)ix->counts[CT__NESTED],
                  (double)ix->counts[CT__CONTAINS],
                  (double)ix->counts[CT__STRADDLES],
                  (double)ix->counts[CT__UNMATCHED],
                  run->a_pop ? ix->pop_weighted : NAN,
                  ix->area_weighted,
                  ct__ck_match_share(run->fa, t->pop, t->layer->areas, t->layer->n)};
    for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
        ct__table_set_real(tb, row, 3 + j, v[j]);
    return st;
}

static ct_status nesting_table(const ct__check *c, ct_table **out)
{
    size_t rows = c->ntiers * c->nagainst + (c->ntiers - 1);
    ct_status st = ct__table_new(c->ctx, out, "nesting", NESTING_COLS, rows);
    size_t row = 0;
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        if (k > 0)
            st = nesting_row(c, *out, row++, k, c->tier[k - 1].name, "tier", &c->tier[k].up);
        for (size_t l = 0; !st && l < c->nagainst; l++)
            st = nesting_row(c, *out, row++, k, c->label[l], "statutory", &c->tier[k].vs[l]);
    }
    return st;
}

static ct_status tier_table(const ct__check *c, size_t k, ct_table **out)
{
    const ct__cktier *t = &c->tier[k];
    ct_status st = ct__table_new(c->ctx, out, t->name, TIER_COLS, t->layer->n);
    if (!st)
        st = ct__table_set_group(c->ctx, *out, "tiers");
    for (size_t u = 0; !st && u < t->layer->n; u++) {
        double share;
        size_t np;
        st = ct__table_set_text(c->ctx, *out, u, 0, t->layer->ids[u]);
        if (!st)
            st = ct__table_set_text(c->ctx, *out, u, 1, ct__ck_name(t->layer, u));
        if (!st)
            st = ct__table_set_text(c->ctx, *out, u, 2, parent_of(c, k, u, &share, &np));
        ct__table_set_real(*out, u, 3, t->pop ? t->pop[u] : NAN);
        ct__table_set_real(*out, u, 4, t->layer->areas[u]);
        ct__table_set_real(*out, u, 5, t->n_blocks ? (double)t->n_blocks[u] : NAN);
    }
    if (!st)
        st = ct__table_put_geoms(c->ctx, *out, 6, t->layer);
    return st;
}

/* ["a", "b"] -> "a;b" */
static char *joined(const json_t *arr)
{
    size_t len = 1, i;
    json_t *v;
    json_array_foreach(arr, i, v) len += strlen(json_string_value(v) ? json_string_value(v) : "") + 1;
    char *s = ct__malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    json_array_foreach(arr, i, v)
    {
        if (i)
            strcat(s, ";");
        strcat(s, json_string_value(v) ? json_string_value(v) : "");
    }
    return s;
}

static ct_status findings_table(const ct__check *c, ct_table **out)
{
    /* columns in FINDINGS_COLS order: lists are joined with ';' */
    static const char *const keys[] = {"severity",      "type",    "tier",
                                       "units",         "unit_names", "against",
                                       "against_units", "against_names", NULL,
                                       "message"};
    const json_t *list = c->findings.list;
    ct_status st = ct__table_new(c->ctx, out, "findings", FINDINGS_COLS, json_array_size(list));
    for (size_t i = 0; !st && i < json_array_size(list); i++) {
        const json_t *f = json_array_get(list, i);
        for (size_t j = 0; !st && j < sizeof keys / sizeof keys[0]; j++) {
            const json_t *v = keys[j] ? json_object_get(f, keys[j]) : NULL;
            if (json_is_array(v)) {
                char *s = joined(v);
                st = s ? ct__table_set_text(c->ctx, *out, i, j, s) : ct__nomem(c->ctx);
                free(s);
            } else if (keys[j]) {
                const char *s = json_string_value(v);
                st = ct__table_set_text(c->ctx, *out, i, j, s ? s : "");
            }
        }
        const json_t *p = json_object_get(f, "population");
        ct__table_set_real(*out, i, 8, json_is_number(p) ? json_number_value(p) : NAN);
    }
    return st;
}

ct_status ct__ck_tables(ct__check *c, ct_result *r)
{
    ct_ctx *ctx = c->ctx;
    ct_table *t = NULL;
    ct_status st = units_table(c, &t);
    st = ct__result_add_built(ctx, r, st, t);
    t = NULL;
    if (!st) {
        st = nesting_table(c, &t);
        st = ct__result_add_built(ctx, r, st, t);
        t = NULL;
    }
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        st = tier_table(c, k, &t);
        st = ct__result_add_built(ctx, r, st, t);
        t = NULL;
    }
    if (!st) {
        st = findings_table(c, &t);
        st = ct__result_add_built(ctx, r, st, t);
    }
    return st;
}
