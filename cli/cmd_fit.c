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
    "  --crs EPSG:N|auto  projected measuring CRS in metres (default EPSG:27700);\n"
    "                     auto: an equal-area CRS chosen for the inputs' extent\n"
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
    cli_pair p;
    int rc = cli_pair_open(&p, argc, argv, "fit", usage, "expected two layers A and B");
    ct_result *r = NULL;
    cli_opts o = {0};
    cli_fit_opts(&p.c, &o);
    if (!rc && ct_fit(p.ctx, &r, p.a, p.b, p.pop, cli_opts_list(&o)))
        rc = cli_fail(p.ctx);
    cli_opts_free(&o);
    if (p.ctx)
        cli_report_diags(p.ctx, &p.seen);
    if (!rc && p.c.out && ct_result_write(p.ctx, r, p.c.out, NULL))
        rc = cli_fail(p.ctx);
    if (!rc && !p.c.out &&
        ct_table_write(p.ctx, ct_result_table_by_name(r, "pairs"), "-", NULL))
        rc = cli_fail(p.ctx);
    if (!rc && p.c.out && !p.c.quiet)
        report(r, p.a, p.b, p.c.out);
    ct_result_free(r);
    cli_pair_close(&p);
    return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
}
