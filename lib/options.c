/* "KEY=VALUE" option lists, as in GDAL and PROJ. */
#include "ct_private.h"

#include <stdlib.h>
#include <string.h>

static bool key_matches(const char *opt, const char *key)
{
    size_t n = strlen(key);
    return strncmp(opt, key, n) == 0 && opt[n] == '=';
}

const char *ct__opt(const char *const *opts, const char *key)
{
    const char *found = NULL;
    for (size_t i = 0; opts && opts[i]; i++)
        if (key_matches(opts[i], key))
            found = opts[i] + strlen(key) + 1; /* the last one wins */
    return found;
}

ct_status ct__opt_check(ct_ctx *ctx, const char *const *opts, const char *const *allowed,
                        const char *what)
{
    for (size_t i = 0; opts && opts[i]; i++) {
        const char *eq = strchr(opts[i], '=');
        if (!eq)
            return ct__err(ctx, CT_EINVAL, "%s: option '%s' is not KEY=VALUE", what, opts[i]);
        bool ok = false;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = key_matches(opts[i], allowed[k]);
        if (!ok)
            return ct__err(ctx, CT_EINVAL, "%s: unknown option '%.*s'", what,
                           (int)(eq - opts[i]), opts[i]);
    }
    return CT_OK;
}

bool ct__opt_yes(const char *const *opts, const char *key)
{
    const char *v = ct__opt(opts, key);
    return v && (!strcmp(v, "YES") || !strcmp(v, "yes") || !strcmp(v, "1") ||
                 !strcmp(v, "TRUE") || !strcmp(v, "true") || !strcmp(v, "ON"));
}

ct_status ct__opt_double(ct_ctx *ctx, const char *const *opts, const char *key, double def,
                         double min, double max, double *out)
{
    const char *v = ct__opt(opts, key);
    *out = def;
    if (!v)
        return CT_OK;
    double d;
    if (!ct__parse_double(v, &d) || d < min || d > max)
        return ct__err(ctx, CT_EINVAL, "option %s=%s: expected a number from %g to %g", key, v,
                       min, max);
    *out = d;
    return CT_OK;
}
