/* coterm: how well health and care boundaries fit each other and councils.
 *
 * Rules of the API:
 *  - every fallible call returns ct_status and writes results through out
 *    parameters; what comes back through **out belongs to the caller;
 *  - errors live in the context: ct_errcode(ctx), ct_errmsg(ctx);
 *  - the library never prints or exits; repairs are recorded as
 *    diagnostics (ct_diag_*);
 *  - options are NULL-terminated "KEY=VALUE" lists;
 *  - _free(NULL) is a no-op; one thread at a time per context.
 */
#ifndef COTERM_H
#define COTERM_H

#include "coterm/ct_common.h"
#include "coterm/ct_version.h"
#include "coterm/ct_table.h"
#include "coterm/ct_layer.h"
#include "coterm/ct_fit.h"
#include "coterm/ct_check.h"
#include "coterm/ct_pcn.h"
#include "coterm/ct_flows.h"
#include "coterm/ct_scenario.h"
#include "coterm/ct_report.h"

#endif
