/* ct_check and ct_check_tiers: read or take the tiers, nest them, apply the
 * findings rules and assemble the result (docs/check.md). */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUMMARY_VERSION 2 /* 2: name columns in units.csv, tiers.gpkg and findings.csv */

static const char *const default_against[] = {"utla21", "ltla21", "sicbl22"};

static void free_tier(ct__cktier *t, size_t nagainst)
{
    free(t->name);
    ct_layer_free(t->owned);
    free(t->pop);
    free(t->n_blocks);
    ct__assign_free(&t->asg);
    free(t->parts);
    free(t->first_part);
    ct__fitrun_free(&t->up);
    for (size_t l = 0; t->vs && l < nagainst; l++)
        ct__fitrun_free(&t->vs[l]);
    free(t->vs);
    free(t->match);
    free(t->straddles_any);
}

static void check_free(ct__check *c)
{
    for (size_t k = 0; c->tier && k < c->ntiers; k++)
        free_tier(&c->tier[k], c->nagainst);
    free(c->tier);
    for (size_t l = 0; l < c->nagainst; l++) {
        free(c->label ? c->label[l] : NULL);
        if (c->against_asg)
            ct__assign_free(&c->against_asg[l]);
        ct_layer_free(c->own_against ? c->own_against[l] : NULL);
    }
    free(c->label);
    free(c->against_asg);
    free(c->own_against);
    free(c->against);
    ct__assign_free(&c->block_asg);
    free(c->block_pop);
    free(c->listed);
    free(c->row_block);
    free(c->blocks_label);
    free(c->band);
    free(c->has_band);
    ct__findings_free(&c->findings);
    ct_layer_free(c->own_blocks);
}

static ct_status parse_opts(ct__check *c, const char *const *opts)
{
    static const char *const allowed[] = {"METHOD", "TOLERANCE", "IGNORE", NULL};
    for (size_t i = 0; opts && opts[i]; i++) {
        const char *eq = strchr(opts[i], '=');
        if (!eq)
            return ct__err(c->ctx, CT_EINVAL, "check: option '%s' is not KEY=VALUE", opts[i]);
        bool ok = !strncmp(opts[i], "BAND_", 5) && eq - opts[i] > 5;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = (size_t)(eq - opts[i]) == strlen(allowed[k]) &&
                 !strncmp(opts[i], allowed[k], strlen(allowed[k]));
        if (!ok)
            return ct__err(c->ctx, CT_EINVAL, "check: unknown option '%.*s'",
                           (int)(eq - opts[i]), opts[i]);
    }
    ct_status st = ct__method_parse(c->ctx, ct__opt(opts, "METHOD"), &c->method);
    if (!st)
        st = ct__opt_double(c->ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &c->tol);
    snprintf(c->fitbuf[0], sizeof c->fitbuf[0], "METHOD=%s", ct__method_name(c->method));
    ct__snprintf(c->fitbuf[1], sizeof c->fitbuf[1], "TOLERANCE=%.17g", c->tol);
    c->fitopts[0] = c->fitbuf[0];
    c->fitopts[1] = c->fitbuf[1];
    c->fitopts[2] = NULL;
    return st;
}

static ct_status setup_against(ct__check *c, const ct_layer *const *against, size_t n,
                               const char *crs)
{
    ct_ctx *ctx = c->ctx;
    bool defaults = !against && n == 0;
    size_t m = defaults ? sizeof default_against / sizeof default_against[0] : n;
    if (!against && n)
        return ct__err(ctx, CT_EINVAL, "check: %zu statutory layers but no array", n);
    size_t cap = m ? m : 1;
    c->against = ct__calloc(cap, sizeof *c->against);
    c->label = ct__calloc(cap, sizeof *c->label);
    c->against_asg = ct__calloc(cap, sizeof *c->against_asg);
    c->own_against = ct__calloc(cap, sizeof *c->own_against);
    if (!c->against || !c->label || !c->against_asg || !c->own_against)
        return ct__nomem(ctx);
    c->nagainst = m;
    ct_status st = CT_OK;
    for (size_t l = 0; !st && l < m; l++) {
        if (defaults)
            st = ct__layer_open_in(ctx, &c->own_against[l], default_against[l], crs);
        c->against[l] = defaults ? c->own_against[l] : against[l];
        if (!st && !c->against[l])
            st = ct__err(ctx, CT_EINVAL, "check: statutory layer %zu is NULL", l + 1);
        if (!st && !(c->label[l] = ct__short_label(c->against[l]->source)))
            st = ct__nomem(ctx);
        for (size_t k = 0; !st && k < l; k++)
            if (!strcmp(c->label[k], c->label[l]))
                st = ct__err(ctx, CT_EINVAL, "check: statutory layer '%s' is given twice",
                             c->label[l]);
    }
    return st;
}

static ct_status check_inputs(ct__check *c, const ct_layer *first)
{
    ct_ctx *ctx = c->ctx;
    if (c->pop && c->pop->ctx != ctx)
        return ct__err(ctx, CT_EINVAL, "check: the population base belongs to another context");
    if (first->ctx != ctx)
        return ct__err(ctx, CT_EINVAL, "check: a layer belongs to another context");
    if (c->pop && strcmp(first->crs, c->pop->crs))
        return ct__err(ctx, CT_ECRS, "check: %s is measured in %s, the population in %s",
                       first->source, first->crs, c->pop->crs);
    return CT_OK;
}

static json_t *summary(const ct__check *c)
{
    json_t *tiers = json_array(), *against = json_array(), *sev = json_object(),
           *types = json_object();
    double total = 0;
    for (size_t k = 0; tiers && k < c->ntiers; k++) {
        const ct__cktier *t = &c->tier[k];
        double pop = 0;
        for (size_t u = 0; t->pop && u < t->layer->n; u++)
            pop += t->pop[u];
        total = k == 0 ? pop : total;
        json_array_append_new(tiers, json_pack("{s:s, s:I, s:o}", "name", t->name, "units",
                                               (json_int_t)t->layer->n, "population",
                                               t->pop ? json_real(pop) : json_null()));
    }
    for (size_t l = 0; against && l < c->nagainst; l++)
        json_array_append_new(against, json_pack("{s:s, s:s, s:I}", "label", c->label[l],
                                                 "source", c->against[l]->source, "units",
                                                 (json_int_t)c->against[l]->n));
    const char *levels[] = {"error", "warning", "info"};
    for (size_t s = 0; sev && s < 3; s++)
        json_object_set_new(sev, levels[s], json_integer(0));
    size_t i;
    json_t *f;
    json_array_foreach(c->findings.list, i, f)
    {
        const char *s = json_string_value(json_object_get(f, "severity"));
        const char *ty = json_string_value(json_object_get(f, "type"));
        json_object_set_new(sev, s, json_integer(json_integer_value(json_object_get(sev, s)) + 1));
        json_object_set_new(types, ty,
                            json_integer(json_integer_value(json_object_get(types, ty)) + 1));
    }
    json_t *blocks = c->config ? json_pack("{s:s, s:I, s:I}", "source", c->blocks->source,
                                           "units", (json_int_t)c->blocks->n, "listed",
                                           (json_int_t)c->conf->nrows)
                               : json_null();
    return json_pack("{s:i, s:s, s:s, s:s, s:s?, s:o*, s:o*, s:o*, s:s, s:f, s:o, s:o, s:o}",
                     "version", SUMMARY_VERSION, "command", "check", "coterm_version",
                     ct_version(), "mode", c->config ? "config" : "layers", "config", c->config,
                     "blocks", blocks, "tiers", tiers, "against", against, "method",
                     ct__method_name(c->method), "tolerance", c->tol, "population",
                     c->pop ? json_real(total) : json_null(), "findings", sev, "findings_by_type",
                     types);
}

/* Nesting, findings and the result, common to both entry points. */
static ct_status run(ct__check *c, ct_result **out)
{
    ct_ctx *ctx = c->ctx;
    ct_result *r = NULL;
    ct_status st = ct__ck_nest(c);
    if (!st)
        st = ct__findings_init(ctx, &c->findings);
    if (!st)
        st = ct__ck_rule_coverage(c);
    if (!st)
        st = ct__ck_rule_nesting(c);
    if (!st)
        st = ct__ck_rule_divisions(c);
    if (!st)
        st = ct__ck_rule_pieces(c);
    if (!st)
        st = ct__ck_rule_typos(c);
    if (!st)
        st = ct__ck_rule_bands(c);
    if (!st)
        st = ct__findings_sort(ctx, &c->findings);
    if (!st)
        st = ct__result_new(ctx, &r);
    if (!st)
        st = ct__ck_tables(c, r);
    if (!st)
        st = ct__result_add_json(ctx, r, "summary", summary(c));
    if (!st)
        st = ct__findings_to_result(ctx, &c->findings, r);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}

ct_status ct__check_conf(ct_ctx *ctx, ct_result **out, const ct__ckconf *conf,
                         const ct_layer *blocks, const ct_layer *const *against,
                         size_t nagainst, const ct_pop *pop, const char *const *opts)
{
    if (!ctx || !out || !conf)
        return ct__err(ctx, CT_EINVAL, "check: NULL argument");
    *out = NULL;
    ct__check c = {.ctx = ctx, .conf = conf, .pop = pop};
    c.config = conf->source ? conf->source : "configuration";
    ct_status st = ct__ckconf_validate(ctx, conf);
    if (!st)
        st = parse_opts(&c, opts);
    if (!st)
        st = ct__ck_bands_parse(&c, (const char *const *)conf->tier, conf->ntiers, opts);
    if (!st && !blocks)
        st = ct__layer_open_in(ctx, &c.own_blocks, "ltla21", pop ? pop->crs : "EPSG:27700");
    c.blocks = blocks ? blocks : c.own_blocks;
    if (!st && !(c.blocks_label = ct__short_label(c.blocks->source)))
        st = ct__nomem(ctx);
    if (!st)
        st = check_inputs(&c, c.blocks);
    if (!st)
        st = setup_against(&c, against, nagainst, c.blocks->crs);
    if (!st)
        st = ct__ck_tiers_from_config(&c);
    if (!st)
        st = run(&c, out);
    check_free(&c);
    return st;
}

ct_status ct_check(ct_ctx *ctx, ct_result **out, const char *config_csv, const ct_layer *blocks,
                   const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                   const char *const *opts)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_check: NULL argument");
    *out = NULL;
    if (!config_csv)
        return ct__err(ctx, CT_EINVAL, "ct_check: no configuration file");
    ct__ckconf conf = {0};
    ct_status st = ct__ckconf_read(ctx, config_csv, opts, &conf);
    if (!st)
        st = ct__check_conf(ctx, out, &conf, blocks, against, nagainst, pop, opts);
    ct__ckconf_free(&conf);
    return st;
}

ct_status ct_check_tiers(ct_ctx *ctx, ct_result **out, const char *const *tier_names,
                         const ct_layer *const *tiers, size_t ntiers,
                         const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                         const char *const *opts)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_check_tiers: NULL argument");
    *out = NULL;
    if (!tier_names || !tiers || ntiers == 0 || !tiers[0])
        return ct__err(ctx, CT_EINVAL, "ct_check_tiers: no tiers given");
    ct__check c = {.ctx = ctx, .pop = pop};
    ct_status st = parse_opts(&c, opts);
    if (!st)
        st = ct__ck_bands_parse(&c, tier_names, ntiers, opts);
    if (!st)
        st = check_inputs(&c, tiers[0]);
    if (!st)
        st = setup_against(&c, against, nagainst, tiers[0]->crs);
    if (!st)
        st = ct__ck_tiers_from_layers(&c, tier_names, tiers, ntiers);
    if (!st)
        st = run(&c, out);
    check_free(&c);
    return st;
}
