/* Shared CLI helpers: exit codes, option sets, reporting. Public API only. */
#ifndef COTERM_CLI_H
#define COTERM_CLI_H

#include <coterm.h>
#include <getopt.h>

enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_INPUT = 2 };

/* Options shared by commands that read layers and population. */
typedef struct cli_common {
    const char *a_id, *b_id, *a_name, *b_name;
    const char *assume_crs, *crs;
    const char *pop, *pop_field, *pop_id;
    const char *method, *tolerance;
    const char *out, *threads;
    int dissolve, strict, no_pop, quiet;
} cli_common;

/* getopt_long codes for the shared options (values above 255). */
enum {
    OPT_A_ID = 256, OPT_B_ID, OPT_A_NAME, OPT_B_NAME, OPT_ASSUME_CRS, OPT_CRS, OPT_POP,
    OPT_POP_FIELD, OPT_POP_ID, OPT_METHOD, OPT_TOLERANCE, OPT_DISSOLVE, OPT_STRICT, OPT_NO_POP,
    OPT_THREADS
};
extern const struct option cli_common_options[];
/* opts (room for cap entries) = own, then more, then cli_common_options and
 * the terminator; 0, or -1 if they do not fit. own and more may be NULL when
 * their count is 0. */
int cli_options_join(struct option *opts, size_t cap, const struct option *own, size_t nown,
                     const struct option *more, size_t nmore);

/* Take a shared option; 1 if it was one, 0 if not. */
int cli_common_take(cli_common *c, int opt, const char *arg);

/* A NULL-terminated "KEY=VALUE" list for the library, each option at its
 * full length (cli_opts.c). Out of memory ends the program with exit 2. */
typedef struct cli_opts {
    char **v;
    size_t n, cap;
} cli_opts;
void cli_opts_add(cli_opts *o, const char *key, const char *val); /* val NULL: nothing */
void cli_opts_addf(cli_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_opts_add_list(cli_opts *o, const char *const *list);      /* copies */
const char *const *cli_opts_list(cli_opts *o);                      /* borrowed from o */
void cli_opts_free(cli_opts *o);

/* Add the layer options for side 'a' or 'b' (or 0 for neither), or the
 * fit options (METHOD, TOLERANCE), to o. */
void cli_layer_opts(const cli_common *c, char side, cli_opts *o);
void cli_fit_opts(const cli_common *c, cli_opts *o);

/* A context with the --threads option; prints and returns EXIT_INPUT on failure. */
int cli_ctx_new(const cli_common *c, ct_ctx **out);

/* Open a layer / the population base; report and return EXIT_INPUT on error. */
int cli_open_layer(ct_ctx *ctx, const cli_common *c, char side, const char *spec, ct_layer **out);
int cli_open_pop(ct_ctx *ctx, const cli_common *c, ct_pop **out);

/* Print the library's error as "coterm: error: ..."; EXIT_USAGE for an invalid
 * option (CT_EINVAL), else EXIT_INPUT. */
int cli_fail(ct_ctx *ctx);
/* Print each new diagnostic as one "coterm: warning: ..." line. */
void cli_report_diags(ct_ctx *ctx, size_t *seen);
int cli_usage_error(const char *cmd, const char *msg);
/* An option without its value, and an unknown option, as one usage error
 * naming the option (cli_next_option reports both). */
int cli_missing_value(const char *cmd, const char *opt);
int cli_unknown_option(const char *cmd, const char *opt);
/* getopt_long over "o:qh" and opts with coterm's messages only (not getopt's
 * as well): the next option, or -1 at the end or on a missing value or an
 * unknown option, which is reported and leaves *rc EXIT_USAGE. */
int cli_next_option(int argc, char **argv, const struct option *opts, const char *cmd, int *rc);
/* printf into a new string (free with free()); NULL: no memory. */
char *cli_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A two-layer command's arguments and inputs (fit, bestfit). */
typedef struct cli_pair {
    cli_common c;
    ct_ctx *ctx;
    ct_layer *a, *b;
    ct_pop *pop;
    size_t seen; /* diagnostics already printed */
} cli_pair;

/* Parse options and the two layer arguments, create the context and open
 * both layers and the population base. Returns EXIT_OK, an exit status
 * (the problem printed), or CLI_HELP_SHOWN after printing usage. */
#define CLI_HELP_SHOWN (-1)
int cli_pair_open(cli_pair *p, int argc, char **argv, const char *cmd, const char *usage,
                  const char *two_layers);
void cli_pair_close(cli_pair *p);

int cmd_fit(int argc, char **argv);
int cmd_bestfit(int argc, char **argv);
int cmd_layers(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_pcn(int argc, char **argv);
int cmd_flows(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
