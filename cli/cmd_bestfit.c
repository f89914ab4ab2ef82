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
    cli_pair p;
    int rc = cli_pair_open(&p, argc, argv, "bestfit", usage,
                           "expected two layers SMALL and BIG");
    ct_result *r = NULL;
    cli_opts o = {0};
    cli_fit_opts(&p.c, &o);
    if (!rc && ct_bestfit(p.ctx, &r, p.a, p.b, p.pop, cli_opts_list(&o)))
        rc = cli_fail(p.ctx);
    if (p.ctx)
        cli_report_diags(p.ctx, &p.seen);
    const char *const csv[] = {"FORMAT=CSV", NULL};
    if (!rc && ct_table_write(p.ctx, ct_result_table_by_name(r, "bestfit"),
                              p.c.out ? p.c.out : "-", p.c.out ? csv : NULL))
        rc = cli_fail(p.ctx);
    ct_result_free(r);
    cli_opts_free(&o);
    cli_pair_close(&p);
    return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
}
