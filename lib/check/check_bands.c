/* Population bands per tier (national guidance by default, BAND_<TIER>
 * options override) and the population_out_of_band finding. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BAND_PREFIX "BAND_"

ct_status ct__ck_bands_parse(ct__check *c, const char *const *names, size_t n,
                             const char *const *opts)
{
    c->band = ct__calloc(n ? n : 1, sizeof *c->band);
    c->has_band = ct__calloc(n ? n : 1, sizeof *c->has_band);
    if (!c->band || !c->has_band)
        return ct__nomem(c->ctx);
    for (size_t k = 0; k < n; k++)
        c->has_band[k] = ct__ck_default_band(names[k], &c->band[k]);
    size_t plen = strlen(BAND_PREFIX);
    for (size_t i = 0; opts && opts[i]; i++) {
        if (strncmp(opts[i], BAND_PREFIX, plen))
            continue;
        const char *eq = strchr(opts[i], '=');
        size_t nlen = (size_t)(eq - opts[i]) - plen;
        size_t k = 0;
        while (k < n && (!names[k] || strlen(names[k]) != nlen ||
                         strncasecmp(names[k], opts[i] + plen, nlen)))
            k++;
        if (k == n)
            return ct__err(c->ctx, CT_EINVAL, "check: option %s names no tier of the "
                                              "configuration", opts[i]);
        if (!ct__ck_band_parse(eq + 1, &c->band[k]))
            return ct__err(c->ctx, CT_EINVAL,
                           "check: option %s: expected MIN:MAX, numbers >= 0 with MIN <= MAX "
                           "(one side may be empty)", opts[i]);
        c->has_band[k] = true;
    }
    return CT_OK;
}

static void band_text(const ct__ckband *b, char *buf, size_t cap)
{
    char lo[64], hi[64];
    ct__ck_people(lo, sizeof lo, b->min);
    ct__ck_people(hi, sizeof hi, b->max);
    if (isnan(b->min))
        snprintf(buf, cap, "at most %s", hi);
    else if (isnan(b->max))
        snprintf(buf, cap, "at least %s", lo);
    else {
        *strrchr(lo, ' ') = '\0'; /* "250,000 to 500,000 people" */
        snprintf(buf, cap, "%s to %s", lo, hi);
    }
}

ct_status ct__ck_rule_bands(ct__check *c)
{
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        const ct__cktier *t = &c->tier[k];
        if (!c->has_band[k] || !t->pop)
            continue;
        const ct__ckband *b = &c->band[k];
        for (size_t u = 0; !st && u < t->layer->n; u++) {
            int side = ct__ck_band_test(b, t->pop[u]);
            if (!side)
                continue;
            char people[64], band[160];
            ct__ck_people(people, sizeof people, t->pop[u]);
            band_text(b, band, sizeof band);
            const char *units[] = {t->layer->ids[u]}, *names[] = {t->layer->names[u]};
            ct__finding f = {.type = "population_out_of_band", .severity = "info",
                             .tier = t->name, .units = units, .unit_names = names, .nunits = 1,
                             .population = t->pop[u]};
            json_t *extra = json_pack("{s:o, s:o, s:s}", "band_min",
                                      isnan(b->min) ? json_null() : json_real(b->min),
                                      "band_max", isnan(b->max) ? json_null() : json_real(b->max),
                                      "side", side < 0 ? "below" : "above");
            char *who = ct__ck_unit_text(t->layer, u);
            st = who ? ct__ck_add(c, &f, extra, "%s %s has %s, %s the %s band of %s.", t->name,
                                  who, people, side < 0 ? "below" : "above", t->name, band)
                     : (json_decref(extra), ct__nomem(c->ctx));
            free(who);
        }
    }
    return st;
}
