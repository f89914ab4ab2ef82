/* coterm flows --out DIR: patient flows, multi-system membership,
 * containment and intensity (docs/flows.md). */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm flows [--out DIR] [options]\n"
    "  --out DIR            write providers.csv, systems.csv, flows.csv, origins.csv,\n"
    "                       catchments.gpkg, findings.json, summary.json (and places.csv,\n"
    "                       orgs.csv when given); without it providers.csv goes to stdout\n"
    "  --flows CSV          provider_id, origin_id, patients or share (default: the\n"
    "                       embedded OHID acute trust catchments by ltla21)\n"
    "  --origins LAYER      layer of the origin ids (default ltla21)\n"
    "  --systems LAYER      systems (default stp21)\n"
    "  --places CSV|LAYER   places: place_id,unit_id[,place_name] over the origins, a check\n"
    "                       configuration (block,...,place[,place_name]), or polygons\n"
    "  --places-blocks LAYER  layer of the configuration's blocks when they are not the\n"
    "                       origins, small areas of the base or units of its levels (msoa11)\n"
    "  --orgs CSV|LAYER     organisation footprints: org_id,org_name,unit_id, or polygons\n"
    "  --orgs-units LAYER   layer of an --orgs CSV's unit ids (default: the origins)\n"
    "  --providers CSV      provider names (provider_id, provider_name); 'none' for none\n"
    "  --threshold T        share that counts a system, place or link (default 0.05)\n"
    "  --min-containment C  flag systems whose containment is below C (default 0.8)\n"
    "  --share-tolerance E  shares must sum to 1 within E (default 0.01)\n"
    "  --renormalise        renormalise shares beyond the tolerance instead of failing\n"
    "  --drop-unknown       drop rows with unknown origins or providers instead of failing\n"
    "  --councils LAYER     councils counted in intensity (default utla21; 'none')\n"
    "  --commissioners LAYER  commissioners counted (default ccg21; 'none')\n"
    "  --pop LAYER --pop-field F [--pop-id F]  population base (default: lsoa11)\n"
    "  --tolerance T        sliver tolerance of the population assignment (default 0.01)\n"
    "  --crs EPSG:N, --assume-crs EPSG:N, --strict, --threads N, -q/--quiet as for fit\n";

enum {
    OPT_FLOWS = 512, OPT_ORIGINS, OPT_SYSTEMS, OPT_PLACES, OPT_ORGS, OPT_ORGS_UNITS,
    OPT_PROVIDERS, OPT_THRESHOLD, OPT_MIN_CONT, OPT_SHARE_TOL, OPT_RENORM, OPT_DROP,
    OPT_COUNCILS, OPT_COMMISSIONERS, OPT_PLACES_BLOCKS
};

static const struct option own_options[] = {
    {"flows", required_argument, NULL, OPT_FLOWS},
    {"origins", required_argument, NULL, OPT_ORIGINS},
    {"systems", required_argument, NULL, OPT_SYSTEMS},
    {"places", required_argument, NULL, OPT_PLACES},
    {"places-blocks", required_argument, NULL, OPT_PLACES_BLOCKS},
    {"orgs", required_argument, NULL, OPT_ORGS},
    {"orgs-units", required_argument, NULL, OPT_ORGS_UNITS},
    {"providers", required_argument, NULL, OPT_PROVIDERS},
    {"threshold", required_argument, NULL, OPT_THRESHOLD},
    {"min-containment", required_argument, NULL, OPT_MIN_CONT},
    {"share-tolerance", required_argument, NULL, OPT_SHARE_TOL},
    {"renormalise", no_argument, NULL, OPT_RENORM},
    {"drop-unknown", no_argument, NULL, OPT_DROP},
    {"councils", required_argument, NULL, OPT_COUNCILS},
    {"commissioners", required_argument, NULL, OPT_COMMISSIONERS},
};

typedef struct flows_args {
    const char *flows, *origins, *systems;
    cli_opts opts;
} flows_args;

static void put(flows_args *a, const char *key, const char *val)
{
    cli_opts_add(&a->opts, key, val);
}

static int take(flows_args *a, int opt, const char *arg)
{
    static const struct { int opt; const char *key; } map[] = {
        {OPT_PLACES, "PLACES"}, {OPT_PLACES_BLOCKS, "PLACES_BLOCKS"}, {OPT_ORGS, "ORGS"},
        {OPT_ORGS_UNITS, "ORGS_UNITS"},
        {OPT_PROVIDERS, "PROVIDERS_CSV"}, {OPT_THRESHOLD, "THRESHOLD"},
        {OPT_MIN_CONT, "MIN_CONTAINMENT"}, {OPT_SHARE_TOL, "SHARE_TOLERANCE"},
        {OPT_COUNCILS, "COUNCILS"}, {OPT_COMMISSIONERS, "COMMISSIONERS"}};
    switch (opt) {
    case OPT_FLOWS: a->flows = arg; return 1;
    case OPT_ORIGINS: a->origins = arg; return 1;
    case OPT_SYSTEMS: a->systems = arg; return 1;
    case OPT_RENORM: put(a, "RENORMALISE", "YES"); return 1;
    case OPT_DROP: put(a, "DROP_UNKNOWN", "YES"); return 1;
    default: break;
    }
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].opt == opt) {
            put(a, map[i].key, arg);
            return 1;
        }
    return 0;
}

/* All options: the shared ones plus this command's. */
static struct option all_options[64];

static void merge_options(void)
{
    size_t k = 0;
    for (size_t i = 0; cli_common_options[i].name; i++)
        all_options[k++] = cli_common_options[i];
    for (size_t i = 0; i < sizeof own_options / sizeof *own_options; i++)
        all_options[k++] = own_options[i];
    all_options[k] = (struct option){NULL, 0, NULL, 0};
}

static double num(const json_t *o, const char *k1, const char *k2)
{
    const json_t *v = json_object_get(json_object_get(o, k1), k2);
    return json_is_number(v) ? json_number_value(v) : -1;
}

static void report(const ct_result *r, const char *out)
{
    json_t *s = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    double rel = num(s, "reconstruction", "relative_residual");
    double ab = num(s, "reconstruction", "abs_residual_share");
    fprintf(stderr, "coterm flows: %.0f providers, %.0f systems; ", num(s, "counts", "providers"),
            num(s, "counts", "systems"));
    if (rel >= 0)
        fprintf(stderr, "reconstruction residual %.1f%% (L2), %.1f%% of people (L1); ",
                100 * rel, 100 * ab);
    fprintf(stderr, "%.0f providers in 2+ systems, %.0f systems below the containment minimum; "
                    "wrote %s\n",
            num(s, "counts", "multi_system_providers"), num(s, "counts", "low_containment_systems"),
            out);
    json_decref(s);
}

static int run_flows(int argc, char **argv, flows_args *ap)
{
    cli_common c = {0};
    flows_args *a = ap;
    merge_options();
    int opt, bad = EXIT_OK;
    optind = 1;
    while ((opt = cli_next_option(argc, argv, all_options, "flows", &bad)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        if (!cli_common_take(&c, opt, optarg) && !take(a, opt, optarg))
            return cli_unknown_option("flows", argv[optind - 1]);
    }
    if (bad)
        return bad;
    if (optind != argc)
        return cli_usage_error("flows", "unexpected argument");
    if (c.method || c.no_pop) /* people are always assigned with the auto method */
        return cli_usage_error("flows", "--method and --no-pop do not apply to flows");
    if (c.tolerance)
        put(a, "TOLERANCE", c.tolerance);
    ct_ctx *ctx = NULL;
    int rc = cli_ctx_new(&c, &ctx);
    if (rc)
        return rc;
    ct_layer *origins = NULL, *systems = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    size_t seen = 0;
    rc = cli_open_layer(ctx, &c, 'a', a->origins ? a->origins : "ltla21", &origins);
    if (!rc)
        rc = cli_open_layer(ctx, &c, 'b', a->systems ? a->systems : "stp21", &systems);
    if (!rc)
        rc = cli_open_pop(ctx, &c, &pop);
    if (!rc && ct_flows(ctx, &r, a->flows, origins, systems, pop, cli_opts_list(&a->opts)))
        rc = cli_fail(ctx);
    cli_report_diags(ctx, &seen);
    if (!rc && c.out && ct_result_write(ctx, r, c.out, NULL))
        rc = cli_fail(ctx);
    if (!rc && !c.out &&
        ct_table_write(ctx, ct_result_table_by_name(r, "providers"), "-", NULL))
        rc = cli_fail(ctx);
    if (!rc && c.out && !c.quiet)
        report(r, c.out);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(origins);
    ct_layer_free(systems);
    ct_ctx_free(ctx);
    return rc;
}

int cmd_flows(int argc, char **argv)
{
    flows_args a = {0};
    int rc = run_flows(argc, argv, &a);
    cli_opts_free(&a.opts);
    return rc;
}
