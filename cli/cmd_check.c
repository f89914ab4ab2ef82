/* coterm check CONFIG --out DIR: check a place configuration's tiers against
 * each other and statutory boundaries. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIST 16
#define MAX_SHOWN 10 /* the top findings: by severity, then people */

static const char usage[] =
    "usage: coterm check CONFIG --out DIR [options]\n"
    "       coterm check --tier NAME=LAYER [--tier NAME=LAYER]... --out DIR [options]\n"
    "  CONFIG             CSV: block,TIER1,TIER2,... (top tier first); cells hold unit\n"
    "                     codes or names of each tier\n"
    "  --out DIR          write findings.json, findings.csv, units.csv, nesting.csv,\n"
    "                     tiers.gpkg and summary.json (without it, only the summary)\n"
    "  --blocks LAYER     layer whose ids the block column holds (default ltla21)\n"
    "  --blocks-id F, --blocks-name F  its id and name fields\n"
    "  --against LAYER    statutory layer to compare with (repeatable; default\n"
    "                     utla21, ltla21 and ccg21)\n"
    "  --tier NAME=LAYER  a tier drawn as polygons (repeatable, top first) instead\n"
    "                     of CONFIG\n"
    "  --band TIER=MIN:MAX  expected population of a tier's units (repeatable;\n"
    "                     defaults: system 1-3 million, place 250-500 thousand,\n"
    "                     neighbourhood 30-50 thousand)\n"
    "  --tolerance T      share below which a part is a sliver (default 0.01)\n"
    "  --method M         auto (default), bestfit or areal\n"
    "  --pop LAYER --pop-field F [--pop-id F]  population base (default: lsoa11)\n"
    "  --no-pop           area only\n"
    "  --crs EPSG:N, --assume-crs EPSG:N, --dissolve, --strict  as for coterm fit\n"
    "  -q, --quiet        no summary\n"
    "Exit status 0 when the check ran (findings are results), 2 on bad input.\n";

enum { OPT_BLOCKS = 400, OPT_BLOCKS_ID, OPT_BLOCKS_NAME, OPT_AGAINST, OPT_TIER, OPT_BAND };

typedef struct check_args {
    cli_common c;
    const char *config, *blocks;
    const char *against[MAX_LIST], *tier[MAX_LIST], *band[MAX_LIST];
    size_t nagainst, ntier, nband;
} check_args;

static int push(const char **list, size_t *n, const char *v)
{
    if (*n >= MAX_LIST)
        return cli_usage_error("check", "too many repeated options");
    list[(*n)++] = v;
    return EXIT_OK;
}

static int parse(int argc, char **argv, check_args *a)
{
    static const struct option own[] = {
        {"blocks", required_argument, NULL, OPT_BLOCKS},
        {"blocks-id", required_argument, NULL, OPT_BLOCKS_ID},
        {"blocks-name", required_argument, NULL, OPT_BLOCKS_NAME},
        {"against", required_argument, NULL, OPT_AGAINST},
        {"tier", required_argument, NULL, OPT_TIER},
        {"band", required_argument, NULL, OPT_BAND},
    };
    size_t nown = sizeof own / sizeof own[0], ncommon = 0;
    while (cli_common_options[ncommon].name)
        ncommon++;
    struct option opts[64];
    if (ncommon + nown + 1 > sizeof opts / sizeof opts[0])
        return cli_usage_error("check", "internal: too many options");
    memcpy(opts, own, nown * sizeof *opts);
    memcpy(opts + nown, cli_common_options, (ncommon + 1) * sizeof *opts);
    int opt, rc = EXIT_OK;
    optind = 1;
    while (!rc && (opt = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (opt) {
        case 'h': fputs(usage, stdout); return -1;
        case OPT_BLOCKS: a->blocks = optarg; break;
        case OPT_BLOCKS_ID: a->c.a_id = optarg; break;
        case OPT_BLOCKS_NAME: a->c.a_name = optarg; break;
        case OPT_AGAINST: rc = push(a->against, &a->nagainst, optarg); break;
        case OPT_TIER: rc = push(a->tier, &a->ntier, optarg); break;
        case OPT_BAND: rc = push(a->band, &a->nband, optarg); break;
        default:
            if (!cli_common_take(&a->c, opt, optarg))
                return cli_usage_error("check", "unknown option");
        }
    }
    if (rc)
        return rc;
    if (argc - optind > 1)
        return cli_usage_error("check", "expected one configuration file");
    a->config = argc - optind == 1 ? argv[optind] : NULL;
    if (!a->config && !a->ntier)
        return cli_usage_error("check", "expected a configuration file or --tier NAME=LAYER");
    if (a->config && a->ntier)
        return cli_usage_error("check", "give a configuration file or --tier layers, not both");
    if (a->ntier && a->blocks)
        return cli_usage_error("check", "--blocks applies to a configuration file");
    for (size_t i = 0; i < a->ntier; i++) {
        const char *eq = strchr(a->tier[i], '=');
        if (!eq || eq == a->tier[i] || !eq[1])
            return cli_usage_error("check", "--tier expects NAME=LAYER");
    }
    for (size_t i = 0; i < a->nband; i++) {
        const char *eq = strchr(a->band[i], '=');
        if (!eq || eq == a->band[i] || !strchr(eq, ':'))
            return cli_usage_error("check", "--band expects TIER=MIN:MAX");
    }
    return EXIT_OK;
}

/* METHOD, TOLERANCE and BAND_<TIER> options for the library. */
static const char *const *check_opts(const check_args *a, char (*buf)[256], const char **list)
{
    size_t k = 0;
    if (a->c.method)
        snprintf(buf[k], 256, "METHOD=%s", a->c.method), list[k] = buf[k], k++;
    if (a->c.tolerance)
        snprintf(buf[k], 256, "TOLERANCE=%s", a->c.tolerance), list[k] = buf[k], k++;
    for (size_t i = 0; i < a->nband; i++, k++) {
        const char *eq = strchr(a->band[i], '=');
        snprintf(buf[k], 256, "BAND_%.*s=%s", (int)(eq - a->band[i]), a->band[i], eq + 1);
        list[k] = buf[k];
    }
    list[k] = NULL;
    return list;
}

static void print_people(double v)
{
    if (isnan(v)) {
        printf("population unknown");
        return;
    }
    char d[32], g[48];
    snprintf(d, sizeof d, "%.0f", v);
    size_t n = strlen(d), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            g[k++] = ',';
        g[k++] = d[i];
    }
    g[k] = '\0';
    printf("%s people", g);
}

static void report(const ct_result *r, const char *out)
{
    const ct_table *units = ct_result_table_by_name(r, "units");
    const ct_table *nest = ct_result_table_by_name(r, "nesting");
    const ct_table *find = ct_result_table_by_name(r, "findings");
    size_t ut = ct_table_colindex(units, "tier"), up = ct_table_colindex(units, "pop");
    printf("coterm check: tiers");
    for (size_t i = 0; i < ct_table_nrows(units);) {
        const char *tier = ct_table_text(units, i, ut);
        size_t n = 0;
        double pop = 0;
        for (; i < ct_table_nrows(units) && !strcmp(ct_table_text(units, i, ut), tier); i++, n++)
            pop += ct_table_real(units, i, up);
        printf("\n  %-14s %4zu %s ", tier, n, n == 1 ? "unit, " : "units,");
        print_people(pop);
    }
    size_t nt = ct_table_colindex(nest, "tier"), nl = ct_table_colindex(nest, "layer"),
           nu = ct_table_colindex(nest, "units"), nc = ct_table_colindex(nest, "coterminous"),
           nf = ct_table_colindex(nest, "pop_fit"), na = ct_table_colindex(nest, "area_fit");
    printf("\nnesting (coterminous units; population-weighted fit, else by area):\n");
    for (size_t i = 0; i < ct_table_nrows(nest); i++) {
        double fit = ct_table_real(nest, i, nf);
        printf("  %-14s in %-14s %3.0f of %3.0f coterminous, %s fit %.4f\n",
               ct_table_text(nest, i, nt), ct_table_text(nest, i, nl),
               ct_table_real(nest, i, nc), ct_table_real(nest, i, nu),
               isnan(fit) ? "area" : "population", isnan(fit) ? ct_table_real(nest, i, na) : fit);
    }
    size_t fs = ct_table_colindex(find, "severity"), fy = ct_table_colindex(find, "type"),
           fm = ct_table_colindex(find, "message"), count[3] = {0};
    const char *levels[] = {"error", "warning", "info"};
    for (size_t i = 0; i < ct_table_nrows(find); i++)
        for (size_t s = 0; s < 3; s++)
            count[s] += !strcmp(ct_table_text(find, i, fs), levels[s]);
    printf("findings: %zu error%s, %zu warning%s, %zu info\n", count[0], count[0] == 1 ? "" : "s",
           count[1], count[1] == 1 ? "" : "s", count[2]);
    for (size_t i = 0; i < ct_table_nrows(find) && i < MAX_SHOWN; i++)
        printf("  %-7s %s: %s\n", ct_table_text(find, i, fs), ct_table_text(find, i, fy),
               ct_table_text(find, i, fm));
    if (ct_table_nrows(find) > MAX_SHOWN)
        printf("  and %zu more%s\n", ct_table_nrows(find) - MAX_SHOWN,
               out ? " (all in findings.csv)" : " (--out DIR writes them all)");
    if (out)
        printf("wrote %s\n", out);
}

/* Open every --tier layer; names point into the NAME=LAYER arguments. */
static int open_tiers(ct_ctx *ctx, const check_args *a, char (*names)[128], ct_layer **tiers)
{
    for (size_t i = 0; i < a->ntier; i++) {
        const char *eq = strchr(a->tier[i], '=');
        snprintf(names[i], 128, "%.*s", (int)(eq - a->tier[i]), a->tier[i]);
        int rc = cli_open_layer(ctx, &a->c, 'b', eq + 1, &tiers[i]);
        if (rc)
            return rc;
    }
    return EXIT_OK;
}

static int run(ct_ctx *ctx, const check_args *a, ct_result **r)
{
    ct_layer *blocks = NULL, *against[MAX_LIST] = {0}, *tiers[MAX_LIST] = {0};
    char names[MAX_LIST][128];
    const char *name_ptrs[MAX_LIST];
    ct_pop *pop = NULL;
    char buf[MAX_LIST + 3][256];
    const char *list[MAX_LIST + 3];
    int rc = cli_open_pop(ctx, &a->c, &pop);
    if (!rc && a->blocks)
        rc = cli_open_layer(ctx, &a->c, 'a', a->blocks, &blocks);
    for (size_t i = 0; !rc && i < a->nagainst; i++)
        rc = cli_open_layer(ctx, &a->c, 'b', a->against[i], &against[i]);
    if (!rc && a->ntier)
        rc = open_tiers(ctx, a, names, tiers);
    for (size_t i = 0; i < a->ntier; i++)
        name_ptrs[i] = names[i];
    const char *const *opts = check_opts(a, buf, list);
    const ct_layer *const *ag = a->nagainst ? (const ct_layer *const *)against : NULL;
    ct_status st = CT_OK;
    if (!rc && a->config)
        st = ct_check(ctx, r, a->config, blocks, ag, a->nagainst, pop, opts);
    else if (!rc)
        st = ct_check_tiers(ctx, r, name_ptrs, (const ct_layer *const *)tiers, a->ntier, ag,
                            a->nagainst, pop, opts);
    if (!rc && st)
        rc = cli_fail(ctx);
    for (size_t i = 0; i < MAX_LIST; i++) {
        ct_layer_free(against[i]);
        ct_layer_free(tiers[i]);
    }
    ct_layer_free(blocks);
    ct_pop_free(pop);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    int rc = parse(argc, argv, &a);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    ct_ctx *ctx = NULL;
    if (ct_ctx_new(&ctx, NULL)) {
        fputs("coterm: error: cannot create a context\n", stderr);
        return EXIT_INPUT;
    }
    ct_result *r = NULL;
    size_t seen = 0;
    rc = run(ctx, &a, &r);
    cli_report_diags(ctx, &seen);
    if (!rc && a.c.out && ct_result_write(ctx, r, a.c.out, NULL))
        rc = cli_fail(ctx);
    if (!rc && !a.c.quiet)
        report(r, a.c.out);
    ct_result_free(r);
    ct_ctx_free(ctx);
    return rc;
}
