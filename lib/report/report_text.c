/* Findings as sentences a board can read, written from each finding's
 * structured fields (type, units, shares, people); names come from the
 * layers and tables of the report. Unknown types keep their own message. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static ct_status index_col(ct_ctx *ctx, const ct_result *res, const char *table,
                           const char *id, const char *name, ct__rtab *t, size_t *name_col,
                           ct__strmap **index)
{
    size_t c[2] = {0, 0};
    char *cols = ct__sprintf("%s,%s", id, name);
    ct_status st = cols ? ct__rtab_open(ctx, res, table, t, cols, c) : ct__nomem(ctx);
    free(cols);
    *name_col = c[1];
    return st ? st : ct__rtab_index(ctx, t, c[0], index);
}

ct_status ct__rnames_init(ct_report_job *r, ct__rnames *nm)
{
    *nm = (ct__rnames){.r = r};
    ct_status st = index_col(r->ctx, r->flows, "providers", "provider_id", "provider_name",
                             &nm->prov, &nm->prov_name, &nm->prov_index);
    if (!st)
        st = index_col(r->ctx, r->pcn, "pcn", "pcn_code", "pcn_name", &nm->pcn, &nm->pcn_name,
                       &nm->pcn_index);
    json_t *summary = NULL;
    if (!st)
        st = ct__rdoc(r->ctx, r->flows, "summary", &summary);
    const char *label = json_string_value(
        json_object_get(json_object_get(json_object_get(summary, "inputs"), "systems"), "tier"));
    if (!st && label && !(nm->flows_systems = ct__strdup(label)))
        st = ct__nomem(r->ctx);
    json_decref(summary);
    return st;
}

void ct__rnames_free(ct__rnames *nm)
{
    ct__strmap_free(nm->prov_index);
    ct__strmap_free(nm->pcn_index);
    free(nm->flows_systems);
}

const ct_layer *ct__rnames_layer(const ct__rnames *nm, const char *label)
{
    const ct_report_job *r = nm->r;
    if (!label)
        return NULL;
    if (nm->flows_systems && !strcmp(label, nm->flows_systems))
        return r->layer[CT__R_SYSTEMS];
    if (!strcmp(r->mode, "national")) {
        if (!strcmp(label, "system"))
            return r->layer[CT__R_SYSTEMS];
        if (!strcmp(label, "sub_icb"))
            return r->layer[CT__R_SUBS];
    }
    for (size_t i = 0; i < r->ntiers && r->tiers; i++)
        if (!strcmp(label, r->tier_name[i]))
            return r->tiers[i];
    for (int k = 0; k < CT__R_NLAYERS; k++)
        if (r->label[k] && !strcmp(label, r->label[k]))
            return r->layer[k];
    return NULL;
}

const char *ct__rnames_unit(const ct__rnames *nm, const char *label, const char *code)
{
    if (!code)
        return "";
    if (label && (!strcmp(label, "providers") || !strcmp(label, "orgs"))) {
        size_t i = ct__strmap_get(nm->prov_index, code);
        const char *n = i == CT__NONE ? NULL : ct__rtab_text(&nm->prov, i, nm->prov_name);
        return n && *n ? n : code;
    }
    if (label && !strcmp(label, "neighbourhood")) {
        size_t i = ct__strmap_get(nm->pcn_index, code);
        const char *n = i == CT__NONE ? NULL : ct__rtab_text(&nm->pcn, i, nm->pcn_name);
        return n && *n ? n : code;
    }
    const ct_layer *l = ct__rnames_layer(nm, label);
    size_t i = l ? ct__strmap_get(l->index, code) : CT__NONE;
    return i != CT__NONE && l->names && l->names[i] && *l->names[i] ? l->names[i] : code;
}

/* ---- wording */

static const char *word(const ct__rnames *nm, const char *key)
{
    const char *w = json_string_value(json_object_get(json_object_get(nm->r->model, "words"), key));
    return w ? w : key;
}

/* What a unit of a layer or tier is called, e.g. "upper-tier council". */
static const char *kind(const ct__rnames *nm, const char *label, bool plural)
{
    const ct_report_job *r = nm->r;
    if (!label)
        return "unit";
    if (!strcmp(label, "providers"))
        return plural ? "providers" : "provider";
    if (!strcmp(label, "neighbourhood"))
        return plural ? "PCNs" : "PCN";
    const ct_layer *l = ct__rnames_layer(nm, label);
    if (l && l == r->layer[CT__R_SYSTEMS])
        return word(nm, plural ? "systems" : "system");
    if (l && l == r->layer[CT__R_UPPER])
        return plural ? "upper-tier councils" : "upper-tier council";
    if (l && l == r->layer[CT__R_LOWER])
        return plural ? "lower-tier councils" : "lower-tier council";
    if (l && l == r->layer[CT__R_SUBS])
        return word(nm, plural ? "subs_plural" : "subs");
    return label; /* a configuration's tier: its own name */
}

/* The label of a PCN finding's parent tier (ltla, utla, system, place). */
static const char *pcn_parent(const ct__rnames *nm, const char *tier)
{
    const ct_report_job *r = nm->r;
    if (!tier)
        return NULL;
    if (!strcmp(tier, "ltla"))
        return r->label[CT__R_LOWER];
    if (!strcmp(tier, "utla"))
        return r->label[CT__R_UPPER];
    if (!strcmp(tier, "system"))
        return r->label[CT__R_SYSTEMS];
    if (!strcmp(tier, "place") && !strcmp(r->mode, "national"))
        return r->label[CT__R_SUBS];
    if (!strcmp(tier, "place") && r->ntiers > 1)
        return r->tier_name[1];
    return tier;
}

static void pct(ct__buf *b, double share)
{
    if (!isfinite(share)) {
        ct__buf_add(b, "an unknown share");
        return;
    }
    if (share > 0 && share < 0.005)
        ct__buf_add(b, "under 1");
    else if (share < 1 && share >= 0.995)
        ct__buf_add(b, "over 99");
    else
        ct__buf_fixed(b, share * 100, 0);
    ct__buf_add(b, "%");
}

static void people(ct__buf *b, double pop)
{
    if (!isfinite(pop)) {
        ct__buf_add(b, "an unknown number of people");
        return;
    }
    ct__buf_int(b, pop);
    ct__buf_add(b, fabs(pop - 1) < 0.5 ? " person" : " people");
}

static const char *str(const json_t *f, const char *key)
{
    const char *s = json_string_value(json_object_get(f, key));
    return s ? s : "";
}

static double num(const json_t *f, const char *key)
{
    const json_t *v = json_object_get(f, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *first(const json_t *f, const char *key)
{
    return json_string_value(json_array_get(json_object_get(f, key), 0));
}

/* The first unit of list key ("units", "against_units") by name: the
 * finding's own name for it (unit_names, against_names) or the layer's. */
static const char *first_name(const ct__rnames *nm, const json_t *f, const char *key,
                              const char *label)
{
    const char *name = first(f, !strcmp(key, "units") ? "unit_names" : "against_names");
    return name && *name ? name : ct__rnames_unit(nm, label, first(f, key));
}

/* ", " or " and " before item i of n. */
static void sep(ct__buf *b, size_t i, size_t n)
{
    if (i > 0)
        ct__buf_add(b, i + 1 == n ? " and " : ", ");
}

/* "A (61%), B (30%) and C (9%)" from [{unit, share}, ...]. */
static void parts_list(const ct__rnames *nm, const char *label, const json_t *parts, ct__buf *b)
{
    size_t n = json_array_size(parts);
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(parts, i);
        sep(b, i, n);
        ct__buf_add(b, *str(p, "name") ? str(p, "name") : ct__rnames_unit(nm, label, str(p, "unit")));
        ct__buf_add(b, " (");
        pct(b, num(p, "share"));
        ct__buf_add(b, ")");
    }
}

/* The finding's first unit: "Name (kind, N people)". */
static void subject(const ct__rnames *nm, const json_t *f, ct__buf *b, double pop)
{
    const char *tier = str(f, "tier");
    ct__buf_add(b, first_name(nm, f, "units", tier));
    ct__buf_add(b, " (");
    ct__buf_add(b, kind(nm, tier, false));
    if (isfinite(pop)) {
        ct__buf_add(b, ", ");
        people(b, pop);
    }
    ct__buf_add(b, ")");
}

static void council_split(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *against = str(f, "against"), *tier = str(f, "tier");
    const json_t *parts = json_object_get(f, "parts");
    ct__buf_add(b, first_name(nm, f, "against_units", against));
    ct__buf_add(b, " (");
    ct__buf_add(b, kind(nm, against, false));
    ct__buf_add(b, ", ");
    people(b, num(f, "population"));
    ct__buf_printf(b, ") is split between %zu %s: ", json_array_size(parts),
                   kind(nm, tier, json_array_size(parts) != 1));
    parts_list(nm, tier, parts, b);
    double out = num(f, "outside_share");
    double tol = json_number_value(json_object_get(json_object_get(nm->r->model, "options"), "tolerance"));
    if (isfinite(out) && out >= tol && out > 0) {
        ct__buf_add(b, "; ");
        pct(b, out);
        ct__buf_printf(b, " lies outside every %s", kind(nm, tier, false));
    }
    ct__buf_add(b, ".");
}

static void straddles_check(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const json_t *parents = json_object_get(f, "parents");
    subject(nm, f, b, num(f, "population"));
    ct__buf_printf(b, " lies in %zu %s: ", json_array_size(parents),
                   kind(nm, str(f, "parent_tier"), true));
    parts_list(nm, str(f, "parent_tier"), parents, b);
    ct__buf_add(b, ".");
}

static void straddles_pcn(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *parent = pcn_parent(nm, str(f, "parent_tier"));
    const json_t *parents = json_object_get(f, "parents");
    ct__buf_add(b, ct__rnames_unit(nm, "neighbourhood", first(f, "units")));
    ct__buf_add(b, " (PCN, ");
    people(b, num(f, "unit_population"));
    ct__buf_printf(b, ") crosses %s boundaries: ", kind(nm, parent, false));
    parts_list(nm, parent, parents, b);
    ct__buf_add(b, "; ");
    people(b, num(f, "population"));
    ct__buf_printf(b, " live outside %s.",
                   ct__rnames_unit(nm, parent, str(json_array_get(parents, 0), "unit")));
}

static void no_match(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *against = str(f, "against");
    const json_t *best = NULL, *bm = json_object_get(f, "best_matches");
    for (size_t i = 0; i < json_array_size(bm); i++)
        if (!strcmp(str(json_array_get(bm, i), "layer"), against))
            best = json_array_get(bm, i);
    subject(nm, f, b, num(f, "population"));
    ct__buf_add(b, !strcmp(str(f, "severity"), "warning")
                       ? " matches no council and cuts across council boundaries"
                       : " matches no single council");
    if (best) {
        ct__buf_printf(b, "; its closest match, %s (%s), holds ",
                       ct__rnames_unit(nm, against, str(best, "unit")), kind(nm, against, false));
        pct(b, num(best, "share"));
        ct__buf_add(b, " of its people");
    }
    ct__buf_add(b, ".");
}

static void not_coterminous(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *against = str(f, "against");
    subject(nm, f, b, num(f, "population"));
    ct__buf_printf(b, " is not coterminous with any %s: its largest part, in %s, is ",
                   kind(nm, against, false),
                   ct__rnames_unit(nm, against, first(f, "against_units")));
    pct(b, num(f, "share"));
    ct__buf_add(b, " of it and holds ");
    pct(b, num(f, "best_share"));
    ct__buf_add(b, " of that unit's people.");
}

static void out_of_band(const ct__rnames *nm, const char *source, const json_t *f, ct__buf *b)
{
    bool pcn = !strcmp(source, "pcn");
    const char *tier = pcn ? "neighbourhood" : str(f, "tier");
    ct__buf_add(b, ct__rnames_unit(nm, tier, first(f, "units")));
    ct__buf_printf(b, " (%s) has ", kind(nm, tier, false));
    people(b, num(f, "population"));
    ct__buf_printf(b, ", %s the %s band of ", !strcmp(str(f, "side"), "below") ? "below" : "above",
                   pcn ? "PCN" : kind(nm, tier, false));
    double lo = num(f, "band_min"), hi = num(f, "band_max");
    if (isfinite(lo))
        ct__buf_int(b, lo);
    ct__buf_add(b, isfinite(lo) && isfinite(hi) ? " to " : isfinite(lo) ? " or more" : "up to ");
    if (isfinite(hi))
        ct__buf_int(b, hi);
    ct__buf_add(b, ".");
}

/* Shares of a provider's patients by system, largest first. */
static void shares_list(const ct__rnames *nm, const char *label, const json_t *shares,
                        ct__buf *b)
{
    size_t n = json_object_size(shares), done = 0;
    const char **used = ct__calloc(n ? n : 1, sizeof *used);
    if (!used) {
        b->failed = true;
        return;
    }
    for (; done < n; done++) {
        const char *best = NULL, *key;
        double bv = -1;
        json_t *v;
        json_object_foreach((json_t *)shares, key, v)
        {
            bool taken = false;
            for (size_t i = 0; i < done; i++)
                taken |= used[i] == key;
            if (!taken && json_number_value(v) > bv) {
                bv = json_number_value(v);
                best = key;
            }
        }
        used[done] = best;
        sep(b, done, n);
        ct__buf_add(b, ct__rnames_unit(nm, label, best));
        ct__buf_add(b, " (");
        pct(b, bv);
        ct__buf_add(b, ")");
    }
    free(used);
}

static void multi_system(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *against = str(f, "against");
    const json_t *shares = json_object_get(f, "shares");
    ct__buf_add(b, ct__rnames_unit(nm, str(f, "tier"), first(f, "units")));
    ct__buf_printf(b, " draws its patients from %zu %s: ", json_object_size(shares),
                   kind(nm, against, true));
    shares_list(nm, against, shares, b);
    ct__buf_add(b, "; ");
    ct__buf_int(b, num(f, "population"));
    ct__buf_printf(b, " of its patients live outside its home %s, %s.", kind(nm, against, false),
                   ct__rnames_unit(nm, against, str(f, "home")));
}

static void low_containment(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    const char *tier = str(f, "tier");
    ct__buf_add(b, "Only ");
    pct(b, num(f, "containment"));
    ct__buf_printf(b, " of hospital care used by residents of %s (",
                   ct__rnames_unit(nm, tier, first(f, "units")));
    people(b, num(f, "pop"));
    ct__buf_add(b, ") is given by trusts based there; care for the equivalent of ");
    people(b, num(f, "population"));
    ct__buf_add(b, " goes to trusts based elsewhere.");
}

static void membership(const ct__rnames *nm, const json_t *f, ct__buf *b)
{
    ct__buf_add(b, ct__rnames_unit(nm, "neighbourhood", first(f, "units")));
    ct__buf_add(b, " (PCN): its practices are in one CCG but only ");
    pct(b, num(f, "share_in_practice_ccg"));
    ct__buf_add(b, " of the people it serves live there; ");
    people(b, num(f, "population"));
    ct__buf_add(b, " live outside it.");
}

void ct__report_sentence(const ct__rnames *nm, const char *source, const json_t *f, ct__buf *out)
{
    const char *type = str(f, "type");
    if (!strcmp(type, "council_split") && json_object_get(f, "parts"))
        council_split(nm, f, out);
    else if (!strcmp(type, "straddles_parent") && !strcmp(source, "pcn"))
        straddles_pcn(nm, f, out);
    else if (!strcmp(type, "straddles_parent") && json_object_get(f, "parents"))
        straddles_check(nm, f, out);
    else if (!strcmp(type, "no_statutory_match"))
        no_match(nm, f, out);
    else if (!strcmp(type, "not_coterminous"))
        not_coterminous(nm, f, out);
    else if (!strcmp(type, "population_out_of_band"))
        out_of_band(nm, source, f, out);
    else if (!strcmp(type, "multi_system_member") && json_object_get(f, "shares"))
        multi_system(nm, f, out);
    else if (!strcmp(type, "low_containment"))
        low_containment(nm, f, out);
    else if (!strcmp(type, "membership_conflict"))
        membership(nm, f, out);
    else
        ct__buf_add(out, str(f, "message"));
}
