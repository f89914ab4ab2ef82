/* Per-system fit figures, national fit figures and the units of each layer
 * with the systems they fall in, from the tables of coterm fit
 * (docs/report.md, "Per-system figures"). */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_key[CT__R_NLAYERS] = {"systems", "upper", "lower", "subs"};

/* The columns of a_units/b_units and pairs the report reads. */
typedef struct units_cols {
    size_t id, name, pop, cls, best, share, parts;
} units_cols;

static ct_status unit_cols(ct_ctx *ctx, const ct_result *res, const char *name, ct__rtab *t,
                           units_cols *c)
{
    size_t v[7] = {0};
    ct_status st = ct__rtab_open(ctx, res, name, t,
                                 "id,name,pop,class,best_id,best_pop_share,n_parts", v);
    *c = (units_cols){.id = v[0], .name = v[1], .pop = v[2], .cls = v[3], .best = v[4],
                      .share = v[5], .parts = v[6]};
    return st;
}

/* Everything read from one fit. */
typedef struct fitread {
    ct__rtab a, b, p;
    units_cols ca, cb;
    size_t pa, pb, ppop, pshare, psliver;
    ct__strmap *ia, *ib;
    ct__rfit_pair *pairs;
    size_t np;
    double *s_share, *s_pop, *c_pop, *c_share;
    size_t *c_best;
    bool *c_split;
    ct__rfit_sys *out;
} fitread;

static void fitread_free(fitread *f)
{
    ct__strmap_free(f->ia);
    ct__strmap_free(f->ib);
    free(f->pairs);
    free(f->s_share);
    free(f->s_pop);
    free(f->c_pop);
    free(f->c_share);
    free(f->c_best);
    free(f->c_split);
    free(f->out);
}

static ct_status read_tables(ct_ctx *ctx, const ct_result *res, fitread *f)
{
    size_t v[5] = {0};
    ct_status st = unit_cols(ctx, res, "a_units", &f->a, &f->ca);
    if (!st)
        st = unit_cols(ctx, res, "b_units", &f->b, &f->cb);
    if (!st)
        st = ct__rtab_open(ctx, res, "pairs", &f->p, "a_id,b_id,pop,b_pop_share,sliver", v);
    f->pa = v[0];
    f->pb = v[1];
    f->ppop = v[2];
    f->pshare = v[3];
    f->psliver = v[4];
    if (!st)
        st = ct__rtab_index(ctx, &f->a, f->ca.id, &f->ia);
    if (!st)
        st = ct__rtab_index(ctx, &f->b, f->cb.id, &f->ib);
    return st;
}

static ct_status compute(ct_ctx *ctx, fitread *f)
{
    size_t ns = f->a.n, nc = f->b.n;
    f->pairs = ct__malloc((f->p.n ? f->p.n : 1) * sizeof *f->pairs);
    f->s_share = ct__malloc((ns ? ns : 1) * sizeof *f->s_share);
    f->s_pop = ct__malloc((ns ? ns : 1) * sizeof *f->s_pop);
    f->c_pop = ct__malloc((nc ? nc : 1) * sizeof *f->c_pop);
    f->c_share = ct__malloc((nc ? nc : 1) * sizeof *f->c_share);
    f->c_best = ct__malloc((nc ? nc : 1) * sizeof *f->c_best);
    f->c_split = ct__malloc((nc ? nc : 1) * sizeof *f->c_split);
    f->out = ct__malloc((ns ? ns : 1) * sizeof *f->out);
    if (!f->pairs || !f->s_share || !f->s_pop || !f->c_pop || !f->c_share || !f->c_best || !f->c_split ||
        !f->out)
        return ct__nomem(ctx);
    for (size_t s = 0; s < ns; s++) {
        f->s_share[s] = ct__rtab_real(&f->a, s, f->ca.share);
        f->s_pop[s] = ct__rtab_real(&f->a, s, f->ca.pop);
    }
    for (size_t c = 0; c < nc; c++) {
        f->c_pop[c] = ct__rtab_real(&f->b, c, f->cb.pop);
        f->c_share[c] = ct__rtab_real(&f->b, c, f->cb.share);
        f->c_best[c] = ct__strmap_get(f->ia, ct__rtab_text(&f->b, c, f->cb.best));
        f->c_split[c] = !strcmp(ct__rtab_text(&f->b, c, f->cb.cls), "straddles");
    }
    for (size_t k = 0; k < f->p.n; k++) {
        f->pairs[f->np++] = (ct__rfit_pair){
            .s = ct__strmap_get(f->ia, ct__rtab_text(&f->p, k, f->pa)),
            .c = ct__strmap_get(f->ib, ct__rtab_text(&f->p, k, f->pb)),
            .pop = ct__rtab_real(&f->p, k, f->ppop),
            .sliver = ct__rtab_real(&f->p, k, f->psliver) != 0,
        };
    }
    ct__rfit_in in = {
        .ns = ns, .nc = nc, .s_best_share = f->s_share, .c_pop = f->c_pop,
        .c_best_share = f->c_share, .c_best = f->c_best, .c_split = f->c_split,
        .pairs = f->pairs, .np = f->np,
    };
    return ct__report_fit(ctx, &in, f->out);
}

/* One unit's part in a system, for the system's table of units. */
typedef struct part {
    size_t c;
    double pop, share;
} part;

static int by_pop_desc(const void *x, const void *y)
{
    const part *a = x, *b = y;
    return a->pop < b->pop ? 1 : a->pop > b->pop ? -1 : (a->c > b->c) - (a->c < b->c);
}

static json_t *unit_part(const fitread *f, const part *p)
{
    const char *cls = ct__rtab_text(&f->b, p->c, f->cb.cls);
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:s, s:b}", "code",
                     ct__rtab_text(&f->b, p->c, f->cb.id), "name",
                     ct__rtab_text(&f->b, p->c, f->cb.name), "pop",
                     ct__jnum(f->c_pop[p->c]), "pop_in", ct__jnum(p->pop), "share",
                     ct__jnum(p->share), "class", cls, "split", f->c_split[p->c]);
}

/* systems[s][key] = the figures; systems[s][key + "_units"] = its units. */
static ct_status per_system(ct_ctx *ctx, const fitread *f, const char *key, json_t *systems)
{
    part *parts = ct__malloc((f->np ? f->np : 1) * sizeof *parts);
    if (!parts)
        return ct__nomem(ctx);
    char *list_key = ct__sprintf("%s_units", key);
    ct_status st = list_key ? CT_OK : ct__nomem(ctx);
    for (size_t s = 0; !st && s < f->a.n; s++) {
        const ct__rfit_sys *o = &f->out[s];
        json_t *sys = json_array_get(systems, s);
        double whole = f->s_pop[s] > 0 ? 1 - o->split_pop / f->s_pop[s] : NAN;
        json_t *fig = json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:s, s:o}", "units",
                                (json_int_t)o->units, "split", (json_int_t)o->split, "split_pop",
                                ct__jnum(o->split_pop), "whole_share", ct__jnum(whole), "fit_in",
                                ct__jnum(o->fit_in), "fit_out", ct__jnum(o->fit_out), "class",
                                ct__rtab_text(&f->a, s, f->ca.cls), "units_pop",
                                ct__jnum(o->units_pop));
        st = ct__jset(ctx, sys, key, fig);
        size_t n = 0;
        for (size_t k = 0; k < f->np; k++)
            if (f->pairs[k].s == s && !f->pairs[k].sliver)
                parts[n++] = (part){f->pairs[k].c, f->pairs[k].pop,
                                    ct__rtab_real(&f->p, k, f->pshare)};
        qsort(parts, n, sizeof *parts, by_pop_desc);
        json_t *list = json_array();
        if (!st)
            st = ct__jset(ctx, sys, list_key, list);
        for (size_t i = 0; !st && i < n; i++)
            st = ct__japp(ctx, list, unit_part(f, &parts[i]));
    }
    free(parts);
    free(list_key);
    return st;
}

/* Every unit of the layer with the systems holding a non-sliver part of it. */
static ct_status units_list(ct_ctx *ctx, const fitread *f, const char *key, json_t *councils)
{
    ct_status st = CT_OK;
    for (size_t c = 0; !st && c < f->b.n; c++) {
        json_t *systems = json_array();
        json_t *u = json_pack("{s:s, s:s, s:s, s:o, s:s, s:b, s:I, s:o}", "layer", key, "code",
                              ct__rtab_text(&f->b, c, f->cb.id), "name",
                              ct__rtab_text(&f->b, c, f->cb.name), "pop", ct__jnum(f->c_pop[c]),
                              "class", ct__rtab_text(&f->b, c, f->cb.cls), "split",
                              f->c_split[c], "n_parts",
                              (json_int_t)ct__rtab_real(&f->b, c, f->cb.parts), "systems",
                              systems);
        st = ct__japp(ctx, councils, u);
        for (size_t k = 0; !st && k < f->np; k++) {
            if (f->pairs[k].c != c || f->pairs[k].sliver)
                continue;
            json_t *p = json_pack("{s:s, s:o, s:o}", "code",
                                  ct__rtab_text(&f->a, f->pairs[k].s, f->ca.id), "pop",
                                  ct__jnum(f->pairs[k].pop), "share",
                                  ct__jnum(ct__rtab_real(&f->p, k, f->pshare)));
            st = ct__japp(ctx, systems, p);
        }
    }
    return st;
}

/* National figures: the fit's own summary, plus the people of split units. */
static ct_status national_fit(ct_report_job *r, int role, const fitread *f, json_t *national)
{
    ct_ctx *ctx = r->ctx;
    json_t *summary = NULL;
    ct_status st = ct__rdoc(ctx, r->fit[role], "summary", &summary);
    if (st)
        return st;
    json_t *idx = json_object_get(summary, "indices");
    json_t *cls = json_object_get(json_object_get(summary, "classes"), "b");
    size_t split = 0;
    double split_pop = 0;
    for (size_t c = 0; c < f->b.n; c++)
        if (f->c_split[c]) {
            split++;
            split_pop += f->c_pop[c];
        }
    json_t *fig = json_pack(
        "{s:s, s:I, s:I, s:o, s:O*, s:O*, s:O*, s:O*}", "layer", r->label[role], "units",
        (json_int_t)f->b.n, "split", (json_int_t)split, "split_pop", ct__jnum(split_pop),
        "coterminous", json_object_get(cls, "coterminous"), "pop_fit_systems_in_units",
        json_object_get(idx, "pop_fit_a_in_b"), "pop_fit_units_in_systems",
        json_object_get(idx, "pop_fit_b_in_a"), "share_units_coterminous",
        json_object_get(idx, "share_coterminous_b"));
    json_decref(summary);
    return ct__jset(ctx, national, role_key[role], fig);
}

ct_status ct__report_model_fit(ct_report_job *r, json_t *systems, json_t *national,
                               json_t *councils)
{
    ct_status st = CT_OK;
    for (int role = CT__R_UPPER; !st && role < CT__R_NLAYERS; role++) {
        fitread f = {0};
        st = read_tables(r->ctx, r->fit[role], &f);
        if (!st && f.a.n != json_array_size(systems))
            st = ct__err(r->ctx, CT_EINTERNAL, "report: fit has %zu systems, not %zu", f.a.n,
                         json_array_size(systems));
        if (!st)
            st = compute(r->ctx, &f);
        if (!st)
            st = per_system(r->ctx, &f, role_key[role], systems);
        if (!st)
            st = units_list(r->ctx, &f, role_key[role], councils);
        if (!st)
            st = national_fit(r, role, &f, national);
        fitread_free(&f);
    }
    return st;
}
