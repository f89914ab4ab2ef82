/* coterm report: state shared by the report's files (docs/report.md).
 *
 * A report runs the other capabilities through their public entry points
 * (ct_check, ct_fit, ct_flows, ct_pcn), so its figures are those of the
 * individual commands; it then builds one JSON model (report.json) from
 * their result tables, and renders every page from that model. */
#ifndef COTERM_REPORT_H
#define COTERM_REPORT_H

#include "../core/report_core.h"
#include "../core/strbuf.h"
#include "../core/topo.h"
#include "../inputs/inputs.h"
#include "../jsonutil.h"

#define CT__REPORT_VERSION 1

/* Layers by role: the systems, and the layers they are fitted to. */
enum { CT__R_SYSTEMS = 0, CT__R_UPPER, CT__R_LOWER, CT__R_SUBS, CT__R_NLAYERS };

/* Display geometry of one layer: its topology and the ids of its units. */
typedef struct ct__rmap {
    ct__topo *topo;
    size_t n;
    char **ids;          /* owned copies */
    ct__strmap *index;   /* id -> unit */
    double (*box)[4];    /* per unit: xmin, ymin, xmax, ymax (NaN: nothing drawn) */
    double (*label)[2];  /* per unit: a point inside it for its label, or NULL */
} ct__rmap;

/* Maps drawn on the pages. */
enum { CT__M_SYSTEMS = 0, CT__M_UPPER, CT__M_LOWER, CT__M_SUBS, CT__M_PLACES,
       CT__M_CATCHMENTS, CT__M_PCN, CT__M_N };

struct ct_report_job {
    ct_ctx *ctx;
    char *dir;
    /* options */
    const char *mode; /* "national", "config" or "tiers" */
    char *config, *blocks_spec, *only_code, *title, *chromium;
    char *compare_spec; /* COMPARE: the base configuration (CSV or polygon layer) */
    char *chromium_exe; /* found for PDF=YES */
    char *spec[CT__R_NLAYERS];
    char **tier_name, **tier_spec;
    size_t ntiers;
    bool pdf;
    char fitopt[2][64];
    const char *fitopts[3];
    double tol;
    /* inputs */
    ct_pop *pop;
    ct_layer *layer[CT__R_NLAYERS];
    char *label[CT__R_NLAYERS]; /* short names: "icb22", "utla21", ... */
    ct_layer *blocks;
    ct_layer **tiers; /* --tier layers (tiers mode); tiers[0] is the systems */
    char *scratch;    /* temporary directory for the systems layer (config mode) */
    char *systems_file;
    /* results of the individual commands */
    ct_result *check, *fit[CT__R_NLAYERS], *flows, *pcn;
    ct_result *compare; /* ct_compare of the base with the configuration, or NULL */
    /* the model and what pages need besides it */
    json_t *model;
    char *json_text;
    size_t only; /* index of the one system (SYSTEM=), else CT__NONE */
    ct__rmap map[CT__M_N];
    ct__topo *small; /* the population base's small areas, for layers drawn as their groups */
    ct_layer *places; /* a configuration's places as a layer, for drawing */
    bool print; /* pages render their bodies only, for the PDF */
    /* progress */
    size_t step;
    bool failed;
};

/* ---- report_opts.c: options */
ct_status ct__report_parse(ct_report_job *r, const char *const *opts);

/* ---- report_inputs.c: layers, population, the configuration's systems */
ct_status ct__report_open(ct_report_job *r);
/* After ct_check on a configuration: the systems layer from its top tier. */
ct_status ct__report_config_systems(ct_report_job *r);
/* Index of a system by code or name (CT__NONE if none). */
size_t ct__report_system_index(const ct_report_job *r, const char *code);
void ct__report_inputs_free(ct_report_job *r);

/* ---- report_runs.c: the individual commands */
ct_status ct__report_run_check(ct_report_job *r);
ct_status ct__report_run_fit(ct_report_job *r, int role);
ct_status ct__report_run_flows(ct_report_job *r);
ct_status ct__report_run_pcn(ct_report_job *r);
/* report_compare.c: COMPARE=BASE: the configuration compared with the base
 * (ct_compare; a polygon layer stands for the configuration's top tier), as
 * report.json's "comparison" and a section of the index page. */
ct_status ct__report_run_compare(ct_report_job *r);
ct_status ct__report_model_compare(ct_report_job *r);

/* ---- tables (report_tables.c): reading result tables by column name */
typedef struct ct__rtab {
    const ct_table *t;
    size_t n;
} ct__rtab;
ct_status ct__rtab_get(ct_ctx *ctx, const ct_result *res, const char *name, ct__rtab *out);
/* Column index; CT_EINTERNAL naming the table and column if it is missing. */
ct_status ct__rtab_col(ct_ctx *ctx, const ct__rtab *t, const char *col, size_t *out);
/* Table name of res and the indices of its columns cols ("a,b,c") into out. */
ct_status ct__rtab_open(ct_ctx *ctx, const ct_result *res, const char *name, ct__rtab *t,
                        const char *cols, size_t *out);
/* Map of column col's values to their rows (values borrowed from t). */
ct_status ct__rtab_index(ct_ctx *ctx, const ct__rtab *t, size_t col, ct__strmap **out);
const char *ct__rtab_text(const ct__rtab *t, size_t row, size_t col);
double ct__rtab_real(const ct__rtab *t, size_t row, size_t col);
/* A parsed JSON document of a result (new reference). */
ct_status ct__rdoc(ct_ctx *ctx, const ct_result *res, const char *name, json_t **out);

/* ---- report_model.c and friends: report.json */
ct_status ct__report_model(ct_report_job *r);
/* report_fit.c: per-system fit figures and the councils of each layer. */
ct_status ct__report_model_fit(ct_report_job *r, json_t *systems, json_t *national,
                               json_t *councils);
/* report_flows.c: containment, providers; report_pcn.c: neighbourhoods. */
ct_status ct__report_model_flows(ct_report_job *r, json_t *systems, json_t *national,
                                 json_t *providers);
ct_status ct__report_model_pcn(ct_report_job *r, json_t *systems, json_t *national);
/* report_findings.c: every finding with its systems and a sentence. */
ct_status ct__report_model_findings(ct_report_job *r, json_t *systems, json_t *national,
                                    json_t *findings);
/* report_text.c: names of units and a sentence for each finding. */
typedef struct ct__rnames {
    const ct_report_job *r;
    char *flows_systems; /* the label flows gives the systems layer */
    ct__rtab prov, pcn;
    size_t prov_name, pcn_name;
    ct__strmap *prov_index, *pcn_index;
} ct__rnames;
ct_status ct__rnames_init(ct_report_job *r, ct__rnames *nm);
void ct__rnames_free(ct__rnames *nm);
/* The layer of a label (a layer's short name or a tier's name), or NULL. */
const ct_layer *ct__rnames_layer(const ct__rnames *nm, const char *label);
/* Name of unit code of a layer or tier ("" for an empty code; the code if
 * it has no name); borrowed. */
const char *ct__rnames_unit(const ct__rnames *nm, const char *label, const char *code);
/* Appends one sentence for finding f of source ("check", "flows", "pcn"). */
void ct__report_sentence(const ct__rnames *nm, const char *source, const json_t *f,
                         ct__buf *out);
/* The value at key path "a.b.c" of o, or NULL. */
const json_t *ct__jpath(const json_t *o, const char *path);
/* JSON number, or null for NaN (jansson refuses NaN). */
json_t *ct__jnum(double v);
/* Append a new reference to an array or object; CT_ENOMEM if v is NULL. */
ct_status ct__japp(ct_ctx *ctx, json_t *array, json_t *v);
ct_status ct__jset(ct_ctx *ctx, json_t *obj, const char *key, json_t *v);

/* ---- report_maps.c: display geometry, SVG */
ct_status ct__report_maps(ct_report_job *r);
void ct__report_maps_free(ct_report_job *r);
/* A map's view: the bounding box of units codes[0..n) of map m (codes NULL:
 * all), scaled to fit width x max_height pixels. */
typedef struct ct__rview {
    double x0, y0, x1, y1; /* CRS bounding box shown */
    double width, height;  /* SVG size in px */
    double min_weight;     /* Visvalingam threshold (m^2) */
} ct__rview;
ct_status ct__report_view(const ct_report_job *r, int m, const char *const *codes, size_t n,
                          double width, double max_height, ct__rview *out);
/* One <path> per unit of map m in view: style appends the unit's
 * attributes (class, fill, data-*) and returns false to leave it out. */
typedef bool (*ct__rstyle)(void *ud, size_t unit, const char *code, ct__buf *attrs);
ct_status ct__svg_units(ct_report_job *r, int m, const ct__rview *v, ct__rstyle style, void *ud,
                        ct__buf *out);
/* The path data (M..l..) of map m's boundaries in view, each arc once;
 * keep(left, right) selects arcs (NULL: all). */
typedef bool (*ct__rkeep)(void *ud, size_t left, size_t right);
ct_status ct__svg_arcs(ct_report_job *r, int m, const ct__rview *v, ct__rkeep keep, void *ud,
                       ct__buf *out);

/* ---- report_html*.c: pages */
ct_status ct__report_index_html(ct_report_job *r, ct__buf *out);
ct_status ct__report_system_html(ct_report_job *r, size_t s, ct__buf *out);
/* HTML-escaped text. */
void ct__html_text(ct__buf *b, const char *s);

/* ---- report_write.c: every file, written only after everything worked */
ct_status ct__report_write(ct_report_job *r);
/* report_tables_out.c: the CSV tables and the report's own GeoPackage
 * layers (at most 8 each; the caller frees them). */
ct_status ct__report_csv_tables(ct_report_job *r, ct_table **out, size_t *n);
ct_status ct__report_gpkg_tables(ct_report_job *r, ct_table **out, size_t *n);
/* report_pdf.c: print the pages to DIR/report.pdf with headless Chromium;
 * a warning diagnostic (and CT_OK) when it is missing or fails. */
ct_status ct__report_pdf(ct_report_job *r);

#endif
