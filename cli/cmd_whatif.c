/* coterm whatif CONFIG --move BLOCK=TIER:UNIT ...: try moves without editing
 * files, and compare the result with the configuration (docs/scenario.md). */
#include "cli_scenario.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm whatif CONFIG --move BLOCK=TIER:UNIT [--move ...] [--out DIR] [options]\n"
    "  CONFIG             configuration CSV (block,TIER1,TIER2,...)\n"
    "  --move BLOCK=TIER:UNIT  move a block to an existing unit of a tier (repeatable,\n"
    "                     applied in order); it takes the unit's parents in the tiers\n"
    "                     above\n"
    "  --out DIR          write the files of coterm compare and config.csv (the\n"
    "                     moved configuration)\n"
    "  --blocks LAYER, --against LAYER, --band TIER=MIN:MAX and the other options of\n"
    "  coterm compare\n"
    "Exit status 0 when it ran, 1 usage error (a malformed move or unknown tier),\n"
    "2 bad input (an unknown block or unit).\n";

enum { OPT_MOVE = 600 };
#define MAX_MOVES 256

typedef struct moves {
    const char *v[MAX_MOVES];
    size_t n;
} moves;

static int take(cli_scen *s, int opt, const char *arg, void *user)
{
    (void)s;
    moves *m = user;
    if (opt != OPT_MOVE)
        return -2;
    if (m->n >= MAX_MOVES)
        return cli_usage_error("whatif", "too many --move options");
    m->v[m->n++] = arg;
    return EXIT_OK;
}

int cmd_whatif(int argc, char **argv)
{
    static const struct option own[] = {{"move", required_argument, NULL, OPT_MOVE}};
    cli_scen s = {0};
    moves m = {0};
    int rc = cli_scen_parse(argc, argv, "whatif", usage, own, 1, &s, take, &m);
    if (rc)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (argc - optind != 1)
        return cli_usage_error("whatif", "expected one configuration file");
    if (m.n == 0)
        return cli_usage_error("whatif", "expected at least one --move BLOCK=TIER:UNIT");
    ct_config *cfg = NULL;
    ct_result *r = NULL;
    rc = cli_scen_open(&s);
    if (!rc)
        rc = cli_scen_config(&s, argv[optind], &cfg);
    const ct_layer *const *ag = s.nagainst ? (const ct_layer *const *)s.ag : NULL;
    if (!rc && ct_whatif(s.ctx, &r, cfg, m.v, m.n, s.bl, ag, s.nagainst, s.pop,
                         cli_scen_opts(&s, NULL)))
        rc = cli_fail(s.ctx);
    ct_config_free(cfg);
    return cli_scen_finish(&s, r, rc, cli_print_compare);
}
