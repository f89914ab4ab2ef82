/* The individual commands a report runs, with the options documented in
 * docs/report.md ("The commands behind the figures"). */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Name of tier k of the checked configuration (NULL if none); borrowed
 * from *summary, which the caller frees. */
static const char *config_tier(ct_report_job *r, size_t k, json_t **summary)
{
    if (!*summary && ct__rdoc(r->ctx, r->check, "summary", summary))
        return NULL;
    return json_string_value(
        json_object_get(json_array_get(json_object_get(*summary, "tiers"), k), "name"));
}

/* Blocks whose codes the population base nests in (flows and pcn take
 * configurations of these only). */
static bool nesting_blocks(const ct_report_job *r, bool ltla_only)
{
    const char *b = r->blocks_spec ? r->blocks_spec : "ltla21";
    if (!strcmp(b, "ltla21"))
        return true;
    return !ltla_only && (!strcmp(b, "msoa11") || !strcmp(b, "lsoa11") || !strcmp(b, "utla21"));
}

ct_status ct__report_run_check(ct_report_job *r)
{
    const ct_layer *against[] = {r->layer[CT__R_UPPER], r->layer[CT__R_LOWER],
                                 r->layer[CT__R_SUBS]};
    if (r->config) {
        return ct_check(r->ctx, &r->check, r->config, r->blocks, against, 3, r->pop,
                        r->fitopts);
    }
    if (r->ntiers)
        return ct_check_tiers(r->ctx, &r->check, (const char *const *)r->tier_name,
                              (const ct_layer *const *)r->tiers, r->ntiers, against, 2, r->pop,
                              r->fitopts);
    const char *names[] = {"system", "sub_icb"};
    const ct_layer *tiers[] = {r->layer[CT__R_SYSTEMS], r->layer[CT__R_SUBS]};
    return ct_check_tiers(r->ctx, &r->check, names, tiers, 2, against, 2, r->pop, r->fitopts);
}

ct_status ct__report_run_fit(ct_report_job *r, int role)
{
    return ct_fit(r->ctx, &r->fit[role], r->layer[CT__R_SYSTEMS], r->layer[role], r->pop,
                  r->fitopts);
}

ct_status ct__report_run_flows(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    ct_layer *own = NULL;
    const ct_layer *origins = r->layer[CT__R_LOWER];
    ct_status st = CT_OK;
    if (strcmp(r->spec[CT__R_LOWER], "ltla21")) /* the embedded flows are by ltla21 */
        st = ct_layer_open(ctx, &own, "ltla21", NULL);
    origins = own ? own : origins;
    char *councils = ct__sprintf("COUNCILS=%s", r->spec[CT__R_UPPER]);
    char *places = NULL;
    json_t *summary = NULL;
    if (!st && r->config && nesting_blocks(r, true)) {
        for (size_t k = 1; config_tier(r, k, &summary); k++)
            if (!strcmp(config_tier(r, k, &summary), "place"))
                places = ct__sprintf("PLACES=%s", r->config);
    }
    json_decref(summary);
    const char *opts[] = {"COMMISSIONERS=NONE", councils, places, NULL};
    if (!st && !councils)
        st = ct__nomem(ctx);
    if (!st)
        st = ct_flows(ctx, &r->flows, NULL, origins, r->layer[CT__R_SYSTEMS], r->pop, opts);
    free(councils);
    free(places);
    ct_layer_free(own);
    return st;
}

ct_status ct__report_run_pcn(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    const char *system = r->config ? r->systems_file
                         : r->ntiers ? r->tier_spec[0]
                                     : r->spec[CT__R_SYSTEMS];
    json_t *summary = NULL;
    const char *below = NULL, *place_spec = NULL;
    if (r->config && nesting_blocks(r, false) && (below = config_tier(r, 1, &summary)))
        place_spec = r->config;
    else if (r->ntiers > 1)
        place_spec = r->tier_spec[1];
    else if (!r->config && !r->ntiers)
        place_spec = r->spec[CT__R_SUBS];
    char *o_sys = ct__sprintf("SYSTEM=%s", system);
    char *o_ltla = ct__sprintf("LTLA=%s", r->spec[CT__R_LOWER]);
    char *o_utla = ct__sprintf("UTLA=%s", r->spec[CT__R_UPPER]);
    char *o_places = place_spec ? ct__sprintf("PLACES=%s", place_spec) : NULL;
    char *o_field = below ? ct__sprintf("PLACE_FIELD=%s", below) : NULL;
    json_decref(summary);
    ct_status st = o_sys && o_ltla && o_utla && (o_places || !place_spec) && (o_field || !below)
                       ? CT_OK
                       : ct__nomem(ctx);
    const char *opts[] = {"CCG=NONE", o_sys, o_ltla, o_utla, o_places, o_field, NULL};
    if (!o_places) /* keep the list NULL-terminated after the set options */
        opts[4] = o_field;
    if (!st)
        st = ct_pcn(ctx, &r->pcn, r->pop, opts);
    free(o_sys);
    free(o_ltla);
    free(o_utla);
    free(o_places);
    free(o_field);
    return st;
}
