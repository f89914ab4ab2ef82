/* council_split and council_divided: how each tier divides each statutory
 * unit, one finding per fact (docs/check.md). A unit with the same id in two
 * layers split the same way (a unitary council, in utla21 and ltla21) gives
 * one finding listing both layers; a split reported at a tier above is not
 * repeated by a tier below that splits the unit the same way. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A statutory unit's share of a pair: by people where it has people. */
static double b_share(const ct__fitrun *run, const ct__pair *p)
{
    return run->b_pop && run->b_pop[p->b] > 0 ? p->b_pop_share : p->b_area_share;
}

/* One division of a statutory unit by a tier. */
typedef struct fact {
    size_t l, b;       /* layer, unit */
    ct__ckdiv kind;
    size_t *pair;      /* its non-sliver pairs in run l, largest share first */
    size_t npairs;
    double outside;    /* share outside the configuration (top tier) */
    size_t first;      /* the fact this one repeats in another layer, or CT__NONE */
} fact;

typedef struct keyed {
    size_t b, rank_a, pair;
    double share;
} keyed;

/* By statutory unit, then largest share of it, then tier unit. */
static int cmp_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->b != q->b)
        return (p->b > q->b) - (p->b < q->b);
    if (p->share != q->share)
        return p->share < q->share ? 1 : -1;
    return (p->rank_a > q->rank_a) - (p->rank_a < q->rank_a);
}

/* Pairs of run grouped by statutory unit, largest share first. */
static ct_status sorted_pairs(ct_ctx *ctx, const ct__fitrun *run, size_t **out)
{
    keyed *key = ct__malloc((run->np ? run->np : 1) * sizeof *key);
    *out = ct__malloc((run->np ? run->np : 1) * sizeof **out);
    if (!key || !*out) {
        free(key);
        return ct__nomem(ctx);
    }
    for (size_t q = 0; q < run->np; q++) {
        const ct__pair *p = &run->pairs[q];
        key[q] = (keyed){.b = p->b, .rank_a = run->rank_a[p->a], .pair = q,
                         .share = b_share(run, p)};
    }
    qsort(key, run->np, sizeof *key, cmp_keyed);
    for (size_t q = 0; q < run->np; q++)
        (*out)[q] = key[q].pair;
    free(key);
    return CT_OK;
}

/* Whether tier k is meant to hold units smaller than statutory unit b of
 * layer l: a neighbourhood tier, one whose band maximum is below b's people,
 * or one below a tier that has b as a unit or is made of whole units of b
 * (b at the scale of the tier above: NHS North East London CCG is the North
 * East London system). */
static bool smaller_tier(const ct__check *c, size_t k, size_t l, size_t b)
{
    const ct__fitrun *run = &c->tier[k].vs[l];
    double pop = run->b_pop ? run->b_pop[b] : NAN;
    if (!strcasecmp(c->tier[k].name, "neighbourhood"))
        return true;
    if (c->has_band[k] && !isnan(c->band[k].max) && c->band[k].max < pop)
        return true;
    ct__class above = k > 0 ? c->tier[k - 1].vs[l].fb[b].cls : CT__UNMATCHED;
    return above == CT__COTERMINOUS || above == CT__CONTAINS;
}

/* Shares of statutory unit b's non-sliver parts in run, largest first
 * (n_out at most cap). */
static size_t split_shares(const ct__fitrun *run, size_t b, double *out, size_t cap)
{
    size_t n = 0;
    for (size_t q = 0; q < run->np; q++)
        if (run->pairs[q].b == b && !run->pairs[q].sliver && n < cap)
            out[n++] = b_share(run, &run->pairs[q]);
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of parts */
        for (size_t j = i; j > 0 && out[j] > out[j - 1]; j--) {
            double t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

/* Per layer and statutory unit: the tier that last reported its division
 * (CT__NONE: none) and the kind it reported. */
typedef struct reported {
    size_t *tier;
    ct__ckdiv *kind;
} reported;

/* Whether fact f at tier k repeats what a tier above reported. */
static ct_status repeats(const ct__check *c, const reported *rep, size_t k, const fact *f,
                         bool *out)
{
    *out = false;
    size_t j = rep[f->l].tier[f->b];
    if (j == CT__NONE || rep[f->l].kind[f->b] != f->kind)
        return CT_OK;
    const ct__fitrun *run = &c->tier[k].vs[f->l], *above = &c->tier[j].vs[f->l];
    double *a = ct__malloc((f->npairs ? f->npairs : 1) * sizeof *a);
    double *b = ct__malloc((f->npairs + 1) * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return ct__nomem(c->ctx);
    }
    for (size_t i = 0; i < f->npairs; i++)
        a[i] = b_share(run, &run->pairs[f->pair[i]]);
    size_t nb = split_shares(above, f->b, b, f->npairs + 1);
    *out = ct__ck_same_split(a, f->npairs, b, nb, c->tol);
    free(a);
    free(b);
    return CT_OK;
}

/* Whether facts f and g (f in a later layer) state the same thing: one unit
 * id, the same kind, the same tier units with the same shares. */
static bool same_fact(const ct__check *c, size_t k, const fact *f, const fact *g)
{
    const ct__fitrun *rf = &c->tier[k].vs[f->l], *rg = &c->tier[k].vs[g->l];
    if (f->kind != g->kind || f->npairs != g->npairs ||
        strcmp(c->against[f->l]->ids[f->b], c->against[g->l]->ids[g->b]) ||
        fabs(f->outside - g->outside) >= c->tol)
        return false;
    for (size_t i = 0; i < f->npairs; i++) {
        const ct__pair *p = &rf->pairs[f->pair[i]], *q = &rg->pairs[g->pair[i]];
        if (p->a != q->a || fabs(b_share(rf, p) - b_share(rg, q)) >= c->tol)
            return false;
    }
    return true;
}

/* "'West Kent' (65%)" for a tier unit, "Wirral (W1) (65%)" with a name. */
static char *part_text(const ct__cktier *t, size_t a, double share)
{
    char pct[16];
    ct__ck_percent(pct, sizeof pct, share);
    const char *name = ct__ck_name(t->layer, a), *id = t->layer->ids[a];
    return strcmp(name, id) ? ct__sprintf("%s (%s, %s)", name, id, pct)
                            : ct__sprintf("'%s' (%s)", id, pct);
}

/* The list of parts in words: "'A' (65%), 'B' (30%) and 5% outside ...". */
static char *parts_text(const ct__check *c, size_t k, const fact *f)
{
    const ct__cktier *t = &c->tier[k];
    const ct__fitrun *run = &t->vs[f->l];
    bool out = k == 0 && f->outside >= c->tol;
    char *s = ct__strdup("");
    for (size_t i = 0; s && i < f->npairs; i++) {
        const ct__pair *p = &run->pairs[f->pair[i]];
        char sep[8], *part = part_text(t, p->a, b_share(run, p));
        ct__ck_list_sep(sep, sizeof sep, i, f->npairs + out);
        char *next = part ? ct__sprintf("%s%s%s", s, sep, part) : NULL;
        free(part);
        free(s);
        s = next;
    }
    if (s && out) {
        char pct[16];
        ct__ck_percent(pct, sizeof pct, f->outside);
        char *next = ct__sprintf("%s and %s outside the configuration", s, pct);
        free(s);
        s = next;
    }
    return s;
}

static ct_status emit(ct__check *c, size_t k, const fact *facts, size_t nf, size_t i)
{
    const fact *f = &facts[i];
    const ct__cktier *t = &c->tier[k];
    const ct__fitrun *run = &t->vs[f->l];
    const ct_layer *L = c->against[f->l];
    size_t n = f->npairs;
    const char **units = ct__malloc((n ? n : 1) * sizeof *units);
    const char **unames = ct__malloc((n ? n : 1) * sizeof *unames);
    json_t *parts = json_array(), *layers = json_array();
    char *list = parts_text(c, k, f), *also = ct__strdup("");
    ct_status st = units && unames && parts && layers && list && also ? CT_OK : ct__nomem(c->ctx);
    for (size_t q = 0; !st && q < n; q++) {
        const ct__pair *p = &run->pairs[f->pair[q]];
        units[q] = t->layer->ids[p->a];
        unames[q] = t->layer->names[p->a];
        if (json_array_append_new(parts, json_pack("{s:s, s:s, s:o, s:f}", "unit", units[q],
                                                   "name", ct__ck_name(t->layer, p->a),
                                                   "population",
                                                   run->b_pop ? json_real(p->pop) : json_null(),
                                                   "share", b_share(run, p))))
            st = ct__nomem(c->ctx);
    }
    size_t nl = 0;
    for (size_t g = i; !st && g < nf; g++)
        if (g == i || facts[g].first == i)
            nl++;
    for (size_t g = i, m = 0; !st && g < nf; g++) {
        if (g != i && facts[g].first != i)
            continue;
        char sep[8], *next;
        ct__ck_list_sep(sep, sizeof sep, m++, nl);
        next = ct__sprintf("%s%s%s", also, sep, c->label[facts[g].l]);
        free(also);
        also = next;
        if (!also || json_array_append_new(layers, json_string(c->label[facts[g].l])))
            st = ct__nomem(c->ctx);
    }
    double pop = run->b_pop ? run->b_pop[f->b] : NAN;
    char people[64];
    ct__ck_people(people, sizeof people, pop);
    const char *name = ct__ck_name(L, f->b), *id = L->ids[f->b];
    /* "ltla21 unit Sevenoaks (E07000111, ...)"; "Cheshire East (E06000049, ...), a
     * unit of both utla21 and ltla21," */
    char *unit = st ? NULL
                    : strcmp(name, id) ? ct__sprintf("%s (%s, %s)", name, id, people)
                                       : ct__sprintf("%s (%s)", id, people);
    char *who = !unit ? NULL
                : nl > 1 ? ct__sprintf("%s, a unit of both %s,", unit, also)
                         : ct__sprintf("%s unit %s", also, unit);
    free(unit);
    if (!st && !who)
        st = ct__nomem(c->ctx);
    bool divided = f->kind == CT__CK_DIVIDED;
    const char *against[] = {id}, *anames[] = {L->names[f->b]};
    ct__finding x = {
        .type = divided ? "council_divided" : "council_split",
        .severity = divided ? "info" : "warning",
        .tier = t->name,
        .units = units,
        .unit_names = unames,
        .nunits = n,
        .against = c->label[f->l],
        .against_units = against,
        .against_names = anames,
        .nagainst = 1,
        .population = pop,
    };
    if (!st) {
        json_t *extra = json_pack("{s:O, s:f, s:O}", "parts", parts, "outside_share",
                                  f->outside, "against_layers", layers);
        if (divided)
            st = ct__ck_add(c, &x, extra,
                            "%s is divided among %zu %s units, as expected of a tier meant to "
                            "be smaller: %s.",
                            who, n, t->name, list);
        else
            st = ct__ck_add(c, &x, extra, "%s is split across %s units: %s.", who, t->name,
                            list);
    }
    free(who);
    free(units);
    free(unames);
    free(list);
    free(also);
    json_decref(parts);
    json_decref(layers);
    return st;
}

/* The divisions of every statutory unit of layer l at tier k. */
static ct_status collect(ct__check *c, size_t k, size_t l, const size_t *idx, fact **facts,
                         size_t *nf, size_t *cap)
{
    const ct__fitrun *run = &c->tier[k].vs[l];
    for (size_t q = 0; q < run->np;) {
        size_t b = run->pairs[idx[q]].b, e = q, nparts = 0;
        double inside = 0;
        for (; e < run->np && run->pairs[idx[e]].b == b; e++) {
            inside += b_share(run, &run->pairs[idx[e]]);
            nparts += !run->pairs[idx[e]].sliver;
        }
        double outside = inside < 1 ? 1 - inside : 0;
        ct__ckdiv kind = ct__ck_division(nparts, run->fb[b].cls == CT__STRADDLES, k == 0,
                                         outside, c->tol, smaller_tier(c, k, l, b));
        if (kind != CT__CK_WHOLE) {
            if (*nf == *cap) {
                size_t nc = *cap ? 2 * *cap : 16;
                fact *v = ct__realloc(*facts, nc * sizeof *v);
                if (!v)
                    return ct__nomem(c->ctx);
                *facts = v;
                *cap = nc;
            }
            size_t *pairs = ct__malloc((nparts ? nparts : 1) * sizeof *pairs), m = 0;
            if (!pairs)
                return ct__nomem(c->ctx);
            for (size_t i = q; i < e; i++)
                if (!run->pairs[idx[i]].sliver)
                    pairs[m++] = idx[i];
            (*facts)[(*nf)++] = (fact){.l = l, .b = b, .kind = kind, .pair = pairs,
                                       .npairs = m, .outside = k == 0 ? outside : 0,
                                       .first = CT__NONE};
        }
        q = e;
    }
    return CT_OK;
}

static ct_status tier_divisions(ct__check *c, size_t k, reported *rep)
{
    fact *facts = NULL;
    size_t nf = 0, cap = 0;
    ct_status st = CT_OK;
    for (size_t l = 0; !st && l < c->nagainst; l++) {
        size_t *idx = NULL;
        st = sorted_pairs(c->ctx, &c->tier[k].vs[l], &idx);
        if (!st)
            st = collect(c, k, l, idx, &facts, &nf, &cap);
        free(idx);
    }
    bool *skip = st ? NULL : ct__calloc(nf ? nf : 1, sizeof *skip);
    if (!st && !skip)
        st = ct__nomem(c->ctx);
    for (size_t i = 0; !st && i < nf; i++) {
        for (size_t g = 0; g < i && facts[i].first == CT__NONE; g++)
            if (facts[g].first == CT__NONE && facts[g].l != facts[i].l &&
                same_fact(c, k, &facts[i], &facts[g]))
                facts[i].first = g;
        if (facts[i].first == CT__NONE)
            st = repeats(c, rep, k, &facts[i], &skip[i]);
    }
    for (size_t i = 0; !st && i < nf; i++) {
        const fact *f = &facts[i];
        bool quiet = f->first == CT__NONE ? skip[i] : skip[f->first];
        if (f->first == CT__NONE && !quiet)
            st = emit(c, k, facts, nf, i);
        if (!quiet) {
            rep[f->l].tier[f->b] = k;
            rep[f->l].kind[f->b] = f->kind;
        }
    }
    for (size_t i = 0; i < nf; i++)
        free(facts[i].pair);
    free(facts);
    free(skip);
    return st;
}

ct_status ct__ck_rule_divisions(ct__check *c)
{
    reported *rep = ct__calloc(c->nagainst ? c->nagainst : 1, sizeof *rep);
    ct_status st = rep ? CT_OK : ct__nomem(c->ctx);
    for (size_t l = 0; !st && l < c->nagainst; l++) {
        size_t n = c->against[l]->n ? c->against[l]->n : 1;
        rep[l].tier = ct__malloc(n * sizeof *rep[l].tier);
        rep[l].kind = ct__calloc(n, sizeof *rep[l].kind);
        if (!rep[l].tier || !rep[l].kind)
            st = ct__nomem(c->ctx);
        for (size_t b = 0; !st && b < c->against[l]->n; b++)
            rep[l].tier[b] = CT__NONE;
    }
    for (size_t k = 0; !st && k < c->ntiers; k++)
        st = tier_divisions(c, k, rep);
    for (size_t l = 0; rep && l < c->nagainst; l++) {
        free(rep[l].tier);
        free(rep[l].kind);
    }
    free(rep);
    return st;
}
