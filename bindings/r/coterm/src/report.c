/* The report (ct_report_job_*): made step by step so that R can show
 * progress; the job is a handle like any other. These functions are
 * optional: a library without them makes the R code say so. */
#include "coterm_r.h"

SEXP ctr_report_available(void)
{
    return Rf_ScalarLogical(ctr.ct_report_job_new && ctr.ct_report_job_nsteps &&
                            ctr.ct_report_job_step_name && ctr.ct_report_job_step &&
                            ctr.ct_report_job_page && ctr.ct_report_job_json &&
                            ctr.ct_report_job_free);
}

/* A job writing into dir: its handle, or the failure. */
SEXP ctr_report_new(SEXP ctx, SEXP dir, SEXP opts)
{
    if (!Rf_asLogical(ctr_report_available()))
        Rf_error("coterm: libcoterm %s has no ct_report_job_new", ctr.ct_version());
    const char *d = ctr_string(dir);
    const char *const *o = ctr_opts(opts);
    SEXP h = PROTECT(ctr_handle_new(CTR_REPORT, ctx));
    ct_report_job *job = NULL;
    ct_status st = ctr.ct_report_job_new(ctr_ctx(ctx), &job, d, o);
    ctr_adopt(h, job);
    UNPROTECT(1);
    return st ? ctr_failure(ctr_ctx(ctx), st) : h;
}

/* What each step does. */
SEXP ctr_report_steps(SEXP job)
{
    const ct_report_job *j = ctr_get(job, CTR_REPORT, false);
    size_t n = ctr.ct_report_job_nsteps(j);
    SEXP out = PROTECT(Rf_allocVector(STRSXP, n));
    for (size_t i = 0; i < n; i++) {
        const char *name = ctr.ct_report_job_step_name(j, i);
        SET_STRING_ELT(out, i, Rf_mkCharCE(name ? name : "", CE_UTF8));
    }
    UNPROTECT(1);
    return out;
}

/* Run the next step: NULL, or the failure. */
SEXP ctr_report_step(SEXP ctx, SEXP job)
{
    ct_report_job *j = ctr_get(job, CTR_REPORT, false);
    ct_status st = ctr.ct_report_job_step(ctr_ctx(ctx), j);
    return st ? ctr_failure(ctr_ctx(ctx), st) : R_NilValue;
}

/* The page to open (relative to the directory) and report.json's text. */
SEXP ctr_report_info(SEXP job)
{
    const ct_report_job *j = ctr_get(job, CTR_REPORT, false);
    const char *page = ctr.ct_report_job_page(j), *json = ctr.ct_report_job_json(j);
    const char *names[] = {"page", "json", ""};
    SEXP out = PROTECT(Rf_mkNamed(VECSXP, names));
    SET_VECTOR_ELT(out, 0, page ? Rf_mkString(page) : R_NilValue);
    SET_VECTOR_ELT(out, 1, json ? Rf_mkString(json) : R_NilValue);
    UNPROTECT(1);
    return out;
}
