/* Findings resolved and introduced: a finding of the base is kept when the
 * proposed configuration has one with the same identity (type, tier and the
 * fields below, with base units read as the proposed units they match). */
#include "compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What identifies a finding of each type beyond its type and tier; other
 * types use every field (units, against, against_units and block). */
static const struct {
    const char *type;
    bool units, against, against_units;
} ident[] = {
    {"council_split", false, true, true},   /* the council, whichever units split it */
    {"council_divided", false, true, true},
    {"not_coterminous", true, true, false}, /* the unit and the layer */
    {"no_statutory_match", true, false, false},
    {"straddles_parent", true, false, false},
    {"population_out_of_band", true, false, false},
    {"discontiguous", true, false, false},
    {"intermediate_tier", false, false, false}, /* the tier itself */
};

typedef struct keyed {
    char *key;
    size_t side, i;
} keyed;

static int cmp_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    int d = strcmp(p->key, q->key);
    if (d)
        return d;
    if (p->side != q->side)
        return (p->side > q->side) - (p->side < q->side);
    return (p->i > q->i) - (p->i < q->i);
}

/* The matched tier of a side's tier name, or NULL. */
static const cmp_tier *tier_of(const cmp *c, size_t side, const char *name)
{
    for (size_t k = 0; name && k < c->ntiers; k++)
        if (!strcmp(c->tier[k].name[side], name))
            return &c->tier[k];
    return NULL;
}

/* A unit label as the proposed configuration calls it: base units take
 * their match's label; unmatched base units are marked apart. */
static const char *unit_as_proposed(const cmp_tier *t, size_t side, const char *label,
                                    bool *base_only)
{
    *base_only = false;
    if (side == 1 || !t)
        return label;
    size_t a = ct__strmap_get(t->index[0], label);
    if (a != CT__NONE && t->m.match_a[a] != CT__NONE)
        return t->id[1][t->m.match_a[a]];
    *base_only = a != CT__NONE;
    return label;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Append s to a growing string. */
static bool append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        size_t nc = (*len + n + 1) * 2;
        char *p = ct__realloc(*buf, nc);
        if (!p)
            return false;
        *buf = p;
        *cap = nc;
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
    return true;
}

/* Append the strings sorted, each after a record separator. */
static bool append_list(char **buf, size_t *len, size_t *cap, const char **v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_str);
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++)
        ok = append(buf, len, cap, "\x1e") && append(buf, len, cap, v[i]);
    return ok;
}

/* The identity of finding f of a side as one string (caller frees). */
static char *finding_key(const cmp *c, size_t side, json_t *f)
{
    const char *type = json_string_value(json_object_get(f, "type"));
    const char *tier = json_string_value(json_object_get(f, "tier"));
    const char *against = json_string_value(json_object_get(f, "against"));
    const char *block = json_string_value(json_object_get(f, "block"));
    bool units = true, ag = true, agu = true;
    for (size_t k = 0; type && k < sizeof ident / sizeof ident[0]; k++)
        if (!strcmp(ident[k].type, type)) {
            units = ident[k].units;
            ag = ident[k].against;
            agu = ident[k].against_units;
            block = NULL;
        }
    const cmp_tier *t = tier_of(c, side, tier);
    /* a tier both sides have is named by its index, so tiers matched by
     * position (stp21 and icb22) compare; at its full length, or two
     * findings would share a cut-off identity */
    char *head = t ? ct__sprintf("%s\x1f#%zu\x1f%s\x1f%s", type ? type : "",
                                 (size_t)(t - c->tier), ag && against ? against : "",
                                 block ? block : "")
                   : ct__sprintf("%s\x1f%zu:%s\x1f%s\x1f%s", type ? type : "", side,
                                 tier ? tier : "", ag && against ? against : "",
                                 block ? block : "");
    if (!head)
        return NULL;
    json_t *u = json_object_get(f, "units"), *au = json_object_get(f, "against_units");
    size_t nu = units ? json_array_size(u) : 0, na = agu ? json_array_size(au) : 0;
    const char **v = ct__malloc((nu + na + 1) * sizeof *v);
    char **marked = ct__calloc(nu + 1, sizeof *marked);
    size_t cap = strlen(head) + 64, len = strlen(head);
    char *key = ct__malloc(cap);
    bool ok = v && marked && key;
    if (ok)
        strcpy(key, head);
    free(head);
    for (size_t i = 0; ok && i < nu; i++) {
        bool base_only;
        const char *s = json_string_value(json_array_get(u, i));
        v[i] = unit_as_proposed(t, side, s ? s : "", &base_only);
        if (base_only && (marked[i] = ct__sprintf("\x1d%s", v[i])))
            v[i] = marked[i];
        ok = !base_only || marked[i];
    }
    ok = ok && append_list(&key, &len, &cap, v, nu);
    for (size_t i = 0; ok && i < na; i++) {
        const char *s = json_string_value(json_array_get(au, i));
        v[i] = s ? s : "";
    }
    ok = ok && append(&key, &len, &cap, "\x1f") && append_list(&key, &len, &cap, v, na);
    for (size_t i = 0; marked && i < nu; i++)
        free(marked[i]);
    free(marked);
    free(v);
    if (!ok) {
        free(key);
        return NULL;
    }
    return key;
}

ct_status ct__cmp_findings(cmp *c)
{
    ct_ctx *ctx = c->ctx;
    size_t n0 = json_array_size(c->side[0].findings), n1 = json_array_size(c->side[1].findings);
    keyed *k = ct__calloc(n0 + n1 + 1, sizeof *k);
    c->resolved = json_array();
    c->introduced = json_array();
    ct_status st = k && c->resolved && c->introduced ? CT_OK : ct__nomem(ctx);
    size_t n = 0;
    for (size_t s = 0; !st && s < 2; s++)
        for (size_t i = 0; !st && i < json_array_size(c->side[s].findings); i++) {
            k[n] = (keyed){finding_key(c, s, json_array_get(c->side[s].findings, i)), s, i};
            if (!k[n++].key)
                st = ct__nomem(ctx);
        }
    bool *gone = ct__calloc(n0 + n1 + 1, sizeof *gone); /* per finding, base first */
    if (!st && !gone)
        st = ct__nomem(ctx);
    if (!st)
        qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t a = 0; !st && a < n;) {
        size_t e = a, nb = 0;
        while (e < n && !strcmp(k[e].key, k[a].key))
            nb += k[e++].side == 0;
        size_t np = e - a - nb, kept = nb < np ? nb : np;
        c->kept += kept;
        /* the first `kept` of each side pair up; the rest changed */
        for (size_t q = a; q < e; q++)
            gone[k[q].side * n0 + k[q].i] = (k[q].side == 0 ? q - a : q - a - nb) >= kept;
        a = e;
    }
    for (size_t i = 0; !st && i < n0 + n1; i++) {
        size_t s = i >= n0, j = s ? i - n0 : i;
        if (gone[i] && json_array_append(s ? c->introduced : c->resolved,
                                         json_array_get(c->side[s].findings, j)))
            st = ct__nomem(ctx);
    }
    for (size_t i = 0; k && i < n; i++)
        free(k[i].key);
    free(k);
    free(gone);
    return st;
}

/* A table's column spec ("name:t,...") with a text column in front. */
static char *spec_with(const ct_table *t, const char *first)
{
    size_t cap = strlen(first) + 8;
    for (size_t j = 0; j < ct_table_ncols(t); j++)
        cap += strlen(ct_table_colname(t, j)) + 3;
    char *s = ct__malloc(cap);
    if (!s)
        return NULL;
    strcpy(s, first);
    for (size_t j = 0; j < ct_table_ncols(t); j++) {
        ct_coltype ty = ct_table_coltype(t, j);
        size_t len = strlen(s);
        snprintf(s + len, cap - len, ",%s:%c", ct_table_colname(t, j),
                 ty == CT_COL_TEXT ? 't' : ty == CT_COL_INT ? 'i' : 'r');
    }
    return s;
}

/* Copy row i of src into row `row` of dst, from column 1 on. */
static ct_status copy_row(ct_ctx *ctx, ct_table *dst, size_t row, const ct_table *src, size_t i)
{
    ct_status st = CT_OK;
    for (size_t j = 0; !st && j < ct_table_ncols(src); j++) {
        if (ct_table_coltype(src, j) == CT_COL_TEXT)
            st = ct__table_set_text(ctx, dst, row, j + 1, ct_table_text(src, i, j));
        else
            ct__table_set_real(dst, row, j + 1, ct_table_real(src, i, j));
    }
    return st;
}

/* findings_diff: "change" (resolved, introduced), then the columns of
 * findings.csv; the rows of findings.json's order on each side. */
ct_status ct__cmp_findings_table(cmp *c, ct_result *r)
{
    ct_ctx *ctx = c->ctx;
    const ct_table *src[2] = {ct_result_table_by_name(c->side[0].check, "findings"),
                              ct_result_table_by_name(c->side[1].check, "findings")};
    json_t *lists[2] = {c->resolved, c->introduced};
    const char *change[2] = {"resolved", "introduced"};
    if (!src[0] || !src[1])
        return ct__err(ctx, CT_EINTERNAL, "compare: a check has no findings table");
    char *spec = spec_with(src[0], "change:t");
    ct_table *tb = NULL;
    ct_status st = spec ? ct__table_new(ctx, &tb, "findings_diff", spec,
                                        json_array_size(c->resolved) +
                                            json_array_size(c->introduced))
                        : ct__nomem(ctx);
    free(spec);
    size_t row = 0;
    for (size_t s = 0; !st && s < 2; s++) {
        json_t *all = c->side[s].findings;
        /* the findings table lists findings.json in order: find each row by identity */
        for (size_t i = 0, q = 0; !st && i < json_array_size(all); i++) {
            json_t *f = json_array_get(all, i);
            if (q >= json_array_size(lists[s]) || f != json_array_get(lists[s], q))
                continue;
            q++;
            st = ct__table_set_text(ctx, tb, row, 0, change[s]);
            if (!st)
                st = copy_row(ctx, tb, row++, src[s], i);
        }
    }
    return ct__result_add_built(ctx, r, st, tb);
}
