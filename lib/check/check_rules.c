/* Findings on nesting: straddles_parent, intermediate_tier,
 * no_statutory_match and not_coterminous (docs/check.md). */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double upop(const ct__cktier *t, size_t u)
{
    return t->pop ? t->pop[u] : NAN;
}

static json_t *num(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* "utla21, ltla21 or sicbl22" */
static void layer_list(const ct__check *c, char *buf, size_t cap)
{
    buf[0] = '\0';
    for (size_t l = 0; l < c->nagainst; l++) {
        size_t n = strlen(buf);
        const char *sep = l == 0 ? "" : l + 1 == c->nagainst ? " or " : ", ";
        snprintf(buf + n, cap - n, "%s%s", sep, c->label[l]);
    }
}

static ct_status straddles_parent(ct__check *c, size_t k)
{
    const ct__cktier *t = &c->tier[k], *above = &c->tier[k - 1];
    ct_status st = CT_OK;
    for (size_t u = 0; !st && u < t->layer->n; u++) {
        size_t a = t->first_part[u], e = t->first_part[u + 1];
        if (e - a < 2)
            continue;
        json_t *parents = json_array();
        char list[512] = "", people[64], pct[16];
        for (size_t q = a; q < e; q++) {
            const ct__ckpart *p = &t->parts[q];
            double s = ct__ck_share(p->pop, p->area, upop(t, u), t->layer->areas[u]);
            const char *pid = above->layer->ids[p->parent];
            json_array_append_new(parents, json_pack("{s:s, s:s, s:o, s:f}", "unit", pid, "name",
                                                     ct__ck_name(above->layer, p->parent),
                                                     "population", num(p->pop), "share", s));
            size_t n = strlen(list);
            ct__ck_percent(pct, sizeof pct, s);
            snprintf(list + n, sizeof list - n, "%s'%s' (%s)",
                     q == a ? "" : q + 1 == e ? " and " : ", ", pid, pct);
        }
        const char *units[] = {t->layer->ids[u]}, *names[] = {t->layer->names[u]};
        ct__finding f = {.type = "straddles_parent", .severity = "error", .tier = t->name,
                         .units = units, .unit_names = names, .nunits = 1,
                         .population = upop(t, u)};
        json_t *extra = json_pack("{s:s, s:o}", "parent_tier", above->name, "parents", parents);
        ct__ck_people(people, sizeof people, upop(t, u));
        char *who = ct__ck_unit_text(t->layer, u);
        st = who ? ct__ck_add(c, &f, extra, "%s %s (%s) lies in %zu units of the tier above (%s): "
                                           "%s.",
                              t->name, who, people, e - a, above->name, list)
                 : (json_decref(extra), ct__nomem(c->ctx));
        free(who);
    }
    return st;
}

static bool matched(const ct__check *c, const ct__cktier *t, size_t u)
{
    for (size_t l = 0; l < c->nagainst; l++)
        if (t->vs[l].fa[u].cls == CT__COTERMINOUS)
            return true;
    return false;
}

static bool in_list(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return true;
    return false;
}

static ct_status intermediate(ct__check *c, size_t k, size_t l)
{
    const ct__cktier *t = &c->tier[k], *below = &c->tier[k + 1];
    size_t n = t->layer->n, nb = below->layer->n;
    const char **units = ct__malloc((n ? n : 1) * sizeof *units);
    const char **unames = ct__malloc((n ? n : 1) * sizeof *unames);
    const char **against = ct__malloc((nb ? nb : 1) * sizeof *against);
    const char **anames = ct__malloc((nb ? nb : 1) * sizeof *anames);
    bool *listed = ct__calloc(n ? n : 1, sizeof *listed);
    ct_status st = units && unames && against && anames && listed ? CT_OK : ct__nomem(c->ctx);
    if (st)
        goto done;
    size_t nu = 0, na = 0;
    double pop = 0;
    for (size_t u = 0; u < n; u++)
        if (!matched(c, t, u)) {
            unames[nu] = t->layer->names[u];
            units[nu++] = t->layer->ids[u];
            listed[u] = true;
            pop += upop(t, u);
        }
    /* the statutory units that the tier below matches inside these units */
    for (size_t v = 0; v < nb; v++) {
        const ct__unitfit *f = &below->vs[l].fa[v];
        bool inside = below->first_part[v] < below->first_part[v + 1] &&
                      listed[below->parts[below->first_part[v]].parent];
        if (inside && f->cls == CT__COTERMINOUS &&
            !in_list(against, na, c->against[l]->ids[f->best])) {
            anames[na] = c->against[l]->names[f->best];
            against[na++] = c->against[l]->ids[f->best];
        }
    }
    char layers[256], people[64], pct[16];
    layer_list(c, layers, sizeof layers);
    ct__ck_people(people, sizeof people, pop);
    ct__ck_percent(pct, sizeof pct, below->match[l]);
    if (nu == 0) /* each unit matches some layer, though no layer matches most */
        goto done;
    ct__finding f = {.type = "intermediate_tier", .severity = "warning", .tier = t->name,
                     .units = units, .unit_names = unames, .nunits = nu,
                     .against = c->label[l], .against_units = against, .against_names = anames,
                     .nagainst = na, .population = pop};
    json_t *extra = json_pack("{s:s, s:s, s:f}", "tier_above", c->tier[k - 1].name,
                              "tier_below", below->name, "tier_below_match_share",
                              below->match[l]);
    st = ct__ck_add(
        c, &f, extra,
        "Tier '%s' sits between '%s' and '%s' but %zu of its %zu units (%s) %s no unit of "
        "%s, while '%s' matches %s (%s of its people): a double layer that statutory bodies "
        "do not share.",
        t->name, c->tier[k - 1].name, below->name, nu, n, people, nu == 1 ? "matches" : "match",
        layers, below->name, c->label[l], pct);
done:
    free(units);
    free(unames);
    free(against);
    free(anames);
    free(listed);
    return st;
}

/* The layer whose best partner overlaps u most both ways; CT__NONE if none. */
static size_t closest(const ct__check *c, const ct__cktier *t, size_t u)
{
    size_t best = CT__NONE;
    double score = -1;
    for (size_t l = 0; l < c->nagainst; l++) {
        double s, o;
        ct__ck_best_shares(&t->vs[l], u, &s, &o);
        if (t->vs[l].fa[u].best != CT__NONE && s * o > score) {
            score = s * o;
            best = l;
        }
    }
    return best;
}

static json_t *best_matches(const ct__check *c, const ct__cktier *t, size_t u)
{
    json_t *arr = json_array();
    for (size_t l = 0; arr && l < c->nagainst; l++) {
        const ct__unitfit *f = &t->vs[l].fa[u];
        double s, o;
        ct__ck_best_shares(&t->vs[l], u, &s, &o);
        json_array_append_new(
            arr, json_pack("{s:s, s:s?, s:s?, s:f, s:f, s:s}", "layer", c->label[l], "unit",
                           f->best == CT__NONE ? NULL : c->against[l]->ids[f->best], "name",
                           f->best == CT__NONE ? NULL : ct__ck_name(c->against[l], f->best),
                           "share", s, "best_share", o, "class", ct__class_name(f->cls)));
    }
    return arr;
}

static ct_status no_statutory_match(ct__check *c, const ct__cktier *t, size_t u)
{
    size_t l = closest(c, t, u);
    char layers[256], people[64], near[512] = "", label[256], ps[16], po[16];
    layer_list(c, layers, sizeof layers);
    ct__ck_people(people, sizeof people, upop(t, u));
    const char *partner = NULL, *pname = NULL;
    if (l != CT__NONE) {
        size_t b = t->vs[l].fa[u].best;
        double s, o;
        ct__ck_best_shares(&t->vs[l], u, &s, &o);
        partner = c->against[l]->ids[b];
        pname = c->against[l]->names[b];
        ct__ck_unit_label(label, sizeof label, c->against[l], b);
        ct__ck_percent(ps, sizeof ps, s);
        ct__ck_percent(po, sizeof po, o);
        snprintf(near, sizeof near, "; its closest match is %s in %s (%s of the %s, %s of %s)",
                 label, c->label[l], ps, t->name, po, c->against[l]->ids[b]);
    }
    bool cuts = t->straddles_any[u];
    char cut[256] = " but cuts across none of them", sep[8];
    size_t ncut = 0;
    for (size_t x = 0; x < c->nagainst; x++)
        ncut += t->vs[x].fa[u].cls == CT__STRADDLES;
    for (size_t x = 0, n = 0; cuts && x < c->nagainst; x++)
        if (t->vs[x].fa[u].cls == CT__STRADDLES) {
            size_t len = n ? strlen(cut) : 0;
            ct__ck_list_sep(sep, sizeof sep, n, ncut);
            snprintf(cut + len, sizeof cut - len, "%s%s", n++ ? sep : " and cuts across units of ",
                     c->label[x]);
        }
    const char *units[] = {t->layer->ids[u]}, *unames[] = {t->layer->names[u]};
    const char *against[] = {partner}, *anames[] = {pname};
    ct__finding f = {.type = "no_statutory_match", .severity = cuts ? "warning" : "info",
                     .tier = t->name, .units = units, .unit_names = unames, .nunits = 1,
                     .against = l == CT__NONE ? NULL : c->label[l], .against_units = against,
                     .against_names = anames, .nagainst = partner ? 1 : 0,
                     .population = upop(t, u)};
    char *who = ct__ck_unit_text(t->layer, u);
    json_t *extra = json_pack("{s:o}", "best_matches", best_matches(c, t, u));
    ct_status st = who ? ct__ck_add(c, &f, extra, "%s %s (%s) matches no unit of %s%s%s.",
                                    t->name, who, people, layers, cut, near)
                       : (json_decref(extra), ct__nomem(c->ctx));
    free(who);
    return st;
}

static void relation(const ct__check *c, size_t l, const ct__fitrun *run, size_t u, char *buf,
                     size_t cap)
{
    const ct__unitfit *f = &run->fa[u];
    char label[256], ps[16], po[16];
    double s, o;
    if (f->best == CT__NONE) {
        snprintf(buf, cap, "it overlaps no unit of %s", c->label[l]);
        return;
    }
    ct__ck_best_shares(run, u, &s, &o);
    ct__ck_unit_label(label, sizeof label, c->against[l], f->best);
    ct__ck_percent(ps, sizeof ps, s);
    ct__ck_percent(po, sizeof po, 1 - o);
    if (f->cls == CT__NESTED)
        snprintf(buf, cap, "it lies within %s, %s of whose people live outside it", label, po);
    else if (f->cls == CT__CONTAINS)
        snprintf(buf, cap, "it is made of %zu whole units (the largest, %s, holds %s of it)",
                 f->n_parts, label, ps);
    else {
        ct__ck_percent(po, sizeof po, o);
        snprintf(buf, cap, "it cuts across %zu units; the largest part, %s, holds %s of it and "
                           "%s of that unit lies inside it", f->n_parts, label, ps, po);
    }
}

static ct_status not_coterminous(ct__check *c, const ct__cktier *t, size_t u, size_t l)
{
    const ct__unitfit *f = &t->vs[l].fa[u];
    double s, o;
    ct__ck_best_shares(&t->vs[l], u, &s, &o);
    char people[64], rel[512];
    ct__ck_people(people, sizeof people, upop(t, u));
    relation(c, l, &t->vs[l], u, rel, sizeof rel);
    const char *units[] = {t->layer->ids[u]}, *unames[] = {t->layer->names[u]};
    const char *against[] = {f->best == CT__NONE ? NULL : c->against[l]->ids[f->best]};
    const char *anames[] = {f->best == CT__NONE ? NULL : c->against[l]->names[f->best]};
    ct__finding f2 = {.type = "not_coterminous",
                      .severity = f->cls == CT__STRADDLES ? "warning" : "info", .tier = t->name,
                      .units = units, .unit_names = unames, .nunits = 1,
                      .against = c->label[l], .against_units = against, .against_names = anames,
                      .nagainst = against[0] ? 1 : 0, .population = upop(t, u)};
    json_t *extra = json_pack("{s:s, s:f, s:f}", "class", ct__class_name(f->cls), "share", s,
                              "best_share", o);
    char *who = ct__ck_unit_text(t->layer, u);
    ct_status st = who ? ct__ck_add(c, &f2, extra,
                                    "%s %s (%s) is not coterminous with any unit of %s: %s.",
                                    t->name, who, people, c->label[l], rel)
                       : (json_decref(extra), ct__nomem(c->ctx));
    free(who);
    return st;
}

static ct_status statutory(ct__check *c, size_t k)
{
    const ct__cktier *t = &c->tier[k];
    ct_status st = CT_OK;
    for (size_t u = 0; !st && u < t->layer->n; u++) {
        /* a unit that is its parent again (coterminous with it) repeats the
         * parent's findings: one finding per fact */
        if (k > 0 && t->up.fa[u].cls == CT__COTERMINOUS)
            continue;
        if (!matched(c, t, u)) {
            st = no_statutory_match(c, t, u);
            continue;
        }
        for (size_t l = 0; !st && l < c->nagainst; l++)
            if (t->vs[l].fa[u].cls != CT__COTERMINOUS)
                st = not_coterminous(c, t, u, l);
    }
    return st;
}

ct_status ct__ck_rule_nesting(ct__check *c)
{
    ct_status st = CT_OK;
    for (size_t k = 1; !st && k < c->ntiers; k++)
        st = straddles_parent(c, k);
    double *match = ct__calloc(c->ntiers * (c->nagainst ? c->nagainst : 1), sizeof *match);
    bool *inter = ct__calloc(c->ntiers, sizeof *inter);
    size_t *layer = ct__calloc(c->ntiers, sizeof *layer);
    if (!st && (!match || !inter || !layer))
        st = ct__nomem(c->ctx);
    for (size_t k = 0; !st && k < c->ntiers; k++)
        for (size_t l = 0; l < c->nagainst; l++)
            match[k * c->nagainst + l] = c->tier[k].match[l];
    if (!st)
        ct__ck_intermediate(c->ntiers, c->nagainst, match, inter, layer);
    for (size_t k = 0; !st && k < c->ntiers; k++)
        if (inter[k])
            st = intermediate(c, k, layer[k]);
    for (size_t k = 0; !st && c->nagainst && k < c->ntiers; k++)
        st = statutory(c, k);
    free(match);
    free(inter);
    free(layer);
    return st;
}
