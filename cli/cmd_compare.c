/* coterm compare BASE PROPOSED: two configurations side by side and their
 * differences (docs/scenario.md). */
#include "cli_scenario.h"

#include <stdio.h>

static const char usage[] =
    "usage: coterm compare BASE PROPOSED [--out DIR] [options]\n"
    "  BASE, PROPOSED     configuration CSVs (block,TIER1,TIER2,...), or polygon\n"
    "                     layers of one tier each (NAME=LAYER names the tier), whose\n"
    "                     units take the blocks they hold most of (as bestfit)\n"
    "  --out DIR          write compare.json, moves.csv, findings_diff.csv,\n"
    "                     units_diff.csv and scorecard.csv\n"
    "  --blocks LAYER     the block layer of both (default ltla21)\n"
    "  --blocks-id F, --blocks-name F  its id and name fields\n"
    "  --against LAYER    statutory layer (repeatable; default as coterm check)\n"
    "  --band TIER=MIN:MAX, --tolerance T, --method M, --pop LAYER --pop-field F,\n"
    "  --no-pop, --crs EPSG:N, --assume-crs EPSG:N, --strict  as for coterm check\n"
    "  -q, --quiet        no table\n"
    "Exit status 0 when the comparison ran, 1 usage error, 2 bad input.\n";

int cmd_compare(int argc, char **argv)
{
    cli_scen s = {0};
    int rc = cli_scen_parse(argc, argv, "compare", usage, NULL, 0, &s, NULL, NULL);
    if (rc)
        return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
    if (argc - optind != 2)
        return cli_usage_error("compare", "expected two configurations BASE and PROPOSED");
    const char *base_spec = argv[optind], *prop_spec = argv[optind + 1];
    ct_config *base = NULL, *prop = NULL;
    ct_result *r = NULL;
    rc = cli_scen_open(&s);
    if (!rc)
        rc = cli_scen_config(&s, base_spec, &base);
    if (!rc)
        rc = cli_scen_config(&s, prop_spec, &prop);
    const ct_layer *const *ag = s.nagainst ? (const ct_layer *const *)s.ag : NULL;
    if (!rc && ct_compare(s.ctx, &r, base, prop, s.bl, ag, s.nagainst, s.pop,
                          cli_scen_opts(&s, NULL)))
        rc = cli_fail(s.ctx);
    ct_config_free(base);
    ct_config_free(prop);
    return cli_scen_finish(&s, r, rc, cli_print_compare);
}
