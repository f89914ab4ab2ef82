/* JSON documents in results (jansson). */
#ifndef COTERM_JSONUTIL_H
#define COTERM_JSONUTIL_H

#include "ct_private.h"
#include <jansson.h>

/* Serialise and free j into a result document (NULL j: out of memory). */
ct_status ct__result_add_json(ct_ctx *ctx, ct_result *r, const char *name, json_t *j);

/* The messages of the context's diagnostics of one kind, as a JSON array
 * (the "repairs" and "warnings" of summary.json); NULL on allocation failure. */
json_t *ct__diags_json(const ct_ctx *ctx, ct_diag_kind kind);

#endif
