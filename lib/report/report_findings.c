/* Every finding of check, flows and pcn in one list: the systems it
 * concerns, a sentence, ranked by severity then people affected. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* (tier, unit) of the check's units table -> system index. */
typedef struct tiermap {
    ct__strmap *index;
    char **keys;
    size_t n;
} tiermap;

static void tiermap_free(tiermap *m)
{
    ct__strmap_free(m->index);
    for (size_t i = 0; i < m->n; i++)
        free(m->keys[i]);
    free(m->keys);
}

static size_t tier_system(const tiermap *m, const char *tier, const char *unit)
{
    char *key = ct__sprintf("%s\x1f%s", tier ? tier : "", unit ? unit : "");
    size_t s = key ? ct__strmap_get(m->index, key) : CT__NONE;
    free(key);
    return s;
}

/* Rows come top tier first, so a unit's parent is already mapped. */
static ct_status tiermap_build(ct_report_job *r, tiermap *m)
{
    ct_ctx *ctx = r->ctx;
    ct__rtab t;
    size_t c[3] = {0};
    ct_status st = ct__rtab_open(ctx, r->check, "units", &t, "tier,unit,parent", c);
    size_t ct = c[0], cu = c[1], cp = c[2];
    if (!st && (!(m->index = ct__strmap_new(t.n)) ||
                !(m->keys = ct__calloc(t.n ? t.n : 1, sizeof *m->keys))))
        st = ct__nomem(ctx);
    const char *top = t.n ? ct__rtab_text(&t, 0, ct) : "", *prev_tier = NULL;
    for (size_t i = 0; !st && i < t.n; i++) {
        const char *tier = ct__rtab_text(&t, i, ct), *unit = ct__rtab_text(&t, i, cu);
        size_t s = CT__NONE;
        if (!strcmp(tier, top))
            s = ct__report_system_index(r, unit);
        else {
            /* the tier above is the previous distinct tier name */
            for (size_t k = i; k-- > 0;)
                if (strcmp(ct__rtab_text(&t, k, ct), tier)) {
                    prev_tier = ct__rtab_text(&t, k, ct);
                    break;
                }
            s = tier_system(m, prev_tier, ct__rtab_text(&t, i, cp));
        }
        m->keys[m->n] = ct__sprintf("%s\x1f%s", tier, unit);
        if (!m->keys[m->n])
            st = ct__nomem(ctx);
        size_t old;
        if (!st)
            st = ct__strmap_put(ctx, m->index, m->keys[m->n++], s, &old);
    }
    return st;
}

/* A finding being collected. */
typedef struct item {
    json_t *entry;
    int severity;
    double pop;
    size_t order;
} item;

static int severity_rank(const char *s)
{
    return !strcmp(s, "error") ? 0 : !strcmp(s, "warning") ? 1 : 2;
}

static int by_rank(const void *x, const void *y)
{
    const item *a = x, *b = y;
    if (a->severity != b->severity)
        return a->severity - b->severity;
    double pa = isfinite(a->pop) ? a->pop : -1, pb = isfinite(b->pop) ? b->pop : -1;
    if (pa != pb)
        return pa < pb ? 1 : -1;
    return (a->order > b->order) - (a->order < b->order);
}

typedef struct collect {
    ct_report_job *r;
    ct__rnames nm;
    tiermap tiers;
    ct__rtab pcn;
    size_t pcn_sys;
    size_t prov_home;
    bool *mark; /* per system: concerned by the finding at hand */
    item *items;
    size_t n, cap;
} collect;

static void mark_code(collect *c, const char *code)
{
    size_t s = code ? ct__report_system_index(c->r, code) : CT__NONE;
    if (s != CT__NONE)
        c->mark[s] = true;
}

static void mark_units(collect *c, const json_t *units, const char *tier)
{
    for (size_t i = 0; i < json_array_size(units); i++) {
        size_t s = tier_system(&c->tiers, tier, json_string_value(json_array_get(units, i)));
        if (s != CT__NONE)
            c->mark[s] = true;
    }
}

/* Mark the systems a finding concerns. */
static void attribute(collect *c, const char *source, const json_t *f)
{
    const char *type = json_string_value(json_object_get(f, "type"));
    const char *tier = json_string_value(json_object_get(f, "tier"));
    const json_t *units = json_object_get(f, "units");
    if (!strcmp(source, "check")) {
        mark_units(c, units, tier);
        const json_t *parents = json_object_get(f, "parents");
        const char *ptier = json_string_value(json_object_get(f, "parent_tier"));
        for (size_t i = 0; i < json_array_size(parents); i++) {
            json_t *one = json_pack("[O]", json_object_get(json_array_get(parents, i), "unit"));
            mark_units(c, one, ptier);
            json_decref(one);
        }
    } else if (!strcmp(source, "flows")) {
        if (!strcmp(type, "low_containment"))
            mark_code(c, json_string_value(json_array_get(units, 0)));
        else if (!strcmp(type, "multi_system_member")) {
            const json_t *ag = json_object_get(f, "against_units");
            for (size_t i = 0; i < json_array_size(ag); i++)
                mark_code(c, json_string_value(json_array_get(ag, i)));
        } else {
            size_t p = ct__strmap_get(c->nm.prov_index,
                                      json_string_value(json_array_get(units, 0)));
            if (p != CT__NONE)
                mark_code(c, ct__rtab_text(&c->nm.prov, p, c->prov_home));
        }
    } else {
        size_t p = ct__strmap_get(c->nm.pcn_index, json_string_value(json_array_get(units, 0)));
        if (p != CT__NONE)
            mark_code(c, ct__rtab_text(&c->pcn, p, c->pcn_sys));
        const char *ptier = json_string_value(json_object_get(f, "parent_tier"));
        const json_t *ag = json_object_get(f, "against_units");
        for (size_t i = 0; ptier && !strcmp(ptier, "system") && i < json_array_size(ag); i++)
            mark_code(c, json_string_value(json_array_get(ag, i)));
    }
}

static const char *topic(const char *source, const char *type)
{
    if (!strcmp(source, "flows"))
        return "hospitals";
    if (!strcmp(source, "pcn"))
        return "neighbourhoods";
    return !strcmp(type, "population_out_of_band") ? "size" : "councils";
}

static ct_status add(collect *c, const char *source, const json_t *f)
{
    ct_ctx *ctx = c->r->ctx;
    size_t ns = ct_layer_size(c->r->layer[CT__R_SYSTEMS]);
    memset(c->mark, 0, ns * sizeof *c->mark);
    attribute(c, source, f);
    json_t *systems = json_array();
    for (size_t s = 0; systems && s < ns; s++)
        if (c->mark[s] &&
            json_array_append_new(systems,
                                  json_string(ct_layer_id(c->r->layer[CT__R_SYSTEMS], s)))) {
            json_decref(systems); /* NULL: the finding's json_pack below fails */
            systems = NULL;
        }
    ct__buf text = {0};
    ct__report_sentence(&c->nm, source, f, &text);
    ct_status st = ct__buf_status(ctx, &text);
    const char *type = json_string_value(json_object_get(f, "type"));
    const char *sev = json_string_value(json_object_get(f, "severity"));
    json_t *pop = json_object_get(f, "population");
    json_t *e = st ? NULL
                   : json_pack("{s:s, s:s, s:s, s:O, s:o, s:s, s:s, s:O}", "source", source,
                               "type", type ? type : "", "severity", sev ? sev : "info",
                               "population", pop ? pop : json_null(), "systems", systems,
                               "topic", topic(source, type ? type : ""), "sentence",
                               text.s ? text.s : "", "finding", f);
    ct__buf_free(&text);
    if (st)
        json_decref(systems); /* not taken by json_pack */
    if (!st && !e)
        st = ct__nomem(ctx);
    if (!st && c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        item *v = ct__realloc(c->items, cap * sizeof *v);
        if (!v)
            st = ct__nomem(ctx);
        else {
            c->items = v;
            c->cap = cap;
        }
    }
    if (st) {
        json_decref(e);
        return st;
    }
    c->items[c->n] = (item){.entry = e, .severity = severity_rank(sev ? sev : "info"),
                            .pop = json_is_number(pop) ? json_number_value(pop) : NAN,
                            .order = c->n};
    c->n++;
    return CT_OK;
}

static ct_status add_doc(collect *c, const char *source, const ct_result *res)
{
    json_t *doc = NULL;
    ct_status st = ct__rdoc(c->r->ctx, res, "findings", &doc);
    const json_t *list = json_object_get(doc, "findings");
    for (size_t i = 0; !st && i < json_array_size(list); i++)
        st = add(c, source, json_array_get(list, i));
    json_decref(doc);
    return st;
}

static ct_status counts(collect *c, json_t *systems, json_t *national)
{
    static const char *const sev[] = {"error", "warning", "info"};
    ct_ctx *ctx = c->r->ctx;
    size_t ns = json_array_size(systems);
    size_t (*per)[3] = ct__calloc(ns + 1, sizeof *per), all[3] = {0, 0, 0};
    if (!per)
        return ct__nomem(ctx);
    for (size_t i = 0; i < c->n; i++) {
        all[c->items[i].severity]++;
        const json_t *codes = json_object_get(c->items[i].entry, "systems");
        for (size_t k = 0; k < json_array_size(codes); k++) {
            size_t s = ct__report_system_index(c->r, json_string_value(json_array_get(codes, k)));
            if (s != CT__NONE && s < ns)
                per[s][c->items[i].severity]++;
        }
    }
    ct_status st = CT_OK;
    for (size_t s = 0; !st && s <= ns; s++) {
        const size_t *v = s < ns ? per[s] : all;
        json_t *o = json_pack("{s:I, s:I, s:I}", sev[0], (json_int_t)v[0], sev[1],
                              (json_int_t)v[1], sev[2], (json_int_t)v[2]);
        st = ct__jset(ctx, s < ns ? json_array_get(systems, s) : national, "findings", o);
    }
    free(per);
    return st;
}

ct_status ct__report_model_findings(ct_report_job *r, json_t *systems, json_t *national,
                                    json_t *findings)
{
    ct_ctx *ctx = r->ctx;
    collect c = {.r = r};
    size_t ns = ct_layer_size(r->layer[CT__R_SYSTEMS]);
    ct_status st = ct__rnames_init(r, &c.nm);
    if (!st)
        st = ct__rtab_col(ctx, &c.nm.prov, "home_system", &c.prov_home);
    if (!st)
        st = ct__rtab_open(ctx, r->pcn, "pcn", &c.pcn, "best_system", &c.pcn_sys);
    if (!st)
        st = tiermap_build(r, &c.tiers);
    if (!st && !(c.mark = ct__calloc(ns ? ns : 1, sizeof *c.mark)))
        st = ct__nomem(ctx);
    if (!st)
        st = add_doc(&c, "check", r->check);
    if (!st)
        st = add_doc(&c, "flows", r->flows);
    if (!st)
        st = add_doc(&c, "pcn", r->pcn);
    if (!st)
        qsort(c.items, c.n, sizeof *c.items, by_rank);
    for (size_t i = 0; i < c.n; i++) {
        if (!st)
            st = ct__japp(ctx, findings, c.items[i].entry);
        else
            json_decref(c.items[i].entry);
    }
    if (!st)
        st = counts(&c, systems, national);
    free(c.items);
    free(c.mark);
    tiermap_free(&c.tiers);
    ct__rnames_free(&c.nm);
    return st;
}
