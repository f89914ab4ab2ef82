/* Findings shared by check, flows and pcn. */
#include "findings.h"

#include <math.h>

ct_status ct__findings_init(ct_ctx *ctx, ct__findings *f)
{
    f->list = json_array();
    return f->list ? CT_OK : ct__nomem(ctx);
}

void ct__findings_free(ct__findings *f)
{
    json_decref(f->list);
    f->list = NULL;
}

size_t ct__findings_count(const ct__findings *f)
{
    return json_array_size(f->list);
}

static json_t *strings(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(v[i] ? v[i] : "")))
            return json_decref(a), NULL;
    return a;
}

ct_status ct__findings_add(ct_ctx *ctx, ct__findings *f, const ct__finding *x, json_t *extra)
{
    json_t *o = json_pack("{s:s, s:s, s:s?, s:o, s:s?, s:o, s:o, s:s}", "type", x->type,
                          "severity", x->severity, "tier", x->tier, "units",
                          strings(x->units, x->nunits), "against", x->against, "against_units",
                          strings(x->against_units, x->nagainst), "population",
                          isnan(x->population) ? json_null() : json_real(x->population),
                          "message", x->message);
    /* s? writes null for a NULL string; against_units is [] without against */
    int bad = !o;
    if (o && !x->against)
        bad |= json_object_set_new(o, "against_units", json_array());
    if (o && extra)
        bad |= json_object_update(o, extra);
    json_decref(extra);
    if (bad) {
        json_decref(o);
        return ct__nomem(ctx);
    }
    if (json_array_append_new(f->list, o))
        return ct__nomem(ctx);
    return CT_OK;
}

ct_status ct__findings_add_new(ct_ctx *ctx, ct__findings *f, const ct__finding *x,
                               json_t *extra)
{
    if (!x->message || !extra) {
        json_decref(extra);
        return ct__nomem(ctx);
    }
    return ct__findings_add(ctx, f, x, extra);
}

ct_status ct__findings_to_result(ct_ctx *ctx, ct__findings *f, ct_result *r)
{
    json_t *doc = json_pack("{s:i, s:O}", "version", CT__FINDINGS_VERSION, "findings", f->list);
    return ct__result_add_json(ctx, r, "findings", doc);
}
