/* Shared by the scenario commands (compare, whatif, suggest): options,
 * inputs, and the printed comparison. Public API only. */
#ifndef COTERM_CLI_SCENARIO_H
#define COTERM_CLI_SCENARIO_H

#include "cli.h"

#define CLI_SC_MAX 16

enum { OPT_SC_BLOCKS = 500, OPT_SC_BLOCKS_ID, OPT_SC_BLOCKS_NAME, OPT_SC_AGAINST, OPT_SC_BAND };

typedef struct cli_scen {
    cli_common c;
    const char *blocks;
    const char *against[CLI_SC_MAX], *band[CLI_SC_MAX];
    size_t nagainst, nband;
    ct_ctx *ctx;
    ct_layer *bl, *ag[CLI_SC_MAX];
    ct_pop *pop;
    size_t seen;
    cli_opts opts; /* of the last cli_scen_opts */
} cli_scen;

/* Parse the shared, scenario and own options; take handles the command's
 * own (returns EXIT_OK, an exit status, or -2 for an unknown option).
 * Returns EXIT_OK, an exit status, or CLI_HELP_SHOWN. */
int cli_scen_parse(int argc, char **argv, const char *cmd, const char *usage,
                   const struct option *own, size_t nown, cli_scen *s,
                   int (*take)(cli_scen *s, int opt, const char *arg, void *user), void *user);
/* The context, population base, blocks (default ltla21) and --against layers. */
int cli_scen_open(cli_scen *s);
void cli_scen_close(cli_scen *s);
/* METHOD, TOLERANCE and BAND_<TIER> options, then extra (NULL-terminated). */
const char *const *cli_scen_opts(cli_scen *s, const char *const *extra);
/* A configuration: a CSV file, or a polygon layer (NAME=LAYER names its tier). */
int cli_scen_config(cli_scen *s, const char *spec, ct_config **out);
/* Write r to --out, print it unless --quiet, free r and close s; returns
 * rc, or the exit status of a failed write. */
int cli_scen_finish(cli_scen *s, ct_result *r, int rc,
                    void (*print)(const ct_result *r, const char *out));
/* The readable table of a ct_compare or ct_whatif result. */
void cli_print_compare(const ct_result *r, const char *out);

#endif
