/* JSON documents in results. */
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
