/* PCN neighbourhoods in the model: each system's PCNs and those crossing
 * council boundaries, from pcn.csv of coterm pcn. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct pcncols {
    ct__rtab t;
    size_t code, name, pop, unc, ltla, ltla_share, ltla_out, utla, utla_share, utla_out, sys,
        sys_share, sys_out;
} pcncols;

static ct_status cols(ct_ctx *ctx, const ct_result *res, pcncols *c)
{
    struct {
        const char *name;
        size_t *out;
    } want[] = {
        {"pcn_code", &c->code},           {"pcn_name", &c->name},
        {"pop", &c->pop},                 {"uncertain_pop", &c->unc},
        {"best_ltla", &c->ltla},          {"best_ltla_share", &c->ltla_share},
        {"ltla_pop_outside", &c->ltla_out}, {"best_utla", &c->utla},
        {"best_utla_share", &c->utla_share}, {"utla_pop_outside", &c->utla_out},
        {"best_system", &c->sys},         {"best_system_share", &c->sys_share},
        {"system_pop_outside", &c->sys_out},
    };
    ct_status st = ct__rtab_get(ctx, res, "pcn", &c->t);
    for (size_t i = 0; !st && i < sizeof want / sizeof want[0]; i++)
        st = ct__rtab_col(ctx, &c->t, want[i].name, want[i].out);
    return st;
}

/* Crossing counts of one group of PCNs (a system, or all of them). */
typedef struct crossing {
    size_t pcns, lower, upper, system;
    double pop, lower_out, upper_out, system_out, uncertain;
} crossing;

static void count(const pcncols *c, size_t i, double tol, crossing *x)
{
    x->pcns++;
    x->pop += ct__rtab_real(&c->t, i, c->pop);
    x->uncertain += ct__rtab_real(&c->t, i, c->unc);
    if (ct__rtab_real(&c->t, i, c->ltla_share) < 1 - tol) {
        x->lower++;
        x->lower_out += ct__rtab_real(&c->t, i, c->ltla_out);
    }
    if (ct__rtab_real(&c->t, i, c->utla_share) < 1 - tol) {
        x->upper++;
        x->upper_out += ct__rtab_real(&c->t, i, c->utla_out);
    }
    if (ct__rtab_real(&c->t, i, c->sys_share) < 1 - tol) {
        x->system++;
        x->system_out += ct__rtab_real(&c->t, i, c->sys_out);
    }
}

static json_t *crossing_json(const crossing *x)
{
    return json_pack("{s:I, s:o, s:I, s:o, s:I, s:o, s:I, s:o, s:o}", "pcns",
                     (json_int_t)x->pcns, "pop", ct__jnum(x->pop), "crossing_lower",
                     (json_int_t)x->lower, "outside_lower", ct__jnum(x->lower_out),
                     "crossing_upper", (json_int_t)x->upper, "outside_upper",
                     ct__jnum(x->upper_out), "crossing_system", (json_int_t)x->system,
                     "outside_system", ct__jnum(x->system_out), "uncertain",
                     ct__jnum(x->uncertain));
}

static json_t *pcn_row(const ct_report_job *r, const pcncols *c, size_t i, double tol)
{
    const char *ltla = ct__rtab_text(&c->t, i, c->ltla);
    size_t k = ct__strmap_get(r->layer[CT__R_LOWER]->index, ltla);
    const ct_layer *lo = r->layer[CT__R_LOWER];
    return json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:b, s:o, s:b}", "code",
                     ct__rtab_text(&c->t, i, c->code), "name", ct__rtab_text(&c->t, i, c->name),
                     "pop", ct__jnum(ct__rtab_real(&c->t, i, c->pop)), "uncertain",
                     ct__jnum(ct__rtab_real(&c->t, i, c->unc)), "lower", ltla, "lower_name",
                     k != CT__NONE && lo->names && lo->names[k] ? lo->names[k] : ltla,
                     "lower_share", ct__jnum(ct__rtab_real(&c->t, i, c->ltla_share)),
                     "outside_lower", ct__jnum(ct__rtab_real(&c->t, i, c->ltla_out)),
                     "crossing_lower", ct__rtab_real(&c->t, i, c->ltla_share) < 1 - tol,
                     "system_share", ct__jnum(ct__rtab_real(&c->t, i, c->sys_share)),
                     "crossing_system", ct__rtab_real(&c->t, i, c->sys_share) < 1 - tol);
}

ct_status ct__report_model_pcn(ct_report_job *r, json_t *systems, json_t *national)
{
    ct_ctx *ctx = r->ctx;
    pcncols c;
    json_t *summary = NULL;
    ct_status st = cols(ctx, r->pcn, &c);
    if (!st)
        st = ct__rdoc(ctx, r->pcn, "summary", &summary);
    if (st)
        return st;
    double tol = json_number_value(json_object_get(summary, "tolerance"));
    size_t ns = json_array_size(systems);
    crossing *per = ct__calloc(ns + 1, sizeof *per), all = {0};
    json_t **lists = ct__calloc(ns + 1, sizeof *lists);
    st = per && lists ? ct__jset(ctx, json_object_get(r->model, "options"), "pcn_tolerance",
                                 json_real(tol))
                      : ct__nomem(ctx);
    for (size_t s = 0; !st && s < ns; s++) {
        lists[s] = json_array();
        st = ct__jset(ctx, json_array_get(systems, s), "pcns", lists[s]);
    }
    for (size_t i = 0; !st && i < c.t.n; i++) {
        count(&c, i, tol, &all);
        size_t s = ct__report_system_index(r, ct__rtab_text(&c.t, i, c.sys));
        if (s == CT__NONE)
            continue; /* a PCN in no system: counted nationally only */
        count(&c, i, tol, &per[s]);
        st = ct__japp(ctx, lists[s], pcn_row(r, &c, i, tol));
    }
    for (size_t s = 0; !st && s < ns; s++)
        st = ct__jset(ctx, json_array_get(systems, s), "pcn", crossing_json(&per[s]));
    json_t *nat = st ? NULL : crossing_json(&all);
    if (nat) {
        json_t *pop = json_object_get(summary, "population");
        json_object_set(nat, "uncertain_share", json_object_get(pop, "uncertain_share"));
        json_object_set(nat, "band", json_object_get(summary, "band"));
    }
    if (!st)
        st = ct__jset(ctx, national, "pcn", nat);
    free(per);
    free(lists);
    json_decref(summary);
    return st;
}
