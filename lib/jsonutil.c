/* JSON documents in results. */
#include "ctx.h"
#include "jsonutil.h"

ct_status ct__result_add_json(ct_ctx *ctx, ct_result *r, const char *name, json_t *j)
{
    if (!j)
        return ct__nomem(ctx);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    json_decref(j);
    if (!text)
        return ct__nomem(ctx);
    /* jansson allocates with malloc, which ct_result frees with free() */
    return ct__result_add_doc(ctx, r, name, text);
}

json_t *ct__diags_json(const ct_ctx *ctx, ct_diag_kind kind)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < ctx->ndiags; i++)
        if (ctx->diags[i].kind == kind && json_array_append_new(arr, json_string(ctx->diags[i].msg)))
            return json_decref(arr), NULL;
    return arr;
}
