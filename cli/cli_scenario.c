/* Shared by compare, whatif and suggest: their options, opening
 * configurations (CSV or polygon layer) and printing a comparison. */
#include "cli_scenario.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct option scen_options[] = {
    {"blocks", required_argument, NULL, OPT_SC_BLOCKS},
    {"blocks-id", required_argument, NULL, OPT_SC_BLOCKS_ID},
    {"blocks-name", required_argument, NULL, OPT_SC_BLOCKS_NAME},
    {"against", required_argument, NULL, OPT_SC_AGAINST},
    {"band", required_argument, NULL, OPT_SC_BAND},
};

int cli_scen_parse(int argc, char **argv, const char *cmd, const char *usage,
                   const struct option *own, size_t nown, cli_scen *s,
                   int (*take)(cli_scen *s, int opt, const char *arg, void *user), void *user)
{
    struct option opts[64];
    if (cli_options_join(opts, sizeof opts / sizeof opts[0], own, nown, scen_options,
                         sizeof scen_options / sizeof scen_options[0]))
        return cli_usage_error(cmd, "internal: too many options");
    int opt, bad = EXIT_OK;
    optind = 1;
    while ((opt = cli_next_option(argc, argv, opts, cmd, &bad)) != -1) {
        int rc = EXIT_OK;
        switch (opt) {
        case 'h': fputs(usage, stdout); return CLI_HELP_SHOWN;
        case OPT_SC_BLOCKS: s->blocks = optarg; break;
        case OPT_SC_BLOCKS_ID: s->c.a_id = optarg; break;
        case OPT_SC_BLOCKS_NAME: s->c.a_name = optarg; break;
        case OPT_SC_AGAINST:
            if (s->nagainst >= CLI_SC_MAX)
                return cli_usage_error(cmd, "too many --against layers");
            s->against[s->nagainst++] = optarg;
            break;
        case OPT_SC_BAND: {
            const char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !strchr(eq, ':'))
                return cli_usage_error(cmd, "--band expects TIER=MIN:MAX");
            if (s->nband >= CLI_SC_MAX)
                return cli_usage_error(cmd, "too many --band options");
            s->band[s->nband++] = optarg;
            break;
        }
        default:
            if (cli_common_take(&s->c, opt, optarg))
                break;
            rc = take ? take(s, opt, optarg, user) : -2;
            if (rc == -2)
                return cli_unknown_option(cmd, argv[optind - 1]);
        }
        if (rc)
            return rc;
    }
    if (bad)
        return bad;
    return EXIT_OK;
}

const char *const *cli_scen_opts(cli_scen *s, const char *const *extra)
{
    cli_opts_free(&s->opts);
    cli_fit_opts(&s->c, &s->opts);
    for (size_t i = 0; i < s->nband; i++) {
        const char *eq = strchr(s->band[i], '=');
        cli_opts_addf(&s->opts, "BAND_%.*s=%s", (int)(eq - s->band[i]), s->band[i], eq + 1);
    }
    cli_opts_add_list(&s->opts, extra);
    return cli_opts_list(&s->opts);
}

int cli_scen_open(cli_scen *s)
{
    int rc = cli_ctx_new(&s->c, &s->ctx);
    if (!rc)
        rc = cli_open_pop(s->ctx, &s->c, &s->pop);
    if (!rc)
        rc = s->blocks ? cli_open_layer(s->ctx, &s->c, 'a', s->blocks, &s->bl)
                       : cli_open_layer(s->ctx, &s->c, 'a', "ltla21", &s->bl);
    for (size_t i = 0; !rc && i < s->nagainst; i++)
        rc = cli_open_layer(s->ctx, &s->c, 'b', s->against[i], &s->ag[i]);
    if (s->ctx)
        cli_report_diags(s->ctx, &s->seen);
    return rc;
}

void cli_scen_close(cli_scen *s)
{
    for (size_t i = 0; i < s->nagainst; i++)
        ct_layer_free(s->ag[i]);
    ct_layer_free(s->bl);
    ct_pop_free(s->pop);
    if (s->ctx)
        cli_report_diags(s->ctx, &s->seen);
    ct_ctx_free(s->ctx);
    cli_opts_free(&s->opts);
}

int cli_scen_config(cli_scen *s, const char *spec, ct_config **out)
{
    *out = NULL;
    size_t n = strlen(spec);
    if (n > 4 && !strcasecmp(spec + n - 4, ".csv"))
        return ct_config_read(s->ctx, out, spec, s->bl, NULL) ? cli_fail(s->ctx) : EXIT_OK;
    /* NAME=LAYER names the tier (as check --tier); a bare layer is named by itself */
    const char *eq = strchr(spec, '=');
    char *tier = eq && eq != spec ? cli_sprintf("%.*s", (int)(eq - spec), spec) : NULL;
    if (eq && eq != spec && !tier) {
        fputs("coterm: error: out of memory\n", stderr);
        return EXIT_INPUT;
    }
    ct_layer *units = NULL;
    int rc = cli_open_layer(s->ctx, &s->c, 'b', tier ? eq + 1 : spec, &units);
    cli_opts o = {0};
    cli_fit_opts(&s->c, &o);
    if (!rc && ct_config_from_layer(s->ctx, out, tier, units, s->bl, s->pop, cli_opts_list(&o)))
        rc = cli_fail(s->ctx);
    cli_opts_free(&o);
    free(tier);
    ct_layer_free(units);
    cli_report_diags(s->ctx, &s->seen);
    return rc;
}

/* "1,234,567" */
static const char *grouped(double v, char *buf, size_t cap)
{
    char d[32];
    snprintf(d, sizeof d, "%.0f", fabs(v));
    size_t n = strlen(d), k = 0;
    if (v < 0 && k + 1 < cap)
        buf[k++] = '-';
    for (size_t i = 0; i < n && k + 2 < cap; i++) {
        if (i && (n - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = d[i];
    }
    buf[k] = '\0';
    return buf;
}

static const char *people(json_t *v, char *buf, size_t cap)
{
    if (!json_is_number(v)) {
        snprintf(buf, cap, "area only");
        return buf;
    }
    char g[48];
    snprintf(buf, cap, "%s people", grouped(json_number_value(v), g, sizeof g));
    return buf;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* "CODE (Name)" or "CODE" */
/* "CODE (NAME)" at its full length (free it); NULL without memory. */
static char *label(json_t *o, const char *code, const char *name)
{
    const char *c = str(o, code), *n = str(o, name);
    return !*c ? cli_sprintf("(none)") : *n ? cli_sprintf("%s (%s)", c, n) : cli_sprintf("%s", c);
}

/* printf "PREFIX FROM -> TO" and the rest, with the two labels of o. */
static void print_change(const char *prefix, json_t *o, const char *fc, const char *fn,
                         const char *tc, const char *tn, const char *rest)
{
    char *from = label(o, fc, fn), *to = label(o, tc, tn);
    printf("%s%s -> %s%s\n", prefix, from ? from : "?", to ? to : "?", rest);
    free(from);
    free(to);
}

static void print_scorecard(json_t *t)
{
    json_t *b = json_object_get(t, "base"), *p = json_object_get(t, "proposed");
    json_t *sb = json_object_get(b, "statutory"), *sp = json_object_get(p, "statutory");
    printf("  %-10s %-16s %12s %12s\n", "layer", "", "base", "proposed");
    for (size_t l = 0; l < json_array_size(sb); l++) {
        json_t *x = json_array_get(sb, l), *y = json_array_get(sp, l);
        json_t *fx = json_object_get(x, "pop_fit"), *fy = json_object_get(y, "pop_fit");
        bool pop = json_is_number(fx);
        printf("  %-10s %-16s %12lld %12lld\n", str(x, "layer"), "coterminous",
               json_integer_value(json_object_get(x, "coterminous")),
               json_integer_value(json_object_get(y, "coterminous")));
        printf("  %-10s %-16s %12.4f %12.4f\n", "", pop ? "population fit" : "area fit",
               json_number_value(pop ? fx : json_object_get(x, "area_fit")),
               json_number_value(pop ? fy : json_object_get(y, "area_fit")));
        printf("  %-10s %-16s %12lld %12lld\n", "", "councils split",
               json_integer_value(json_object_get(x, "council_splits")),
               json_integer_value(json_object_get(y, "council_splits")));
    }
    json_t *eb = json_object_get(b, "findings"), *ep = json_object_get(p, "findings");
    char fb[64], fp[64];
    snprintf(fb, sizeof fb, "%lld/%lld/%lld", json_integer_value(json_object_get(eb, "error")),
             json_integer_value(json_object_get(eb, "warning")),
             json_integer_value(json_object_get(eb, "info")));
    snprintf(fp, sizeof fp, "%lld/%lld/%lld", json_integer_value(json_object_get(ep, "error")),
             json_integer_value(json_object_get(ep, "warning")),
             json_integer_value(json_object_get(ep, "info")));
    printf("  %-10s %-16s %12s %12s\n", "findings", "error/warn/info", fb, fp);
}

#define MAX_SHOWN 20

static void print_tier(json_t *t)
{
    json_t *u = json_object_get(t, "units");
    json_t *b = json_object_get(t, "base"), *p = json_object_get(t, "proposed");
    bool renamed = strcmp(str(t, "base_tier"), str(t, "proposed_tier")) != 0;
    printf("tier %s%s%s%s%s%s: %lld -> %lld units: %lld same, %lld renamed, %lld changed, "
           "%lld merged, %lld removed, %lld created\n",
           str(t, "tier"), renamed ? " (" : "", renamed ? str(t, "base_tier") : "",
           renamed ? " -> " : "", renamed ? str(t, "proposed_tier") : "", renamed ? ")" : "",
           json_integer_value(json_object_get(b, "units")),
           json_integer_value(json_object_get(p, "units")),
           json_integer_value(json_object_get(u, "same")),
           json_integer_value(json_object_get(u, "renamed")),
           json_integer_value(json_object_get(u, "changed")),
           json_integer_value(json_object_get(u, "merged")),
           json_integer_value(json_object_get(u, "removed")),
           json_integer_value(json_object_get(u, "created")));
    print_scorecard(t);
    json_t *mv = json_object_get(t, "moves"), *moved = json_object_get(t, "moved");
    char pp[64], rest[128];
    printf("  moves: %lld blocks, %s\n", json_integer_value(json_object_get(moved, "blocks")),
           people(json_object_get(moved, "population"), pp, sizeof pp));
    for (size_t i = 0; i < json_array_size(mv) && i < MAX_SHOWN; i++) {
        json_t *m = json_array_get(mv, i);
        snprintf(rest, sizeof rest, ": %lld block%s, %s", /* numbers only */
                 json_integer_value(json_object_get(m, "blocks")),
                 json_integer_value(json_object_get(m, "blocks")) == 1 ? "" : "s",
                 people(json_object_get(m, "population"), pp, sizeof pp));
        print_change("    ", m, "from", "from_name", "to", "to_name", rest);
    }
    if (json_array_size(mv) > MAX_SHOWN)
        printf("    ... %zu more in moves.csv\n", json_array_size(mv) - MAX_SHOWN);
    json_t *rn = json_object_get(t, "renamed"), *ch = json_object_get(t, "unit_changes");
    for (size_t i = 0; i < json_array_size(rn) && i < MAX_SHOWN; i++) {
        print_change("  renamed: ", json_array_get(rn, i), "base_unit", "base_name", "unit",
                     "name", "");
    }
    for (size_t i = 0; i < json_array_size(ch) && i < MAX_SHOWN; i++) {
        json_t *x = json_array_get(ch, i);
        char pb[64], pn[64], *prefix = cli_sprintf("  %-8s ", str(x, "change"));
        snprintf(rest, sizeof rest, ": %s -> %s", /* numbers only */
                 people(json_object_get(x, "base_population"), pb, sizeof pb),
                 people(json_object_get(x, "population"), pn, sizeof pn));
        print_change(prefix ? prefix : "  ", x, "base_unit", "base_name", "unit", "name", rest);
        free(prefix);
    }
}

int cli_scen_finish(cli_scen *s, ct_result *r, int rc,
                    void (*print)(const ct_result *, const char *))
{
    if (!rc && s->c.out && ct_result_write(s->ctx, r, s->c.out, NULL))
        rc = cli_fail(s->ctx);
    if (!rc && !s->c.quiet)
        print(r, s->c.out);
    ct_result_free(r);
    cli_scen_close(s);
    return rc;
}

void cli_print_compare(const ct_result *r, const char *out)
{
    json_t *doc = json_loads(ct_result_doc(r, "compare"), 0, NULL);
    if (!doc)
        return;
    json_t *base = json_object_get(doc, "base"), *prop = json_object_get(doc, "proposed");
    printf("coterm compare: %s -> %s\n", str(base, "source"), str(prop, "source"));
    json_t *tiers = json_object_get(doc, "tiers");
    for (size_t k = 0; k < json_array_size(tiers); k++)
        print_tier(json_array_get(tiers, k));
    json_t *f = json_object_get(doc, "findings");
    printf("findings: %lld resolved, %lld introduced, %lld kept\n",
           json_integer_value(json_object_get(f, "resolved")),
           json_integer_value(json_object_get(f, "introduced")),
           json_integer_value(json_object_get(f, "kept")));
    const char *lists[] = {"resolved", "introduced"};
    for (size_t s = 0; s < 2; s++) {
        json_t *l = json_object_get(doc, lists[s]);
        for (size_t i = 0; i < json_array_size(l) && i < MAX_SHOWN; i++) {
            json_t *x = json_array_get(l, i);
            printf("  %-10s %-7s %s: %s\n", lists[s], str(x, "severity"), str(x, "type"),
                   str(x, "message"));
        }
        if (json_array_size(l) > MAX_SHOWN)
            printf("  ... %zu more %s in findings_diff.csv\n", json_array_size(l) - MAX_SHOWN,
                   lists[s]);
    }
    if (!json_is_true(json_object_get(doc, "changed")))
        printf("no change\n");
    if (out)
        printf("wrote %s\n", out);
    json_decref(doc);
}
