/* Registration of the .Call routines (R sees them as C_<name>). */
#include "coterm_r.h"

#include <R_ext/Rdynload.h>

SEXP ctr_libdirs(void);
SEXP ctr_load(SEXP path);
SEXP ctr_version(void);
SEXP ctr_close_handle(SEXP x);
SEXP ctr_is_open(SEXP x);
SEXP ctr_live(void);
SEXP ctr_ctx_new(SEXP opts);
SEXP ctr_diagnostics(SEXP ctx, SEXP from);
SEXP ctr_layer_open(SEXP ctx, SEXP spec, SEXP opts);
SEXP ctr_layer_from_wkb(SEXP ctx, SEXP label, SEXP ids, SEXP names, SEXP wkb, SEXP crs,
                        SEXP opts);
SEXP ctr_layer_info(SEXP layer);
SEXP ctr_pop_open(SEXP ctx, SEXP spec, SEXP opts);
SEXP ctr_pop_info(SEXP pop);
SEXP ctr_layers_list(SEXP ctx);
SEXP ctr_fit(SEXP ctx, SEXP a, SEXP b, SEXP pop, SEXP opts);
SEXP ctr_bestfit(SEXP ctx, SEXP small, SEXP big, SEXP pop, SEXP opts);
SEXP ctr_check(SEXP ctx, SEXP config, SEXP blocks, SEXP against, SEXP pop, SEXP opts);
SEXP ctr_check_tiers(SEXP ctx, SEXP names, SEXP tiers, SEXP against, SEXP pop, SEXP opts);
SEXP ctr_flows(SEXP ctx, SEXP flows_csv, SEXP origins, SEXP systems, SEXP pop, SEXP opts);
SEXP ctr_pcn(SEXP ctx, SEXP pop, SEXP opts);
SEXP ctr_result_contents(SEXP result);
SEXP ctr_report_available(void);
SEXP ctr_report_new(SEXP ctx, SEXP dir, SEXP opts);
SEXP ctr_report_steps(SEXP job);
SEXP ctr_report_step(SEXP ctx, SEXP job);
SEXP ctr_report_info(SEXP job);

#define CALL(name, n) {#name, (DL_FUNC)&ctr_##name, n}
static const R_CallMethodDef routines[] = {
    CALL(libdirs, 0),       CALL(load, 1),         CALL(version, 0),
    CALL(close_handle, 1),  CALL(is_open, 1),      CALL(live, 0),
    CALL(ctx_new, 1),       CALL(diagnostics, 2),  CALL(layer_open, 3),
    CALL(layer_from_wkb, 7), CALL(layer_info, 1),  CALL(pop_open, 3),
    CALL(pop_info, 1),      CALL(layers_list, 1),  CALL(fit, 5),
    CALL(bestfit, 5),       CALL(check, 6),        CALL(check_tiers, 6),
    CALL(flows, 6),         CALL(pcn, 3),          CALL(result_contents, 1),
    CALL(report_available, 0), CALL(report_new, 3), CALL(report_steps, 1),
    CALL(report_step, 2),   CALL(report_info, 1),
    {NULL, NULL, 0}};

void R_init_coterm(DllInfo *dll)
{
    R_registerRoutines(dll, NULL, routines, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);
    R_forceSymbols(dll, TRUE);
}
