/* ct_flows: patient flows, multi-system membership, containment and
 * intensity (docs/flows.md). */
#include "flows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EMBEDDED_FLOWS "trust_catchment22_ltla21.csv"
#define EMBEDDED_NAMES "trusts22.csv"

static const char *const allowed[] = {
    "THRESHOLD", "SHARE_TOLERANCE", "RENORMALISE", "DROP_UNKNOWN", "PROVIDERS_CSV", "PLACES",
    "PLACES_BLOCKS",
    "ORGS", "ORGS_UNITS", "COUNCILS", "COMMISSIONERS", "MIN_CONTAINMENT", "TOLERANCE", "SITES",
    NULL};

static ct_status parse_opts(ct_ctx *ctx, ct__flowrun *run, const char *const *opts)
{
    ct_status st = ct__opt_check(ctx, opts, allowed, "flows");
    if (!st)
        st = ct__opt_double(ctx, opts, "THRESHOLD", 0.05, 0, 1, &run->threshold);
    if (!st)
        st = ct__opt_double(ctx, opts, "SHARE_TOLERANCE", 0.01, 0, 0.5, &run->share_tol);
    if (!st)
        st = ct__opt_double(ctx, opts, "MIN_CONTAINMENT", 0.8, 0, 1, &run->min_containment);
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &run->tol);
    run->renormalise = ct__opt_yes(opts, "RENORMALISE");
    run->drop_unknown = ct__opt_yes(opts, "DROP_UNKNOWN");
    run->places_spec = ct__opt(opts, "PLACES");
    run->places_blocks_spec = ct__opt(opts, "PLACES_BLOCKS");
    run->orgs_spec = ct__opt(opts, "ORGS");
    run->orgs_units_spec = ct__opt(opts, "ORGS_UNITS");
    const char *empty[] = {"PLACES", "ORGS", "ORGS_UNITS", "PROVIDERS_CSV", "COUNCILS",
                           "COMMISSIONERS", "SITES"};
    for (size_t i = 0; !st && i < sizeof empty / sizeof *empty; i++) {
        const char *v = ct__opt(opts, empty[i]);
        if (v && !*v)
            st = ct__err(ctx, CT_EINVAL, "flows: option %s is empty", empty[i]);
    }
    if (!st && run->orgs_units_spec && (!run->orgs_spec || !ct__is_csv(run->orgs_spec)))
        st = ct__err(ctx, CT_EINVAL, "flows: ORGS_UNITS is for an ORGS table (.csv)");
    return st;
}

static ct_status check_inputs(ct_ctx *ctx, const ct_layer *origins, const ct_layer *systems,
                              const ct_pop *pop)
{
    if (!origins || !systems || !pop)
        return ct__err(ctx, CT_EINVAL, "flows: needs an origin layer, a systems layer and a "
                                       "population base");
    if (origins->ctx != ctx || systems->ctx != ctx || pop->ctx != ctx)
        return ct__err(ctx, CT_EINVAL, "flows: objects belong to another context");
    if (strcmp(origins->crs, systems->crs) || strcmp(origins->crs, pop->crs))
        return ct__err(ctx, CT_ECRS, "flows: inputs are measured in different CRSs (%s, %s, %s)",
                       origins->crs, systems->crs, pop->crs);
    return CT_OK;
}

/* Read the flow table and provider names; the embedded table comes with
 * the embedded names. */
static ct_status read_flows(ct_ctx *ctx, ct__flowrun *run, const char *flows_csv,
                            const char *const *opts)
{
    const char *names = ct__opt(opts, "PROVIDERS_CSV");
    bool embedded = !flows_csv;
    char *flows_path = embedded ? ct__data_path(ctx, EMBEDDED_FLOWS) : NULL;
    char *names_path = embedded && !names ? ct__data_path(ctx, EMBEDDED_NAMES) : NULL;
    if ((embedded && !flows_path) || (embedded && !names && !names_path)) {
        free(flows_path);
        free(names_path);
        return ct_errcode(ctx) ? ct_errcode(ctx) : ct__nomem(ctx);
    }
    ct__flowtab_in in = {
        .path = flows_csv ? flows_csv : flows_path,
        .origins = run->origins,
        .providers_csv = names ? (strcasecmp(names, "NONE") ? names : NULL) : names_path,
        .providers_strict = names != NULL,
        .drop_unknown = run->drop_unknown,
    };
    ct_status st = ct__flowtab_read(ctx, &run->tab, &in);
    if (!st)
        st = ct__flowtab_check_shares(ctx, &run->tab, run->share_tol, run->renormalise);
    free(flows_path);
    free(names_path);
    return st;
}

/* People of each origin, then drop flows from origins without people. */
static ct_status origin_pop(ct_ctx *ctx, ct__flowrun *run)
{
    const ct_layer *o = run->origins;
    ct_status st = ct__assign_units(ctx, run->pop, o, CT__AUTO, run->tol, NULL, &run->asg_o);
    run->pop_o = st ? NULL : ct__calloc(o->n ? o->n : 1, sizeof *run->pop_o);
    if (!st && !run->pop_o)
        st = ct__nomem(ctx);
    for (size_t k = 0; !st && k < run->asg_o.n; k++)
        for (size_t j = run->asg_o.start[k]; j < run->asg_o.start[k + 1]; j++)
            run->pop_o[run->asg_o.unit[j]] += run->pop->pop[k] * run->asg_o.frac[j];
    if (!st)
        st = ct__flowtab_drop_empty(ctx, &run->tab, run->pop_o, o);
    return st;
}

/* Absolute flows: reconstructed from shares, or the patient counts given. */
static ct_status absolute(ct_ctx *ctx, ct__flowrun *run)
{
    ct__flowtab *t = &run->tab;
    run->f = ct__malloc((t->nrows ? t->nrows : 1) * sizeof *run->f);
    run->patients = ct__calloc(t->np ? t->np : 1, sizeof *run->patients);
    run->share_total = ct__calloc(t->np ? t->np : 1, sizeof *run->share_total);
    run->rank_p = ct__malloc((t->np ? t->np : 1) * sizeof *run->rank_p);
    if (!run->f || !run->patients || !run->share_total || !run->rank_p)
        return ct__nomem(ctx);
    for (size_t k = 0; k < t->nrows; k++)
        run->share_total[t->rows[k].p] += t->rows[k].v;
    for (size_t p = 0; p < t->np; p++)
        run->rank_p[p] = p; /* providers are sorted by id */
    ct_status st = CT_OK;
    if (!t->absolute)
        st = ct__flows_reconstruct(ctx, t->rows, t->nrows, t->np, run->origins->n, run->pop_o,
                                   &run->recon);
    for (size_t k = 0; !st && k < t->nrows; k++) {
        run->f[k] = t->absolute ? t->rows[k].v : t->rows[k].v * run->recon.total[t->rows[k].p];
        run->patients[t->rows[k].p] += run->f[k];
    }
    size_t zero = 0;
    const char *first = NULL;
    for (size_t p = 0; !st && p < t->np; p++)
        if (!(run->patients[p] > 0) && zero++ == 0)
            first = t->pids[p];
    if (!st && zero)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "%s: %zu providers get no patients in the reconstruction (first %s): "
                      "their shares conflict with the populations of the origins they draw "
                      "from, so their totals are unknown; their home system and systems come "
                      "from their own shares (basis 'shares' in providers.csv)",
                      t->source, zero, first);
    return st;
}

ct__basis ct__flows_basis(const ct__flowrun *run, const ct__zones *z, size_t p)
{
    if (run->tab.absolute || run->patients[p] > 0 || !z->h)
        return (ct__basis){.v = z->g + p * z->n, .total = run->patients[p],
                           .name = run->tab.absolute ? "patients" : "flows"};
    return (ct__basis){.v = z->h + p * z->n, .total = run->share_total[p], .name = "shares"};
}

/* Provider flows by zone, their spreads, and the zones' containment. */
static ct_status zone_metrics(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z)
{
    size_t np = run->tab.np, nrows = run->tab.nrows;
    z->g = ct__calloc(np && z->n ? np * z->n : 1, sizeof *z->g);
    z->h = run->tab.absolute ? NULL : ct__calloc(np && z->n ? np * z->n : 1, sizeof *z->h);
    z->sp = ct__malloc((np ? np : 1) * sizeof *z->sp);
    z->flows = ct__malloc((z->n ? z->n : 1) * sizeof *z->flows);
    z->contained = ct__malloc((z->n ? z->n : 1) * sizeof *z->contained);
    size_t *home = ct__malloc((np ? np : 1) * sizeof *home);
    double *shares = ct__malloc((nrows ? nrows : 1) * sizeof *shares);
    if (!z->g || (!run->tab.absolute && !z->h) || !z->sp || !z->flows || !z->contained ||
        !home || !shares) {
        free(home);
        free(shares);
        return ct__nomem(ctx);
    }
    ct__flows_by_zone(run->tab.rows, nrows, run->f, &z->w, z->n, z->g);
    for (size_t k = 0; k < nrows; k++)
        shares[k] = run->tab.rows[k].v;
    if (z->h) /* a provider's own shares: its home even without a total */
        ct__flows_by_zone(run->tab.rows, nrows, shares, &z->w, z->n, z->h);
    free(shares);
    for (size_t p = 0; p < np; p++) {
        ct__basis b = ct__flows_basis(run, z, p);
        ct__flows_spread(b.v, z->n, b.total, z->rank, run->threshold, &z->sp[p]);
        home[p] = z->sp[p].home;
    }
    ct__flows_containment(z->g, np, z->n, home, z->flows, z->contained);
    free(home);
    return CT_OK;
}

static ct_status org_spreads(ct_ctx *ctx, const ct__flowrun *run, ct__orgset *o)
{
    o->sp_sys = ct__malloc((o->n ? o->n : 1) * sizeof *o->sp_sys);
    o->sp_pl = ct__malloc((o->n ? o->n : 1) * sizeof *o->sp_pl);
    if (!o->sp_sys || !o->sp_pl)
        return ct__nomem(ctx);
    for (size_t i = 0; i < o->n; i++) {
        ct__flows_spread(o->x_sys + i * run->sys.n, run->sys.n, o->pop[i], run->sys.rank,
                         run->threshold, &o->sp_sys[i]);
        if (o->x_pl)
            ct__flows_spread(o->x_pl + i * run->pl.n, run->pl.n, o->pop[i], run->pl.rank,
                             run->threshold, &o->sp_pl[i]);
    }
    return CT_OK;
}

static ct_status plurality(ct_ctx *ctx, ct__flowrun *run)
{
    size_t no = run->origins->n;
    run->best = ct__malloc((no ? no : 1) * sizeof *run->best);
    run->best_flow = ct__malloc((no ? no : 1) * sizeof *run->best_flow);
    run->origin_flows = ct__malloc((no ? no : 1) * sizeof *run->origin_flows);
    if (!run->best || !run->best_flow || !run->origin_flows)
        return ct__nomem(ctx);
    ct__flows_plurality(run->tab.rows, run->tab.nrows, run->f, no, run->rank_p, run->best,
                        run->best_flow, run->origin_flows);
    return CT_OK;
}

static void run_free(ct__flowrun *run)
{
    ct__flowtab_free(&run->tab);
    free(run->rank_p);
    ct__assign_free(&run->asg_o);
    free(run->pop_o);
    ct__zones_free(&run->sys);
    ct__zones_free(&run->pl);
    ct__recon_free(&run->recon);
    free(run->f);
    free(run->patients);
    free(run->share_total);
    free(run->best);
    free(run->best_flow);
    free(run->origin_flows);
    ct__orgset_free(&run->councils);
    ct__orgset_free(&run->commissioners);
    ct__orgset_free(&run->orgs);
    free(run->hq_sys);
    free(run->sites_source);
}

static ct_status compute(ct_ctx *ctx, ct__flowrun *run, const char *flows_csv,
                         const ct_layer *systems, const char *const *opts)
{
    ct_status st = read_flows(ctx, run, flows_csv, opts);
    if (!st)
        st = origin_pop(ctx, run);
    if (!st)
        st = absolute(ctx, run);
    if (!st)
        st = ct__flows_zones(ctx, run, systems);
    if (!st)
        st = zone_metrics(ctx, run, &run->sys);
    if (!st && run->has_places)
        st = zone_metrics(ctx, run, &run->pl);
    if (!st)
        st = plurality(ctx, run);
    const char *councils = ct__opt(opts, "COUNCILS"), *comm = ct__opt(opts, "COMMISSIONERS");
    if (!st)
        st = ct__flows_orgsets(ctx, run, councils ? councils : "utla21", comm ? comm : "ccg21");
    if (!st && run->has_orgs)
        st = org_spreads(ctx, run, &run->orgs);
    /* headquarters: trusts22 goes with the embedded table only */
    const char *sites = ct__opt(opts, "SITES");
    if (!st)
        st = ct__flows_sites(ctx, run, systems, sites ? sites : flows_csv ? NULL : "trusts22");
    return st;
}

ct_status ct_flows(ct_ctx *ctx, ct_result **out, const char *flows_csv, const ct_layer *origins,
                   const ct_layer *systems, const ct_pop *pop, const char *const *opts)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_flows: NULL argument");
    *out = NULL;
    ct__flowrun run;
    memset(&run, 0, sizeof run);
    run.origins = origins;
    run.pop = pop;
    ct_status st = parse_opts(ctx, &run, opts);
    if (!st)
        st = check_inputs(ctx, origins, systems, pop);
    if (!st)
        st = compute(ctx, &run, flows_csv, systems, opts);
    ct_result *r = NULL;
    if (!st)
        st = ct__result_new(ctx, &r);
    if (!st)
        st = ct__flows_tables(ctx, &run, r);
    if (!st)
        st = ct__flows_catchments(ctx, &run, r);
    if (!st)
        st = ct__flows_findings(ctx, &run, r);
    if (!st)
        st = ct__flows_summary(ctx, &run, flows_csv, r);
    run_free(&run);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}
