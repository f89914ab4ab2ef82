/* The report's options (include/coterm/ct_report_job.h). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

static const char *const allowed[] = {"CONFIG", "BLOCKS", "TIER", "SYSTEMS", "SUBS", "UPPER",
                                      "LOWER", "SYSTEM", "TITLE", "PDF", "CHROMIUM", "METHOD",
                                      "TOLERANCE", "COMPARE", NULL};

/* Default layer of each role; sub-ICB locations fall back to the 2021 CCGs
 * on data without them. */
static const char *default_spec(int role)
{
    switch (role) {
    case CT__R_SYSTEMS: return "icb22";
    case CT__R_UPPER: return "utla21";
    case CT__R_LOWER: return "ltla21";
    default: return ct__builtin_find("sicbl22") ? "sicbl22" : "ccg21";
    }
}

static ct_status dup_opt(ct_report_job *r, const char *const *opts, const char *key, char **out)
{
    const char *v = ct__opt(opts, key);
    if (!v)
        return CT_OK;
    if (!*v)
        return ct__err(r->ctx, CT_EINVAL, "report: option %s is empty", key);
    return (*out = ct__strdup(v)) ? CT_OK : ct__nomem(r->ctx);
}

/* TIER=NAME=LAYER, repeatable, in order. */
static ct_status tiers(ct_report_job *r, const char *const *opts)
{
    size_t n = 0;
    for (size_t i = 0; opts && opts[i]; i++)
        n += !strncmp(opts[i], "TIER=", 5);
    if (!n)
        return CT_OK;
    r->tier_name = ct__calloc(n, sizeof *r->tier_name);
    r->tier_spec = ct__calloc(n, sizeof *r->tier_spec);
    if (!r->tier_name || !r->tier_spec)
        return ct__nomem(r->ctx);
    for (size_t i = 0; opts[i]; i++) {
        if (strncmp(opts[i], "TIER=", 5))
            continue;
        const char *v = opts[i] + 5, *eq = strchr(v, '=');
        if (!eq || eq == v || !eq[1])
            return ct__err(r->ctx, CT_EINVAL, "report: TIER=%s: expected NAME=LAYER", v);
        size_t k = r->ntiers++;
        r->tier_name[k] = ct__sprintf("%.*s", (int)(eq - v), v);
        r->tier_spec[k] = ct__strdup(eq + 1);
        if (!r->tier_name[k] || !r->tier_spec[k])
            return ct__nomem(r->ctx);
    }
    return CT_OK;
}

ct_status ct__report_parse(ct_report_job *r, const char *const *opts)
{
    static const char *const keys[CT__R_NLAYERS] = {"SYSTEMS", "UPPER", "LOWER", "SUBS"};
    ct_ctx *ctx = r->ctx;
    ct_status st = ct__opt_check(ctx, opts, allowed, "report");
    if (!st)
        st = dup_opt(r, opts, "CONFIG", &r->config);
    if (!st)
        st = dup_opt(r, opts, "BLOCKS", &r->blocks_spec);
    if (!st)
        st = dup_opt(r, opts, "COMPARE", &r->compare_spec);
    if (!st)
        st = dup_opt(r, opts, "SYSTEM", &r->only_code);
    if (!st)
        st = dup_opt(r, opts, "TITLE", &r->title);
    if (!st)
        st = dup_opt(r, opts, "CHROMIUM", &r->chromium);
    for (int k = 0; !st && k < CT__R_NLAYERS; k++) {
        st = dup_opt(r, opts, keys[k], &r->spec[k]);
        if (!st && !r->spec[k] && !(r->spec[k] = ct__strdup(default_spec(k))))
            st = ct__nomem(ctx);
    }
    if (!st)
        st = tiers(r, opts);
    if (st)
        return st;
    r->pdf = ct__opt_yes(opts, "PDF");
    if (r->config && r->ntiers)
        return ct__err(ctx, CT_EINVAL, "report: give CONFIG or TIER layers, not both");
    if (r->blocks_spec && !r->config)
        return ct__err(ctx, CT_EINVAL, "report: BLOCKS applies to a CONFIG");
    if (r->compare_spec && !r->config)
        return ct__err(ctx, CT_EINVAL, "report: COMPARE compares a CONFIG with a base "
                                       "configuration; give CONFIG");
    if (r->ntiers && ct__opt(opts, "SYSTEMS"))
        return ct__err(ctx, CT_EINVAL, "report: the first TIER is the systems; SYSTEMS is "
                                       "for the national report");
    r->mode = r->config ? "config" : r->ntiers ? "tiers" : "national";
    /* the fit options are checked here, so a bad value fails before any work */
    ct__method m;
    st = ct__method_parse(ctx, ct__opt(opts, "METHOD"), &m);
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &r->tol);
    if (st)
        return st;
    ct__buf b = {0};
    ct__buf_add(&b, "TOLERANCE=");
    ct__buf_fixed(&b, r->tol, 6);
    st = ct__buf_status(ctx, &b);
    if (!st) {
        snprintf(r->fitopt[0], sizeof r->fitopt[0], "METHOD=%s", ct__method_name(m));
        snprintf(r->fitopt[1], sizeof r->fitopt[1], "%s", b.s);
        r->fitopts[0] = r->fitopt[0];
        r->fitopts[1] = r->fitopt[1];
        r->fitopts[2] = NULL;
    }
    ct__buf_free(&b);
    return st;
}
