/* Page parts shared by the index and the system pages: the document frame,
 * escaping, numbers, cards, table cells, findings and definitions. */
#include "report_html.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ct__html_text(ct__buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&': ct__buf_add(b, "&amp;"); break;
        case '<': ct__buf_add(b, "&lt;"); break;
        case '>': ct__buf_add(b, "&gt;"); break;
        case '"': ct__buf_add(b, "&quot;"); break;
        case '\'': ct__buf_add(b, "&#39;"); break;
        default: ct__buf_addn(b, p, 1);
        }
    }
}

void ct__html_head(ct__buf *b, const char *title)
{
    ct__buf_add(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
    ct__html_text(b, title);
    ct__buf_add(b, "</title>\n<style>\n");
    ct__buf_add(b, ct__report_css);
    ct__buf_add(b, "</style>\n</head>\n<body>\n<div id=\"tip\" role=\"tooltip\"></div>\n<main>\n");
}

void ct__html_foot(ct__buf *b, const ct_report_job *r)
{
    const json_t *pop = json_object_get(json_object_get(r->model, "inputs"), "population");
    ct__buf_add(b, "<footer>\n<p>Made with coterm ");
    ct__html_text(b, ct_version());
    ct__buf_add(b, " from real open data: ONS boundaries and lookups, ONS mid-2020 population (");
    ct__buf_int(b, ct__jd(pop, "total"));
    ct__buf_add(b, " people), OHID acute trust catchments 2022, NHS Digital practice and PCN "
                   "files. Contains public sector information licensed under the Open "
                   "Government Licence v3.0; contains OS data &copy; Crown copyright and "
                   "database right 2021&ndash;2022; PCN catchments &copy; British Red Cross "
                   "(CC-BY-4.0).</p>\n</footer>\n</main>\n<script>\n");
    ct__buf_add(b, ct__report_js);
    ct__buf_add(b, "</script>\n</body>\n</html>\n");
}

void ct__html_pct(ct__buf *b, double share, int d)
{
    if (!isfinite(share)) {
        ct__buf_add(b, "&ndash;");
        return;
    }
    ct__buf_fixed(b, share * 100, d);
    ct__buf_add(b, "%");
}

void ct__html_people_short(ct__buf *b, double pop)
{
    if (!isfinite(pop))
        ct__buf_add(b, "&ndash;");
    else if (pop >= 1e6) {
        ct__buf_fixed(b, pop / 1e6, pop >= 1e7 ? 1 : 2);
        ct__buf_add(b, " million");
    } else if (pop >= 1e5) {
        ct__buf_int(b, round(pop / 1000) * 1000);
    } else
        ct__buf_int(b, pop);
}

void ct__html_card(ct__buf *b, const char *num, const char *what, const char *note, bool alert)
{
    ct__buf_add(b, alert ? "<div class=\"card alert\">" : "<div class=\"card\">");
    ct__buf_add(b, "<div class=\"num\">");
    ct__buf_add(b, num);
    ct__buf_add(b, "</div><div class=\"what\">");
    ct__buf_add(b, what);
    ct__buf_add(b, "</div>");
    if (note) {
        ct__buf_add(b, "<div class=\"note\">");
        ct__buf_add(b, note);
        ct__buf_add(b, "</div>");
    }
    ct__buf_add(b, "</div>\n");
}

void ct__html_th(ct__buf *b, const char *label, bool text)
{
    ct__buf_add(b, text ? "<th class=\"text\" scope=\"col\"><button type=\"button\">"
                        : "<th scope=\"col\"><button type=\"button\">");
    ct__buf_add(b, label);
    ct__buf_add(b, "</button></th>");
}

/* data-v: the value to sort by, as JSON writes numbers ("" for none). */
static void sort_value(ct__buf *b, double v)
{
    ct__buf_add(b, " data-v=\"");
    if (isfinite(v))
        ct__buf_fixed(b, v, 6);
    ct__buf_add(b, "\"");
}

void ct__html_td_int(ct__buf *b, double v)
{
    ct__buf_add(b, "<td");
    sort_value(b, v);
    ct__buf_add(b, ">");
    if (isfinite(v))
        ct__buf_int(b, v);
    else
        ct__buf_add(b, "&ndash;");
    ct__buf_add(b, "</td>");
}

void ct__html_td_pct(ct__buf *b, double share, int d, bool bad)
{
    ct__buf_add(b, bad ? "<td class=\"bad\"" : "<td");
    sort_value(b, share);
    ct__buf_add(b, ">");
    ct__html_pct(b, share, d);
    ct__buf_add(b, "</td>");
}

double ct__jd(const json_t *o, const char *path)
{
    const json_t *v = ct__jpath(o, path);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *ct__js(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

void ct__html_finding(ct__buf *b, const ct_report_job *r, const json_t *f, const char *prefix)
{
    const char *sev = ct__js(f, "severity");
    ct__buf_add(b, "<li><span class=\"sev ");
    ct__html_text(b, sev);
    ct__buf_add(b, "\">");
    ct__html_text(b, sev);
    ct__buf_add(b, "</span>");
    double pop = ct__jd(f, "population");
    if (isfinite(pop)) {
        ct__buf_add(b, "<span class=\"who\">");
        ct__buf_int(b, pop);
        ct__buf_add(b, " people</span> &middot; ");
    }
    ct__html_text(b, ct__js(f, "sentence"));
    const json_t *codes = json_object_get(f, "systems");
    const json_t *systems = json_object_get(r->model, "systems");
    for (size_t i = 0; prefix && i < json_array_size(codes) && i < 4; i++) {
        size_t s = ct__report_system_index(r, json_string_value(json_array_get(codes, i)));
        const json_t *sys = json_array_get(systems, s == CT__NONE ? (size_t)-1 : s);
        if (!sys)
            continue;
        ct__buf_add(b, i ? " &middot; " : "<span class=\"pages\">");
        ct__buf_printf(b, "<a href=\"%s", prefix);
        ct__html_text(b, ct__js(sys, "page"));
        ct__buf_add(b, "\">");
        ct__html_text(b, ct__js(sys, "name"));
        ct__buf_add(b, "</a>");
    }
    if (prefix && json_array_size(codes))
        ct__buf_add(b, "</span>");
    ct__buf_add(b, "</li>\n");
}

void ct__html_about(ct__buf *b, const ct_report_job *r)
{
    const json_t *w = json_object_get(r->model, "words");
    const json_t *o = json_object_get(r->model, "options");
    ct__buf_add(b, "<h2 id=\"about\">How to read this report</h2>\n<dl class=\"defs\">\n");
    ct__buf_add(b, "<dt>People</dt><dd>Residents, ONS mid-2020 estimates by small area (LSOA "
                   "2011), placed in each area by the population method of coterm "
                   "(exact for councils and NHS areas built from small areas).</dd>\n");
    ct__buf_add(b, "<dt>Split council</dt><dd>A council with at least ");
    ct__html_pct(b, ct__jd(o, "tolerance"), 0);
    ct__buf_printf(b, " of its people in a second %s (smaller parts are slivers of "
                      "generalised boundaries): it works with more than one.</dd>\n",
                   ct__js(w, "system"));
    ct__buf_printf(b, "<dt>Councils in %s (fit)</dt><dd>Of the people of the councils whose "
                      "main %s this is, the share who live in it: 100%% when none of them is "
                      "split.</dd>\n",
                   ct__js(w, "system"), ct__js(w, "system"));
    ct__buf_printf(b, "<dt>%s in council (fit)</dt><dd>The share of the %s&rsquo;s people who "
                      "live in its largest council: 100%% when it is one council or lies "
                      "inside one.</dd>\n",
                   ct__js(w, "system"), ct__js(w, "system"));
    ct__buf_printf(b, "<dt>Whole councils</dt><dd>The share of the %s&rsquo;s people who live "
                      "in councils that are not split.</dd>\n", ct__js(w, "system"));
    ct__buf_add(b, "<dt>Containment</dt><dd>The share of residents&rsquo; acute hospital care "
                   "(OHID catchments, reconstructed per council) given by trusts based in the "
                   "same area; below ");
    ct__html_pct(b, ct__jd(o, "min_containment"), 0);
    ct__buf_add(b, " is a warning.</dd>\n<dt>Trusts in 2+ areas</dt><dd>Acute trusts that draw "
                   "at least ");
    ct__html_pct(b, ct__jd(o, "threshold"), 0);
    ct__buf_add(b, " of their patients from each of two or more areas.</dd>\n<dt>PCN "
                   "neighbourhoods</dt><dd>Footprints of Primary Care Networks estimated from "
                   "practice locations and catchments; one crosses a boundary when its main "
                   "council holds less than ");
    ct__html_pct(b, 1 - ct__jd(o, "pcn_tolerance"), 0);
    ct__buf_add(b, " of its people.</dd>\n<dt>Severity</dt><dd><span class=\"sev error\">error"
                   "</span>a configuration contradicts itself; <span class=\"sev warning\">"
                   "warning</span>a boundary cuts across another; <span class=\"sev info\">"
                   "info</span>worth knowing. Findings are listed by severity, then by the "
                   "people affected.</dd>\n</dl>\n<p class=\"defs\">Every figure is in "
                   "<code>report.json</code> and the tables are in CSV files beside this page; "
                   "the layers drawn are in <code>report.gpkg</code>. The same figures come "
                   "from the individual commands: ");
    const json_t *cmds = json_object_get(r->model, "commands");
    const char *key;
    json_t *v;
    size_t i = 0;
    json_object_foreach((json_t *)cmds, key, v)
    {
        ct__buf_add(b, i++ ? ", <code>" : "<code>");
        ct__html_text(b, json_string_value(v));
        ct__buf_add(b, "</code>");
    }
    ct__buf_add(b, ". Definitions: docs/report.md in the coterm repository.</p>\n");
}
