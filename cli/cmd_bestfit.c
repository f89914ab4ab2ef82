/* coterm bestfit SMALL BIG [--out FILE]: ONS-style best-fit lookup. */
#include "cli.h"

#include <stdio.h>

static const char usage[] =
    "usage: coterm bestfit SMALL BIG [--out FILE] [options]\n"
    "  each unit of SMALL to the one unit of BIG holding most of its population\n"
    "  (CSV: small_id,small_name,big_id,big_name,pop,share,method,basis,class);\n"
    "  units in no unit of BIG are listed with an empty big_id.\n"
    "  Options as for 'coterm fit' (--method, --tolerance, --pop, --a-id for SMALL,\n"
    "  --b-id for BIG, --crs, --assume-crs, --dissolve, --strict).\n";

int cmd_bestfit(int argc, char **argv)
{
    cli_common c = {0};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "o:qh", cli_common_options, NULL)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        }
        if (!cli_common_take(&c, opt, optarg))
            return cli_usage_error("bestfit", "unknown option");
    }
    if (argc - optind != 2)
        return cli_usage_error("bestfit", "expected two layers SMALL and BIG");
    ct_ctx *ctx = NULL;
    int ctx_rc = cli_ctx_new(&c, &ctx);
    if (ctx_rc)
        return ctx_rc;
    ct_layer *small = NULL, *big = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    size_t seen = 0;
    char buf[8][256];
    int rc = cli_open_layer(ctx, &c, 'a', argv[optind], &small);
    if (!rc)
        rc = cli_open_layer(ctx, &c, 'b', argv[optind + 1], &big);
    if (!rc)
        rc = cli_open_pop(ctx, &c, &pop);
    if (!rc && ct_bestfit(ctx, &r, small, big, pop, cli_fit_opts(&c, buf, 8)))
        rc = cli_fail(ctx);
    cli_report_diags(ctx, &seen);
    if (!rc && ct_table_write(ctx, ct_result_table_by_name(r, "bestfit"), c.out ? c.out : "-",
                              c.out ? (const char *const[]){"FORMAT=CSV", NULL} : NULL))
        rc = cli_fail(ctx);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(small);
    ct_layer_free(big);
    ct_ctx_free(ctx);
    return rc;
}
