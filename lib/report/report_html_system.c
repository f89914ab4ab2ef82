/* systems/<code>.html: one system's figures, its map with switchable
 * layers, its findings as sentences and its tables (docs/report.md). */
#include "report_html.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAP_W 640.0
#define MAP_H 600.0
#define LEGEND_W 290.0
#define MAX_CATCH 8

/* Paul Tol's muted scheme, distinct for colour-blind readers and from the
 * orange and blue the councils and PCNs use. */
static const char *const okabe[MAX_CATCH] = {"#332288", "#88ccee", "#44aa99", "#117733",
                                             "#999933", "#ddcc77", "#cc6677", "#882255"};

typedef struct page {
    ct_report_job *r;
    size_t s;
    const json_t *sys, *w;
    const char *code;
    ct__strmap *in[CT__M_N]; /* per map: codes of units drawn (-> a class/colour index) */
    size_t nprov;
    const char *prov[MAX_CATCH]; /* providers based here whose catchments are drawn */
} page;

static ct_status mark(ct_ctx *ctx, ct__strmap **m, const char *code, size_t v)
{
    if (!*m && !(*m = ct__strmap_new(16)))
        return ct__nomem(ctx);
    size_t old;
    return ct__strmap_put(ctx, *m, code, v, &old);
}

/* Which units each layer draws for this system. */
static ct_status select_units(page *p)
{
    ct_ctx *ctx = p->r->ctx;
    static const struct {
        int map;
        const char *list;
    } lists[] = {{CT__M_UPPER, "upper_units"}, {CT__M_LOWER, "lower_units"},
                 {CT__M_SUBS, "subs_units"},   {CT__M_PCN, "pcns"},
                 {CT__M_PLACES, "places"}};
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < sizeof lists / sizeof lists[0]; k++) {
        const json_t *l = json_object_get(p->sys, lists[k].list);
        for (size_t i = 0; !st && i < json_array_size(l); i++) {
            const json_t *u = json_array_get(l, i);
            bool hot = json_is_true(json_object_get(u, "split")) ||
                       json_is_true(json_object_get(u, "crossing_lower"));
            st = mark(ctx, &p->in[lists[k].map], ct__js(u, "code"), hot);
        }
    }
    const json_t *prov = json_object_get(p->sys, "providers");
    for (size_t i = 0; !st && i < json_array_size(prov) && p->nprov < MAX_CATCH; i++) {
        const json_t *x = json_array_get(prov, i);
        if (!json_is_true(json_object_get(x, "home")))
            continue;
        p->prov[p->nprov] = ct__js(x, "code");
        st = mark(ctx, &p->in[CT__M_CATCHMENTS], p->prov[p->nprov], p->nprov);
        p->nprov++;
    }
    return st;
}

/* A trust's name from the system's providers (its code if unnamed). */
static const char *provider_name(const page *p, const char *code)
{
    const json_t *prov = json_object_get(p->sys, "providers");
    for (size_t i = 0; i < json_array_size(prov); i++)
        if (!strcmp(ct__js(json_array_get(prov, i), "code"), code) &&
            *ct__js(json_array_get(prov, i), "name"))
            return ct__js(json_array_get(prov, i), "name");
    return code;
}

/* ---- the map */

typedef struct styler {
    page *p;
    int map;
} styler;

static void tip_unit(ct__buf *a, const char *name, const char *what)
{
    ct__buf_add(a, " data-tip=\"");
    ct__html_text(a, name);
    if (what) {
        ct__buf_add(a, "\n");
        ct__html_text(a, what);
    }
    ct__buf_add(a, "\"");
}

static bool style_context(void *ud, size_t u, const char *code, ct__buf *a)
{
    styler *s = ud;
    (void)code;
    if (u == s->p->s)
        return false;
    ct__buf_add(a, " fill=\"#eef1f4\"");
    tip_unit(a, s->p->r->layer[CT__R_SYSTEMS]->names ? s->p->r->layer[CT__R_SYSTEMS]->names[u]
                                                       : code,
             ct__js(s->p->w, "system_long"));
    return true;
}

static bool style_lower(void *ud, size_t u, const char *code, ct__buf *a)
{
    styler *s = ud;
    size_t hot = ct__strmap_get(s->p->in[s->map], code);
    if (hot == CT__NONE)
        return false;
    const ct_layer *l = s->p->r->layer[s->map == CT__M_LOWER ? CT__R_LOWER : CT__R_UPPER];
    ct__buf_printf(a, " fill=\"%s\" stroke=\"#6e7781\" stroke-width=\"0.6\"",
                   hot ? "#f6c89a" : "#cfe3f3");
    tip_unit(a, l->names && l->names[u] ? l->names[u] : code,
             hot ? "lower-tier council split between areas" : "lower-tier council");
    return true;
}

static bool style_catch(void *ud, size_t u, const char *code, ct__buf *a)
{
    styler *s = ud;
    (void)u;
    size_t k = ct__strmap_get(s->p->in[CT__M_CATCHMENTS], code);
    if (k == CT__NONE)
        return false;
    ct__buf_printf(a, " fill=\"%s\" fill-opacity=\"0.6\" stroke=\"%s\" stroke-width=\"0.8\"",
                   okabe[k], okabe[k]);
    tip_unit(a, provider_name(s->p, code), "acute trust: the area where it is the main provider");
    return true;
}

static bool style_pcn(void *ud, size_t u, const char *code, ct__buf *a)
{
    styler *s = ud;
    (void)u;
    size_t hot = ct__strmap_get(s->p->in[CT__M_PCN], code);
    if (hot == CT__NONE)
        return false;
    ct__buf_printf(a, " fill=\"%s\" fill-opacity=\"0.45\" stroke=\"#0072b2\" stroke-width=\"0.6\"",
                   hot ? "#56b4e9" : "none");
    tip_unit(a, code, hot ? "PCN crossing a council boundary" : "PCN");
    return true;
}

/* Arcs bounding units of a map selected for this page (or the system). */
static bool keep_in(void *ud, size_t left, size_t right)
{
    styler *s = ud;
    const ct__rmap *m = &s->p->r->map[s->map];
    if (s->map == CT__M_SYSTEMS)
        return left == s->p->s || right == s->p->s;
    return (left != CT__NONE && ct__strmap_get(s->p->in[s->map], m->ids[left]) != CT__NONE) ||
           (right != CT__NONE && ct__strmap_get(s->p->in[s->map], m->ids[right]) != CT__NONE);
}

static bool keep_split_upper(void *ud, size_t left, size_t right)
{
    styler *s = ud;
    const ct__rmap *m = &s->p->r->map[CT__M_UPPER];
    return (left != CT__NONE && ct__strmap_get(s->p->in[CT__M_UPPER], m->ids[left]) == 1) ||
           (right != CT__NONE && ct__strmap_get(s->p->in[CT__M_UPPER], m->ids[right]) == 1);
}

static ct_status arcs(page *p, int map, const ct__rview *v, ct__rkeep keep, const char *attrs,
                      const char *layer, ct__buf *b)
{
    styler s = {p, map};
    if (!p->r->map[map].topo)
        return CT_OK;
    ct__buf_printf(b, "<path data-layer-of=\"%s\" fill=\"none\" stroke-linejoin=\"round\" %s d=\"",
                   layer, attrs);
    ct_status st = ct__svg_arcs(p->r, map, v, keep, &s, b);
    ct__buf_add(b, "\"/>\n");
    return st;
}

static ct_status units(page *p, int map, const ct__rview *v, ct__rstyle style, const char *layer,
                       ct__buf *b)
{
    styler s = {p, map};
    if (!p->r->map[map].topo)
        return CT_OK;
    ct__buf_printf(b, "<g data-layer-of=\"%s\">\n", layer);
    ct_status st = ct__svg_units(p->r, map, v, style, &s, b);
    ct__buf_add(b, "</g>\n");
    return st;
}

static void labels(page *p, const ct__rview *v, ct__buf *b)
{
    const ct__rmap *m = &p->r->map[CT__M_LOWER];
    const ct_layer *l = p->r->layer[CT__R_LOWER];
    double px = (v->x1 - v->x0) / v->width;
    ct__buf_add(b, "<g data-layer-of=\"labels\" text-anchor=\"middle\">\n");
    for (size_t u = 0; m->label && u < m->n; u++) {
        if (ct__strmap_get(p->in[CT__M_LOWER], m->ids[u]) == CT__NONE || isnan(m->label[u][0]))
            continue;
        double x = (m->label[u][0] - v->x0) / px, y = (v->y1 - m->label[u][1]) / px;
        double w = (m->box[u][2] - m->box[u][0]) / px;
        if (x < 20 || x > v->width - 20 || y < 12 || y > v->height - 4 || w < 36)
            continue; /* off the map, or too small to carry a name */
        ct__buf_add(b, "<text class=\"lbl\" x=\"");
        ct__buf_int(b, x);
        ct__buf_add(b, "\" y=\"");
        ct__buf_int(b, y);
        ct__buf_add(b, "\">");
        ct__html_text(b, l->names && l->names[u] ? l->names[u] : m->ids[u]);
        ct__buf_add(b, "</text>\n");
    }
    ct__buf_add(b, "</g>\n");
}

/* Legend entries: a swatch (fill or line) and a label, shown with its layer. */
static double entry(ct__buf *b, double x, double y, const char *layer, const char *swatch,
                    const char *label)
{
    ct__buf_printf(b, "<g data-layer-of=\"%s\">", layer);
    ct__buf_add(b, swatch);
    ct__buf_add(b, "<text x=\"");
    ct__buf_int(b, x + 30);
    ct__buf_add(b, "\" y=\"");
    ct__buf_int(b, y + 11);
    ct__buf_add(b, "\">");
    ct__html_text(b, label);
    ct__buf_add(b, "</text></g>\n");
    return y + 19;
}

static void rect(char *out, size_t cap, double x, double y, const char *fill, const char *stroke)
{
    snprintf(out, cap,
             "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"14\" fill=\"%s\" stroke=\"%s\"/>",
             (int)x, (int)y, fill, stroke);
}

static void line(char *out, size_t cap, double x, double y, const char *stroke, const char *dash,
                 double width)
{
    snprintf(out, cap,
             "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%d.%d\" "
             "stroke-dasharray=\"%s\"/>",
             (int)x, (int)y + 7, (int)x + 22, (int)y + 7, stroke, (int)width,
             (int)(width * 10) % 10, dash);
}

/* Bytes of name that fit in max, cut at a space (never inside a UTF-8
 * character). */
static size_t cut_at_space(const char *name, size_t max)
{
    size_t n = strlen(name), cut = 0;
    if (n <= max)
        return n;
    for (size_t i = 0; i < max; i++)
        if (name[i] == ' ')
            cut = i;
    if (!cut)
        for (cut = max; cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80; cut--)
            ;
    return cut;
}

static void legend(page *p, const ct__rview *v, ct__buf *b)
{
    char sw[256]; /* an SVG element of numbers and fixed colours */
    ct__buf label = {0};
    double x = v->width + 16, y = 34;
    const char *sys = ct__js(p->w, "system");
    ct__buf_printf(b, "<g class=\"legend\"><text class=\"title\" x=\"%d\" y=\"20\">Legend</text>\n",
                   (int)x);
    line(sw, sizeof sw, x, y, "#1b1f24", "none", 2.4);
    ct__buf_printf(&label, "this %s", sys);
    y = entry(b, x, y, "system", sw, label.s ? label.s : "");
    rect(sw, sizeof sw, x, y, "#eef1f4", "#ffffff");
    label.n = 0;
    ct__buf_printf(&label, "other %ss", sys);
    y = entry(b, x, y, "system", sw, label.s ? label.s : "");
    rect(sw, sizeof sw, x, y, "#cfe3f3", "#6e7781");
    y = entry(b, x, y, "lower", sw, "lower-tier council");
    rect(sw, sizeof sw, x, y, "#f6c89a", "#6e7781");
    y = entry(b, x, y, "lower", sw, "lower-tier council, split");
    line(sw, sizeof sw, x, y, "#24292f", "none", 1.4);
    y = entry(b, x, y, "upper", sw, "upper-tier council");
    line(sw, sizeof sw, x, y, "#d55e00", "5 3", 2.2);
    y = entry(b, x, y, "upper", sw, "upper-tier council, split");
    line(sw, sizeof sw, x, y, "#cc79a7", "2 2", 2.0);
    y = entry(b, x, y, "subs", sw,
              p->r->map[CT__M_PLACES].topo ? "place" : ct__js(p->w, "subs"));
    rect(sw, sizeof sw, x, y, "#56b4e9", "#0072b2");
    y = entry(b, x, y, "pcn", sw, "PCN crossing a council");
    rect(sw, sizeof sw, x, y, "none", "#0072b2");
    y = entry(b, x, y, "pcn", sw, "PCN");
    for (size_t k = 0; k < p->nprov; k++) {
        rect(sw, sizeof sw, x, y, okabe[k], okabe[k]);
        const char *name = provider_name(p, p->prov[k]);
        size_t cut = cut_at_space(name, 32); /* shortened on purpose, with an ellipsis */
        label.n = 0;
        ct__buf_printf(&label, "%.*s%s", (int)cut, name, name[cut] ? "\u2026" : "");
        y = entry(b, x, y, "catchments", sw, label.s ? label.s : "");
    }
    ct__buf_add(b, "</g>\n");
    b->failed |= label.failed;
    ct__buf_free(&label);
}

static ct_status map(page *p, ct__buf *b)
{
    ct__rview v;
    const char *one[] = {p->code};
    ct_status st = ct__report_view(p->r, CT__M_SYSTEMS, one, 1, MAP_W, MAP_H, &v);
    if (st)
        return st;
    bool places = p->r->map[CT__M_PLACES].topo != NULL;
    ct__buf_add(b, "<figure class=\"map\" id=\"map\">\n<div class=\"maptools\"><strong>Show:"
                   "</strong>");
    static const struct {
        const char *layer, *label;
        bool on;
    } boxes[] = {{"lower", "lower-tier councils", true}, {"upper", "upper-tier councils", true},
                 {"subs", NULL, false},                  {"catchments", "acute trusts", false},
                 {"pcn", "PCNs", false},                 {"labels", "names", true}};
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        const char *label = boxes[i].label ? boxes[i].label
                            : places      ? "places"
                                          : ct__js(p->w, "subs_plural");
        ct__buf_printf(b, "<label><input type=\"checkbox\" data-layer=\"%s\"%s> %s</label>",
                       boxes[i].layer, boxes[i].on ? " checked" : "", label);
    }
    ct__buf_printf(b, "</div>\n<svg class=\"map\" viewBox=\"0 0 %d %d\" role=\"img\" "
                      "aria-labelledby=\"maptitle\">\n<title id=\"maptitle\">Map of ",
                   (int)(v.width + LEGEND_W), (int)fmax(v.height, 330));
    ct__html_text(b, ct__js(p->sys, "name"));
    ct__buf_add(b, ": councils, NHS areas, acute trusts and PCNs</title>\n");
    ct__buf_printf(b, "<clipPath id=\"clip\"><rect width=\"%d\" height=\"%d\"/></clipPath>\n"
                      "<g clip-path=\"url(#clip)\">\n",
                   (int)v.width, (int)v.height);
    st = units(p, CT__M_SYSTEMS, &v, style_context, "system", b);
    if (!st)
        st = units(p, CT__M_LOWER, &v, style_lower, "lower", b);
    if (!st)
        st = units(p, CT__M_CATCHMENTS, &v, style_catch, "catchments", b);
    if (!st)
        st = units(p, CT__M_PCN, &v, style_pcn, "pcn", b);
    if (!st)
        st = arcs(p, CT__M_UPPER, &v, keep_in, "stroke=\"#24292f\" stroke-width=\"1.4\"", "upper",
                  b);
    if (!st)
        st = arcs(p, CT__M_UPPER, &v, keep_split_upper,
                  "stroke=\"#d55e00\" stroke-width=\"2.2\" stroke-dasharray=\"5 3\"", "upper", b);
    if (!st)
        st = arcs(p, places ? CT__M_PLACES : CT__M_SUBS, &v, keep_in,
                  "stroke=\"#cc79a7\" stroke-width=\"2.2\" stroke-dasharray=\"3 3\"", "subs", b);
    if (!st)
        st = arcs(p, CT__M_SYSTEMS, &v, keep_in, "stroke=\"#1b1f24\" stroke-width=\"2.4\"",
                  "system", b);
    labels(p, &v, b);
    ct__buf_add(b, "</g>\n");
    legend(p, &v, b);
    ct__buf_add(b, "</svg>\n<figcaption>");
    ct__html_text(b, ct__js(p->sys, "name"));
    ct__buf_add(b, " and the councils it works with. Switch layers above; hover for names. "
                   "The same information is in the <a href=\"#tables\">tables below</a>."
                   "</figcaption>\n</figure>\n");
    return st;
}

/* ---- text, cards, findings, tables */

static void lede(page *p, ct__buf *b)
{
    const json_t *s = p->sys;
    ct__buf_add(b, "<p class=\"lede\">");
    ct__html_text(b, ct__js(s, "name"));
    ct__buf_add(b, " serves ");
    ct__html_people_short(b, ct__jd(s, "pop"));
    ct__buf_add(b, " people in ");
    ct__buf_int(b, ct__jd(s, "upper.units"));
    ct__buf_add(b, " upper-tier and ");
    ct__buf_int(b, ct__jd(s, "lower.units"));
    ct__buf_add(b, " lower-tier councils. ");
    double split = ct__jd(s, "upper.split") + ct__jd(s, "lower.split");
    if (split > 0) {
        ct__html_pct(b, ct__jd(s, "upper.whole_share"), 1);
        ct__buf_add(b, " of its people live in upper-tier councils it does not share, ");
        ct__html_pct(b, ct__jd(s, "lower.whole_share"), 1);
        ct__buf_add(b, " in lower-tier councils it does not share. ");
    } else
        ct__buf_printf(b, "It shares none of them with another %s. ", ct__js(p->w, "system"));
    ct__html_pct(b, ct__jd(s, "flows.containment"), 1);
    ct__buf_add(b, " of its residents&rsquo; acute hospital care is given by trusts based in it.</p>\n");
}

static void cards(page *p, ct__buf *b)
{
    const json_t *s = p->sys;
    ct__buf num = {0}, note = {0};
    ct__html_people_short(&num, ct__jd(s, "pop"));
    ct__html_card(b, num.s, "people", NULL, false);
    static const char *const roles[] = {"upper", "lower"};
    for (int i = 0; i < 2; i++) {
        char key[32];
        num.n = note.n = 0;
        snprintf(key, sizeof key, "%s.split", roles[i]);
        ct__buf_int(&num, ct__jd(s, key));
        ct__buf_add(&num, " <span class=\"of\">of ");
        snprintf(key, sizeof key, "%s.units", roles[i]);
        ct__buf_int(&num, ct__jd(s, key));
        ct__buf_add(&num, "</span>");
        snprintf(key, sizeof key, "%s.split_pop", roles[i]);
        ct__html_people_short(&note, ct__jd(s, key));
        ct__buf_add(&note, " of its people live in them");
        snprintf(key, sizeof key, "%s.split", roles[i]);
        ct__html_card(b, num.s, i ? "lower-tier councils shared with another area"
                                  : "upper-tier councils shared with another area",
                      note.s, ct__jd(s, key) > 0);
    }
    num.n = note.n = 0;
    ct__html_pct(&num, ct__jd(s, "upper.whole_share"), 1);
    ct__html_pct(&note, ct__jd(s, "lower.whole_share"), 1);
    ct__buf_add(&note, " in lower-tier councils it does not share");
    ct__html_card(b, num.s, "of its people live in upper-tier councils it does not share",
                  note.s, false);
    num.n = note.n = 0;
    double c = ct__jd(s, "flows.containment");
    ct__html_pct(&num, c, 1);
    ct__buf_add(&note, "top trust: ");
    ct__html_text(&note, ct__js(json_object_get(s, "flows"), "top_provider_name"));
    ct__html_card(b, num.s, "of residents&rsquo; acute hospital care stays with trusts based here",
                  note.s, c < ct__jd(json_object_get(p->r->model, "options"), "min_containment"));
    num.n = note.n = 0;
    ct__buf_int(&num, ct__jd(s, "flows.multi_system"));
    ct__buf_add(&num, " <span class=\"of\">of ");
    ct__buf_int(&num, ct__jd(s, "flows.n_providers"));
    ct__buf_add(&num, "</span>");
    ct__buf_add(&note, "intensity: ");
    ct__buf_int(&note, ct__jd(s, "flows.intensity"));
    ct__buf_add(&note, " organisations to work with");
    ct__html_card(b, num.s, "acute trusts it uses also serve other areas", note.s, false);
    num.n = note.n = 0;
    ct__buf_int(&num, ct__jd(s, "pcn.crossing_lower"));
    ct__buf_add(&num, " <span class=\"of\">of ");
    ct__buf_int(&num, ct__jd(s, "pcn.pcns"));
    ct__buf_add(&num, "</span>");
    ct__html_people_short(&note, ct__jd(s, "pcn.outside_lower"));
    ct__buf_add(&note, " people on the far side");
    ct__html_card(b, num.s, "PCNs cross a lower-tier council boundary", note.s, false);
    b->failed |= num.failed || note.failed;
    ct__buf_free(&num);
    ct__buf_free(&note);
}

static bool concerns(const json_t *f, const char *code)
{
    const json_t *codes = json_object_get(f, "systems");
    for (size_t i = 0; i < json_array_size(codes); i++)
        if (!strcmp(json_string_value(json_array_get(codes, i)), code))
            return true;
    return false;
}

static void findings(page *p, ct__buf *b)
{
    static const struct {
        const char *topic, *title;
    } topics[] = {{"councils", "Councils and NHS areas"},
                  {"hospitals", "Hospitals"},
                  {"neighbourhoods", "Neighbourhoods (PCNs)"},
                  {"size", "Size"}};
    const size_t max = 12;
    const json_t *all = json_object_get(p->r->model, "findings");
    ct__buf_add(b, "<h2 id=\"findings\">Findings</h2>\n");
    size_t any = 0;
    for (size_t t = 0; t < 4; t++) {
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < json_array_size(all); i++) {
            const json_t *f = json_array_get(all, i);
            if (strcmp(ct__js(f, "topic"), topics[t].topic) || !concerns(f, p->code))
                continue;
            if (!total++)
                ct__buf_printf(b, "<h3>%s</h3>\n<ol class=\"findings\">\n", topics[t].title);
            if (shown < max) {
                ct__html_finding(b, p->r, f, NULL);
                shown++;
            }
        }
        if (total)
            ct__buf_add(b, "</ol>\n");
        if (total > shown)
            ct__buf_printf(b, "<p class=\"more\">and %zu more in <code>findings.csv</code></p>\n",
                           total - shown);
        any += total;
    }
    if (!any)
        ct__buf_add(b, "<p>No findings.</p>\n");
}

static void units_table(page *p, ct__buf *b, const char *list, const char *title,
                        const char *what)
{
    const json_t *l = json_object_get(p->sys, list);
    if (!json_array_size(l))
        return;
    ct__buf_printf(b, "<h3>%s</h3>\n<div class=\"tablewrap\"><table class=\"sortable\">"
                      "<thead><tr>", title);
    ct__html_th(b, what, true);
    ct__html_th(b, "People", false);
    ct__html_th(b, "People in this area", false);
    ct__html_th(b, "Share of it here", false);
    ct__html_th(b, "Status", true);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < json_array_size(l); i++) {
        const json_t *u = json_array_get(l, i);
        bool split = json_is_true(json_object_get(u, "split"));
        ct__buf_add(b, "<tr><td>");
        ct__html_text(b, ct__js(u, "name"));
        ct__buf_add(b, "</td>");
        ct__html_td_int(b, ct__jd(u, "pop"));
        ct__html_td_int(b, ct__jd(u, "pop_in"));
        ct__html_td_pct(b, ct__jd(u, "share"), 1, split);
        ct__buf_add(b, split ? "<td class=\"text\"><span class=\"pill\">split</span></td>"
                             : "<td class=\"text\">whole</td>");
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
}

static void places_table(page *p, ct__buf *b)
{
    const json_t *l = json_object_get(p->sys, "places");
    if (!json_array_size(l))
        return;
    ct__buf_add(b, "<h3>Places</h3>\n<div class=\"tablewrap\"><table class=\"sortable\">"
                   "<thead><tr>");
    ct__html_th(b, "Place", true);
    ct__html_th(b, "People", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < json_array_size(l); i++) {
        const json_t *u = json_array_get(l, i);
        ct__buf_add(b, "<tr><td>");
        ct__html_text(b, ct__js(u, "name"));
        ct__buf_add(b, "</td>");
        ct__html_td_int(b, ct__jd(u, "pop"));
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
}

static void providers_table(page *p, ct__buf *b)
{
    const json_t *l = json_object_get(p->sys, "providers");
    size_t small = 0;
    ct__buf_add(b, "<h3>Acute hospital trusts</h3>\n<div class=\"tablewrap\"><table "
                   "class=\"sortable\"><thead><tr>");
    ct__html_th(b, "Trust", true);
    ct__html_th(b, "Share of residents&rsquo; care", false);
    ct__html_th(b, "Share of the trust&rsquo;s patients from here", false);
    ct__html_th(b, "Based in", true);
    ct__html_th(b, "Areas it serves", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < json_array_size(l); i++) {
        const json_t *u = json_array_get(l, i);
        if (ct__jd(u, "system_share") < 0.005) {
            small++;
            continue;
        }
        ct__buf_add(b, "<tr><td>");
        ct__html_text(b, ct__js(u, "name"));
        ct__buf_add(b, "</td>");
        ct__html_td_pct(b, ct__jd(u, "system_share"), 1, false);
        ct__html_td_pct(b, ct__jd(u, "provider_share"), 1, false);
        ct__buf_add(b, "<td class=\"text\">");
        ct__html_text(b, json_is_true(json_object_get(u, "home")) ? "here"
                                                                   : ct__js(u, "home_name"));
        ct__buf_add(b, "</td>");
        ct__html_td_int(b, ct__jd(u, "n_systems"));
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
    if (small)
        ct__buf_printf(b, "<p class=\"more\">and %zu trusts with under 0.5%% of residents&rsquo; "
                          "care each.</p>\n",
                       small);
}

static void pcn_table(page *p, ct__buf *b)
{
    const json_t *l = json_object_get(p->sys, "pcns");
    if (!json_array_size(l))
        return;
    ct__buf_add(b, "<h3>PCN neighbourhoods</h3>\n<div class=\"tablewrap\"><table "
                   "class=\"sortable\"><thead><tr>");
    ct__html_th(b, "PCN", true);
    ct__html_th(b, "People", false);
    ct__html_th(b, "Main lower-tier council", true);
    ct__html_th(b, "Share in it", false);
    ct__html_th(b, "People outside it", false);
    ct__html_th(b, "Share in this area", false);
    ct__buf_add(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < json_array_size(l); i++) {
        const json_t *u = json_array_get(l, i);
        ct__buf_add(b, "<tr><td>");
        ct__html_text(b, ct__js(u, "name"));
        ct__buf_add(b, "</td>");
        ct__html_td_int(b, ct__jd(u, "pop"));
        ct__buf_add(b, "<td class=\"text\">");
        ct__html_text(b, ct__js(u, "lower_name"));
        ct__buf_add(b, "</td>");
        ct__html_td_pct(b, ct__jd(u, "lower_share"), 1,
                        json_is_true(json_object_get(u, "crossing_lower")));
        ct__html_td_int(b, ct__jd(u, "outside_lower"));
        ct__html_td_pct(b, ct__jd(u, "system_share"), 1,
                        json_is_true(json_object_get(u, "crossing_system")));
        ct__buf_add(b, "</tr>\n");
    }
    ct__buf_add(b, "</tbody></table></div>\n");
}

ct_status ct__report_system_html(ct_report_job *r, size_t s, ct__buf *b)
{
    page p = {.r = r, .s = s, .sys = json_array_get(json_object_get(r->model, "systems"), s),
              .w = json_object_get(r->model, "words")};
    p.code = ct__js(p.sys, "code");
    ct_status st = select_units(&p);
    ct__buf title = {0};
    ct__html_text(&title, ct__js(p.sys, "name"));
    ct__html_head(b, title.s ? title.s : "");
    ct__buf_free(&title);
    ct__buf_add(b, "<nav class=\"crumbs\"><a href=\"../index.html\">&larr; ");
    ct__html_text(b, ct__js(r->model, "title"));
    ct__buf_add(b, "</a></nav>\n<p class=\"kicker\">");
    ct__html_text(b, p.code);
    ct__buf_add(b, " &middot; ");
    ct__html_text(b, ct__js(p.w, "system_long"));
    ct__buf_add(b, "</p>\n<h1>");
    ct__html_text(b, ct__js(p.sys, "name"));
    ct__buf_add(b, "</h1>\n");
    lede(&p, b);
    ct__buf_add(b, "<section class=\"cards\" aria-label=\"Headline figures\">\n");
    cards(&p, b);
    ct__buf_add(b, "</section>\n");
    if (!st)
        st = map(&p, b);
    findings(&p, b);
    ct__buf_add(b, "<h2 id=\"tables\">Tables</h2>\n");
    units_table(&p, b, "upper_units", "Upper-tier councils", "Council");
    units_table(&p, b, "lower_units", "Lower-tier councils", "Council");
    units_table(&p, b, "subs_units", ct__js(p.w, "subs_plural"), "Area");
    places_table(&p, b);
    providers_table(&p, b);
    pcn_table(&p, b);
    ct__html_about(b, r);
    ct__html_foot(b, r);
    for (int m = 0; m < CT__M_N; m++)
        ct__strmap_free(p.in[m]);
    return st ? st : ct__buf_status(r->ctx, b);
}
