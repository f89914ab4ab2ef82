/* Shared CLI helpers over the public API. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct option cli_common_options[] = {
    {"a-id", required_argument, NULL, OPT_A_ID},
    {"b-id", required_argument, NULL, OPT_B_ID},
    {"a-name", required_argument, NULL, OPT_A_NAME},
    {"b-name", required_argument, NULL, OPT_B_NAME},
    {"assume-crs", required_argument, NULL, OPT_ASSUME_CRS},
    {"crs", required_argument, NULL, OPT_CRS},
    {"pop", required_argument, NULL, OPT_POP},
    {"pop-field", required_argument, NULL, OPT_POP_FIELD},
    {"pop-id", required_argument, NULL, OPT_POP_ID},
    {"method", required_argument, NULL, OPT_METHOD},
    {"tolerance", required_argument, NULL, OPT_TOLERANCE},
    {"dissolve", no_argument, NULL, OPT_DISSOLVE},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"no-pop", no_argument, NULL, OPT_NO_POP},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"out", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

int cli_options_join(struct option *opts, size_t cap, const struct option *own, size_t nown,
                     const struct option *more, size_t nmore)
{
    size_t ncommon = 0;
    while (cli_common_options[ncommon].name)
        ncommon++;
    if (nown + nmore + ncommon + 1 > cap)
        return -1;
    if (nown)
        memcpy(opts, own, nown * sizeof *opts);
    if (nmore)
        memcpy(opts + nown, more, nmore * sizeof *opts);
    memcpy(opts + nown + nmore, cli_common_options, (ncommon + 1) * sizeof *opts);
    return 0;
}

int cli_common_take(cli_common *c, int opt, const char *arg)
{
    switch (opt) {
    case OPT_A_ID: c->a_id = arg; return 1;
    case OPT_B_ID: c->b_id = arg; return 1;
    case OPT_A_NAME: c->a_name = arg; return 1;
    case OPT_B_NAME: c->b_name = arg; return 1;
    case OPT_ASSUME_CRS: c->assume_crs = arg; return 1;
    case OPT_CRS: c->crs = arg; return 1;
    case OPT_POP: c->pop = arg; return 1;
    case OPT_POP_FIELD: c->pop_field = arg; return 1;
    case OPT_POP_ID: c->pop_id = arg; return 1;
    case OPT_METHOD: c->method = arg; return 1;
    case OPT_TOLERANCE: c->tolerance = arg; return 1;
    case OPT_DISSOLVE: c->dissolve = 1; return 1;
    case OPT_STRICT: c->strict = 1; return 1;
    case OPT_NO_POP: c->no_pop = 1; return 1;
    case OPT_THREADS: c->threads = arg; return 1;
    case 'o': c->out = arg; return 1;
    case 'q': c->quiet = 1; return 1;
    default: return 0;
    }
}

void cli_layer_opts(const cli_common *c, char side, cli_opts *o)
{
    cli_opts_add(o, "ID_FIELD", side == 'a' ? c->a_id : side == 'b' ? c->b_id : NULL);
    cli_opts_add(o, "NAME_FIELD", side == 'a' ? c->a_name : side == 'b' ? c->b_name : NULL);
    cli_opts_add(o, "ASSUME_CRS", c->assume_crs);
    cli_opts_add(o, "CRS", c->crs);
    cli_opts_add(o, "DISSOLVE", c->dissolve && side ? "YES" : NULL);
    cli_opts_add(o, "STRICT", c->strict ? "YES" : NULL);
    if (!side) {
        cli_opts_add(o, "POP_FIELD", c->pop_field);
        cli_opts_add(o, "ID_FIELD", c->pop_id);
    }
}

void cli_fit_opts(const cli_common *c, cli_opts *o)
{
    cli_opts_add(o, "METHOD", c->method);
    cli_opts_add(o, "TOLERANCE", c->tolerance);
}

int cli_fail(ct_ctx *ctx)
{
    fprintf(stderr, "coterm: error: %s\n", ct_errmsg(ctx));
    /* an invalid option value is a usage error; everything else is input */
    return ct_errcode(ctx) == CT_EINVAL ? EXIT_USAGE : EXIT_INPUT;
}

void cli_report_diags(ct_ctx *ctx, size_t *seen)
{
    for (; *seen < ct_diag_count(ctx); (*seen)++)
        fprintf(stderr, "coterm: warning: %s\n", ct_diag_message(ctx, *seen));
}

int cli_missing_value(const char *cmd, const char *opt)
{
    fprintf(stderr, "coterm %s: option %s needs a value (see 'coterm %s --help')\n", cmd, opt,
            cmd);
    return EXIT_USAGE;
}

int cli_unknown_option(const char *cmd, const char *opt)
{
    fprintf(stderr, "coterm %s: unknown option %s (see 'coterm %s --help')\n", cmd, opt, cmd);
    return EXIT_USAGE;
}

int cli_next_option(int argc, char **argv, const struct option *opts, const char *cmd, int *rc)
{
    opterr = 0;
    int opt = getopt_long(argc, argv, ":o:qh", opts, NULL);
    if (opt == ':')
        *rc = cli_missing_value(cmd, argv[optind - 1]);
    else if (opt == '?')
        *rc = cli_unknown_option(cmd, argv[optind - 1]);
    return opt == ':' || opt == '?' ? -1 : opt;
}

char *cli_sprintf(const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    va_end(ap);
    return s;
}

int cli_usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "coterm %s: %s (see 'coterm %s --help')\n", cmd, msg, cmd);
    return EXIT_USAGE;
}

int cli_open_layer(ct_ctx *ctx, const cli_common *c, char side, const char *spec,
                   ct_layer **out)
{
    cli_opts o = {0};
    cli_layer_opts(c, side, &o);
    int rc = ct_layer_open(ctx, out, spec, cli_opts_list(&o)) ? cli_fail(ctx) : EXIT_OK;
    cli_opts_free(&o);
    return rc;
}

int cli_open_pop(ct_ctx *ctx, const cli_common *c, ct_pop **out)
{
    *out = NULL;
    if (c->no_pop)
        return EXIT_OK;
    cli_opts o = {0};
    cli_layer_opts(c, 0, &o);
    int rc = ct_pop_open(ctx, out, c->pop, cli_opts_list(&o)) ? cli_fail(ctx) : EXIT_OK;
    cli_opts_free(&o);
    return rc;
}

int cli_ctx_new(const cli_common *c, ct_ctx **out)
{
    cli_opts o = {0};
    cli_opts_add(&o, "THREADS", c->threads);
    *out = NULL;
    ct_status st = ct_ctx_new(out, cli_opts_list(&o));
    cli_opts_free(&o);
    if (st == CT_OK)
        return EXIT_OK;
    if (st == CT_EINVAL)
        fprintf(stderr, "coterm: error: --threads %s: expected a whole number from 1 to 64\n",
                c->threads ? c->threads : "");
    else
        fprintf(stderr, "coterm: error: cannot create a context (%s)\n", ct_status_name(st));
    return st == CT_EINVAL ? EXIT_USAGE : EXIT_INPUT;
}

int cli_pair_open(cli_pair *p, int argc, char **argv, const char *cmd, const char *usage,
                  const char *two_layers)
{
    *p = (cli_pair){0};
    int opt, rc = EXIT_OK;
    optind = 1;
    while ((opt = cli_next_option(argc, argv, cli_common_options, cmd, &rc)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return CLI_HELP_SHOWN;
        }
        if (!cli_common_take(&p->c, opt, optarg))
            return cli_unknown_option(cmd, argv[optind - 1]);
    }
    if (rc)
        return rc;
    if (argc - optind != 2)
        return cli_usage_error(cmd, two_layers);
    rc = cli_ctx_new(&p->c, &p->ctx);
    if (!rc)
        rc = cli_open_layer(p->ctx, &p->c, 'a', argv[optind], &p->a);
    if (!rc)
        rc = cli_open_layer(p->ctx, &p->c, 'b', argv[optind + 1], &p->b);
    if (!rc)
        rc = cli_open_pop(p->ctx, &p->c, &p->pop);
    if (p->ctx)
        cli_report_diags(p->ctx, &p->seen);
    return rc;
}

void cli_pair_close(cli_pair *p)
{
    ct_pop_free(p->pop);
    ct_layer_free(p->a);
    ct_layer_free(p->b);
    ct_ctx_free(p->ctx);
    *p = (cli_pair){0};
}
