/* coterm fit A B [--out DIR]: overlay two layers and measure their fit. */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: coterm fit A B [--out DIR] [options]\n"
    "  A, B               layers: PATH[:LAYER] or a built-in name (coterm layers)\n"
    "  --out DIR          write pairs.csv, a_units.csv, b_units.csv, summary.json\n"
    "                     (without it, pairs.csv goes to standard output)\n"
    "  --a-id/--b-id F    id field (default: the single *_code, code or id field)\n"
    "  --a-name/--b-name F  name field (default: matching *_name or name)\n"
    "  --method M         auto (default), bestfit or areal\n"
    "  --tolerance T      sliver tolerance as a share (default 0.01)\n"
    "  --pop LAYER --pop-field F [--pop-id F]  population base (default: lsoa11)\n"
    "  --no-pop           area only\n"
    "  --crs EPSG:N       projected measuring CRS (default EPSG:27700)\n"
    "  --assume-crs EPSG:N  CRS for inputs that have none\n"
    "  --dissolve         merge features that share an id\n"
    "  --strict           invalid geometry is an error, not repaired\n"
    "  --threads N        overlay worker threads (default: the number of CPUs)\n"
    "  -q, --quiet        no summary line\n";

/* A headline index from summary.json, or -1 when absent. */
static double index_of(const ct_result *r, const char *key)
{
    json_t *doc = json_loads(ct_result_doc(r, "summary"), 0, NULL);
    json_t *v = json_object_get(json_object_get(doc, "indices"), key);
    double x = json_is_number(v) ? json_number_value(v) : -1;
    json_decref(doc);
    return x;
}

static void report(const ct_result *r, const ct_layer *a, const ct_layer *b, const char *out)
{
    const ct_table *au = ct_result_table_by_name(r, "a_units");
    const ct_table *bu = ct_result_table_by_name(r, "b_units");
    size_t cls = ct_table_colindex(au, "class"), na = 0, nb = 0;
    for (size_t i = 0; i < ct_table_nrows(au); i++)
        na += !strcmp(ct_table_text(au, i, cls), "coterminous");
    for (size_t i = 0; i < ct_table_nrows(bu); i++)
        nb += !strcmp(ct_table_text(bu, i, cls), "coterminous");
    double fa = index_of(r, "pop_fit_a_in_b"), fb = index_of(r, "pop_fit_b_in_a");
    fprintf(stderr, "coterm fit: %zu x %zu units, %zu pairs; coterminous: %zu of A, %zu of B; ",
            ct_layer_size(a), ct_layer_size(b),
            ct_table_nrows(ct_result_table_by_name(r, "pairs")), na, nb);
    if (fa >= 0 && fb >= 0)
        fprintf(stderr, "population fit A in B %.4f, B in A %.4f; ", fa, fb);
    fprintf(stderr, "wrote %s\n", out);
}

int cmd_fit(int argc, char **argv)
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
            return cli_usage_error("fit", "unknown option");
    }
    if (argc - optind != 2)
        return cli_usage_error("fit", "expected two layers A and B");
    ct_ctx *ctx = NULL;
    int ctx_rc = cli_ctx_new(&c, &ctx);
    if (ctx_rc)
        return ctx_rc;
    ct_layer *a = NULL, *b = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    size_t seen = 0;
    char buf[8][256];
    int rc = cli_open_layer(ctx, &c, 'a', argv[optind], &a);
    if (!rc)
        rc = cli_open_layer(ctx, &c, 'b', argv[optind + 1], &b);
    if (!rc)
        rc = cli_open_pop(ctx, &c, &pop);
    if (!rc && ct_fit(ctx, &r, a, b, pop, cli_fit_opts(&c, buf, 8)))
        rc = cli_fail(ctx);
    cli_report_diags(ctx, &seen);
    if (!rc && c.out && ct_result_write(ctx, r, c.out, NULL))
        rc = cli_fail(ctx);
    if (!rc && !c.out && ct_table_write(ctx, ct_result_table_by_name(r, "pairs"), "-", NULL))
        rc = cli_fail(ctx);
    if (!rc && c.out && !c.quiet)
        report(r, a, b, c.out);
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(a);
    ct_layer_free(b);
    ct_ctx_free(ctx);
    return rc;
}
