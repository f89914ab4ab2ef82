/* ct_report_job: the report as a list of steps, so that callers can show
 * progress between them without a callback (include/coterm/ct_report_job.h). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static ct_status step_check(ct_report_job *r)
{
    ct_status st = ct__report_run_check(r);
    return !st && r->config ? ct__report_config_systems(r) : st;
}
static ct_status step_upper(ct_report_job *r) { return ct__report_run_fit(r, CT__R_UPPER); }
static ct_status step_lower(ct_report_job *r) { return ct__report_run_fit(r, CT__R_LOWER); }
static ct_status step_subs(ct_report_job *r) { return ct__report_run_fit(r, CT__R_SUBS); }

typedef struct step {
    const char *name;
    ct_status (*run)(ct_report_job *r);
} step;

static const step steps[] = {
    {"opening layers and the population base", ct__report_open},
    {"checking the tiers against councils", step_check},
    {"fitting systems to upper-tier councils", step_upper},
    {"fitting systems to lower-tier councils", step_lower},
    {"fitting systems to the units below them", step_subs},
    {"comparing with the base configuration", ct__report_run_compare},
    {"reconstructing patient flows", ct__report_run_flows},
    {"building PCN neighbourhoods", ct__report_run_pcn},
    {"writing findings as sentences", ct__report_model},
    {"drawing maps", ct__report_maps},
    {"writing the pages", ct__report_write},
};
#define NSTEPS (sizeof steps / sizeof steps[0])

ct_status ct_report_job_new(ct_ctx *ctx, ct_report_job **out, const char *dir, const char *const *opts)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_report_job_new: NULL argument");
    *out = NULL;
    if (!dir || !*dir)
        return ct__err(ctx, CT_EINVAL, "report: no output directory");
    ct_report_job *r = ct__calloc(1, sizeof *r);
    if (!r)
        return ct__nomem(ctx);
    r->ctx = ctx;
    r->only = CT__NONE;
    ct_status st = (r->dir = ct__strdup(dir)) ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = ct__report_parse(r, opts);
    if (st) {
        ct_report_job_free(r);
        return st;
    }
    *out = r;
    return CT_OK;
}

size_t ct_report_job_nsteps(const ct_report_job *r) { return r ? NSTEPS : 0; }
size_t ct_report_job_steps_done(const ct_report_job *r) { return r ? r->step : 0; }

const char *ct_report_job_step_name(const ct_report_job *r, size_t i)
{
    return r && i < NSTEPS ? steps[i].name : NULL;
}

ct_status ct_report_job_step(ct_ctx *ctx, ct_report_job *r)
{
    if (!ctx || !r)
        return ct__err(ctx, CT_EINVAL, "ct_report_step: NULL argument");
    if (r->ctx != ctx)
        return ct__err(ctx, CT_EINVAL, "report: made with another context");
    if (r->failed || r->step >= NSTEPS)
        return ct__err(ctx, CT_EINVAL, "report: %s", r->failed ? "a step failed before"
                                                                : "every step has run");
    ct_status st = steps[r->step].run(r);
    if (st)
        r->failed = true;
    else
        r->step++;
    return st;
}

const char *ct_report_job_page(const ct_report_job *r)
{
    if (!r || !r->model)
        return NULL;
    if (r->only == CT__NONE)
        return "index.html";
    return json_string_value(json_object_get(
        json_array_get(json_object_get(r->model, "systems"), r->only), "page"));
}

const char *ct_report_job_json(const ct_report_job *r)
{
    return r ? r->json_text : NULL;
}

void ct_report_job_free(ct_report_job *r)
{
    if (!r)
        return;
    ct__report_maps_free(r);
    json_decref(r->model);
    free(r->json_text);
    ct_result_free(r->check);
    ct_result_free(r->flows);
    ct_result_free(r->pcn);
    ct_result_free(r->compare);
    for (int k = 0; k < CT__R_NLAYERS; k++) {
        ct_result_free(r->fit[k]);
        free(r->spec[k]);
    }
    ct__report_inputs_free(r);
    for (size_t i = 0; i < r->ntiers; i++) {
        free(r->tier_name ? r->tier_name[i] : NULL);
        free(r->tier_spec ? r->tier_spec[i] : NULL);
    }
    free(r->tier_name);
    free(r->tier_spec);
    free(r->dir);
    free(r->config);
    free(r->blocks_spec);
    free(r->compare_spec);
    free(r->only_code);
    free(r->title);
    free(r->chromium);
    free(r->chromium_exe);
    free(r);
}

ct_status ct_report(ct_ctx *ctx, const char *dir, const char *const *opts)
{
    ct_report_job *r = NULL;
    ct_status st = ct_report_job_new(ctx, &r, dir, opts);
    while (!st && r->step < NSTEPS)
        st = ct_report_job_step(ctx, r);
    ct_report_job_free(r);
    return st;
}
