/* coterm check CONFIG --out DIR: check a place configuration's tiers against
 * each other and statutory boundaries. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_LIST 16
#define MAX_SHOWN 10 /* the top findings: by severity, then people */

static const char usage[] =
    "usage: coterm check CONFIG --out DIR [options]\n"
    "       coterm check --tier NAME=LAYER [--tier NAME=LAYER]... --out DIR [options]\n"
    "  CONFIG             CSV: block,TIER1,TIER2,... (top tier first); cells hold unit\n"
    "                     codes or names of each tier; a column TIER_name right after\n"
    "                     a tier names its units\n"
    "  --out DIR          write findings.json, findings.csv, units.csv, nesting.csv,\n"
    "                     tiers.gpkg and summary.json (without it, only the summary)\n"
    "  --ignore COLUMN    leave a column of CONFIG out (repeatable)\n"
    "  --blocks LAYER     layer whose ids the block column holds (default ltla21)\n"
    "  --blocks-id F, --blocks-name F  its id and name fields\n"
    "  --against LAYER    statutory layer to compare with (repeatable; default\n"
    "                     utla21, ltla21 and sicbl22, e.g. ccg21 for 2021's CCGs);\n"
    "                     --b-id F, --b-name F its fields\n"
    "  --tier NAME=LAYER  a tier drawn as polygons (repeatable, top first) instead\n"
    "                     of CONFIG, e.g. the layers of a tiers.gpkg check wrote\n"
    "  --tier-id NAME=F, --tier-name NAME=F  that tier's id and name fields\n"
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

enum {
    OPT_BLOCKS = 400, OPT_BLOCKS_ID, OPT_BLOCKS_NAME, OPT_AGAINST, OPT_TIER, OPT_BAND,
    OPT_IGNORE, OPT_TIER_ID, OPT_TIER_NAME
};

typedef struct check_args {
    cli_common c;
    const char *config, *blocks, *blocks_id, *blocks_name;
    const char *against[MAX_LIST], *tier[MAX_LIST], *band[MAX_LIST], *ignore[MAX_LIST];
    const char *tier_id[MAX_LIST], *tier_name[MAX_LIST];
    size_t nagainst, ntier, nband, nignore, ntier_id, ntier_name;
} check_args;

static int push(const char **list, size_t *n, const char *v)
{
    if (*n >= MAX_LIST)
        return cli_usage_error("check", "too many repeated options");
    list[(*n)++] = v;
    return EXIT_OK;
}

/* NAME=VALUE with both sides non-empty. */
static bool pair_ok(const char *s, bool colon)
{
    const char *eq = strchr(s, '=');
    return eq && eq != s && eq[1] && (!colon || strchr(eq, ':'));
}

/* The value of NAME in NAME=VALUE arguments (case-insensitive), or NULL. */
static const char *value_for(const char *const *list, size_t n, const char *name, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (!strncasecmp(list[i], name, len) && list[i][len] == '=')
            return list[i] + len + 1;
    return NULL;
}

/* Every --tier-id/--tier-name names a --tier. */
static int check_tier_fields(const check_args *a, const char *const *list, size_t n,
                             const char *opt)
{
    for (size_t i = 0; i < n; i++) {
        if (!pair_ok(list[i], false)) {
            fprintf(stderr, "coterm check: %s expects NAME=FIELD (see 'coterm check --help')\n",
                    opt);
            return EXIT_USAGE;
        }
        size_t len = (size_t)(strchr(list[i], '=') - list[i]);
        if (!value_for(a->tier, a->ntier, list[i], len)) {
            fprintf(stderr, "coterm check: %s %s names no --tier (see 'coterm check --help')\n",
                    opt, list[i]);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static int check_args_valid(const check_args *a)
{
    if (!a->config && !a->ntier)
        return cli_usage_error("check", "expected a configuration file or --tier NAME=LAYER");
    if (a->config && a->ntier)
        return cli_usage_error("check", "give a configuration file or --tier layers, not both");
    if (a->ntier && (a->blocks || a->blocks_id || a->blocks_name))
        return cli_usage_error("check", "--blocks, --blocks-id and --blocks-name apply to a "
                                        "configuration file");
    if (a->ntier && a->nignore)
        return cli_usage_error("check", "--ignore applies to a configuration file");
    if (a->c.a_id || a->c.a_name)
        return cli_usage_error("check", "--a-id and --a-name have no meaning here: use "
                                        "--blocks-id/--blocks-name, or --tier-id/--tier-name "
                                        "NAME=FIELD");
    for (size_t i = 0; i < a->ntier; i++)
        if (!pair_ok(a->tier[i], false))
            return cli_usage_error("check", "--tier expects NAME=LAYER");
    for (size_t i = 0; i < a->nband; i++)
        if (!pair_ok(a->band[i], true))
            return cli_usage_error("check", "--band expects TIER=MIN:MAX");
    int rc = check_tier_fields(a, a->tier_id, a->ntier_id, "--tier-id");
    return rc ? rc : check_tier_fields(a, a->tier_name, a->ntier_name, "--tier-name");
}

static int parse(int argc, char **argv, check_args *a)
{
    static const struct option own[] = {
        {"blocks", required_argument, NULL, OPT_BLOCKS},
        {"blocks-id", required_argument, NULL, OPT_BLOCKS_ID},
        {"blocks-name", required_argument, NULL, OPT_BLOCKS_NAME},
        {"against", required_argument, NULL, OPT_AGAINST},
        {"tier", required_argument, NULL, OPT_TIER},
        {"tier-id", required_argument, NULL, OPT_TIER_ID},
        {"tier-name", required_argument, NULL, OPT_TIER_NAME},
        {"band", required_argument, NULL, OPT_BAND},
        {"ignore", required_argument, NULL, OPT_IGNORE},
    };
    struct option opts[64];
    if (cli_options_join(opts, sizeof opts / sizeof opts[0], own, sizeof own / sizeof own[0],
                         NULL, 0))
        return cli_usage_error("check", "internal: too many options");
    int opt, rc = EXIT_OK;
    optind = 1;
    while (!rc && (opt = cli_next_option(argc, argv, opts, "check", &rc)) != -1) {
        switch (opt) {
        case 'h': fputs(usage, stdout); return -1;
        case OPT_BLOCKS: a->blocks = optarg; break;
        case OPT_BLOCKS_ID: a->blocks_id = optarg; break;
        case OPT_BLOCKS_NAME: a->blocks_name = optarg; break;
        case OPT_AGAINST: rc = push(a->against, &a->nagainst, optarg); break;
        case OPT_TIER: rc = push(a->tier, &a->ntier, optarg); break;
        case OPT_TIER_ID: rc = push(a->tier_id, &a->ntier_id, optarg); break;
        case OPT_TIER_NAME: rc = push(a->tier_name, &a->ntier_name, optarg); break;
        case OPT_BAND: rc = push(a->band, &a->nband, optarg); break;
        case OPT_IGNORE: rc = push(a->ignore, &a->nignore, optarg); break;
        default:
            if (!cli_common_take(&a->c, opt, optarg))
                return cli_unknown_option("check", argv[optind - 1]);
        }
    }
    if (rc)
        return rc;
    if (argc - optind > 1)
        return cli_usage_error("check", "expected one configuration file");
    a->config = argc - optind == 1 ? argv[optind] : NULL;
    return check_args_valid(a);
}

/* METHOD, TOLERANCE, BAND_<TIER> and IGNORE options for the library, each
 * at its full length (caller frees each). */
static int check_opts(const check_args *a, char **list)
{
    size_t k = 0;
    if (a->c.method)
        list[k++] = cli_sprintf("METHOD=%s", a->c.method);
    if (a->c.tolerance)
        list[k++] = cli_sprintf("TOLERANCE=%s", a->c.tolerance);
    for (size_t i = 0; i < a->nband; i++) {
        const char *eq = strchr(a->band[i], '=');
        list[k++] = cli_sprintf("BAND_%.*s=%s", (int)(eq - a->band[i]), a->band[i], eq + 1);
    }
    for (size_t i = 0; i < a->nignore; i++)
        list[k++] = cli_sprintf("IGNORE=%s", a->ignore[i]);
    list[k] = NULL;
    for (size_t i = 0; i < k; i++)
        if (!list[i]) {
            fputs("coterm: error: out of memory\n", stderr);
            return EXIT_INPUT;
        }
    return EXIT_OK;
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

/* A layer with its own id and name fields (NULL: detected). */
static int open_with(ct_ctx *ctx, const check_args *a, const char *spec, const char *id,
                     const char *name, ct_layer **out)
{
    cli_common c = a->c;
    c.a_id = id;
    c.a_name = name;
    return cli_open_layer(ctx, &c, 'a', spec, out);
}

/* Open every --tier layer with its --tier-id and --tier-name fields. */
static int open_tiers(ct_ctx *ctx, const check_args *a, char **names, ct_layer **tiers)
{
    for (size_t i = 0; i < a->ntier; i++) {
        size_t len = (size_t)(strchr(a->tier[i], '=') - a->tier[i]);
        if (!(names[i] = cli_sprintf("%.*s", (int)len, a->tier[i]))) {
            fputs("coterm: error: out of memory\n", stderr);
            return EXIT_INPUT;
        }
        int rc = open_with(ctx, a, a->tier[i] + len + 1,
                           value_for(a->tier_id, a->ntier_id, a->tier[i], len),
                           value_for(a->tier_name, a->ntier_name, a->tier[i], len), &tiers[i]);
        if (rc)
            return rc;
    }
    return EXIT_OK;
}

static int run(ct_ctx *ctx, const check_args *a, ct_result **r)
{
    ct_layer *blocks = NULL, *against[MAX_LIST] = {0}, *tiers[MAX_LIST] = {0};
    char *names[MAX_LIST] = {0}, *opts[3 + 2 * MAX_LIST] = {0};
    ct_pop *pop = NULL;
    int rc = check_opts(a, opts);
    if (!rc)
        rc = cli_open_pop(ctx, &a->c, &pop);
    /* --blocks-id and --blocks-name also apply to the default ltla21 */
    if (!rc && a->config && (a->blocks || a->blocks_id || a->blocks_name))
        rc = open_with(ctx, a, a->blocks ? a->blocks : "ltla21", a->blocks_id, a->blocks_name,
                       &blocks);
    for (size_t i = 0; !rc && i < a->nagainst; i++)
        rc = cli_open_layer(ctx, &a->c, 'b', a->against[i], &against[i]);
    if (!rc && a->ntier)
        rc = open_tiers(ctx, a, names, tiers);
    const ct_layer *const *ag = a->nagainst ? (const ct_layer *const *)against : NULL;
    const char *const *o = (const char *const *)opts;
    ct_status st = CT_OK;
    if (!rc && a->config)
        st = ct_check(ctx, r, a->config, blocks, ag, a->nagainst, pop, o);
    else if (!rc)
        st = ct_check_tiers(ctx, r, (const char *const *)names, (const ct_layer *const *)tiers,
                            a->ntier, ag, a->nagainst, pop, o);
    if (!rc && st)
        rc = cli_fail(ctx);
    for (size_t i = 0; i < MAX_LIST; i++) {
        ct_layer_free(against[i]);
        ct_layer_free(tiers[i]);
        free(names[i]);
    }
    for (size_t i = 0; opts[i]; i++)
        free(opts[i]);
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
