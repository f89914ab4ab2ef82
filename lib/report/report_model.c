/* report.json: the one model every page, table and layer of the report is
 * rendered from (keys in docs/report.md, "report.json"). */
#include "report.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *ct__jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

ct_status ct__japp(ct_ctx *ctx, json_t *array, json_t *v)
{
    return v && !json_array_append_new(array, v) ? CT_OK : ct__nomem(ctx);
}

ct_status ct__jset(ct_ctx *ctx, json_t *obj, const char *key, json_t *v)
{
    return v && !json_object_set_new(obj, key, v) ? CT_OK : ct__nomem(ctx);
}

/* Words for each role, as used in sentences and headings. */
static json_t *words(const ct_report_job *r)
{
    bool national = !strcmp(r->mode, "national");
    const char *sys = national ? "board" : r->ntiers ? r->tier_name[0] : r->label[CT__R_SYSTEMS];
    const char *subs = strcmp(r->label[CT__R_SUBS], "ccg21") ? "sub-ICB location" : "CCG";
    char *plural = ct__sprintf("%ss", sys);
    char *title = national ? ct__strdup("Integrated Care Boards in England")
                           : ct__sprintf("%c%s", toupper((unsigned char)sys[0]), plural ? plural + 1 : "");
    json_t *w = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "map_title",
                          title ? title : "", "system", sys, "systems",
                          plural ? plural : "", "system_long",
                          national ? "Integrated Care Board" : sys, "upper",
                          "upper-tier council", "lower", "lower-tier council", "subs", subs,
                          "subs_plural", !strcmp(subs, "CCG") ? "CCGs" : "sub-ICB locations");
    free(plural);
    free(title);
    return w;
}

static json_t *layer_info(const ct_layer *l, const char *label)
{
    return json_pack("{s:s, s:s, s:I}", "source", ct_layer_source(l), "label", label, "units",
                     (json_int_t)ct_layer_size(l));
}

static json_t *inputs(const ct_report_job *r)
{
    /* every value must be built: one that cannot be fails the document */
    json_t *in = json_object();
    int bad = !in;
    static const char *const keys[CT__R_NLAYERS] = {"systems", "upper", "lower", "subs"};
    for (int k = 0; in && k < CT__R_NLAYERS; k++)
        bad |= json_object_set_new(in, keys[k], layer_info(r->layer[k], r->label[k]));
    /* the tier the systems are in coterm check's findings */
    const char *tier = r->config ? r->label[CT__R_SYSTEMS] : r->ntiers ? r->tier_name[0] : "system";
    bad |= json_object_set_new(json_object_get(in, "systems"), "tier", json_string(tier));
    json_t *config = r->config ? json_pack("{s:s, s:s}", "path", r->config, "blocks",
                                           r->blocks_spec ? r->blocks_spec : "ltla21")
                               : json_null();
    bad |= json_object_set_new(in, "config", config);
    json_t *tiers = json_array();
    for (size_t i = 0; tiers && i < r->ntiers; i++)
        bad |= json_array_append_new(tiers, json_pack("{s:s, s:s}", "name", r->tier_name[i],
                                                       "source", r->tier_spec[i]));
    bad |= json_object_set_new(in, "tiers", tiers);
    bad |= json_object_set_new(in, "population",
                               json_pack("{s:s, s:I, s:f}", "source", r->pop->source, "areas",
                                         (json_int_t)ct_pop_size(r->pop), "total",
                                         ct_pop_total(r->pop)));
    return bad ? (json_decref(in), NULL) : in;
}

/* The commands that give the same figures (docs/report.md). */
static json_t *commands(const ct_report_job *r)
{
    const char *sys = r->config ? "SYSTEMS.gpkg" : r->ntiers ? r->tier_spec[0]
                                                             : r->spec[CT__R_SYSTEMS];
    char *check = r->config
                      ? ct__sprintf("coterm check %s%s%s --against %s --against %s --against %s",
                                    r->config, r->blocks_spec ? " --blocks " : "",
                                    r->blocks_spec ? r->blocks_spec : "", r->spec[CT__R_UPPER],
                                    r->spec[CT__R_LOWER], r->spec[CT__R_SUBS])
                  : r->ntiers ? ct__sprintf("coterm check --tier %s=%s%s --against %s --against %s",
                                            r->tier_name[0], r->tier_spec[0],
                                            r->ntiers > 1 ? " --tier ..." : "",
                                            r->spec[CT__R_UPPER], r->spec[CT__R_LOWER])
                              : ct__sprintf("coterm check --tier system=%s --tier sub_icb=%s "
                                            "--against %s --against %s",
                                            sys, r->spec[CT__R_SUBS], r->spec[CT__R_UPPER],
                                            r->spec[CT__R_LOWER]);
    char *fu = ct__sprintf("coterm fit %s %s", sys, r->spec[CT__R_UPPER]);
    char *fl = ct__sprintf("coterm fit %s %s", sys, r->spec[CT__R_LOWER]);
    char *fs = ct__sprintf("coterm fit %s %s", sys, r->spec[CT__R_SUBS]);
    char *flows = ct__sprintf("coterm flows --systems %s --councils %s --commissioners none",
                              sys, r->spec[CT__R_UPPER]);
    const char *places = r->config ? " --places CONFIG --place-field TIER2"
                         : r->ntiers > 1 ? " --places TIER2"
                         : r->ntiers ? ""
                                     : " --places ";
    char *pcn = ct__sprintf("coterm pcn --system %s --ltla %s --utla %s --ccg none%s%s", sys,
                            r->spec[CT__R_LOWER], r->spec[CT__R_UPPER], places,
                            r->config || r->ntiers ? "" : r->spec[CT__R_SUBS]);
    json_t *c = check && fu && fl && fs && flows && pcn
                    ? json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "check", check, "fit_upper", fu,
                                "fit_lower", fl, "fit_subs", fs, "flows", flows, "pcn", pcn)
                    : NULL;
    free(check);
    free(fu);
    free(fl);
    free(fs);
    free(flows);
    free(pcn);
    return c;
}

static char *default_title(const ct_report_job *r)
{
    if (r->title)
        return ct__strdup(r->title);
    if (r->config) { /* its file and folder name, e.g. check_gm_boroughs/config.csv */
        const char *p = r->config + strlen(r->config);
        for (int slashes = 0; p > r->config && slashes < 2; p--)
            slashes += p[-1] == '/';
        return ct__sprintf("Boundary fit of the configuration %s", *p == '/' ? p + 1 : p);
    }
    if (r->ntiers)
        return ct__sprintf("Boundary fit of %s", r->tier_spec[0]);
    return ct__strdup("How Integrated Care Boards fit local government in England");
}

/* systems/<code>.html with the code made safe as a file name (letters,
 * digits, '.', '-', '_'); a name already taken (used) gets "-<i>". */
static char *page_name(const char *id, size_t i, const ct__strmap *used)
{
    char *safe = ct__strdup(id);
    for (char *p = safe; p && *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            *p = '_';
    char *page = safe ? ct__sprintf("systems/%s.html", safe) : NULL;
    if (page && ct__strmap_get(used, page) != CT__NONE) {
        free(page);
        page = ct__sprintf("systems/%s-%zu.html", safe, i);
    }
    free(safe);
    return page;
}

/* One object per system, in the systems layer's order. */
static ct_status systems_skeleton(ct_report_job *r, json_t *systems)
{
    ct_ctx *ctx = r->ctx;
    const ct_layer *l = r->layer[CT__R_SYSTEMS];
    ct__rtab a;
    size_t c[2] = {0, 0};
    char **pages = ct__calloc(l->n ? l->n : 1, sizeof *pages);
    ct__strmap *used = ct__strmap_new(l->n);
    ct_status st = pages && used
                       ? ct__rtab_open(ctx, r->fit[CT__R_UPPER], "a_units", &a, "pop,id", c)
                       : ct__nomem(ctx);
    size_t cpop = c[0], cid = c[1];
    for (size_t i = 0; !st && i < l->n; i++) {
        if (i >= a.n || strcmp(ct__rtab_text(&a, i, cid), l->ids[i])) {
            st = ct__err(ctx, CT_EINTERNAL, "report: fit units out of the layer's order");
            break;
        }
        size_t old;
        pages[i] = page_name(l->ids[i], i, used);
        st = pages[i] ? ct__strmap_put(ctx, used, pages[i], i, &old) : ct__nomem(ctx);
        if (!st)
            st = ct__japp(ctx, systems,
                          json_pack("{s:s, s:s, s:o, s:o, s:s}", "code", l->ids[i], "name",
                                    l->names && l->names[i] ? l->names[i] : l->ids[i], "pop",
                                    ct__jnum(ct__rtab_real(&a, i, cpop)), "area_km2",
                                    ct__jnum(l->areas[i] / 1e6), "page", pages[i]));
    }
    for (size_t i = 0; pages && i < l->n; i++)
        free(pages[i]);
    free(pages);
    ct__strmap_free(used);
    return st;
}

/* Configurations: each system's units of the tier below it (places), from
 * check's units table (tier, unit, parent, pop). */
static ct_status places(ct_report_job *r, json_t *systems)
{
    ct_ctx *ctx = r->ctx;
    ct__rtab t;
    size_t c[4] = {0};
    ct_status st = ct__rtab_open(ctx, r->check, "units", &t, "tier,unit,parent,pop", c);
    size_t ct = c[0], cu = c[1], cp = c[2], cpop = c[3];
    const char *top = t.n ? ct__rtab_text(&t, 0, ct) : "", *below = NULL;
    for (size_t i = 0; !st && i < t.n; i++) {
        const char *tier = ct__rtab_text(&t, i, ct);
        if (!strcmp(tier, top))
            continue;
        if (!below)
            below = tier;
        if (strcmp(tier, below))
            break;
        size_t s = ct__report_system_index(r, ct__rtab_text(&t, i, cp));
        json_t *sys = json_array_get(systems, s == CT__NONE ? (size_t)-1 : s);
        json_t *list = json_object_get(sys, "places");
        if (sys && !list)
            st = ct__jset(ctx, sys, "places", list = json_array());
        if (!st && sys)
            st = ct__japp(ctx, list,
                          json_pack("{s:s, s:s, s:o}", "code", ct__rtab_text(&t, i, cu), "name",
                                    ct__rtab_text(&t, i, cu), "pop",
                                    ct__jnum(ct__rtab_real(&t, i, cpop))));
    }
    return st;
}

ct_status ct__report_model(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    char *title = default_title(r);
    json_t *systems = json_array(), *councils = json_array(), *providers = json_array(),
           *findings = json_array();
    json_t *national = json_pack("{s:I, s:f}", "systems",
                                 (json_int_t)ct_layer_size(r->layer[CT__R_SYSTEMS]),
                                 "population", ct_pop_total(r->pop));
    const char *only = r->only == CT__NONE ? NULL : r->layer[CT__R_SYSTEMS]->ids[r->only];
    r->model = title && systems && national
                   ? json_pack("{s:i, s:s, s:s, s:s, s:s, s:s?, s:o, s:o, s:o, s:{s:f, s:s}, "
                               "s:O, s:O, s:O, s:O, s:O}",
                               "version", CT__REPORT_VERSION, "command", "report",
                               "coterm_version", ct_version(), "mode", r->mode, "title", title,
                               "only", only, "words", words(r), "inputs", inputs(r), "commands",
                               commands(r), "options", "tolerance", r->tol, "method",
                               r->fitopt[0] + 7, "national", national, "systems",
                               systems, "councils", councils, "providers", providers,
                               "findings", findings)
                   : NULL;
    free(title);
    ct_status st = r->model ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = systems_skeleton(r, systems);
    if (!st)
        st = ct__report_model_fit(r, systems, national, councils);
    if (!st)
        st = ct__report_model_flows(r, systems, national, providers);
    if (!st)
        st = ct__report_model_pcn(r, systems, national);
    if (!st)
        st = ct__report_model_findings(r, systems, national, findings);
    if (!st && strcmp(r->mode, "national"))
        st = places(r, systems);
    if (!st)
        st = ct__report_model_compare(r);
    json_decref(systems);
    json_decref(councils);
    json_decref(providers);
    json_decref(findings);
    json_decref(national);
    if (!st && !(r->json_text = json_dumps(r->model, JSON_INDENT(2) | JSON_REAL_PRECISION(12))))
        st = ct__nomem(ctx);
    return st;
}
