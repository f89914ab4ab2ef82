/* possible_typo: a unit whose name is within two edits of another unit's
 * name in the same tier and which has under a tenth of its people (one
 * block labelled "Setfon" beside "Sefton"; docs/check.md). */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The smaller unit has under this share of the larger one's people. */
#define TYPO_SHARE 0.1

/* People of unit u, or its area without a population base. */
static double weight(const ct__cktier *t, size_t u)
{
    return t->pop ? t->pop[u] : t->layer->areas[u];
}

static char *unit_text(const ct__cktier *t, size_t u)
{
    char people[64];
    const char *name = ct__ck_name(t->layer, u), *id = t->layer->ids[u];
    if (!t->pop)
        return strcmp(name, id) ? ct__sprintf("%s (%s)", name, id) : ct__sprintf("'%s'", id);
    ct__ck_people(people, sizeof people, t->pop[u]);
    return strcmp(name, id) ? ct__sprintf("%s (%s, %s)", name, id, people)
                            : ct__sprintf("'%s' (%s)", id, people);
}

static ct_status typo_finding(ct__check *c, const ct__cktier *t, size_t u, size_t v)
{
    const char *a = ct__ck_name(t->layer, u), *b = ct__ck_name(t->layer, v);
    size_t edits = ct__ck_edits(a, b, 2);
    const char *units[] = {t->layer->ids[u], t->layer->ids[v]};
    const char *unames[] = {t->layer->names[u], t->layer->names[v]};
    ct__finding x = {
        .type = "possible_typo",
        .severity = "warning",
        .tier = t->name,
        .units = units,
        .unit_names = unames,
        .nunits = 2,
        .population = t->pop ? t->pop[u] : NAN,
    };
    json_t *extra = json_pack("{s:{s:s, s:s}, s:I, s:f}", "similar_to", "unit", units[1], "name",
                              b, "edits", (json_int_t)edits, "share",
                              weight(t, v) > 0 ? weight(t, u) / weight(t, v) : 0);
    char *one = unit_text(t, u), *other = unit_text(t, v);
    ct_status st = one && other ? CT_OK : ct__nomem(c->ctx);
    if (!st)
        st = ct__ck_add(c, &x, extra,
                        "%s %s has a name within %zu edit%s of %s %s and under a tenth of its "
                        "%s: a misspelt label?",
                        t->name, one, edits, edits == 1 ? "" : "s", t->name, other,
                        t->pop ? "people" : "area");
    else
        json_decref(extra);
    free(one);
    free(other);
    return st;
}

static ct_status tier_typos(ct__check *c, const ct__cktier *t)
{
    size_t n = t->layer->n;
    size_t *len = ct__malloc((n ? n : 1) * sizeof *len);
    if (!len)
        return ct__nomem(c->ctx);
    for (size_t u = 0; u < n; u++)
        len[u] = strlen(ct__ck_name(t->layer, u));
    ct_status st = CT_OK;
    for (size_t u = 0; !st && u < n; u++) {
        size_t best = CT__NONE;
        for (size_t v = 0; v < n; v++) {
            if (v == u || (len[u] > len[v] ? len[u] - len[v] : len[v] - len[u]) > 2 ||
                !(weight(t, u) < TYPO_SHARE * weight(t, v)) ||
                !ct__ck_similar_names(ct__ck_name(t->layer, u), ct__ck_name(t->layer, v)))
                continue;
            if (best == CT__NONE || weight(t, v) > weight(t, best))
                best = v;
        }
        if (best != CT__NONE)
            st = typo_finding(c, t, u, best);
    }
    free(len);
    return st;
}

ct_status ct__ck_rule_typos(ct__check *c)
{
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < c->ntiers; k++)
        st = tier_typos(c, &c->tier[k]);
    return st;
}
