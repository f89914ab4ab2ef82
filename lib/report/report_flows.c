/* Patient flows in the model: each system's containment and providers, and
 * the providers serving several systems, from the tables of coterm flows. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct flowcols {
    ct__rtab sys, prov, fl;
    size_t s_id, s_pop, s_cont, s_nprov, s_int, s_flows, s_contained, s_ncouncils, s_top,
        s_topshare;
    size_t p_id, p_name, p_patients, p_home, p_homeshare, p_nsys, p_li, p_homename, p_hq;
    size_t f_prov, f_sys, f_patients, f_pshare, f_sshare, f_home;
} flowcols;

static ct_status cols(ct_ctx *ctx, const ct_result *res, flowcols *c)
{
    struct {
        ct__rtab *t;
        const char *name;
        size_t *out;
    } want[] = {
        {&c->sys, "system_id", &c->s_id},       {&c->sys, "pop", &c->s_pop},
        {&c->sys, "containment", &c->s_cont},   {&c->sys, "n_providers", &c->s_nprov},
        {&c->sys, "intensity", &c->s_int},      {&c->sys, "flows", &c->s_flows},
        {&c->sys, "contained", &c->s_contained}, {&c->sys, "n_councils", &c->s_ncouncils},
        {&c->sys, "top_provider", &c->s_top},   {&c->sys, "top_share", &c->s_topshare},
        {&c->prov, "provider_id", &c->p_id},    {&c->prov, "provider_name", &c->p_name},
        {&c->prov, "patients", &c->p_patients}, {&c->prov, "home_system", &c->p_home},
        {&c->prov, "home_share", &c->p_homeshare}, {&c->prov, "n_systems", &c->p_nsys},
        {&c->prov, "li", &c->p_li},             {&c->prov, "home_system_name", &c->p_homename},
        {&c->prov, "hq_system", &c->p_hq},      {&c->fl, "provider_id", &c->f_prov},
        {&c->fl, "system_id", &c->f_sys},       {&c->fl, "patients", &c->f_patients},
        {&c->fl, "provider_share", &c->f_pshare}, {&c->fl, "system_share", &c->f_sshare},
        {&c->fl, "home", &c->f_home},
    };
    ct_status st = ct__rtab_get(ctx, res, "systems", &c->sys);
    if (!st)
        st = ct__rtab_get(ctx, res, "providers", &c->prov);
    if (!st)
        st = ct__rtab_get(ctx, res, "flows", &c->fl);
    for (size_t i = 0; !st && i < sizeof want / sizeof want[0]; i++)
        st = ct__rtab_col(ctx, want[i].t, want[i].name, want[i].out);
    return st;
}

static const char *provider_name(const flowcols *c, const ct__strmap *prov, const char *id)
{
    size_t p = ct__strmap_get(prov, id);
    return p == CT__NONE ? "" : ct__rtab_text(&c->prov, p, c->p_name);
}

/* The providers serving system s (rows of flows.csv), most patients first. */
static ct_status system_providers(ct_ctx *ctx, const flowcols *c, const ct__strmap *prov,
                                  const char *code, double threshold, json_t *list,
                                  size_t *multi)
{
    size_t n = 0, *rows = ct__malloc((c->fl.n ? c->fl.n : 1) * sizeof *rows);
    if (!rows)
        return ct__nomem(ctx);
    for (size_t k = 0; k < c->fl.n; k++)
        if (!strcmp(ct__rtab_text(&c->fl, k, c->f_sys), code))
            rows[n++] = k;
    /* insertion sort by patients, descending (a few dozen rows) */
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && ct__rtab_real(&c->fl, rows[j], c->f_patients) >
                                        ct__rtab_real(&c->fl, rows[j - 1], c->f_patients);
             j--) {
            size_t t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
    ct_status st = CT_OK;
    *multi = 0;
    for (size_t i = 0; !st && i < n; i++) {
        size_t k = rows[i], p = ct__strmap_get(prov, ct__rtab_text(&c->fl, k, c->f_prov));
        double nsys = p == CT__NONE ? NAN : ct__rtab_real(&c->prov, p, c->p_nsys);
        bool counted = ct__rtab_real(&c->fl, k, c->f_pshare) >= threshold;
        *multi += counted && nsys >= 2;
        const char *home = p == CT__NONE ? "" : ct__rtab_text(&c->prov, p, c->p_home);
        st = ct__japp(
            ctx, list,
            json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:s, s:s, s:o}", "code",
                      ct__rtab_text(&c->fl, k, c->f_prov), "name",
                      provider_name(c, prov, ct__rtab_text(&c->fl, k, c->f_prov)), "patients",
                      ct__jnum(ct__rtab_real(&c->fl, k, c->f_patients)), "system_share",
                      ct__jnum(ct__rtab_real(&c->fl, k, c->f_sshare)), "provider_share",
                      ct__jnum(ct__rtab_real(&c->fl, k, c->f_pshare)), "home",
                      ct__rtab_real(&c->fl, k, c->f_home) == 1, "home_system", home, "home_name",
                      p == CT__NONE ? "" : ct__rtab_text(&c->prov, p, c->p_homename),
                      "n_systems", ct__jnum(nsys)));
    }
    free(rows);
    return st;
}

static json_t *system_figures(const flowcols *c, const ct__strmap *prov, size_t row,
                              size_t multi)
{
    const char *top = ct__rtab_text(&c->sys, row, c->s_top);
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:I}", "containment",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_cont)), "flows",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_flows)), "contained",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_contained)), "pop",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_pop)), "n_providers",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_nprov)), "intensity",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_int)), "n_councils",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_ncouncils)), "top_provider", top,
                     "top_provider_name", provider_name(c, prov, top), "top_share",
                     ct__jnum(ct__rtab_real(&c->sys, row, c->s_topshare)), "multi_system",
                     (json_int_t)multi);
}

static ct_status providers_list(ct_ctx *ctx, const flowcols *c, json_t *providers)
{
    ct_status st = CT_OK;
    for (size_t p = 0; !st && p < c->prov.n; p++)
        st = ct__japp(
            ctx, providers,
            json_pack("{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:s}", "code",
                      ct__rtab_text(&c->prov, p, c->p_id), "name",
                      ct__rtab_text(&c->prov, p, c->p_name), "patients",
                      ct__jnum(ct__rtab_real(&c->prov, p, c->p_patients)), "home_system",
                      ct__rtab_text(&c->prov, p, c->p_home), "home_name",
                      ct__rtab_text(&c->prov, p, c->p_homename), "home_share",
                      ct__jnum(ct__rtab_real(&c->prov, p, c->p_homeshare)), "n_systems",
                      ct__jnum(ct__rtab_real(&c->prov, p, c->p_nsys)), "li",
                      ct__jnum(ct__rtab_real(&c->prov, p, c->p_li)), "hq_system",
                      ct__rtab_text(&c->prov, p, c->p_hq)));
    return st;
}

static ct_status national_flows(ct_report_job *r, const flowcols *c, json_t *national)
{
    ct_ctx *ctx = r->ctx;
    json_t *summary = NULL;
    ct_status st = ct__rdoc(ctx, r->flows, "summary", &summary);
    if (st)
        return st;
    double flows = 0, contained = 0;
    for (size_t i = 0; i < c->sys.n; i++) {
        flows += ct__rtab_real(&c->sys, i, c->s_flows);
        contained += ct__rtab_real(&c->sys, i, c->s_contained);
    }
    json_t *counts = json_object_get(summary, "counts");
    json_t *opts = json_object_get(summary, "options");
    json_t *o = json_object_get(r->model, "options");
    st = ct__jset(ctx, o, "threshold", json_deep_copy(json_object_get(opts, "threshold")));
    if (!st)
        st = ct__jset(ctx, o, "min_containment",
                      json_deep_copy(json_object_get(opts, "min_containment")));
    if (!st)
        st = ct__jset(ctx, national, "flows",
                      json_pack("{s:I, s:O, s:O, s:o, s:o, s:o, s:O}", "providers",
                                (json_int_t)c->prov.n, "multi_system",
                                json_object_get(counts, "multi_system_providers"),
                                "low_containment",
                                json_object_get(counts, "low_containment_systems"), "flows",
                                ct__jnum(flows), "contained", ct__jnum(contained),
                                "contained_share", ct__jnum(flows > 0 ? contained / flows : NAN),
                                "min_containment", json_object_get(opts, "min_containment")));
    json_decref(summary);
    return st;
}

ct_status ct__report_model_flows(ct_report_job *r, json_t *systems, json_t *national,
                                 json_t *providers)
{
    ct_ctx *ctx = r->ctx;
    flowcols c;
    ct_status st = cols(ctx, r->flows, &c);
    ct__strmap *prov = NULL;
    if (!st)
        st = ct__rtab_index(ctx, &c.prov, c.p_id, &prov);
    if (!st)
        st = national_flows(r, &c, national);
    double threshold = st ? 0
                          : json_number_value(json_object_get(
                                json_object_get(r->model, "options"), "threshold"));
    for (size_t row = 0; !st && row < c.sys.n; row++) {
        const char *code = ct__rtab_text(&c.sys, row, c.s_id);
        size_t s = ct__report_system_index(r, code);
        json_t *sys = json_array_get(systems, s == CT__NONE ? (size_t)-1 : s);
        if (!sys || strcmp(json_string_value(json_object_get(sys, "code")), code))
            return ct__strmap_free(prov),
                   ct__err(ctx, CT_EINTERNAL, "report: flows system %s is not a system", code);
        json_t *list = json_array();
        size_t multi = 0;
        st = ct__jset(ctx, sys, "providers", list);
        if (!st)
            st = system_providers(ctx, &c, prov, code, threshold, list, &multi);
        if (!st)
            st = ct__jset(ctx, sys, "flows", system_figures(&c, prov, row, multi));
    }
    if (!st)
        st = providers_list(ctx, &c, providers);
    ct__strmap_free(prov);
    return st;
}
