/* index.html: headline figures, the map of systems, key findings and the
 * sortable table of systems (docs/report.md, "index.html"). */
#include "report_html.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAP_WIDTH 620.0

/* ColorBrewer YlGnBu, light = weak fit; safe for colour-blind readers. */
static const char *const palette[5] = {"#ffffcc", "#c7e9b4", "#7fcdbb", "#2c7fb8", "#253494"};

/* A measure the map can show: a share per system, in five classes. */
typedef struct measure {
    const char *path;   /* key path in a system object */
    const char *title;  /* legend title */
    const char *option; /* label in the selector */
    double cut[4];      /* lower bounds of classes 1..4 */
    const char *label[5];
} measure;

static const measure measures[] = {
    {"upper.whole_share", "Whole upper-tier councils",
     "People in whole upper-tier councils", {0.8, 0.9, 0.95, 0.9995},
     {"under 80%", "80 to 90%", "90 to 95%", "95 to 99.9%", "100%"}},
    {"lower.whole_share", "Whole lower-tier councils",
     "People in whole lower-tier councils", {0.8, 0.9, 0.95, 0.9995},
     {"under 80%", "80 to 90%", "90 to 95%", "95 to 99.9%", "100%"}},
    {"flows.containment", "Hospital care kept in", "Acute hospital containment",
     {0.7, 0.8, 0.9, 0.95}, {"under 70%", "70 to 80%", "80 to 90%", "90 to 95%", "95% or more"}},
};
#define NMEASURES (sizeof measures / sizeof measures[0])

static int klass(const measure *m, double v)
{
    int k = 0;
    while (k < 4 && isfinite(v) && v >= m->cut[k])
        k++;
    return isfinite(v) ? k : -1;
}

typedef struct map_ctx {
    const ct_report_job *r;
    const json_t *systems;
    const char *sysword;
    bool *split; /* upper-tier units split between systems */
} map_ctx;

static bool style_system(void *ud, size_t u, const char *code, ct__buf *a)
{
    map_ctx *m = ud;
    (void)code;
    const json_t *s = json_array_get(m->systems, u);
    int k0 = klass(&measures[0], ct__jd(s, measures[0].path));
    ct__buf_printf(a, " class=\"u\" fill=\"%s\"", k0 < 0 ? "#dddddd" : palette[k0]);
    for (size_t i = 0; i < NMEASURES; i++) {
        int k = klass(&measures[i], ct__jd(s, measures[i].path));
        ct__buf_printf(a, " data-c%zu=\"%s\"", i, k < 0 ? "#dddddd" : palette[k]);
    }
    ct__buf_add(a, " data-href=\"");
    ct__html_text(a, ct__js(s, "page"));
    ct__buf_add(a, "\" data-tip=\"");
    ct__html_text(a, ct__js(s, "name"));
    ct__buf_add(a, "\n");
    ct__buf_int(a, ct__jd(s, "pop"));
    ct__buf_add(a, " people\n");
    ct__html_pct(a, ct__jd(s, "upper.whole_share"), 1);
    ct__buf_add(a, " in whole upper-tier councils (");
    ct__buf_int(a, ct__jd(s, "upper.split"));
    ct__buf_add(a, " split)\n");
    ct__html_pct(a, ct__jd(s, "lower.whole_share"), 1);
    ct__buf_add(a, " in whole lower-tier councils (");
    ct__buf_int(a, ct__jd(s, "lower.split"));
    ct__buf_add(a, " split)\nHospital containment ");
    ct__html_pct(a, ct__jd(s, "flows.containment"), 1);
    ct__buf_add(a, "\"");
    return true;
}

static bool keep_split(void *ud, size_t left, size_t right)
{
    const map_ctx *m = ud;
    return (left != CT__NONE && m->split[left]) || (right != CT__NONE && m->split[right]);
}

static void legend(ct__buf *b, const ct__rview *v, const char *sysword)
{
    double x = v->width - 196, y = 14;
    for (size_t i = 0; i < NMEASURES; i++) {
        const measure *m = &measures[i];
        ct__buf_printf(b, "<g class=\"legend\" data-legend=\"%zu\"%s>", i,
                       i ? " style=\"display:none\"" : "");
        ct__buf_printf(b, "<text class=\"title\" x=\"%d\" y=\"%d\">", (int)x, (int)y);
        ct__html_text(b, m->title);
        ct__buf_add(b, "</text>");
        for (int k = 4; k >= 0; k--) {
            int yy = (int)y + 10 + (4 - k) * 19;
            ct__buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"14\" fill=\"%s\" "
                              "stroke=\"#8c959f\" stroke-width=\"0.5\"/>",
                           (int)x, yy, palette[k]);
            ct__buf_printf(b, "<text x=\"%d\" y=\"%d\">", (int)x + 30, yy + 11);
            ct__html_text(b, m->label[k]);
            ct__buf_add(b, "</text>");
        }
        ct__buf_add(b, "</g>");
    }
    int yy = (int)y + 10 + 5 * 19 + 6;
    ct__buf_printf(b, "<g class=\"legend\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
                      "stroke=\"#d55e00\" stroke-width=\"2.2\" stroke-dasharray=\"5 3\"/>",
                   (int)x, yy + 7, (int)x + 22, yy + 7);
    ct__buf_printf(b, "<text x=\"%d\" y=\"%d\">Upper-tier council split</text>", (int)x + 30,
                   yy + 11);
    ct__buf_printf(b, "<text x=\"%d\" y=\"%d\">between %ss</text></g>\n", (int)x + 30, yy + 25,
                   sysword);
}

static ct_status national_map(ct_report_job *r, ct__buf *b)
{
    const json_t *w = json_object_get(r->model, "words");
    map_ctx m = {.r = r, .systems = json_object_get(r->model, "systems"),
                 .sysword = ct__js(w, "system")};
    ct__rview v;
    ct_status st = ct__report_view(r, CT__M_SYSTEMS, NULL, 0, MAP_WIDTH, 1.3 * MAP_WIDTH, &v);
    if (st)
        return st;
    size_t nu = r->map[CT__M_UPPER].n;
    m.split = ct__calloc(nu ? nu : 1, sizeof *m.split);
    if (!m.split)
        return ct__nomem(r->ctx);
    const json_t *councils = json_object_get(r->model, "councils");
    for (size_t i = 0; i < json_array_size(councils); i++) {
        const json_t *c = json_array_get(councils, i);
        size_t u = strcmp(ct__js(c, "layer"), "upper")
                       ? CT__NONE
                       : ct__strmap_get(r->map[CT__M_UPPER].index, ct__js(c, "code"));
        if (u != CT__NONE && json_is_true(json_object_get(c, "split")))
            m.split[u] = true;
    }
    ct__buf_add(b, "<figure class=\"map\" id=\"map\">\n<div class=\"maptools\"><label>Colour "
                   "by <select id=\"measure\">");
    for (size_t i = 0; i < NMEASURES; i++) {
        ct__buf_printf(b, "<option value=\"%zu\">", i);
        ct__html_text(b, measures[i].option);
        ct__buf_add(b, "</option>");
    }
    ct__buf_add(b, "</select></label></div>\n");
    ct__buf_printf(b, "<svg class=\"map\" viewBox=\"0 0 %d %d\" role=\"img\" "
                      "aria-labelledby=\"maptitle\">\n<title id=\"maptitle\">",
                   (int)v.width, (int)v.height);
    ct__html_text(b, ct__js(w, "systems"));
    ct__buf_add(b, " coloured by how many of their people live in whole councils</title>\n");
    ct__buf_add(b, "<g data-layer-of=\"systems\">\n");
    st = ct__svg_units(r, CT__M_SYSTEMS, &v, style_system, &m, b);
    ct__buf_add(b, "</g>\n<path fill=\"none\" stroke=\"#ffffff\" stroke-width=\"0.9\" "
                   "stroke-linejoin=\"round\" d=\"");
    if (!st)
        st = ct__svg_arcs(r, CT__M_SYSTEMS, &v, NULL, NULL, b);
    ct__buf_add(b, "\"/>\n<path fill=\"none\" stroke=\"#d55e00\" stroke-width=\"1.8\" "
                   "stroke-dasharray=\"4 2.5\" stroke-linejoin=\"round\" d=\"");
    if (!st)
        st = ct__svg_arcs(r, CT__M_UPPER, &v, keep_split, &m, b);
    ct__buf_add(b, "\"/>\n");
    legend(b, &v, m.sysword);
    ct__buf_printf(b, "<text class=\"maptitle\" x=\"10\" y=\"22\">");
    ct__html_text(b, ct__js(w, "map_title"));
    ct__buf_add(b, "</text>\n<text x=\"10\" y=\"40\" font-size=\"12\" fill=\"#57606a\">"
                   "share of people in councils not split</text>\n</svg>\n<figcaption>Each ");
    ct__html_text(b, ct__js(w, "system"));
    ct__buf_add(b, " coloured by the share of its people who live in councils it does not "
                   "share with another; dashed outlines mark upper-tier councils split between ");
    ct__html_text(b, ct__js(w, "systems"));
    ct__buf_add(b, ". Hover for figures, click for the page. The same figures are in the "
                   "<a href=\"#systems\">table below</a>.</figcaption>\n</figure>\n");
    free(m.split);
    return st;
}

static void cards(const ct_report_job *r, ct__buf *b)
{
    const json_t *n = json_object_get(r->model, "national");
    const json_t *w = json_object_get(r->model, "words");
    ct__buf num = {0}, note = {0}, what = {0};
    static const char *const roles[] = {"upper", "lower"};
    for (int i = 0; i < 2; i++) {
        const json_t *x = json_object_get(n, roles[i]);
        num.n = note.n = what.n = 0;
        ct__buf_int(&num, ct__jd(x, "split"));
        ct__buf_add(&num, " <span class=\"of\">of ");
        ct__buf_int(&num, ct__jd(x, "units"));
        ct__buf_add(&num, "</span>");
        ct__buf_printf(&what, "%s-tier councils split between %s", i ? "lower" : "upper",
                       ct__js(w, "systems"));
        ct__html_people_short(&note, ct__jd(x, "split_pop"));
        ct__buf_add(&note, " people live in them");
        ct__html_card(b, num.s, what.s, note.s, ct__jd(x, "split") > 0);
    }
    num.n = note.n = what.n = 0;
    ct__html_pct(&num, ct__jd(n, "upper.pop_fit_units_in_systems"), 1);
    ct__buf_printf(&what, "of upper-tier council residents live in their council&rsquo;s "
                          "main %s", ct__js(w, "system"));
    ct__html_pct(&note, ct__jd(n, "lower.pop_fit_units_in_systems"), 1);
    ct__buf_add(&note, " for lower-tier councils");
    ct__html_card(b, num.s, what.s, note.s, false);
    num.n = note.n = what.n = 0;
    ct__html_pct(&num, ct__jd(n, "flows.contained_share"), 1);
    ct__buf_printf(&what, "of acute hospital care is given by trusts in the patient&rsquo;s "
                          "own %s", ct__js(w, "system"));
    ct__buf_int(&note, ct__jd(n, "flows.low_containment"));
    ct__buf_printf(&note, " %s below ", ct__js(w, "systems"));
    ct__html_pct(&note, ct__jd(json_object_get(r->model, "options"), "min_containment"), 0);
    ct__html_card(b, num.s, what.s, note.s, ct__jd(n, "flows.low_containment") > 0);
    num.n = note.n = what.n = 0;
    ct__buf_int(&num, ct__jd(n, "flows.multi_system"));
    ct__buf_add(&num, " <span class=\"of\">of ");
    ct__buf_int(&num, ct__jd(n, "flows.providers"));
    ct__buf_add(&num, "</span>");
    ct__buf_printf(&what, "acute trusts draw patients from two or more %s",
                   ct__js(w, "systems"));
    ct__buf_add(&note, "at least ");
    ct__html_pct(&note, ct__jd(json_object_get(r->model, "options"), "threshold"), 0);
    ct__buf_add(&note, " of their patients from each");
    ct__html_card(b, num.s, what.s, note.s, false);
    num.n = note.n = what.n = 0;
    ct__buf_int(&num, ct__jd(n, "pcn.crossing_lower"));
    ct__buf_add(&num, " <span class=\"of\">of ");
    ct__buf_int(&num, ct__jd(n, "pcn.pcns"));
    ct__buf_add(&num, "</span>");
    ct__buf_add(&what, "PCN neighbourhoods cross a lower-tier council boundary");
    ct__html_people_short(&note, ct__jd(n, "pcn.outside_lower"));
    ct__buf_add(&note, " people live on the far side");
    ct__html_card(b, num.s, what.s, note.s, false);
    b->failed |= num.failed || note.failed || what.failed;
    ct__buf_free(&num);
    ct__buf_free(&note);
    ct__buf_free(&what);
}

/* Findings of a topic shown on the index, most people first. */
static bool key_finding(const json_t *f, const char *topic, const char *top)
{
    const char *type = ct__js(f, "type");
    if (strcmp(ct__js(f, "topic"), topic) || !strcmp(ct__js(f, "severity"), "info"))
        return false;
    if (!strcmp(topic, "councils") && strcmp(ct__js(json_object_get(f, "finding"), "tier"), top))
        return false; /* splits by lower tiers are on the system pages */
    if (!strcmp(type, "no_statutory_match") || !strcmp(type, "not_coterminous"))
        return false; /* the council splits say the same, more precisely */
    const char *ptier = ct__js(json_object_get(f, "finding"), "parent_tier");
    return strcmp(topic, "neighbourhoods") || !strcmp(ptier, "system") ||
           !strcmp(type, "membership_conflict");
}

static void key_findings(const ct_report_job *r, ct__buf *b)
{
    static const struct {
        const char *topic, *title;
        size_t max;
    } topics[] = {{"councils", "Councils", 6},
                  {"hospitals", "Hospitals", 4},
                  {"neighbourhoods", "Neighbourhoods (PCNs)", 3}};
    const json_t *all = json_object_get(r->model, "findings");
    const char *top = ct__js(json_object_get(json_object_get(r->model, "inputs"), "systems"), "tier");
    ct__buf_add(b, "<aside class=\"keyfindings\">\n<h2 style=\"margin-top:0\">Key findings</h2>\n");
    for (size_t t = 0; t < 3; t++) {
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < json_array_size(all); i++)
            total += key_finding(json_array_get(all, i), topics[t].topic, top);
        if (!total)
            continue;
        ct__buf_printf(b, "<h3>%s</h3>\n<ol class=\"findings\">\n", topics[t].title);
        for (size_t i = 0; i < json_array_size(all) && shown < topics[t].max; i++) {
            const json_t *f = json_array_get(all, i);
            if (key_finding(f, topics[t].topic, top)) {
                ct__html_finding(b, r, f, "");
                shown++;
            }
        }
        ct__buf_add(b, "</ol>\n");
        if (total > shown)
            ct__buf_printf(b, "<p class=\"more\">and %zu more on the pages below and in "
                              "<code>findings.csv</code></p>\n",
                           total - shown);
    }
    ct__buf_add(b, "</aside>\n");
}

static void systems_table(const ct_report_job *r, ct__buf *b)
{
    const json_t *w = json_object_get(r->model, "words");
    const json_t *systems = json_object_get(r->model, "systems");
    ct__buf_printf(b, "<h2 id=\"systems\">All %s</h2>\n<p class=\"more\">Click a column "
                      "heading to sort. Fits are population-weighted; split councils have at "
                      "least ",
                   ct__js(w, "systems"));
    ct__html_pct(b, ct__jd(json_object_get(r->model, "options"), "tolerance"), 0);
    ct__buf_printf(b, " of their people outside their main %s.</p>\n", ct__js(w, "system"));
    ct__buf_add(b, "<div class=\"tablewrap\"><table class=\"sortable\" id=\"systems-table\">\n"
                   "<thead><tr>");
    char *sys = ct__strdup(ct__js(w, "system"));
    if (!sys) {
        b->failed = true; /* reported with the page's other appends */
        return;
    }
    sys[0] = (char)toupper((unsigned char)sys[0]);
    ct__html_th(b, sys, true);
    free(sys);
    ct__html_th(b, "People", false);
    ct__html_th(b, "Upper-tier councils", false);
    ct__html_th(b, "of them split", false);
    ct__html_th(b, "Lower-tier councils", false);
    ct__html_th(b, "of them split", false);
    ct__html_th(b, "Fit: councils in it", false);
    ct__html_th(b, "Fit: it in its largest council", false);
    ct__html_th(b, "Hospital containment", false);
    ct__html_th(b, "Trusts in 2+ areas", false);
    ct__html_th(b, "PCNs crossing councils", false);
    ct__html_th(b, "Errors", false);
    ct__html_th(b, "Warnings", false);
    ct__html_th(b, "Info", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    double min_c = ct__jd(json_object_get(r->model, "options"), "min_containment");
    for (size_t i = 0; i < json_array_size(systems); i++) {
        const json_t *s = json_array_get(systems, i);
        ct__buf_add(b, "<tr><td data-v=\"");
        ct__html_text(b, ct__js(s, "name"));
        ct__buf_add(b, "\"><a href=\"");
        ct__html_text(b, ct__js(s, "page"));
        ct__buf_add(b, "\">");
        ct__html_text(b, ct__js(s, "name"));
        ct__buf_add(b, "</a></td>");
        ct__html_td_int(b, ct__jd(s, "pop"));
        ct__html_td_int(b, ct__jd(s, "upper.units"));
        ct__html_td_int(b, ct__jd(s, "upper.split"));
        ct__html_td_int(b, ct__jd(s, "lower.units"));
        ct__html_td_int(b, ct__jd(s, "lower.split"));
        ct__html_td_pct(b, ct__jd(s, "upper.fit_in"), 1, false);
        ct__html_td_pct(b, ct__jd(s, "upper.fit_out"), 1, false);
        ct__html_td_pct(b, ct__jd(s, "flows.containment"), 1,
                        ct__jd(s, "flows.containment") < min_c);
        ct__html_td_int(b, ct__jd(s, "flows.multi_system"));
        ct__html_td_int(b, ct__jd(s, "pcn.crossing_lower"));
        ct__html_td_int(b, ct__jd(s, "findings.error"));
        ct__html_td_int(b, ct__jd(s, "findings.warning"));
        ct__html_td_int(b, ct__jd(s, "findings.info"));
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
}

static void lede(const ct_report_job *r, ct__buf *b)
{
    const json_t *n = json_object_get(r->model, "national");
    const json_t *w = json_object_get(r->model, "words");
    ct__buf_add(b, "<p class=\"lede\">");
    ct__buf_int(b, ct__jd(n, "systems"));
    ct__buf_printf(b, " %s serve ", ct__js(w, "systems"));
    ct__html_people_short(b, ct__jd(n, "population"));
    ct__buf_add(b, " people. ");
    ct__buf_int(b, ct__jd(n, "upper.split"));
    ct__buf_add(b, " of ");
    ct__buf_int(b, ct__jd(n, "upper.units"));
    ct__buf_add(b, " upper-tier councils (social care, public health) and ");
    ct__buf_int(b, ct__jd(n, "lower.split"));
    ct__buf_add(b, " of ");
    ct__buf_int(b, ct__jd(n, "lower.units"));
    ct__buf_printf(b, " lower-tier councils are split between %s; ", ct__js(w, "systems"));
    ct__html_pct(b, ct__jd(n, "flows.contained_share"), 0);
    ct__buf_printf(b, " of acute hospital care stays in the patient&rsquo;s %s.</p>\n",
                   ct__js(w, "system"));
}

ct_status ct__report_index_html(ct_report_job *r, ct__buf *b)
{
    const char *title = ct__js(r->model, "title");
    ct__html_head(b, title);
    ct__buf_add(b, "<p class=\"kicker\">coterm boundary-fit report &middot; ");
    ct__html_text(b, r->mode);
    ct__buf_add(b, "</p>\n<h1>");
    ct__html_text(b, title);
    ct__buf_add(b, "</h1>\n");
    lede(r, b);
    ct__buf_add(b, "<section class=\"cards\" aria-label=\"Headline figures\">\n");
    cards(r, b);
    ct__buf_add(b, "</section>\n<section class=\"mapblock\">\n");
    ct_status st = national_map(r, b);
    key_findings(r, b);
    ct__buf_add(b, "</section>\n");
    systems_table(r, b);
    ct__report_compare_html(r, b);
    ct__html_about(b, r);
    ct__html_foot(b, r);
    return st ? st : ct__buf_status(r->ctx, b);
}
