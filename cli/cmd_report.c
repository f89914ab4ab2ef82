/* coterm report: the boundary-fit report (pages, maps, report.json),
 * step by step with a progress bar on a terminal. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_OPTS 48

static const char usage[] =
    "usage: coterm report [--out DIR] [options]\n"
    "  --out DIR          where to write index.html, systems/*.html, report.json,\n"
    "                     report.gpkg and the CSV tables (default: report)\n"
    "  --config CONFIG    report a configuration (block,system,place,...) instead of\n"
    "                     the national boards\n"
    "  --blocks LAYER     the configuration's block layer (default ltla21)\n"
    "  --compare BASE     with --config: compare it with BASE (a configuration CSV,\n"
    "                     or a polygon layer for its top tier) as coterm compare does\n"
    "  --tier NAME=LAYER  a tier drawn as polygons (repeatable, top first) instead of\n"
    "                     --config; the first is the systems\n"
    "  --system CODE      one system's pages only (its code or name): a board pack\n"
    "  --systems LAYER    systems of the national report (default icb22)\n"
    "  --subs LAYER       units below them (default sicbl22)\n"
    "  --upper LAYER, --lower LAYER  councils (default utla21, ltla21)\n"
    "  --title TEXT       the report's title\n"
    "  --pdf              also print the pages to DIR/report.pdf with headless Chromium\n"
    "  --chromium PATH    the Chromium program for --pdf (default: chromium on PATH)\n"
    "  --tolerance T      sliver tolerance (default 0.01)\n"
    "  --method M         auto (default), bestfit or areal\n"
    "  --threads N        overlay worker threads\n"
    "  -q, --quiet        no progress bar and no closing line\n"
    "Exit status 0 when the report was written, 1 usage error, 2 bad input (nothing\n"
    "is written then).\n";

enum {
    OPT_CONFIG = 500, OPT_BLOCKS, OPT_TIER, OPT_SYSTEM, OPT_SYSTEMS, OPT_SUBS, OPT_UPPER,
    OPT_LOWER, OPT_TITLE, OPT_PDF, OPT_CHROMIUM, OPT_COMPARE
};

typedef struct report_args {
    cli_common c;
    char *opt[MAX_OPTS]; /* KEY=VALUE, owned */
    size_t n;
} report_args;

static int add(report_args *a, const char *key, const char *val)
{
    if (a->n + 1 >= MAX_OPTS)
        return cli_usage_error("report", "too many options");
    size_t len = strlen(key) + strlen(val) + 2;
    if (!(a->opt[a->n] = malloc(len))) {
        fputs("coterm: error: out of memory\n", stderr);
        return EXIT_INPUT;
    }
    snprintf(a->opt[a->n++], len, "%s=%s", key, val);
    return EXIT_OK;
}

static int parse(int argc, char **argv, report_args *a)
{
    static const struct {
        int code;
        const char *key;
    } keys[] = {{OPT_CONFIG, "CONFIG"}, {OPT_BLOCKS, "BLOCKS"},   {OPT_TIER, "TIER"},
                {OPT_SYSTEM, "SYSTEM"}, {OPT_SYSTEMS, "SYSTEMS"}, {OPT_SUBS, "SUBS"},
                {OPT_UPPER, "UPPER"},   {OPT_LOWER, "LOWER"},     {OPT_TITLE, "TITLE"},
                {OPT_CHROMIUM, "CHROMIUM"}, {OPT_COMPARE, "COMPARE"}};
    static const struct option own[] = {
        {"config", required_argument, NULL, OPT_CONFIG},
        {"blocks", required_argument, NULL, OPT_BLOCKS},
        {"tier", required_argument, NULL, OPT_TIER},
        {"system", required_argument, NULL, OPT_SYSTEM},
        {"systems", required_argument, NULL, OPT_SYSTEMS},
        {"subs", required_argument, NULL, OPT_SUBS},
        {"upper", required_argument, NULL, OPT_UPPER},
        {"lower", required_argument, NULL, OPT_LOWER},
        {"title", required_argument, NULL, OPT_TITLE},
        {"pdf", no_argument, NULL, OPT_PDF},
        {"chromium", required_argument, NULL, OPT_CHROMIUM},
        {"compare", required_argument, NULL, OPT_COMPARE},
    };
    struct option opts[64];
    if (cli_options_join(opts, sizeof opts / sizeof opts[0], own, sizeof own / sizeof own[0],
                         NULL, 0))
        return cli_usage_error("report", "internal: too many options");
    int opt, rc = EXIT_OK;
    optind = 1;
    while (!rc && (opt = cli_next_option(argc, argv, opts, "report", &rc)) != -1) {
        if (opt == 'h') {
            fputs(usage, stdout);
            return CLI_HELP_SHOWN;
        }
        if (opt == OPT_PDF) {
            rc = add(a, "PDF", "YES");
            continue;
        }
        size_t k = 0;
        while (k < sizeof keys / sizeof keys[0] && keys[k].code != opt)
            k++;
        if (k < sizeof keys / sizeof keys[0])
            rc = add(a, keys[k].key, optarg);
        else if (!cli_common_take(&a->c, opt, optarg) || opt == OPT_POP || opt == OPT_NO_POP ||
                 opt == OPT_POP_FIELD || opt == OPT_POP_ID || opt == OPT_DISSOLVE)
            return cli_unknown_option("report", argv[optind - 1]);
    }
    if (!rc && optind < argc)
        return cli_usage_error("report", "unexpected argument (a configuration goes with "
                                         "--config)");
    if (!rc && a->c.method)
        rc = add(a, "METHOD", a->c.method);
    if (!rc && a->c.tolerance)
        rc = add(a, "TOLERANCE", a->c.tolerance);
    return rc;
}

/* One line redrawn in place: [#####-----] 3/10 what it is doing. */
static void progress(size_t done, size_t n, const char *what, double secs)
{
    char bar[21];
    size_t fill = n ? done * 20 / n : 20;
    for (size_t i = 0; i < 20; i++)
        bar[i] = i < fill ? '#' : '-';
    bar[20] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu %5.1f s  %s", bar, done, n, secs, what);
    fflush(stderr);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int run(ct_ctx *ctx, const report_args *a, const char *dir)
{
    ct_report_job *job = NULL;
    if (ct_report_job_new(ctx, &job, dir, (const char *const *)a->opt))
        return cli_fail(ctx);
    bool bar = !a->c.quiet && isatty(2);
    double t0 = now();
    size_t n = ct_report_job_nsteps(job), seen = 0;
    int rc = EXIT_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (bar)
            progress(i, n, ct_report_job_step_name(job, i), now() - t0);
        if (ct_report_job_step(ctx, job)) {
            if (bar)
                fputs("\n", stderr);
            rc = cli_fail(ctx);
        }
    }
    if (bar && !rc) {
        progress(n, n, "done", now() - t0);
        fputs("\n", stderr);
    }
    cli_report_diags(ctx, &seen);
    if (!rc && !a->c.quiet)
        printf("coterm report: wrote %s in %.1f s; open %s/%s\n", dir, now() - t0, dir,
               ct_report_job_page(job));
    ct_report_job_free(job);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    report_args a = {0};
    int rc = parse(argc, argv, &a);
    ct_ctx *ctx = NULL;
    if (!rc)
        rc = cli_ctx_new(&a.c, &ctx);
    if (!rc)
        rc = run(ctx, &a, a.c.out ? a.c.out : "report");
    ct_ctx_free(ctx);
    for (size_t i = 0; i < a.n; i++)
        free(a.opt[i]);
    return rc == CLI_HELP_SHOWN ? EXIT_OK : rc;
}
