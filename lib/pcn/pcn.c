/* ct_pcn: PCN neighbourhood footprints from practices, catchments and
 * registrations, measured against councils, CCGs, systems and places. */
#include "pcn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MEMBERSHIP "practices22_pcn.csv"
#define DEFAULT_BAND_LO 30000.0
#define DEFAULT_BAND_HI 50000.0

static const char *const allowed[] = {
    "MEMBERSHIP", "PRACTICES", "CATCHMENTS", "REGISTRATIONS", "REG_AREA_FIELD",
    "REG_PCN_FIELD", "REG_AREAS", "LTLA", "UTLA", "CCG", "SYSTEM", "PLACES", "PLACE_FIELD",
    "TOLERANCE", "BAND", "WITHIN", NULL};

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void free_parent(ct__parent *par)
{
    free(par->spec);
    free_strings(par->ids, par->n);
    free_strings(par->names, par->n);
    ct__assign_free(&par->asg);
    free(par->pairs);
    free(par->fit);
}

void ct__pcnrun_free(ct__pcnrun *run)
{
    ct__pcnset *s = &run->pcns;
    free_strings(s->codes, s->n);
    free_strings(s->names, s->n);
    free_strings(s->ccg, s->ccg ? s->n : 0);
    free_strings(s->stp, s->stp ? s->n : 0);
    free(s->n_practices);
    free(s->n_ccgs);
    ct__strmap_free(s->index);
    ct__pracset *p = &run->prac;
    free_strings(p->codes, p->n);
    free_strings(p->ccg, p->n);
    free_strings(p->stp, p->n);
    free(p->pcn);
    free(p->x);
    free(p->y);
    free(p->unlocated_example);
    ct__strmap_free(p->index);
    ct__practices_free(&run->idx);
    if (run->own_xy) {
        free(run->x);
        free(run->y);
    }
    free(run->catch_source);
    free(run->cand_start);
    free(run->cand);
    ct__regtab_free(&run->reg);
    ct__shares_free(&run->geo);
    ct__shares_free(&run->final);
    free(run->pcn_pop);
    free(run->pcn_unc);
    free(run->geo_pop);
    free(run->geo_unc);
    free(run->main);
    for (size_t k = 0; k < run->nparents; k++)
        free_parent(&run->parents[k]);
    free_parent(&run->within);
    free(run->keep);
    memset(run, 0, sizeof *run);
}

static ct_status parse_band(ct_ctx *ctx, const char *s, double *lo, double *hi)
{
    *lo = DEFAULT_BAND_LO;
    *hi = DEFAULT_BAND_HI;
    if (!s)
        return CT_OK;
    const char *colon = strchr(s, ':');
    char *a = colon ? ct__sprintf("%.*s", (int)(colon - s), s) : NULL;
    if (colon && !a)
        return ct__nomem(ctx);
    bool ok = a && ct__parse_double(a, lo) && ct__parse_double(colon + 1, hi) && *lo >= 0 &&
              *lo < *hi;
    free(a);
    return ok ? CT_OK
              : ct__err(ctx, CT_EINVAL, "option BAND=%s: expected LOW:HIGH with 0 <= LOW < HIGH",
                        s);
}

static bool none(const char *v)
{
    return v && (!strcmp(v, "NONE") || !strcmp(v, "none") || !*v);
}

/* Area centroids: the base's population-weighted ones, else points inside
 * its polygons. */
static ct_status centroids(ct_ctx *ctx, ct__pcnrun *run)
{
    const ct_pop *pop = run->pop;
    if (pop->x) {
        run->x = pop->x;
        run->y = pop->y;
        return CT_OK;
    }
    const ct_layer *polys;
    ct_status st = ct__pop_polys(ctx, pop, &polys);
    if (st)
        return st;
    run->own_xy = true;
    run->x = ct__malloc((pop->n ? pop->n : 1) * sizeof *run->x);
    run->y = ct__malloc((pop->n ? pop->n : 1) * sizeof *run->y);
    if (!run->x || !run->y)
        return ct__nomem(ctx);
    for (size_t i = 0; !st && i < pop->n; i++) {
        size_t q = ct__strmap_get(polys->index, pop->ids[i]);
        run->x[i] = run->y[i] = NAN;
        if (q != CT__NONE)
            st = ct__geoms_surface_point(ctx, polys->geoms, q, &run->x[i], &run->y[i]);
    }
    return st;
}

/* The footprints: geometric everywhere; with registrations, the table's
 * PCNs take their registered shares and the others share the rest. */
static ct_status footprints(ct_ctx *ctx, ct__pcnrun *run)
{
    ct__pcn_geo_in in = {.n = run->pop->n,
                         .x = run->x,
                         .y = run->y,
                         .cand_start = run->cand_start,
                         .cand = run->cand,
                         .prac = &run->idx};
    ct_status st = ct__pcn_geo_shares(ctx, &in, &run->geo);
    if (st)
        return st;
    if (!run->has_reg) {
        run->final = run->geo; /* moved: the geometric answer is the answer */
        memset(&run->geo, 0, sizeof run->geo);
        return CT_OK;
    }
    ct__shares rest;
    in.exclude = run->reg.in_table;
    st = ct__pcn_geo_shares(ctx, &in, &rest);
    if (!st)
        st = ct__pcn_combine(ctx, &run->reg.counts, run->pop->pop, &rest, &run->geo,
                             &run->final, &run->comb);
    ct__shares_free(&rest);
    return st;
}

static ct_status totals(ct_ctx *ctx, ct__pcnrun *run)
{
    size_t n = run->pcns.n ? run->pcns.n : 1;
    run->pcn_pop = ct__calloc(n, sizeof *run->pcn_pop);
    run->pcn_unc = ct__calloc(n, sizeof *run->pcn_unc);
    run->main = ct__malloc((run->pop->n ? run->pop->n : 1) * sizeof *run->main);
    if (!run->pcn_pop || !run->pcn_unc || !run->main)
        return ct__nomem(ctx);
    ct__pcn_totals(&run->final, run->pop->pop, run->pcns.n, run->pcn_pop, run->pcn_unc,
                   run->main);
    if (!run->has_reg)
        return CT_OK;
    run->geo_pop = ct__calloc(n, sizeof *run->geo_pop);
    run->geo_unc = ct__calloc(n, sizeof *run->geo_unc);
    if (!run->geo_pop || !run->geo_unc)
        return ct__nomem(ctx);
    ct__pcn_totals(&run->geo, run->pop->pop, run->pcns.n, run->geo_pop, run->geo_unc, NULL);
    return CT_OK;
}

static ct_status parents(ct_ctx *ctx, ct__pcnrun *run, const char *const *opts)
{
    static const char *const keys[] = {"ltla", "utla", "ccg", "system"};
    static const char *const opt_names[] = {"LTLA", "UTLA", "CCG", "SYSTEM"};
    static const char *const defaults[] = {"ltla21", "utla21", "ccg21", "stp21"};
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < 4; k++) {
        const char *spec = ct__opt(opts, opt_names[k]);
        if (k == 0 && none(spec))
            return ct__err(ctx, CT_EINVAL, "pcn: LTLA cannot be NONE (pcn.csv needs best_ltla)");
        if (none(spec))
            continue;
        st = ct__pcn_open_parent(ctx, run, keys[k], spec ? spec : defaults[k], NULL);
    }
    const char *places = ct__opt(opts, "PLACES");
    const char *field = ct__opt(opts, "PLACE_FIELD");
    if (!st && places && !none(places))
        st = ct__pcn_open_parent(ctx, run, "place", places, field ? field : "place");
    return st;
}

/* WITHIN=LAYER:CODE: the layer spec (new string) and where CODE starts
 * (after the last ':', since a spec may hold one: file.gpkg:icb22:E54...). */
static ct_status within_spec(ct_ctx *ctx, const char *v, char **spec, const char **code)
{
    const char *colon = v ? strrchr(v, ':') : NULL;
    *spec = NULL;
    *code = NULL;
    if (!v)
        return CT_OK;
    if (!colon || colon == v || !colon[1])
        return ct__err(ctx, CT_EINVAL,
                       "pcn: --within expects LAYER:CODE, e.g. icb22:E54000010 (got '%s')", v);
    *spec = ct__sprintf("%.*s", (int)(colon - v), v);
    *code = colon + 1;
    return *spec ? CT_OK : ct__nomem(ctx);
}

/* The PCNs whose footprint lies mostly (best by people) in CODE's unit. */
static ct_status within(ct_ctx *ctx, ct__pcnrun *run, const char *value)
{
    char *spec = NULL;
    const char *code = NULL;
    ct_status st = within_spec(ctx, value, &spec, &code);
    run->keep = st ? NULL : ct__malloc((run->pcns.n ? run->pcns.n : 1) * sizeof *run->keep);
    if (!st && !run->keep)
        st = ct__nomem(ctx);
    for (size_t k = 0; !st && k < run->pcns.n; k++)
        run->keep[k] = !spec;
    if (!st && spec)
        st = ct__pcn_open_parent_in(ctx, run, &run->within, "within", spec, NULL);
    size_t u = 0;
    while (!st && spec && u < run->within.n && strcmp(run->within.ids[u], code))
        u++;
    if (!st && spec && u == run->within.n)
        st = ct__err(ctx, CT_EDATA, "pcn: --within %s: no unit '%s' in %s", value, code, spec);
    run->within_unit = u;
    for (size_t k = 0; !st && spec && k < run->pcns.n; k++)
        run->keep[k] = run->within.fit[k].best == u;
    free(spec);
    return st;
}

static ct_status practices(ct_ctx *ctx, ct__pcnrun *run, const char *spec)
{
    ct_status st = ct__pcn_locate_practices(ctx, run, spec);
    run->idx = (ct__practices){.n = run->prac.n,
                               .x = run->prac.x,
                               .y = run->prac.y,
                               .pcn = run->prac.pcn,
                               .npcn = run->pcns.n};
    if (!st)
        st = ct__practices_index(ctx, &run->idx);
    return st;
}

static ct_status run_all(ct_ctx *ctx, ct__pcnrun *run, const char *const *opts)
{
    const char *membership = ct__opt(opts, "MEMBERSHIP");
    const char *prac = ct__opt(opts, "PRACTICES");
    const char *catch = ct__opt(opts, "CATCHMENTS");
    const char *reg = ct__opt(opts, "REGISTRATIONS");
    char *mpath = membership ? ct__strdup(membership) : ct__data_path(ctx, DEFAULT_MEMBERSHIP);
    ct_status st = mpath ? CT_OK : ct_errcode(ctx) ? ct_errcode(ctx) : ct__nomem(ctx);
    if (!st)
        st = ct__pcn_read_membership(ctx, run, mpath);
    free(mpath);
    run->has_reg = reg && !none(reg);
    if (!st && run->has_reg) {
        const char *af = ct__opt(opts, "REG_AREA_FIELD");
        const char *pf = ct__opt(opts, "REG_PCN_FIELD");
        const char *areas = ct__opt(opts, "REG_AREAS");
        st = ct__pcn_read_registrations(ctx, run, reg, af ? af : "lsoa21_code",
                                        pf ? pf : "pcn_code",
                                        none(areas) ? NULL : areas ? areas : "lsoa21_staffs");
    }
    if (!st)
        st = ct__pcn_parents_of_pcns(ctx, run);
    if (!st)
        st = practices(ctx, run, prac ? prac : "practices24");
    if (!st && !none(catch))
        st = ct__pcn_catchments(ctx, run, catch ? catch : "pcn_catchments20");
    if (!st)
        st = footprints(ctx, run);
    if (!st)
        st = totals(ctx, run);
    if (!st)
        st = parents(ctx, run, opts);
    if (!st)
        st = within(ctx, run, ct__opt(opts, "WITHIN"));
    return st;
}

ct_status ct_pcn(ct_ctx *ctx, ct_result **out, const ct_pop *pop, const char *const *opts)
{
    if (!ctx || !out || !pop)
        return ct__err(ctx, CT_EINVAL, "ct_pcn: NULL argument");
    *out = NULL;
    if (pop->ctx != ctx)
        return ct__err(ctx, CT_EINVAL, "pcn: the population base belongs to another context");
    ct__pcnrun run;
    memset(&run, 0, sizeof run);
    run.pop = pop;
    ct_status st = ct__opt_check(ctx, opts, allowed, "pcn");
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.05, 0, 0.49, &run.tol);
    if (!st)
        st = parse_band(ctx, ct__opt(opts, "BAND"), &run.band_lo, &run.band_hi);
    if (!st) { /* a malformed WITHIN fails before the long run */
        char *spec = NULL;
        const char *code;
        st = within_spec(ctx, ct__opt(opts, "WITHIN"), &spec, &code);
        free(spec);
    }
    if (!st)
        st = centroids(ctx, &run);
    if (!st)
        st = run_all(ctx, &run, opts);
    ct_result *r = NULL;
    if (!st)
        st = ct__result_new(ctx, &r);
    if (!st)
        st = ct__pcn_result(ctx, &run, r);
    ct__pcnrun_free(&run);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}
