/* Reading the individual commands' result tables and documents by name. */
#include "report.h"

#include <math.h>

ct_status ct__rtab_get(ct_ctx *ctx, const ct_result *res, const char *name, ct__rtab *out)
{
    out->t = ct_result_table_by_name(res, name);
    out->n = out->t ? ct_table_nrows(out->t) : 0;
    return out->t ? CT_OK : ct__err(ctx, CT_EINTERNAL, "report: no table '%s'", name);
}

ct_status ct__rtab_col(ct_ctx *ctx, const ct__rtab *t, const char *col, size_t *out)
{
    *out = ct_table_colindex(t->t, col);
    return *out != (size_t)-1 ? CT_OK
                              : ct__err(ctx, CT_EINTERNAL, "report: table '%s' has no column '%s'",
                                        ct_table_name(t->t), col);
}

const char *ct__rtab_text(const ct__rtab *t, size_t row, size_t col)
{
    return ct_table_text(t->t, row, col);
}

double ct__rtab_real(const ct__rtab *t, size_t row, size_t col)
{
    return ct_table_real(t->t, row, col);
}

ct_status ct__rdoc(ct_ctx *ctx, const ct_result *res, const char *name, json_t **out)
{
    const char *text = ct_result_doc(res, name);
    *out = text ? json_loads(text, 0, NULL) : NULL;
    if (*out)
        return CT_OK;
    return text ? ct__nomem(ctx) : ct__err(ctx, CT_EINTERNAL, "report: no document '%s'", name);
}
