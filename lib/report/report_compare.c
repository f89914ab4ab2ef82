/* The report of a configuration compared with a base one (COMPARE=): the
 * comparison of coterm compare, kept in report.json as "comparison" and shown
 * as a section of the index page (docs/report.md, docs/scenario.md). */
#include "report.h"
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The base: a CSV configuration, or a polygon layer standing for the
 * configuration's top tier. */
static ct_status open_base(ct_report_job *r, const ct_config *config, ct_config **out)
{
    size_t n = strlen(r->compare_spec);
    if (n > 4 && !strcmp(r->compare_spec + n - 4, ".csv"))
        return ct_config_read(r->ctx, out, r->compare_spec, r->blocks, NULL);
    ct_layer *units = NULL;
    ct_status st = ct__layer_open_in(r->ctx, &units, r->compare_spec, r->blocks->crs);
    if (!st)
        st = ct_config_from_layer(r->ctx, out, ct_config_tier(config, 0), units, r->blocks,
                                  r->pop, r->fitopts);
    ct_layer_free(units);
    return st;
}

ct_status ct__report_run_compare(ct_report_job *r)
{
    if (!r->compare_spec)
        return CT_OK;
    const ct_layer *against[] = {r->layer[CT__R_UPPER], r->layer[CT__R_LOWER],
                                 r->layer[CT__R_SUBS]};
    ct_config *config = NULL, *base = NULL;
    ct_status st = ct_config_read(r->ctx, &config, r->config, r->blocks, NULL);
    if (!st)
        st = open_base(r, config, &base);
    if (!st)
        st = ct_compare(r->ctx, &r->compare, base, config, r->blocks, against, 3, r->pop,
                        r->fitopts);
    ct_config_free(config);
    ct_config_free(base);
    return st;
}

ct_status ct__report_model_compare(ct_report_job *r)
{
    if (!r->compare)
        return CT_OK;
    json_t *doc = NULL;
    ct_status st = ct__rdoc(r->ctx, r->compare, "compare", &doc);
    if (!st)
        st = ct__jset(r->ctx, r->model, "comparison", doc);
    char *cmd = st ? NULL
                   : ct__sprintf("coterm compare %s %s%s%s --against %s --against %s "
                                 "--against %s",
                                 r->compare_spec, r->config, r->blocks_spec ? " --blocks " : "",
                                 r->blocks_spec ? r->blocks_spec : "", r->spec[CT__R_UPPER],
                                 r->spec[CT__R_LOWER], r->spec[CT__R_SUBS]);
    if (!st)
        st = ct__jset(r->ctx, json_object_get(r->model, "commands"), "compare",
                      cmd ? json_string(cmd) : NULL);
    free(cmd);
    return st;
}

/* A row of the scorecard: one measure of one layer on both sides. */
static void score_row(ct__buf *b, const char *layer, const char *what, double base,
                      double now, bool share)
{
    ct__buf_add(b, "<tr><td>");
    ct__html_text(b, layer);
    ct__buf_add(b, "</td><td class=\"text\">");
    ct__html_text(b, what);
    ct__buf_add(b, "</td>");
    if (share) {
        ct__html_td_pct(b, base, 1, false);
        ct__html_td_pct(b, now, 1, false);
    } else {
        ct__html_td_int(b, base);
        ct__html_td_int(b, now);
    }
    ct__buf_add(b, "</tr>\n");
}

static void scorecard(ct__buf *b, const json_t *t)
{
    const json_t *sb = json_object_get(json_object_get(t, "base"), "statutory");
    const json_t *sp = json_object_get(json_object_get(t, "proposed"), "statutory");
    ct__buf_add(b, "<div class=\"tablewrap\"><table>\n<thead><tr>");
    ct__html_th(b, "Layer", true);
    ct__html_th(b, "Measure", true);
    ct__html_th(b, "Base", false);
    ct__html_th(b, "This configuration", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t l = 0; l < json_array_size(sb); l++) {
        const json_t *x = json_array_get(sb, l), *y = json_array_get(sp, l);
        const char *layer = ct__js(x, "layer");
        score_row(b, layer, "councils split", ct__jd(x, "council_splits"),
                  ct__jd(y, "council_splits"), false);
        score_row(b, layer, "coterminous units", ct__jd(x, "coterminous"),
                  ct__jd(y, "coterminous"), false);
        score_row(b, layer, "population fit", ct__jd(x, "pop_fit"), ct__jd(y, "pop_fit"),
                  true);
    }
    static const char *const sev[] = {"error", "warning", "info"};
    for (size_t s = 0; s < 3; s++) {
        char key[32];
        snprintf(key, sizeof key, "findings.%s", sev[s]);
        score_row(b, "findings", sev[s], ct__jd(json_object_get(t, "base"), key),
                  ct__jd(json_object_get(t, "proposed"), key), false);
    }
    ct__buf_add(b, "</tbody></table></div>\n");
}

/* "CODE (Name)", or CODE, or a dash for none. */
static void unit(ct__buf *b, const json_t *o, const char *code, const char *name)
{
    const char *c = ct__js(o, code), *n = ct__js(o, name);
    if (!*c) {
        ct__buf_add(b, "&ndash;");
        return;
    }
    ct__html_text(b, c);
    if (*n && strcmp(n, c)) {
        ct__buf_add(b, " (");
        ct__html_text(b, n);
        ct__buf_add(b, ")");
    }
}

#define SHOWN 20

static void moves(ct__buf *b, const json_t *t)
{
    const json_t *mv = json_object_get(t, "moves");
    if (!json_array_size(mv))
        return;
    ct__buf_add(b, "<div class=\"tablewrap\"><table>\n<thead><tr>");
    ct__html_th(b, "From", true);
    ct__html_th(b, "To", true);
    ct__html_th(b, "Blocks", false);
    ct__html_th(b, "People", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < json_array_size(mv) && i < SHOWN; i++) {
        const json_t *m = json_array_get(mv, i);
        ct__buf_add(b, "<tr><td>");
        unit(b, m, "from", "from_name");
        ct__buf_add(b, "</td><td class=\"text\">");
        unit(b, m, "to", "to_name");
        ct__buf_add(b, "</td>");
        ct__html_td_int(b, ct__jd(m, "blocks"));
        ct__html_td_int(b, ct__jd(m, "population"));
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
    if (json_array_size(mv) > SHOWN)
        ct__buf_printf(b, "<p class=\"more\">and %zu more moves in <code>report.json</code></p>\n",
                       json_array_size(mv) - SHOWN);
}

static void unit_changes(ct__buf *b, const json_t *t)
{
    const char *const lists[] = {"renamed", "unit_changes"};
    size_t n = json_array_size(json_object_get(t, "renamed")) +
               json_array_size(json_object_get(t, "unit_changes"));
    if (!n)
        return;
    ct__buf_add(b, "<ul class=\"changes\">\n");
    for (size_t l = 0; l < 2; l++) {
        const json_t *arr = json_object_get(t, lists[l]);
        for (size_t i = 0; i < json_array_size(arr) && i < SHOWN; i++) {
            const json_t *u = json_array_get(arr, i);
            ct__buf_add(b, "<li>");
            ct__html_text(b, ct__js(u, "change"));
            ct__buf_add(b, ": ");
            unit(b, u, "base_unit", "base_name");
            ct__buf_add(b, " &rarr; ");
            unit(b, u, "unit", "name");
            if (isfinite(ct__jd(u, "base_population")) || isfinite(ct__jd(u, "population"))) {
                ct__buf_add(b, ", ");
                ct__buf_int(b, isfinite(ct__jd(u, "base_population"))
                                   ? ct__jd(u, "base_population") : 0);
                ct__buf_add(b, " &rarr; ");
                ct__buf_int(b, isfinite(ct__jd(u, "population")) ? ct__jd(u, "population") : 0);
                ct__buf_add(b, " people");
            }
            ct__buf_add(b, "</li>\n");
        }
    }
    ct__buf_add(b, "</ul>\n");
}

static void findings(ct__buf *b, const json_t *doc, const char *key, const char *what)
{
    const json_t *arr = json_object_get(doc, key);
    if (!json_array_size(arr))
        return;
    ct__buf_printf(b, "<h4>Findings %s (%zu)</h4>\n<ul class=\"findings\">\n", what,
                   json_array_size(arr));
    for (size_t i = 0; i < json_array_size(arr) && i < SHOWN; i++) {
        const json_t *f = json_array_get(arr, i);
        ct__buf_add(b, "<li><span class=\"sev ");
        ct__html_text(b, ct__js(f, "severity"));
        ct__buf_add(b, "\">");
        ct__html_text(b, ct__js(f, "severity"));
        ct__buf_add(b, "</span> ");
        ct__html_text(b, ct__js(f, "message"));
        ct__buf_add(b, "</li>\n");
    }
    ct__buf_add(b, "</ul>\n");
    if (json_array_size(arr) > SHOWN)
        ct__buf_printf(b, "<p class=\"more\">and %zu more in <code>report.json</code></p>\n",
                       json_array_size(arr) - SHOWN);
}

void ct__report_compare_html(const ct_report_job *r, ct__buf *b)
{
    const json_t *doc = json_object_get(r->model, "comparison");
    if (!doc)
        return;
    const json_t *f = json_object_get(doc, "findings");
    ct__buf_add(b, "<section class=\"compare\" aria-label=\"Comparison\">\n"
                   "<h2 id=\"compare\">Compared with ");
    ct__html_text(b, ct__js(json_object_get(doc, "base"), "source"));
    ct__buf_add(b, "</h2>\n<p>");
    ct__buf_int(b, ct__jd(f, "resolved"));
    ct__buf_add(b, " findings of the base are resolved here, ");
    ct__buf_int(b, ct__jd(f, "introduced"));
    ct__buf_add(b, " are new and ");
    ct__buf_int(b, ct__jd(f, "kept"));
    ct__buf_add(b, " remain (units matched by the blocks they share; docs/scenario.md).</p>\n");
    const json_t *tiers = json_object_get(doc, "tiers");
    for (size_t k = 0; k < json_array_size(tiers); k++) {
        const json_t *t = json_array_get(tiers, k);
        ct__buf_add(b, "<h3>");
        ct__html_text(b, ct__js(t, "tier"));
        ct__buf_add(b, ": ");
        ct__buf_int(b, ct__jd(t, "base.units"));
        ct__buf_add(b, " &rarr; ");
        ct__buf_int(b, ct__jd(t, "proposed.units"));
        ct__buf_add(b, " units, ");
        ct__buf_int(b, ct__jd(t, "moved.blocks"));
        ct__buf_add(b, " blocks moved (");
        ct__buf_int(b, isfinite(ct__jd(t, "moved.population")) ? ct__jd(t, "moved.population")
                                                              : 0);
        ct__buf_add(b, " people)</h3>\n");
        scorecard(b, t);
        moves(b, t);
        unit_changes(b, t);
    }
    findings(b, doc, "resolved", "resolved");
    findings(b, doc, "introduced", "introduced");
    ct__buf_add(b, "</section>\n");
}
