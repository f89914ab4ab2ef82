/* coterm suggest CONFIG --tier TIER --against LAYER --out DIR: moves of blocks
 * that most improve a tier's fit with a statutory layer (docs/scenario.md). */
#include "cli_scenario.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm suggest CONFIG --tier TIER --against LAYER --out DIR [options]\n"
    "  CONFIG             configuration CSV (block,TIER1,TIER2,...), or a polygon layer\n"
    "  --tier TIER        the tier to improve\n"
    "  --against LAYER    the statutory layer to fit (e.g. ltla21)\n"
    "  --out DIR          write moves.csv, suggestions.csv, config.csv (the improved\n"
    "                     configuration) and suggest.json\n"
    "  --keep-band        keep every unit within its tier's population band\n"
    "  --band TIER=MIN:MAX  the band (defaults: system 1-3 million, place 250-500\n"
    "                     thousand, neighbourhood 30-50 thousand)\n"
    "  --max-moves N      at most N moves (default: while a move improves the fit)\n"
    "  --blocks LAYER     the block layer of CONFIG (default ltla21)\n"
    "  --tolerance T, --method M, --pop LAYER --pop-field F, --no-pop, --crs EPSG:N,\n"
    "  --assume-crs EPSG:N, --strict  as for coterm check\n"
    "  -q, --quiet        no summary\n"
    "Moves reduce the councils the tier splits, then raise its population-weighted\n"
    "fit; units stay contiguous and within their parent, units of the tier below\n"
    "move whole. Exit status 0 when it ran, 1 usage error, 2 bad input.\n";

enum { OPT_TIER = 700, OPT_KEEP_BAND, OPT_MAX_MOVES };

typedef struct sargs {
    const char *tier, *max_moves;
    int keep_band;
} sargs;

static int take(cli_scen *s, int opt, const char *arg, void *user)
{
    (void)s;
    sargs *a = user;
    switch (opt) {
    case OPT_TIER: a->tier = arg; return EXIT_OK;
    case OPT_KEEP_BAND: a->keep_band = 1; return EXIT_OK;
    case OPT_MAX_MOVES: a->max_moves = arg; return EXIT_OK;
    default: return -2;
    }
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static void print_state(const char *what, json_t *o)
{
    printf("  %-7s %lld councils split, %s fit %.4f\n", what,
           json_integer_value(json_object_get(o, "council_splits")), str(o, "fit_basis"),
           json_number_value(json_object_get(o, "fit")));
}

#define MAX_SHOWN 20

static void print_suggest(const ct_result *r, const char *out)
{
    json_t *d = json_loads(ct_result_doc(r, "suggest"), 0, NULL);
    if (!d)
        return;
    json_t *moved = json_object_get(d, "moved"), *list = json_object_get(d, "suggestions");
    printf("coterm suggest: %s, tier %s against %s\n", str(d, "config"), str(d, "tier"),
           str(d, "against"));
    print_state("before", json_object_get(d, "before"));
    print_state("after", json_object_get(d, "after"));
    printf("  %lld moves of %lld blocks%s\n", json_integer_value(json_object_get(moved, "moves")),
           json_integer_value(json_object_get(moved, "blocks")),
           !strcmp(str(d, "stopped"), "max_moves") ? " (stopped at --max-moves)" : "");
    for (size_t i = 0; i < json_array_size(list) && i < MAX_SHOWN; i++) {
        json_t *m = json_array_get(list, i), *p = json_object_get(m, "population");
        long long nb = json_integer_value(json_object_get(m, "blocks"));
        long long nr = json_integer_value(json_object_get(m, "councils_resolved"));
        char people[64] = "";
        if (json_is_number(p))
            snprintf(people, sizeof people, ", %.0f people", json_number_value(p));
        printf("  %2zu. %s -> %s: %lld block%s%s of %s (%s); %lld council%s no longer split, "
               "fit %.4f\n",
               i + 1, str(m, "from"), str(m, "to"), nb, nb == 1 ? "" : "s", people,
               str(m, "council_name"), str(m, "council"), nr, nr == 1 ? "" : "s",
               json_number_value(json_object_get(m, "fit_after")));
    }
    if (json_array_size(list) > MAX_SHOWN)
        printf("  ... %zu more in suggestions.csv\n", json_array_size(list) - MAX_SHOWN);
    if (out)
        printf("wrote %s\n", out);
    json_decref(d);
}

int cmd_suggest(int argc, char **argv)
{
    static const struct option own[] = {
        {"tier", required_argument, NULL, OPT_TIER},
        {"keep-band", no_argument, NULL, OPT_KEEP_BAND},
        {"max-moves", required_argument, NULL, OPT_MAX_MOVES},
    };
    cli_scen s = {0};
    sargs a = {0};
    int rc = cli_scen_parse(argc, argv, "suggest", usage, own, 3, &s, take, &a);
    if (rc)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (argc - optind != 1)
        return cli_usage_error("suggest", "expected one configuration");
    if (!a.tier)
        return cli_usage_error("suggest", "expected --tier TIER");
    if (s.nagainst != 1)
        return cli_usage_error("suggest", "expected one --against LAYER");
    if (!s.c.out)
        return cli_usage_error("suggest", "expected --out DIR");
    cli_opts extra = {0};
    cli_opts_add(&extra, "KEEP_BAND", a.keep_band ? "YES" : NULL);
    cli_opts_add(&extra, "MAX_MOVES", a.max_moves);
    ct_config *cfg = NULL;
    ct_result *r = NULL;
    rc = cli_scen_open(&s);
    if (!rc)
        rc = cli_scen_config(&s, argv[optind], &cfg);
    if (!rc && ct_suggest(s.ctx, &r, cfg, a.tier, s.ag[0], s.bl, s.pop,
                          cli_scen_opts(&s, cli_opts_list(&extra))))
        rc = cli_fail(s.ctx);
    ct_config_free(cfg);
    cli_opts_free(&extra);
    return cli_scen_finish(&s, r, rc, print_suggest);
}
