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

/* Building a document where no value may be left out: append v to arr, or
 * set obj[key] = v (v is stolen, NULL allowed); both return ok, or false when
 * the value or the operation failed. ct__json_done returns j when ok, else
 * frees it and returns NULL, which fails the document. */
bool ct__json_push(json_t *arr, json_t *v, bool ok);
bool ct__json_put(json_t *obj, const char *key, json_t *v, bool ok);
json_t *ct__json_done(json_t *j, bool ok);

#endif
