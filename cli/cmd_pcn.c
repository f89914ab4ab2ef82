/* coterm pcn --out DIR: PCN neighbourhood footprints and their fit. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm pcn --out DIR [options]\n"
    "  build PCN neighbourhood footprints from practices, catchments and (optionally)\n"
    "  registrations, and measure them against councils, CCGs, systems and places.\n"
    "  Writes neighbourhoods.gpkg, pcn.csv, areas.csv, config.csv (a 'coterm check'\n"
    "  configuration), findings.json, summary.json and, with --registrations,\n"
    "  validation.csv into DIR (docs/pcn.md).\n"
    "  --membership CSV      practice to PCN, CCG and STP (default practices22_pcn.csv)\n"
    "  --practices LAYER     practice points (default practices24)\n"
    "  --catchments LAYER    PCN catchment polygons (default pcn_catchments20; NONE)\n"
    "  --registrations CSV   patients by practice and small area (e.g. the\n"
    "                        Staffordshire table data/england/staffs/...csv)\n"
    "  --reg-area-field F    its small-area column (default lsoa21_code)\n"
    "  --reg-pcn-field F     its PCN column (default pcn_code; '' for the membership's)\n"
    "  --reg-areas LAYER     polygons to bridge codes the base lacks (default lsoa21_staffs)\n"
    "  --ltla/--utla/--ccg/--system LAYER  parents (default ltla21, utla21, ccg21, stp21;\n"
    "                        NONE leaves one out, except --ltla)\n"
    "  --places LAYER|CSV    places: polygons, or a CSV with columns block and place\n"
    "  --place-field F       the place column of that CSV (default place)\n"
    "  --within LAYER:CODE   keep the PCNs whose footprint lies mostly in one unit, e.g.\n"
    "                        icb22:E54000010 (outputs and findings for that system only)\n"
    "  --tolerance T         share of people below which a straddle is ignored (0.05)\n"
    "  --band LOW:HIGH       population band of a PCN (default 30000:50000)\n"
    "  --pop LAYER --pop-field F [--pop-id F]  population base (default lsoa11)\n"
    "  --crs EPSG:N|auto     projected measuring CRS in metres (default EPSG:27700)\n"
    "  --threads N           overlay worker threads\n"
    "  -q, --quiet           no summary line\n";

enum {
    OPT_MEMBERSHIP = 512, OPT_PRACTICES, OPT_CATCHMENTS, OPT_REGISTRATIONS, OPT_REG_AREA_FIELD,
    OPT_REG_PCN_FIELD, OPT_REG_AREAS, OPT_LTLA, OPT_UTLA, OPT_CCG, OPT_SYSTEM, OPT_PLACES,
    OPT_PLACE_FIELD, OPT_BAND, OPT_WITHIN
};

static const struct {
    int code;
    const char *name, *key;
} pcn_opts[] = {
    {OPT_MEMBERSHIP, "membership", "MEMBERSHIP"},
    {OPT_PRACTICES, "practices", "PRACTICES"},
    {OPT_CATCHMENTS, "catchments", "CATCHMENTS"},
    {OPT_REGISTRATIONS, "registrations", "REGISTRATIONS"},
    {OPT_REG_AREA_FIELD, "reg-area-field", "REG_AREA_FIELD"},
    {OPT_REG_PCN_FIELD, "reg-pcn-field", "REG_PCN_FIELD"},
    {OPT_REG_AREAS, "reg-areas", "REG_AREAS"},
    {OPT_LTLA, "ltla", "LTLA"},
    {OPT_UTLA, "utla", "UTLA"},
    {OPT_CCG, "ccg", "CCG"},
    {OPT_SYSTEM, "system", "SYSTEM"},
    {OPT_PLACES, "places", "PLACES"},
    {OPT_PLACE_FIELD, "place-field", "PLACE_FIELD"},
    {OPT_BAND, "band", "BAND"},
    {OPT_WITHIN, "within", "WITHIN"},
};
#define NPCN_OPTS (sizeof pcn_opts / sizeof pcn_opts[0])

static void report(const ct_result *r, const char *out)
{
    const ct_table *t = ct_result_table_by_name(r, "pcn");
    size_t pop = ct_table_colindex(t, "pop"), unc = ct_table_colindex(t, "uncertain_pop");
    size_t agree = ct_table_colindex(t, "ccg_agrees"), ccg = ct_table_colindex(t, "ccg_code");
    size_t with = 0, compared = 0, agreed = 0;
    double people = 0, uncertain = 0;
    for (size_t i = 0; i < ct_table_nrows(t); i++) {
        double p = ct_table_real(t, i, pop);
        if (!(p > 0))
            continue;
        with++;
        people += p;
        uncertain += ct_table_real(t, i, unc);
        if (agree != (size_t)-1 && *ct_table_text(t, i, ccg)) {
            compared++;
            agreed += ct_table_real(t, i, agree) > 0;
        }
    }
    fprintf(stderr,
            "coterm pcn: %zu PCNs with footprints, %.0f people (%.0f uncertain); footprint "
            "CCG = practices' CCG for %zu of %zu PCNs; wrote %s\n",
            with, people, uncertain, agreed, compared, out);
}

int cmd_pcn(int argc, char **argv)
{
    struct option longopts[40];
    size_t n = 0;
    for (; cli_common_options[n].name && n < 40 - NPCN_OPTS - 1; n++)
        longopts[n] = cli_common_options[n];
    for (size_t k = 0; k < NPCN_OPTS; k++)
        longopts[n++] = (struct option){pcn_opts[k].name, required_argument, NULL,
                                        pcn_opts[k].code};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    cli_common c = {0};
    const char *vals[NPCN_OPTS] = {0};
    int opt, bad = EXIT_OK;
    optind = 1;
    while ((opt = cli_next_option(argc, argv, longopts, "pcn", &bad)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        if (opt >= OPT_MEMBERSHIP && opt <= OPT_WITHIN) {
            vals[opt - OPT_MEMBERSHIP] = optarg;
            continue;
        }
        bool ours = opt == 'o' || opt == 'q' || opt == OPT_POP || opt == OPT_POP_FIELD ||
                    opt == OPT_POP_ID || opt == OPT_CRS || opt == OPT_ASSUME_CRS ||
                    opt == OPT_STRICT || opt == OPT_TOLERANCE || opt == OPT_THREADS;
        if (!ours || !cli_common_take(&c, opt, optarg))
            return cli_unknown_option("pcn", argv[optind - 1]);
    }
    if (bad)
        return bad;
    if (optind != argc)
        return cli_usage_error("pcn", "no positional arguments expected");
    if (!c.out)
        return cli_usage_error("pcn", "--out DIR is required");
    cli_opts o = {0};
    for (size_t j = 0; j < NPCN_OPTS; j++)
        cli_opts_add(&o, pcn_opts[j].key, vals[j]);
    cli_opts_add(&o, "TOLERANCE", c.tolerance);
    ct_ctx *ctx = NULL;
    if (cli_ctx_new(&c, &ctx)) {
        cli_opts_free(&o);
        return EXIT_INPUT;
    }
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    size_t seen = 0;
    int rc = cli_open_pop(ctx, &c, &pop);
    if (!rc && ct_pcn(ctx, &r, pop, cli_opts_list(&o)))
        rc = cli_fail(ctx);
    cli_report_diags(ctx, &seen);
    if (!rc && ct_result_write(ctx, r, c.out, NULL))
        rc = cli_fail(ctx);
    if (!rc && !c.quiet)
        report(r, c.out);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_ctx_free(ctx);
    cli_opts_free(&o);
    return rc;
}
