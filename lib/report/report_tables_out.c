/* The report's CSV tables and GeoPackage layers, made from report.json so
 * that they hold the same numbers as the pages (docs/report.md). */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A column: its name, type ('t' text, 'r' real, 'i' integer) and the key
 * path of its value in each row object ("a.b"). */
typedef struct jcol {
    const char *name;
    char type;
    const char *path;
} jcol;

/* Text of a value: strings as they are, lists joined by ";" (objects with
 * code and share as "code:0.1234"). */
static void text_of(const json_t *v, ct__buf *b)
{
    if (json_is_string(v)) {
        ct__buf_add(b, json_string_value(v));
        return;
    }
    for (size_t i = 0; json_is_array(v) && i < json_array_size(v); i++) {
        const json_t *x = json_array_get(v, i);
        if (i)
            ct__buf_add(b, ";");
        if (json_is_string(x))
            ct__buf_add(b, json_string_value(x));
        else {
            ct__buf_add(b, json_string_value(json_object_get(x, "code")));
            ct__buf_add(b, ":");
            ct__buf_fixed(b, json_number_value(json_object_get(x, "share")), 4);
        }
    }
}

static ct_status table_from(ct_ctx *ctx, const char *name, const json_t *rows, const jcol *cols,
                            size_t ncols, bool geom, ct_table **out)
{
    ct__buf spec = {0};
    for (size_t j = 0; j < ncols; j++)
        ct__buf_printf(&spec, "%s%s:%c", j ? "," : "", cols[j].name, cols[j].type);
    if (geom)
        ct__buf_add(&spec, ",geom:g");
    ct_status st = ct__buf_status(ctx, &spec);
    size_t n = json_array_size(rows);
    if (!st)
        st = ct__table_new(ctx, out, name, spec.s, n);
    ct__buf_free(&spec);
    ct__buf cell = {0};
    for (size_t i = 0; !st && i < n; i++)
        for (size_t j = 0; !st && j < ncols; j++) {
            const json_t *v = ct__jpath(json_array_get(rows, i), cols[j].path);
            if (cols[j].type != 't') {
                double d = json_is_number(v) ? json_number_value(v)
                           : json_is_boolean(v) ? (json_is_true(v) ? 1 : 0)
                                                : NAN;
                ct__table_set_real(*out, i, j, d);
                continue;
            }
            cell.n = 0;
            ct__buf_add(&cell, "");
            text_of(v, &cell);
            st = ct__buf_status(ctx, &cell);
            if (!st)
                st = ct__table_set_text(ctx, *out, i, j, cell.s);
        }
    ct__buf_free(&cell);
    return st;
}

static const jcol systems_cols[] = {
    {"code", 't', "code"},
    {"name", 't', "name"},
    {"pop", 'r', "pop"},
    {"area_km2", 'r', "area_km2"},
    {"upper_units", 'i', "upper.units"},
    {"upper_split", 'i', "upper.split"},
    {"upper_split_pop", 'r', "upper.split_pop"},
    {"upper_whole_share", 'r', "upper.whole_share"},
    {"upper_fit_in", 'r', "upper.fit_in"},
    {"upper_fit_out", 'r', "upper.fit_out"},
    {"lower_units", 'i', "lower.units"},
    {"lower_split", 'i', "lower.split"},
    {"lower_split_pop", 'r', "lower.split_pop"},
    {"lower_whole_share", 'r', "lower.whole_share"},
    {"lower_fit_in", 'r', "lower.fit_in"},
    {"lower_fit_out", 'r', "lower.fit_out"},
    {"subs_units", 'i', "subs.units"},
    {"subs_split", 'i', "subs.split"},
    {"subs_fit_in", 'r', "subs.fit_in"},
    {"containment", 'r', "flows.containment"},
    {"flows", 'r', "flows.flows"},
    {"contained", 'r', "flows.contained"},
    {"n_providers", 'i', "flows.n_providers"},
    {"multi_system_providers", 'i', "flows.multi_system"},
    {"intensity", 'i', "flows.intensity"},
    {"top_provider", 't', "flows.top_provider"},
    {"top_share", 'r', "flows.top_share"},
    {"pcns", 'i', "pcn.pcns"},
    {"pcns_crossing_lower", 'i', "pcn.crossing_lower"},
    {"pcn_outside_lower", 'r', "pcn.outside_lower"},
    {"pcns_crossing_system", 'i', "pcn.crossing_system"},
    {"errors", 'i', "findings.error"},
    {"warnings", 'i', "findings.warning"},
    {"info", 'i', "findings.info"},
};

static const jcol councils_cols[] = {
    {"layer", 't', "layer"}, {"code", 't', "code"},     {"name", 't', "name"},
    {"pop", 'r', "pop"},     {"class", 't', "class"},   {"split", 'i', "split"},
    {"n_parts", 'i', "n_parts"}, {"systems", 't', "systems"},
};

static const jcol findings_cols[] = {
    {"severity", 't', "severity"}, {"type", 't', "type"},
    {"source", 't', "source"},     {"topic", 't', "topic"},
    {"population", 'r', "population"}, {"systems", 't', "systems"},
    {"sentence", 't', "sentence"}, {"message", 't', "finding.message"},
};

static const jcol providers_cols[] = {
    {"code", 't', "code"},           {"name", 't', "name"},
    {"patients", 'r', "patients"},   {"home_system", 't', "home_system"},
    {"home_name", 't', "home_name"}, {"home_share", 'r', "home_share"},
    {"n_systems", 'i', "n_systems"}, {"li", 'r', "li"},
    {"hq_system", 't', "hq_system"},
};

#define N(a) (sizeof a / sizeof a[0])

ct_status ct__report_csv_tables(ct_report_job *r, ct_table **out, size_t *n)
{
    ct_ctx *ctx = r->ctx;
    const json_t *m = r->model;
    *n = 0;
    ct_status st = table_from(ctx, "systems", json_object_get(m, "systems"), systems_cols,
                              N(systems_cols), false, &out[(*n)++]);
    if (!st)
        st = table_from(ctx, "councils", json_object_get(m, "councils"), councils_cols,
                        N(councils_cols), false, &out[(*n)++]);
    if (!st)
        st = table_from(ctx, "findings", json_object_get(m, "findings"), findings_cols,
                        N(findings_cols), false, &out[(*n)++]);
    if (!st)
        st = table_from(ctx, "providers", json_object_get(m, "providers"), providers_cols,
                        N(providers_cols), false, &out[(*n)++]);
    return st;
}

/* The units of one layer key ("upper", ...) of the model's councils list. */
static json_t *councils_of(const json_t *all, const char *key)
{
    json_t *out = json_array();
    for (size_t i = 0; out && i < json_array_size(all); i++)
        if (!strcmp(json_string_value(json_object_get(json_array_get(all, i), "layer")), key))
            json_array_append(out, json_array_get(all, i));
    return out;
}

ct_status ct__report_gpkg_tables(ct_report_job *r, ct_table **out, size_t *n)
{
    ct_ctx *ctx = r->ctx;
    static const char *const keys[] = {"upper", "lower", "subs"};
    static const char *const names[] = {"upper_councils", "lower_councils", "subs"};
    static const int roles[] = {CT__R_UPPER, CT__R_LOWER, CT__R_SUBS};
    *n = 0;
    ct_status st = table_from(ctx, "systems", json_object_get(r->model, "systems"), systems_cols,
                              N(systems_cols), true, &out[*n]);
    if (!st)
        st = ct__table_put_geoms(ctx, out[*n], N(systems_cols), r->layer[CT__R_SYSTEMS]);
    (*n)++;
    for (int k = 0; !st && k < 3; k++) {
        json_t *rows = councils_of(json_object_get(r->model, "councils"), keys[k]);
        st = rows ? table_from(ctx, names[k], rows, councils_cols, N(councils_cols), true,
                               &out[*n])
                  : ct__nomem(ctx);
        json_decref(rows);
        if (!st)
            st = ct__table_put_geoms(ctx, out[*n], N(councils_cols), r->layer[roles[k]]);
        (*n)++;
    }
    return st;
}
