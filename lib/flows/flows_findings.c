/* coterm flows: findings.json (multi_system_member, low_containment,
 * split_across_places) and summary.json. Rules in docs/flows.md. */
#include "../ctx.h"
#include "flows.h"
#include "../core/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_VERSION 1

/* One unit (provider or organisation) spread over zones above the threshold. */
typedef struct spanning {
    const char *tier, *kind, *id, *name;
    const double *g; /* amounts by zone */
    double total;
    const ct__spread *sp;
} spanning;

/* A finding for a unit that spans two or more zones of z. */
static ct_status span_finding(ct_ctx *ctx, ct__findings *f, const ct__flowrun *run,
                              const ct__zones *z, const spanning *u, const char *type,
                              const char *severity)
{
    ct__ranked *v = NULL;
    size_t m = 0;
    ct_status st = ct__flows_ranked(ctx, u->g, z->n, u->total, NULL, run->threshold, z->rank,
                                    &v, &m);
    const char **against = st ? NULL : ct__malloc((m ? m : 1) * sizeof *against);
    const char **anames = st ? NULL : ct__malloc((m ? m : 1) * sizeof *anames);
    json_t *shares = st ? NULL : json_object();
    if (!against || !anames || !shares) {
        free(v), free(against), free(anames), json_decref(shares);
        return st ? st : ct__nomem(ctx);
    }
    /* the message lists every zone, however many (at its full length) */
    ct__buf msg = {0};
    bool org = !strcmp(u->kind, "org"), bad = false;
    ct__buf_printf(&msg, "%s%s%s%s %s ", u->id, *u->name ? " (" : "", u->name,
                   *u->name ? ")" : "", org ? "has its people in" : "draws its patients from");
    for (size_t k = 0; k < m; k++) {
        against[k] = z->ids[v[k].i];
        anames[k] = z->names ? z->names[v[k].i] : NULL;
        bad |= json_object_set_new(shares, against[k], json_real(v[k].share)) != 0;
        ct__buf_printf(&msg, "%s%s %s (%.0f%%)", k == 0 ? "" : k + 1 == m ? " and " : ", ",
                       z->kind, against[k], 100 * v[k].share);
    }
    ct__buf_printf(&msg, " (threshold %.0f%%)", 100 * run->threshold);
    if (bad || msg.failed) {
        free(v), free(against), free(anames), json_decref(shares), ct__buf_free(&msg);
        return ct__nomem(ctx);
    }
    const char *units[] = {u->id}, *names[] = {u->name};
    double outside = u->total - u->g[u->sp->home];
    ct__finding x = {
        .type = type,
        .severity = severity,
        .tier = u->tier,
        .units = units,
        .unit_names = names,
        .nunits = 1,
        .against = z->tier,
        .against_units = against,
        .against_names = anames,
        .nagainst = m,
        .population = outside,
        .message = msg.s,
    };
    json_t *extra = json_pack("{s:s, s:s, s:s, s:o, s:f, s:I}", "kind", u->kind, "name",
                              u->name, "home", z->ids[u->sp->home], "shares", shares, "li",
                              u->sp->li, "n_zones", (json_int_t)m);
    st = ct__findings_add_new(ctx, f, &x, extra);
    free(v);
    free(against);
    free(anames);
    ct__buf_free(&msg);
    return st;
}

/* multi_system_member or split_across_places for providers and orgs. */
static ct_status spans(ct_ctx *ctx, ct__findings *f, const ct__flowrun *run, const ct__zones *z,
                       bool places, const char *type, const char *severity)
{
    ct_status st = CT_OK;
    for (size_t p = 0; !st && p < run->tab.np; p++) {
        const ct__spread *sp = &z->sp[p];
        if (sp->n_above < 2 || !(run->patients[p] > 0)) /* no people to count */
            continue;
        spanning u = {
            .tier = "providers",
            .kind = "provider",
            .id = run->tab.pids[p],
            .name = run->tab.pnames[p],
            .g = z->g + p * z->n,
            .total = run->patients[p],
            .sp = sp,
        };
        st = span_finding(ctx, f, run, z, &u, type, severity);
    }
    const ct__orgset *o = &run->orgs;
    for (size_t i = 0; !st && run->has_orgs && i < o->n; i++) {
        const ct__spread *sp = places ? (o->x_pl ? &o->sp_pl[i] : NULL) : &o->sp_sys[i];
        if (!sp || sp->n_above < 2)
            continue;
        spanning u = {
            .tier = "orgs",
            .kind = "org",
            .id = o->ids[i],
            .name = o->names[i],
            .g = (places ? o->x_pl : o->x_sys) + i * z->n,
            .total = o->pop[i],
            .sp = sp,
        };
        st = span_finding(ctx, f, run, z, &u, type, severity);
    }
    return st;
}

static ct_status low_containment(ct_ctx *ctx, ct__findings *f, const ct__flowrun *run)
{
    const ct__zones *z = &run->sys;
    ct_status st = CT_OK;
    for (size_t s = 0; !st && s < z->n; s++) {
        double flows = z->flows[s], c = flows > 0 ? z->contained[s] / flows : NAN;
        if (!(c < run->min_containment))
            continue;
        char *msg = ct__sprintf("%s (%s): %.0f%% of its residents' hospital flows stay with "
                                "providers based in it (minimum %.0f%%)",
                                z->ids[s], z->names[s], 100 * c, 100 * run->min_containment);
        if (!msg)
            return ct__nomem(ctx);
        const char *units[] = {z->ids[s]}, *names[] = {z->names ? z->names[s] : NULL};
        ct__finding x = {
            .type = "low_containment",
            .severity = "warning",
            .tier = z->tier,
            .units = units,
            .unit_names = names,
            .nunits = 1,
            .population = flows - z->contained[s],
            .message = msg,
        };
        json_t *extra = json_pack("{s:s, s:f, s:f, s:f}", "name", z->names[s], "containment", c,
                                  "flows", flows, "pop", z->pop[s]);
        st = ct__findings_add_new(ctx, f, &x, extra);
        free(msg);
    }
    return st;
}

ct_status ct__flows_findings(ct_ctx *ctx, const ct__flowrun *run, ct_result *r)
{
    ct__findings f;
    ct_status st = ct__findings_init(ctx, &f);
    if (!st) /* ordered by ct__findings_to_result */
        st = spans(ctx, &f, run, &run->sys, false, "multi_system_member", "warning");
    if (!st)
        st = low_containment(ctx, &f, run);
    if (!st && run->has_places)
        st = spans(ctx, &f, run, &run->pl, true, "split_across_places", "info");
    if (!st)
        st = ct__findings_to_result(ctx, &f, r);
    ct__findings_free(&f);
    return st;
}

static json_t *layer_json(const ct_layer *l)
{
    return json_pack("{s:s, s:s, s:I}", "source", l->source, "id_field", l->id_field, "units",
                     (json_int_t)l->n);
}

static json_t *zones_json(const ct__zones *z)
{
    return json_pack("{s:s, s:s, s:I}", "source", z->source, "tier", z->tier, "units",
                     (json_int_t)z->n);
}

static json_t *inputs_json(const ct__flowrun *run, const char *flows_csv)
{
    const ct__flowtab *t = &run->tab;
    json_t *in = json_pack(
        "{s:{s:s, s:b, s:s, s:I, s:I}, s:o, s:o, s:{s:s, s:I, s:f}}", "flows", "source",
        t->source, "embedded", flows_csv == NULL, "value", t->absolute ? "patients" : "share",
        "rows", (json_int_t)t->nrows, "providers", (json_int_t)t->np, "origins",
        layer_json(run->origins), "systems", zones_json(&run->sys), "population", "source",
        run->pop->source, "areas", (json_int_t)run->pop->n, "total", run->pop->total);
    if (!in)
        return NULL;
    /* every value must be built: one that cannot be fails the document */
    int bad = json_object_set_new(in, "places",
                                  run->has_places ? zones_json(&run->pl) : json_null());
    bad |= json_object_set_new(in, "sites",
                               run->has_sites ? json_string(run->sites_source) : json_null());
    const ct__orgset *sets[] = {&run->councils, &run->commissioners, &run->orgs};
    const bool has[] = {run->has_councils, run->has_commissioners, run->has_orgs};
    const char *keys[] = {"councils", "commissioners", "orgs"};
    for (size_t k = 0; k < 3; k++)
        bad |= json_object_set_new(in, keys[k],
                                   has[k] ? json_pack("{s:s, s:I}", "source", sets[k]->source,
                                                      "units", (json_int_t)sets[k]->n)
                                          : json_null());
    if (bad)
        return json_decref(in), NULL;
    return in;
}

static json_t *recon_json(const ct__flowrun *run)
{
    const ct__recon *rc = &run->recon;
    double total = 0;
    size_t none = 0;
    for (size_t p = 0; p < run->tab.np; p++)
        total += run->patients[p], none += !(run->patients[p] > 0);
    if (run->tab.absolute)
        return json_pack("{s:s, s:f, s:I}", "method", "patients", "patients", total,
                         "providers_without_patients", (json_int_t)none);
    return json_pack("{s:s, s:I, s:I, s:f, s:f, s:f, s:f, s:f, s:I}", "method", "nnls",
                     "iterations", (json_int_t)rc->iterations, "origins_covered",
                     (json_int_t)rc->n_covered, "pop_covered", rc->pop_covered, "patients",
                     total, "residual_l2", rc->resid_l2, "relative_residual",
                     isnan(rc->rel_l2) ? 0 : rc->rel_l2, "abs_residual_share",
                     isnan(rc->abs_share) ? 0 : rc->abs_share, "providers_without_patients",
                     (json_int_t)none);
}

static json_t *counts_json(const ct__flowrun *run)
{
    size_t multi = 0, low = 0, split = 0, hq = 0, hq_home = 0;
    for (size_t p = 0; p < run->tab.np; p++) {
        multi += run->sys.sp[p].n_above >= 2;
        split += run->has_places && run->pl.sp[p].n_above >= 2;
        bool with = run->hq_sys[p] != CT__NONE && run->sys.sp[p].home != CT__NONE;
        hq += with;
        hq_home += with && run->hq_sys[p] == run->sys.sp[p].home;
    }
    for (size_t s = 0; s < run->sys.n; s++)
        low += run->sys.flows[s] > 0 &&
               run->sys.contained[s] / run->sys.flows[s] < run->min_containment;
    json_t *c = json_pack("{s:I, s:I, s:I, s:I, s:I}", "providers", (json_int_t)run->tab.np,
                          "systems", (json_int_t)run->sys.n, "multi_system_providers",
                          (json_int_t)multi, "low_containment_systems", (json_int_t)low,
                          "split_providers", (json_int_t)split);
    if (c && run->has_sites &&
        (json_object_set_new(c, "providers_with_hq", json_integer((json_int_t)hq)) ||
         json_object_set_new(c, "hq_in_home_system", json_integer((json_int_t)hq_home))))
        return json_decref(c), NULL;
    return c;
}

ct_status ct__flows_summary(ct_ctx *ctx, const ct__flowrun *run, const char *flows_csv,
                            ct_result *r)
{
    const ct__flowtab *t = &run->tab;
    json_t *s = json_pack(
        "{s:i, s:s, s:s, s:o, s:s, s:{s:f, s:f, s:f, s:f}, s:o, s:{s:I, s:I, s:I, s:I, s:f}, "
        "s:o, s:o, s:o}",
        "version", SUMMARY_VERSION, "command", "flows", "coterm_version", ct_version(), "inputs",
        inputs_json(run, flows_csv), "crs", run->origins->crs, "options", "threshold",
        run->threshold, "share_tolerance", run->share_tol, "min_containment",
        run->min_containment, "tolerance", run->tol, "reconstruction", recon_json(run),
        "input_repairs", "rows_dropped_unknown", (json_int_t)t->n_dropped_unknown,
        "rows_dropped_no_population", (json_int_t)t->n_dropped_nopop,
        "providers_renormalised", (json_int_t)t->n_renormalised, "providers_unnamed",
        (json_int_t)t->n_unnamed, "max_share_deviation", t->max_share_dev, "counts",
        counts_json(run), "repairs", ct__diags_json(ctx, CT_DIAG_REPAIR), "warnings",
        ct__diags_json(ctx, CT_DIAG_WARNING));
    return ct__result_add_json(ctx, r, "summary", s);
}
