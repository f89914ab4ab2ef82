/* CRS=auto: the first input of a context read with it chooses an
 * equal-area CRS for its extent, and every later input of the context is
 * measured in the same one, whatever the order they are opened in. */
#include "../ctx.h"
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

bool ct__crs_is_auto(const char *crs)
{
    return crs && !strcmp(crs, CT__AUTO_CRS);
}

ct_status ct__crs_resolve(ct_ctx *ctx, const char *crs, const char *src, const double *ext,
                          const char *source, char **out)
{
    *out = NULL;
    if (!ct__crs_is_auto(crs) || ctx->auto_crs) {
        *out = ct__strdup(ct__crs_is_auto(crs) ? ctx->auto_crs : crs);
        return *out ? CT_OK : ct__nomem(ctx);
    }
    char *chosen = NULL;
    ct_status st = ct__proj_auto_crs(ctx, src, ext, source, &chosen);
    if (!st && !(*out = ct__strdup(chosen)))
        st = ct__nomem(ctx);
    if (!st)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "%s: measured in %s, an equal-area CRS chosen for its extent (--crs auto)",
                      source, chosen);
    if (st) {
        free(chosen);
        free(*out);
        *out = NULL;
        return st;
    }
    ctx->auto_crs = chosen;
    return CT_OK;
}

const char *ct__crs_auto_chosen(const ct_ctx *ctx)
{
    return ctx->auto_crs;
}
