/* ct_pcn outputs: pcn, areas, neighbourhoods, config and validation tables,
 * findings.json and summary.json (docs/pcn.md). */
#include "../ctx.h"
#include "pcn.h"
#include "../core/strbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_VERSION 1
/* An area is in the registration table's home when the table's practices
 * hold at least this share of its residents. */
#define HOME_SHARE 0.5

/* PCNs kept (all, or those --within names). */
static size_t kept(const ct__pcnrun *run)
{
    size_t n = 0;
    for (size_t k = 0; k < run->pcns.n; k++)
        n += run->keep[k];
    return n;
}

static const ct__parent *parent(const ct__pcnrun *run, const char *key)
{
    for (size_t k = 0; k < run->nparents; k++)
        if (!strcmp(run->parents[k].key, key))
            return &run->parents[k];
    return NULL;
}

static const char *best_id(const ct__parent *par, size_t k)
{
    return par->fit[k].best == CT__NONE ? "" : par->ids[par->fit[k].best];
}

/* Share of PCN k's people in parent unit id (0 if none). */
static double share_in(const ct__parent *par, size_t k, const char *id)
{
    for (size_t j = 0; j < par->np; j++)
        if (par->pairs[j].a == k && !strcmp(par->ids[par->pairs[j].b], id))
            return par->pairs[j].a_pop_share;
    return 0;
}

static bool ccg_agrees(const ct__pcnrun *run, const ct__parent *ccg, size_t k)
{
    return ccg && *run->pcns.ccg[k] && !strcmp(best_id(ccg, k), run->pcns.ccg[k]);
}

/* ---- pcn.csv */

static ct_status pcn_table(ct_ctx *ctx, const ct__pcnrun *run, const size_t *n_areas,
                           ct_table **out)
{
    ct__buf cols = {0};
    ct__buf_add(&cols, "pcn_code:t,pcn_name:t,pop:r,n_practices:i,ccg_code:t,stp_code:t,"
                       "best_ltla:t,best_ltla_share:r,class:t,uncertain_pop:r,n_areas:i,"
                       "practice_ccgs:i,ltla_pop_outside:r");
    for (size_t k = 1; k < run->nparents; k++) {
        const char *key = run->parents[k].key;
        ct__buf_printf(&cols, ",best_%s:t,best_%s_share:r,%s_class:t,%s_pop_outside:r", key,
                       key, key, key);
    }
    const ct__parent *ccg = parent(run, "ccg");
    if (ccg)
        ct__buf_add(&cols, ",ccg_agrees:i");
    if (run->has_reg)
        ct__buf_add(&cols, ",registered:r,pop_geometric:r");
    const ct__pcnset *s = &run->pcns;
    ct_status st = ct__buf_status(ctx, &cols);
    if (!st)
        st = ct__table_new(ctx, out, "pcn", cols.s, kept(run));
    ct__buf_free(&cols);
    const ct__parent *lt = &run->parents[0];
    for (size_t k = 0, row = 0; !st && k < s->n; k++) {
        if (!run->keep[k])
            continue;
        size_t k_row = row++;
        const ct__unitfit *f = &lt->fit[k];
        const char *text[] = {s->codes[k], s->names[k], NULL,     NULL, s->ccg[k], s->stp[k],
                              best_id(lt, k), NULL,      ct__class_name(f->cls)};
        for (size_t j = 0; !st && j < 9; j++)
            if (text[j])
                st = ct__table_set_text(ctx, *out, k_row, j, text[j]);
        if (st)
            break;
        double pop = run->pcn_pop[k];
        ct__table_set_real(*out, k_row, 2, pop);
        ct__table_set_real(*out, k_row, 3, (double)s->n_practices[k]);
        ct__table_set_real(*out, k_row, 7, f->best_pop_share);
        ct__table_set_real(*out, k_row, 9, run->pcn_unc[k]);
        ct__table_set_real(*out, k_row, 10, (double)n_areas[k]);
        ct__table_set_real(*out, k_row, 11, (double)s->n_ccgs[k]);
        ct__table_set_real(*out, k_row, 12, pop * (1 - f->best_pop_share));
        size_t c = 13;
        for (size_t p = 1; !st && p < run->nparents; p++, c += 4) {
            const ct__parent *par = &run->parents[p];
            const ct__unitfit *g = &par->fit[k];
            st = ct__table_set_text(ctx, *out, k_row, c, best_id(par, k));
            ct__table_set_real(*out, k_row, c + 1, g->best_pop_share);
            if (!st)
                st = ct__table_set_text(ctx, *out, k_row, c + 2, ct__class_name(g->cls));
            ct__table_set_real(*out, k_row, c + 3, pop * (1 - g->best_pop_share));
        }
        if (st)
            break;
        if (ccg)
            ct__table_set_real(*out, k_row, c++, ccg_agrees(run, ccg, k));
        if (run->has_reg) {
            ct__table_set_real(*out, k_row, c++, run->reg.registered[k]);
            ct__table_set_real(*out, k_row, c++, run->geo_pop[k]);
        }
    }
    return st;
}

/* ---- areas.csv */

static ct_status areas_table(ct_ctx *ctx, const ct__pcnrun *run, ct_table **out)
{
    const ct__shares *s = &run->final;
    size_t rows = 0, r = 0;
    for (size_t k = 0; k < s->nrows; k++)
        rows += run->keep[s->unit[k]];
    ct_status st = ct__table_new(ctx, out, "areas",
                                 "area_id:t,pcn_code:t,share:r,method:t,pop:r,uncertain:r",
                                 rows);
    for (size_t i = 0; !st && i < s->n; i++)
        for (size_t k = s->start[i]; !st && k < s->start[i + 1]; k++) {
            if (!run->keep[s->unit[k]])
                continue;
            st = ct__table_set_text(ctx, *out, r, 0, run->pop->ids[i]);
            if (!st)
                st = ct__table_set_text(ctx, *out, r, 1, run->pcns.codes[s->unit[k]]);
            if (!st)
                st = ct__table_set_text(ctx, *out, r, 3,
                                        ct__pcn_how_name((ct__pcn_how)s->how[k]));
            ct__table_set_real(*out, r, 2, s->frac[k]);
            ct__table_set_real(*out, r, 4, run->pop->pop[i] * s->frac[k]);
            ct__table_set_real(*out, r++, 5, s->uncertain[i]);
        }
    return st;
}

/* ---- neighbourhoods.gpkg: small-area polygons dissolved by main PCN */

static ct_status neighbourhoods_table(ct_ctx *ctx, const ct__pcnrun *run,
                                      const size_t *n_areas, ct_table **out)
{
    const ct_pop *pop = run->pop;
    const ct_layer *polys;
    ct_status st = ct__pop_polys(ctx, pop, &polys);
    if (st)
        return st;
    size_t npcn = run->pcns.n, ng = 0;
    size_t *group = ct__malloc((npcn ? npcn : 1) * sizeof *group);
    size_t *pcn_of = ct__malloc((npcn ? npcn : 1) * sizeof *pcn_of);
    size_t *group_of = ct__malloc((polys->n ? polys->n : 1) * sizeof *group_of);
    double *drawn = ct__calloc(npcn ? npcn : 1, sizeof *drawn);
    const char **ids = ct__malloc((npcn ? npcn : 1) * sizeof *ids);
    const char **names = ct__malloc((npcn ? npcn : 1) * sizeof *names);
    ct_layer *l = NULL;
    if (!group || !pcn_of || !group_of || !drawn || !ids || !names)
        st = ct__nomem(ctx);
    for (size_t k = 0; !st && k < npcn; k++) {
        bool drawn_here = n_areas[k] && run->keep[k];
        group[k] = drawn_here ? ng : CT__NONE;
        if (drawn_here) {
            pcn_of[ng] = k;
            ids[ng] = run->pcns.codes[k];
            names[ng++] = run->pcns.names[k];
        }
    }
    for (size_t q = 0; !st && q < polys->n; q++) {
        size_t i = ct__strmap_get(pop->index, polys->ids[q]);
        size_t m = i == CT__NONE ? CT__NONE : run->main[i];
        group_of[q] = m == CT__NONE ? CT__NONE : group[m];
        if (m != CT__NONE)
            drawn[m] += pop->pop[i];
    }
    if (!st)
        st = ct__layer_from_groups(ctx, polys, group_of, ng, ids, names, "neighbourhoods", &l);
    if (!st)
        st = ct__table_new(ctx, out, "neighbourhoods",
                           "pcn_code:t,pcn_name:t,pop:r,pop_drawn:r,uncertain_pop:r,n_areas:i,"
                           "geom:g",
                           ng);
    for (size_t g = 0; !st && g < ng; g++) {
        size_t k = pcn_of[g];
        st = ct__table_set_text(ctx, *out, g, 0, ids[g]);
        if (!st)
            st = ct__table_set_text(ctx, *out, g, 1, names[g]);
        ct__table_set_real(*out, g, 2, run->pcn_pop[k]);
        ct__table_set_real(*out, g, 3, drawn[k]);
        ct__table_set_real(*out, g, 4, run->pcn_unc[k]);
        ct__table_set_real(*out, g, 5, (double)n_areas[k]);
    }
    if (!st)
        st = ct__table_put_geoms(ctx, *out, 6, l);
    ct_layer_free(l);
    free(group);
    free(pcn_of);
    free(group_of);
    free(drawn);
    free(ids);
    free(names);
    return st;
}

/* ---- config.csv: a `coterm check` configuration with PCNs at the bottom */

static const char *whole_unit(const ct__parent *par, size_t i)
{
    if (!par || par->asg.start[i] == par->asg.start[i + 1])
        return "";
    size_t best = par->asg.start[i];
    for (size_t k = best; k < par->asg.start[i + 1]; k++)
        best = par->asg.frac[k] > par->asg.frac[best] ? k : best;
    return par->ids[par->asg.unit[best]];
}

static ct_status config_table(ct_ctx *ctx, const ct__pcnrun *run, ct_table **out)
{
    const ct__parent *sys = parent(run, "system"), *place = parent(run, "place");
    char cols[128] = "block:t";
    if (sys)
        strcat(cols, ",system:t");
    if (place)
        strcat(cols, ",place:t");
    strcat(cols, ",neighbourhood:t");
    size_t n = 0;
    for (size_t i = 0; i < run->pop->n; i++)
        n += run->main[i] != CT__NONE && run->keep[run->main[i]];
    ct_status st = ct__table_new(ctx, out, "config", cols, n);
    for (size_t i = 0, r = 0; !st && i < run->pop->n; i++) {
        if (run->main[i] == CT__NONE || !run->keep[run->main[i]])
            continue;
        size_t c = 0;
        st = ct__table_set_text(ctx, *out, r, c++, run->pop->ids[i]);
        if (!st && sys)
            st = ct__table_set_text(ctx, *out, r, c++, whole_unit(sys, i));
        if (!st && place)
            st = ct__table_set_text(ctx, *out, r, c++, whole_unit(place, i));
        if (!st)
            st = ct__table_set_text(ctx, *out, r, c, run->pcns.codes[run->main[i]]);
        r++;
    }
    return st;
}

/* ---- validation.csv: registrations against the geometric method */

static ct_status validation_table(ct_ctx *ctx, const ct__pcnrun *run, ct_table **out)
{
    size_t n = 0, r = 0;
    for (size_t k = 0; k < run->pcns.n; k++)
        n += run->reg.in_table[k] && run->keep[k];
    ct_status st = ct__table_new(ctx, out, "validation",
                                 "pcn_code:t,pcn_name:t,registered:r,pop:r,pop_geometric:r,"
                                 "error_vs_registered:r,error_geometric:r,uncertain_geometric:r",
                                 n);
    for (size_t k = 0; !st && k < run->pcns.n; k++) {
        if (!run->reg.in_table[k] || !run->keep[k])
            continue;
        double reg = run->reg.registered[k], pop = run->pcn_pop[k], geo = run->geo_pop[k];
        st = ct__table_set_text(ctx, *out, r, 0, run->pcns.codes[k]);
        if (!st)
            st = ct__table_set_text(ctx, *out, r, 1, run->pcns.names[k]);
        ct__table_set_real(*out, r, 2, reg);
        ct__table_set_real(*out, r, 3, pop);
        ct__table_set_real(*out, r, 4, geo);
        ct__table_set_real(*out, r, 5, reg > 0 ? pop / reg - 1 : NAN);
        ct__table_set_real(*out, r, 6, pop > 0 ? geo / pop - 1 : NAN);
        ct__table_set_real(*out, r++, 7, run->geo_unc[k]);
    }
    return st;
}

/* ---- findings.json */

typedef struct share_ix {
    size_t unit;
    double share;
} share_ix;

static int cmp_share_desc(const void *x, const void *y)
{
    const share_ix *p = x, *q = y;
    return (p->share < q->share) - (p->share > q->share);
}

static ct_status straddles(ct_ctx *ctx, const ct__pcnrun *run, const ct__parent *par,
                           size_t k, ct__findings *fs)
{
    const ct__unitfit *f = &par->fit[k];
    double pop = run->pcn_pop[k];
    if (pop <= 0 || f->best == CT__NONE || f->best_pop_share >= 1 - run->tol)
        return CT_OK;
    size_t m = 0;
    for (size_t j = 0; j < par->np; j++)
        m += par->pairs[j].a == k && par->pairs[j].a_pop_share >= run->tol;
    share_ix *v = ct__malloc((m ? m : 1) * sizeof *v);
    const char **units = ct__malloc((m ? m : 1) * sizeof *units);
    const char **anames = ct__malloc((m ? m : 1) * sizeof *anames);
    json_t *parents = json_array();
    if (!v || !units || !anames || !parents) {
        free(v);
        free(units);
        free(anames);
        json_decref(parents);
        return ct__nomem(ctx);
    }
    m = 0;
    for (size_t j = 0; j < par->np; j++)
        if (par->pairs[j].a == k && par->pairs[j].a_pop_share >= run->tol)
            v[m++] = (share_ix){par->pairs[j].b, par->pairs[j].a_pop_share};
    qsort(v, m, sizeof *v, cmp_share_desc);
    const char *name = run->pcns.codes[k];
    double outside = pop * (1 - f->best_pop_share);
    bool bad = false;
    for (size_t j = 0; j < m; j++) { /* as check's parents: unit, population, share */
        units[j] = par->ids[v[j].unit];
        anames[j] = par->names ? par->names[v[j].unit] : NULL;
        bad |= json_array_append_new(parents, json_pack("{s:s, s:f, s:f}", "unit", units[j],
                                                        "population", pop * v[j].share,
                                                        "share", v[j].share)) != 0;
    }
    if (bad) { /* a value that cannot be built fails the run */
        json_decref(parents);
        free(v);
        free(units);
        free(anames);
        return ct__nomem(ctx);
    }
    char *msg = ct__sprintf("PCN %s (%s) straddles %s: %.0f of its %.0f people (%.1f%%) live "
                            "outside %s",
                            name, run->pcns.names[k], par->key, outside, pop,
                            100 * (1 - f->best_pop_share), par->ids[f->best]);
    json_t *extra = json_pack("{s:s, s:o, s:f, s:f, s:f}", "parent_tier", par->key, "parents",
                              parents, "best_share", f->best_pop_share, "unit_population", pop,
                              "uncertain_pop", run->pcn_unc[k]);
    const char *pname = run->pcns.names[k];
    ct__finding x = {
        .type = "straddles_parent",
        .severity = "warning",
        .tier = "neighbourhood",
        .units = &name,
        .unit_names = &pname,
        .nunits = 1,
        .against = par->spec,
        .against_units = units,
        .against_names = anames,
        .nagainst = m,
        .population = outside,
        .message = msg,
    };
    ct_status st = ct__findings_add_new(ctx, fs, &x, extra);
    free(msg);
    free(v);
    free(units);
    free(anames);
    return st;
}

static ct_status out_of_band(ct_ctx *ctx, const ct__pcnrun *run, size_t k, ct__findings *fs)
{
    double pop = run->pcn_pop[k];
    if (pop >= run->band_lo && pop <= run->band_hi)
        return CT_OK;
    const char *name = run->pcns.codes[k];
    char *msg = ct__sprintf("PCN %s (%s) has a footprint of %.0f people, %s the band %.0f to "
                            "%.0f",
                            name, run->pcns.names[k], pop,
                            pop < run->band_lo ? "below" : "above", run->band_lo, run->band_hi);
    json_t *extra = json_pack("{s:f, s:f, s:s, s:f}", "band_min", run->band_lo, "band_max",
                              run->band_hi, "side", pop < run->band_lo ? "below" : "above",
                              "uncertain_pop", run->pcn_unc[k]);
    if (!extra || (run->has_reg && run->reg.in_table[k] &&
                   json_object_set_new(extra, "registered", json_real(run->reg.registered[k])))) {
        json_decref(extra); /* a value that cannot be built fails the run */
        free(msg);
        return ct__nomem(ctx);
    }
    const char *pname = run->pcns.names[k];
    ct__finding x = {
        .type = "population_out_of_band",
        .severity = "info",
        .tier = "neighbourhood",
        .units = &name,
        .unit_names = &pname,
        .nunits = 1,
        .population = pop,
        .message = msg,
    };
    ct_status st = ct__findings_add_new(ctx, fs, &x, extra);
    free(msg);
    return st;
}

/* A footprint mostly outside the CCG its practices belong to. */
static ct_status membership_conflict(ct_ctx *ctx, const ct__pcnrun *run, const ct__parent *ccg,
                                     size_t k, ct__findings *fs)
{
    const char *pccg = run->pcns.ccg[k];
    double pop = run->pcn_pop[k];
    if (!ccg || !*pccg || pop <= 0)
        return CT_OK;
    double in = share_in(ccg, k, pccg);
    if (in >= 0.5)
        return CT_OK;
    const char *name = run->pcns.codes[k];
    const char *units[2] = {pccg, best_id(ccg, k)};
    char *msg = ct__sprintf("PCN %s (%s): its practices belong to %s but only %.1f%% of its "
                            "footprint's %.0f people live there (most live in %s)",
                            name, run->pcns.names[k], pccg, 100 * in, pop, units[1]);
    json_t *extra = json_pack("{s:s, s:f, s:s, s:I, s:f}", "practice_ccg", pccg,
                              "share_in_practice_ccg", in, "footprint_ccg", units[1],
                              "practice_ccgs", (json_int_t)run->pcns.n_ccgs[k], "uncertain_pop",
                              run->pcn_unc[k]);
    const char *pname = run->pcns.names[k];
    ct__finding x = {
        .type = "membership_conflict",
        .severity = "warning",
        .tier = "neighbourhood",
        .units = &name,
        .unit_names = &pname,
        .nunits = 1,
        .against = ccg->spec,
        .against_units = units,
        .nagainst = *units[1] ? 2 : 1,
        .population = pop * (1 - in),
        .message = msg,
    };
    ct_status st = ct__findings_add_new(ctx, fs, &x, extra);
    free(msg);
    return st;
}

static ct_status findings(ct_ctx *ctx, const ct__pcnrun *run, ct__findings *fs)
{
    ct_status st = ct__findings_init(ctx, fs);
    const ct__parent *ccg = parent(run, "ccg");
    for (size_t k = 0; !st && k < run->pcns.n; k++) {
        if (!run->keep[k])
            continue;
        for (size_t p = 0; !st && p < run->nparents; p++)
            st = straddles(ctx, run, &run->parents[p], k, fs);
        if (!st)
            st = out_of_band(ctx, run, k, fs);
        if (!st)
            st = membership_conflict(ctx, run, ccg, k, fs);
    }
    return st;
}

/* ---- summary.json */

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* median, mean and max of |v| */
static json_t *abs_stats(double *v, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = fabs(v[i]);
        sum += v[i];
    }
    qsort(v, n, sizeof *v, cmp_double);
    double med = n == 0 ? NAN : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return n ? json_pack("{s:f, s:f, s:f}", "median_abs", med, "mean_abs", sum / (double)n,
                         "max_abs", v[n - 1])
             : json_null();
}

static json_t *registrations_json(const ct__regtab *g)
{
    json_t *cats = json_object();
    for (size_t c = 0; cats && c < REG_NCATS; c++)
        if (json_object_set_new(cats, ct__pcn_regcat_name(c),
                                json_pack("{s:I, s:f}", "rows", (json_int_t)g->cat_rows[c],
                                          "patients", g->cat_patients[c])))
            return json_decref(cats), NULL;
    return json_pack("{s:s, s:I, s:I, s:I, s:f, s:{s:I, s:f}, s:{s:I, s:I, s:f}, s:o, s:I, "
                     "s:I}",
                     "source", g->source, "rows", (json_int_t)g->rows, "practices",
                     (json_int_t)g->practices, "pcns", (json_int_t)g->pcns, "patients",
                     g->patients, "codes_exact", "codes", (json_int_t)g->codes_exact,
                     "patients", g->patients_exact, "codes_bridged", "codes",
                     (json_int_t)g->codes_bridged, "split_over_several",
                     (json_int_t)g->codes_bridged_split, "patients", g->patients_bridged,
                     "codes_not_used", cats, "practices_pcn_changed",
                     (json_int_t)g->practices_moved, "practices_not_in_membership",
                     (json_int_t)g->practices_unknown);
}

static json_t *validation_json(const ct__pcnrun *run)
{
    const ct_pop *pop = run->pop;
    bool *home = ct__calloc(pop->n ? pop->n : 1, sizeof *home);
    double *e1 = ct__malloc((run->pcns.n ? run->pcns.n : 1) * sizeof *e1);
    double *e2 = ct__malloc((run->pcns.n ? run->pcns.n : 1) * sizeof *e2);
    json_t *j = NULL;
    if (home && e1 && e2) {
        const ct__shares *c = &run->reg.counts;
        size_t nhome = 0, m = 0;
        double unc = 0, hp;
        for (size_t i = 0; i < pop->n; i++) {
            double r = 0;
            for (size_t k = c->start[i]; k < c->start[i + 1]; k++)
                r += c->frac[k];
            home[i] = pop->pop[i] > 0 && r >= HOME_SHARE * pop->pop[i];
            nhome += home[i];
            unc += home[i] ? pop->pop[i] * run->geo.uncertain[i] : 0;
        }
        double agree = ct__shares_agreement(&run->geo, &run->final, pop->pop, home, &hp);
        for (size_t k = 0; k < run->pcns.n; k++)
            if (run->reg.in_table[k] && run->pcn_pop[k] > 0 && run->reg.registered[k] > 0) {
                e1[m] = run->geo_pop[k] / run->pcn_pop[k] - 1;
                e2[m++] = run->pcn_pop[k] / run->reg.registered[k] - 1;
            }
        j = json_pack("{s:f, s:I, s:f, s:f, s:f, s:I, s:o, s:o}", "home_share", HOME_SHARE,
                      "home_areas", (json_int_t)nhome, "home_pop", hp,
                      "agreement_geometric", agree, "uncertain_share_geometric",
                      hp > 0 ? unc / hp : 0, "pcns", (json_int_t)m, "error_geometric",
                      abs_stats(e1, m), "error_vs_registered", abs_stats(e2, m));
    }
    free(home);
    free(e1);
    free(e2);
    return j;
}

static json_t *class_counts(const ct__pcnrun *run, const ct__parent *par)
{
    size_t counts[CT__NCLASSES] = {0};
    for (size_t k = 0; k < run->pcns.n; k++)
        if (run->pcn_pop[k] > 0 && run->keep[k])
            counts[par->fit[k].cls]++;
    json_t *o = json_object();
    int bad = !o;
    for (int c = 0; o && c < CT__NCLASSES; c++)
        bad |= json_object_set_new(o, ct__class_name((ct__class)c),
                                   json_integer((json_int_t)counts[c]));
    if (o)
        bad |= json_object_set_new(o, "source", json_string(par->spec));
    return bad ? (json_decref(o), NULL) : o;
}

static json_t *methods_json(const ct__pcnrun *run)
{
    double pop[4] = {0}, none = 0;
    size_t rows[4] = {0}, unassigned = 0;
    const ct__shares *s = &run->final;
    for (size_t i = 0; i < s->n; i++) {
        unassigned += s->start[i] == s->start[i + 1];
        none += s->start[i] == s->start[i + 1] ? run->pop->pop[i] : 0;
        for (size_t k = s->start[i]; k < s->start[i + 1]; k++) {
            rows[s->how[k]]++;
            pop[s->how[k]] += run->pop->pop[i] * s->frac[k];
        }
    }
    json_t *o = json_object();
    int bad = !o;
    for (int h = 0; o && h < 4; h++)
        bad |= json_object_set_new(o, ct__pcn_how_name((ct__pcn_how)h),
                                   json_pack("{s:I, s:f}", "rows", (json_int_t)rows[h], "pop",
                                             pop[h]));
    if (o)
        bad |= json_object_set_new(o, "unassigned", json_pack("{s:I, s:f}", "areas",
                                                              (json_int_t)unassigned, "pop", none));
    return bad ? (json_decref(o), NULL) : o;
}

static json_t *summary(ct_ctx *ctx, const ct__pcnrun *run, const ct__findings *fs)
{
    const ct__parent *ccg = parent(run, "ccg");
    size_t compared = 0, agree = 0, in_band = 0, below = 0, above = 0, with = 0;
    double assigned = 0, unc = 0;
    for (size_t k = 0; k < run->pcns.n; k++) {
        if (!run->keep[k])
            continue;
        double p = run->pcn_pop[k];
        assigned += p;
        unc += run->pcn_unc[k];
        if (p <= 0)
            continue;
        with++;
        below += p < run->band_lo;
        above += p > run->band_hi;
        in_band += p >= run->band_lo && p <= run->band_hi;
        if (ccg && *run->pcns.ccg[k]) {
            compared++;
            agree += ccg_agrees(run, ccg, k);
        }
    }
    json_t *types = json_object();
    int bad = !types;
    for (size_t i = 0; types && i < json_array_size(fs->list); i++) {
        const char *t = json_string_value(json_object_get(json_array_get(fs->list, i), "type"));
        json_int_t n = json_integer_value(json_object_get(types, t));
        bad |= json_object_set_new(types, t, json_integer(n + 1));
    }
    json_t *classes = json_object();
    bad |= !classes;
    for (size_t p = 0; classes && p < run->nparents; p++)
        bad |= json_object_set_new(classes, run->parents[p].key,
                                   class_counts(run, &run->parents[p]));
    const ct__pracset *pr = &run->prac;
    json_t *inputs = json_pack(
        "{s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:{s:s, s:I, s:f}}", "membership", "practices",
        (json_int_t)pr->n, "placeholder_practices", (json_int_t)pr->n_placeholder, "pcns",
        (json_int_t)run->pcns.n, "practice_locations", "located", (json_int_t)pr->n_located,
        "unlocated", (json_int_t)pr->n_unlocated, "not_in_membership",
        (json_int_t)pr->n_not_in_membership, "population", "source", run->pop->source, "areas",
        (json_int_t)run->pop->n, "total", run->pop->total);
    if (inputs)
        bad |= json_object_set_new(inputs, "catchments",
                            run->has_catchments
                                ? json_pack("{s:s, s:I, s:I, s:I, s:I}", "source",
                                            run->catch_source, "units",
                                            (json_int_t)run->catch_units, "repairs",
                                            (json_int_t)run->catch_repairs,
                                            "not_in_membership",
                                            (json_int_t)run->catch_unmatched,
                                            "pcns_without_catchment",
                                            (json_int_t)run->pcns_without_catchment)
                                : json_null());
    if (inputs)
        bad |= json_object_set_new(inputs, "registrations",
                                   run->has_reg ? registrations_json(&run->reg) : json_null());
    json_t *s = json_pack(
        "{s:i, s:s, s:s, s:s, s:o, s:{s:f, s:f, s:f}, s:f, s:[f,f], s:o, s:{s:f, s:f, s:f, "
        "s:f}, s:{s:I, s:I, s:I, s:I, s:I}, s:o}",
        "version", SUMMARY_VERSION, "command", "pcn", "coterm_version", ct_version(), "method",
        run->has_reg ? "registrations+catchments+distance" : "catchments+distance", "inputs",
        inputs, "constants", "distance_floor_m", CT__PCN_FLOOR_M, "near_factor",
        CT__PCN_NEAR_FACTOR, "min_share", CT__PCN_MIN_SHARE, "tolerance", run->tol, "band",
        run->band_lo, run->band_hi, "methods", methods_json(run), "population", "total",
        run->pop->total, "assigned", assigned, "uncertain", unc, "uncertain_share",
        assigned > 0 ? unc / assigned : 0, "pcns", "total", (json_int_t)run->pcns.n,
        "with_footprint", (json_int_t)with, "in_band", (json_int_t)in_band, "below_band",
        (json_int_t)below, "above_band", (json_int_t)above, "classes", classes);
    if (!s || bad) {
        json_decref(s);
        return json_decref(types), NULL;
    }
    /* a missing part (allocation failure) fails the whole summary */
    bad = json_object_set_new(s, "ccg_agreement",
                                  ccg ? json_pack("{s:I, s:I, s:f}", "pcns", (json_int_t)compared,
                                                  "agree", (json_int_t)agree, "share",
                                                  compared ? (double)agree / (double)compared
                                                           : 0)
                                      : json_null());
    if (run->has_reg)
        bad |= json_object_set_new(
            s, "combination",
            json_pack("{s:I, s:I, s:I, s:I}", "areas_registered",
                      (json_int_t)run->comb.n_registered, "areas_shared",
                      (json_int_t)run->comb.n_mixed, "areas_scaled", (json_int_t)run->comb.n_scaled,
                      "areas_geometric_fallback", (json_int_t)run->comb.n_fallback));
    bad |= json_object_set_new(s, "validation",
                               run->has_reg ? validation_json(run) : json_null());
    bad |= json_object_set_new(s, "findings", types);
    const ct__parent *w = &run->within;
    bad |= json_object_set_new(
        s, "within",
        w->key ? json_pack("{s:s, s:s, s:s, s:I}", "layer", w->spec, "unit",
                           w->ids[run->within_unit], "name",
                           w->names ? w->names[run->within_unit] : "", "pcns",
                           (json_int_t)kept(run))
               : json_null());
    bad |= json_object_set_new(s, "repairs", ct__diags_json(ctx, CT_DIAG_REPAIR));
    bad |= json_object_set_new(s, "warnings", ct__diags_json(ctx, CT_DIAG_WARNING));
    if (bad)
        return json_decref(s), NULL;
    return s;
}

ct_status ct__pcn_result(ct_ctx *ctx, ct__pcnrun *run, ct_result *r)
{
    size_t *n_areas = ct__calloc(run->pcns.n ? run->pcns.n : 1, sizeof *n_areas);
    if (!n_areas)
        return ct__nomem(ctx);
    for (size_t i = 0; i < run->pop->n; i++)
        if (run->main[i] != CT__NONE)
            n_areas[run->main[i]]++;
    ct_table *t = NULL;
    ct_status st = neighbourhoods_table(ctx, run, n_areas, &t);
    st = ct__result_add_built(ctx, r, st, t);
    for (int step = 0; !st && step < 4; step++) {
        t = NULL;
        if (step == 0)
            st = pcn_table(ctx, run, n_areas, &t);
        else if (step == 1)
            st = areas_table(ctx, run, &t);
        else if (step == 2)
            st = config_table(ctx, run, &t);
        else if (run->has_reg)
            st = validation_table(ctx, run, &t);
        if (t || st)
            st = ct__result_add_built(ctx, r, st, t);
    }
    ct__findings fs = {0};
    if (!st)
        st = findings(ctx, run, &fs);
    json_t *s = st ? NULL : summary(ctx, run, &fs);
    if (!st)
        st = ct__findings_to_result(ctx, &fs, r);
    if (!st)
        st = ct__result_add_json(ctx, r, "summary", s);
    else
        json_decref(s);
    ct__findings_free(&fs);
    free(n_areas);
    return st;
}
