/* Findings shared by check, flows and pcn. */
#include "findings.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* v[i], or fallback[i] where v (or v[i]) is missing or empty */
static json_t *strings(const char *const *v, const char *const *fallback, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        const char *s = v && v[i] && *v[i] ? v[i] : fallback ? fallback[i] : NULL;
        if (json_array_append_new(a, json_string(s ? s : "")))
            return json_decref(a), NULL;
    }
    return a;
}

ct_status ct__findings_add(ct_ctx *ctx, ct__findings *f, const ct__finding *x, json_t *extra)
{
    size_t na = x->against ? x->nagainst : 0;
    json_t *units = strings(x->units, NULL, x->nunits);
    json_t *unames = strings(x->unit_names, x->units, x->nunits);
    json_t *against = strings(x->against_units, NULL, na);
    json_t *anames = strings(x->against_names, x->against_units, na);
    json_t *o = NULL;
    if (units && unames && against && anames)
        o = json_pack("{s:s, s:s, s:s?, s:O, s:O, s:s?, s:O, s:O, s:o, s:s}", "type", x->type,
                      "severity", x->severity, "tier", x->tier, "units", units, "unit_names",
                      unames, "against", x->against, "against_units", against, "against_names",
                      anames, "population",
                      isnan(x->population) ? json_null() : json_real(x->population), "message",
                      x->message);
    json_decref(units);
    json_decref(unames);
    json_decref(against);
    json_decref(anames);
    /* s? writes null for a NULL string */
    int bad = !o;
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
    ct_status st = ct__findings_sort(ctx, f);
    if (st)
        return st;
    json_t *doc = json_pack("{s:i, s:O}", "version", CT__FINDINGS_VERSION, "findings", f->list);
    return ct__result_add_json(ctx, r, "findings", doc);
}

/* qsort has no user data in C11, so the keys travel with the element */
typedef struct ranked {
    int severity;
    double pop;
    size_t i;
    json_t *f;
} ranked;

static int severity_rank(const json_t *f)
{
    static const char *const order[] = {"error", "warning", "info"};
    const char *s = json_string_value(json_object_get(f, "severity"));
    for (int k = 0; s && k < 3; k++)
        if (!strcmp(s, order[k]))
            return k;
    return 3;
}

static int cmp_ranked(const void *x, const void *y)
{
    const ranked *p = x, *q = y;
    if (p->severity != q->severity)
        return p->severity - q->severity;
    if (p->pop != q->pop)
        return p->pop < q->pop ? 1 : -1;
    return (p->i > q->i) - (p->i < q->i);
}

ct_status ct__findings_sort(ct_ctx *ctx, ct__findings *f)
{
    size_t n = json_array_size(f->list);
    ranked *v = ct__malloc((n ? n : 1) * sizeof *v);
    json_t *sorted = json_array();
    if (!v || !sorted) {
        free(v);
        json_decref(sorted);
        return ct__nomem(ctx);
    }
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(f->list, i), *p = json_object_get(x, "population");
        double pop = json_is_number(p) ? json_number_value(p) : -1; /* unknown: last */
        v[i] = (ranked){.severity = severity_rank(x), .pop = pop, .i = i, .f = x};
    }
    qsort(v, n, sizeof *v, cmp_ranked);
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < n; i++)
        if (json_array_append(sorted, v[i].f))
            st = ct__nomem(ctx);
    free(v);
    if (st) {
        json_decref(sorted);
        return st;
    }
    json_decref(f->list);
    f->list = sorted;
    return CT_OK;
}
