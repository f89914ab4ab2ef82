/* Reading the individual commands' result tables and documents by name. */
#include "report.h"

#include <math.h>
#include <string.h>

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

ct_status ct__rtab_open(ct_ctx *ctx, const ct_result *res, const char *name, ct__rtab *t,
                        const char *cols, size_t *out)
{
    ct_status st = ct__rtab_get(ctx, res, name, t);
    char col[64];
    for (const char *p = cols; !st && *p;) {
        size_t n = strcspn(p, ",");
        if (n >= sizeof col)
            return ct__err(ctx, CT_EINTERNAL, "report: column name too long");
        memcpy(col, p, n);
        col[n] = '\0';
        st = ct__rtab_col(ctx, t, col, out++);
        p += n + (p[n] == ',');
    }
    return st;
}

ct_status ct__rtab_index(ct_ctx *ctx, const ct__rtab *t, size_t col, ct__strmap **out)
{
    if (!(*out = ct__strmap_new(t->n)))
        return ct__nomem(ctx);
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < t->n; i++) {
        size_t old;
        st = ct__strmap_put(ctx, *out, ct__rtab_text(t, i, col), i, &old);
    }
    return st;
}

const json_t *ct__jpath(const json_t *o, const char *path)
{
    char key[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key)
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        o = json_object_get(o, key);
        path += n + (path[n] == '.');
    }
    return o;
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
