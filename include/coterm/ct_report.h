/* coterm: the boundary-fit report: HTML pages with maps, report.json,
 * report.gpkg and CSV tables (docs/report.md). */
#ifndef COTERM_CT_REPORT_H
#define COTERM_CT_REPORT_H

#include "ct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A report being made: its options, inputs and the steps run so far. */
typedef struct ct_report_job ct_report_job;

/** Prepare a report into dir; nothing is read or written yet.
 *  @param dir output directory (created if missing). Files are written by
 *         the last step only, after every figure has been computed, so bad
 *         input leaves dir as it was.
 *  @param opts NULL-terminated "KEY=VALUE" list, all optional:
 *    CONFIG=path        a coterm check configuration (block,system,...):
 *                       report its top tier instead of the national boards;
 *    BLOCKS=spec        the configuration's block layer (default ltla21);
 *    COMPARE=spec       with CONFIG: a base configuration (a CSV, or a polygon
 *                       layer standing for CONFIG's top tier) to compare it
 *                       with (ct_compare): report.json's "comparison" and a
 *                       section of index.html;
 *    TIER=NAME=LAYER    a tier drawn as polygons (repeatable, top first),
 *                       instead of CONFIG; the first is the systems;
 *    SYSTEMS=spec       the systems of the national report (default icb22);
 *    SUBS=spec          the units below systems (default sicbl22);
 *    UPPER=spec, LOWER=spec  councils (default utla21, ltla21);
 *    SYSTEM=code        one system's pages only (its code or name);
 *    TITLE=text         the report's title;
 *    PDF=YES            also print the pages to report.pdf with headless
 *                       Chromium (CHROMIUM=path, default: chromium on PATH);
 *                       without it, a warning and the HTML is still written;
 *    METHOD=auto|bestfit|areal, TOLERANCE=x  as ct_fit.
 *  @param out receives the report; free with ct_report_job_free.
 *  @return CT_OK, CT_EINVAL (unknown option, bad value, CONFIG with TIER,
 *          COMPARE without CONFIG)
 *          or CT_ENOMEM. */
CT_EXTERN ct_status ct_report_job_new(ct_ctx *ctx, ct_report_job **out, const char *dir,
                                  const char *const *opts);

/** Number of steps of the report, and how many have run. */
CT_EXTERN size_t ct_report_job_nsteps(const ct_report_job *r);
CT_EXTERN size_t ct_report_job_steps_done(const ct_report_job *r);
/** What step i does, e.g. "fitting systems to upper-tier councils"
 *  (borrowed; NULL if out of range). */
CT_EXTERN const char *ct_report_job_step_name(const ct_report_job *r, size_t i);

/** Run the next step. The last one writes every file.
 *  @return CT_OK; CT_EINVAL if every step has run or a step failed before;
 *          otherwise the status of the failed step: CT_EIO, CT_EFORMAT,
 *          CT_ECRS, CT_EGEOM, CT_EDATA (e.g. an unknown SYSTEM code, a
 *          configuration with errors), CT_ENOMEM, CT_EDEP or CT_EINTERNAL. */
CT_EXTERN ct_status ct_report_job_step(ct_ctx *ctx, ct_report_job *r);

/** The page to open, relative to dir: "index.html", or with SYSTEM= that
 *  system's page (e.g. "systems/E54000008.html"); borrowed; NULL until the
 *  figures are computed. */
CT_EXTERN const char *ct_report_job_page(const ct_report_job *r);

/** report.json as text once the figures are computed (borrowed), else NULL. */
CT_EXTERN const char *ct_report_job_json(const ct_report_job *r);

/** Free a report; NULL is a no-op. */
CT_EXTERN void ct_report_job_free(ct_report_job *r);

/** Make a whole report: ct_report_job_new, every step, ct_report_job_free.
 *  @return as ct_report_job_new and ct_report_step. */
CT_EXTERN ct_status ct_report(ct_ctx *ctx, const char *dir, const char *const *opts);

#ifdef __cplusplus
}
#endif
#endif
