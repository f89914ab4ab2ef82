/* ct_pcn inputs: membership, practice locations, catchments, parent tiers. */
#include "pcn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- PCNs */

static size_t pcn_add(ct_ctx *ctx, ct__pcnset *s, const char *code, const char *name,
                      ct_status *st)
{
    size_t k = ct__strmap_get(s->index, code);
    if (k != CT__NONE)
        return k;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        bool ok = true;
        s->codes = ct__regrow(s->codes, cap, sizeof *s->codes, &ok);
        s->names = ct__regrow(s->names, cap, sizeof *s->names, &ok);
        if (!ok) {
            *st = ct__nomem(ctx);
            return CT__NONE;
        }
        s->cap = cap;
    }
    s->codes[s->n] = ct__strdup(code);
    s->names[s->n] = ct__strdup(name);
    if (!s->codes[s->n] || !s->names[s->n]) {
        free(s->codes[s->n]);
        free(s->names[s->n]);
        *st = ct__nomem(ctx);
        return CT__NONE;
    }
    *st = ct__strmap_put(ctx, s->index, s->codes[s->n], s->n, NULL);
    return *st ? CT__NONE : s->n++;
}

/* "U" / "Unallocated" rows hold practices in no PCN yet. */
static bool placeholder(const char *code, const char *name)
{
    return !*code || !strcmp(code, "U") || !strncasecmp(name, "unallocated", 11);
}

ct_status ct__pcn_read_membership(ct_ctx *ctx, ct__pcnrun *run, const char *path)
{
    const char *cols[] = {"practice_code", "pcn_code", "pcn_name", "ccg21_code", "stp21_code"};
    ct__texttab t;
    ct_status st = ct__gdal_read_text(ctx, path, cols, 5, &t);
    if (st)
        return st;
    ct__pracset *p = &run->prac;
    size_t n = t.nrows;
    p->codes = ct__calloc(n ? n : 1, sizeof *p->codes);
    p->ccg = ct__calloc(n ? n : 1, sizeof *p->ccg);
    p->stp = ct__calloc(n ? n : 1, sizeof *p->stp);
    p->pcn = ct__malloc((n ? n : 1) * sizeof *p->pcn);
    p->x = ct__malloc((n ? n : 1) * sizeof *p->x);
    p->y = ct__malloc((n ? n : 1) * sizeof *p->y);
    p->index = ct__strmap_new(n);
    run->pcns.index = ct__strmap_new(n / 4 + 1);
    if (!p->codes || !p->ccg || !p->stp || !p->pcn || !p->x || !p->y || !p->index ||
        !run->pcns.index)
        st = ct__nomem(ctx);
    if (!st && n == 0)
        st = ct__err(ctx, CT_EFORMAT, "%s: no practices", path);
    for (size_t r = 0; !st && r < n; r++) {
        char **c = t.cells + r * 5;
        if (!*c[0]) {
            st = ct__err(ctx, CT_EDATA, "%s: row %zu: empty practice_code", path, r + 2);
            break;
        }
        size_t i = p->n;
        p->codes[i] = c[0];
        p->ccg[i] = c[3];
        p->stp[i] = c[4];
        c[0] = c[3] = c[4] = NULL; /* moved */
        p->x[i] = p->y[i] = NAN;
        p->pcn[i] = CT__NONE;
        p->n++;
        size_t old;
        st = ct__strmap_put(ctx, p->index, p->codes[i], i, &old);
        if (!st && old != CT__NONE)
            st = ct__err(ctx, CT_EDATA, "%s: row %zu: practice '%s' is listed twice", path, r + 2,
                         p->codes[i]);
        if (!st && placeholder(c[1], c[2]))
            p->n_placeholder++;
        else if (!st)
            p->pcn[i] = pcn_add(ctx, &run->pcns, c[1], c[2], &st);
    }
    ct__texttab_free(&t);
    return st;
}

/* Plurality of a text value over a PCN's practices; *distinct counts values. */
static const char *plurality(char *const *val, const size_t *members, size_t m,
                             size_t *distinct)
{
    const char *best = "";
    size_t best_n = 0;
    *distinct = 0;
    for (size_t a = 0; a < m; a++) {
        const char *v = val[members[a]];
        size_t cnt = 0, b;
        for (b = 0; b < a && strcmp(val[members[b]], v); b++)
            ;
        if (b < a || !*v)
            continue; /* counted already, or empty */
        (*distinct)++;
        for (b = a; b < m; b++)
            cnt += !strcmp(val[members[b]], v);
        if (cnt > best_n || (cnt == best_n && strcmp(v, best) < 0)) {
            best = v;
            best_n = cnt;
        }
    }
    return best;
}

ct_status ct__pcn_parents_of_pcns(ct_ctx *ctx, ct__pcnrun *run)
{
    ct__pcnset *s = &run->pcns;
    const ct__pracset *p = &run->prac;
    s->ccg = ct__calloc(s->n ? s->n : 1, sizeof *s->ccg);
    s->stp = ct__calloc(s->n ? s->n : 1, sizeof *s->stp);
    s->n_practices = ct__calloc(s->n ? s->n : 1, sizeof *s->n_practices);
    s->n_ccgs = ct__calloc(s->n ? s->n : 1, sizeof *s->n_ccgs);
    size_t *start = ct__calloc(s->n + 1, sizeof *start);
    size_t *members = ct__malloc((p->n ? p->n : 1) * sizeof *members);
    ct_status st = s->ccg && s->stp && s->n_practices && s->n_ccgs && start && members
                       ? CT_OK
                       : ct__nomem(ctx);
    for (size_t i = 0; !st && i < p->n; i++)
        if (p->pcn[i] != CT__NONE)
            start[p->pcn[i] + 1]++;
    for (size_t k = 0; !st && k < s->n; k++)
        start[k + 1] += start[k];
    for (size_t i = 0; !st && i < p->n; i++)
        if (p->pcn[i] != CT__NONE)
            members[start[p->pcn[i]] + s->n_practices[p->pcn[i]]++] = i;
    for (size_t k = 0; !st && k < s->n; k++) {
        size_t m = start[k + 1] - start[k], nstp;
        s->ccg[k] = ct__strdup(plurality(p->ccg, members + start[k], m, &s->n_ccgs[k]));
        s->stp[k] = ct__strdup(plurality(p->stp, members + start[k], m, &nstp));
        if (!s->ccg[k] || !s->stp[k])
            st = ct__nomem(ctx);
    }
    free(start);
    free(members);
    return st;
}

/* ---- practice locations */

ct_status ct__pcn_locate_practices(ct_ctx *ctx, ct__pcnrun *run, const char *spec)
{
    ct__read_req req = {.id_field = "practice_code", .want_geometry = true};
    ct__features f = {0};
    double *fx = NULL, *fy = NULL;
    ct_status st = ct__read_spec(ctx, spec, &req, &f);
    if (!st)
        st = ct__feature_points(ctx, &f, run->pop->crs, "practice locations", &fx, &fy);
    ct__pracset *p = &run->prac;
    for (size_t k = 0; !st && k < f.n; k++) {
        size_t i = ct__strmap_get(p->index, f.ids[k]);
        if (i == CT__NONE)
            p->n_not_in_membership++;
        else if (isnan(p->x[i])) { /* a duplicate location: the first one counts */
            p->x[i] = fx[k];
            p->y[i] = fy[k];
        }
    }
    for (size_t i = 0; !st && i < p->n; i++) {
        if (p->pcn[i] == CT__NONE)
            continue;
        if (isnan(p->x[i])) {
            p->n_unlocated++;
            if (!p->unlocated_example && !(p->unlocated_example = ct__strdup(p->codes[i])))
                st = ct__nomem(ctx);
        } else
            p->n_located++;
    }
    if (!st && p->n_unlocated)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %zu member practices (e.g. %s) have no location in %s; their PCNs "
                      "are placed by their other practices",
                      p->n_unlocated, p->unlocated_example, f.source);
    ct__features_free(&f);
    free(fx);
    free(fy);
    return st;
}

/* ---- catchments: the PCNs whose catchment holds each area's centroid */

ct_status ct__pcn_catchments(ct_ctx *ctx, ct__pcnrun *run, const char *spec)
{
    ct_layer *l = NULL;
    size_t *start = NULL, *unit = NULL, *pcn_of = NULL;
    bool *has = NULL;
    ct_status st = ct__layer_open_in(ctx, &l, spec, run->pop->crs);
    if (!st)
        st = ct__geoms_locate_all(ctx, l->geoms, run->pop->n, run->x, run->y, &start, &unit);
    if (!st) {
        pcn_of = ct__malloc(l->n * sizeof *pcn_of);
        has = ct__calloc(run->pcns.n ? run->pcns.n : 1, sizeof *has);
        run->catch_source = ct__strdup(l->source);
        st = pcn_of && has && run->catch_source ? CT_OK : ct__nomem(ctx);
    }
    for (size_t u = 0; !st && u < l->n; u++) {
        pcn_of[u] = ct__strmap_get(run->pcns.index, l->ids[u]);
        run->catch_unmatched += pcn_of[u] == CT__NONE;
        if (pcn_of[u] != CT__NONE)
            has[pcn_of[u]] = true;
    }
    /* keep candidates that are PCNs of the membership, in place */
    size_t m = 0;
    for (size_t i = 0; !st && i < run->pop->n; i++) {
        size_t s0 = start[i];
        start[i] = m;
        for (size_t k = s0; k < start[i + 1]; k++)
            if (pcn_of[unit[k]] != CT__NONE)
                unit[m++] = pcn_of[unit[k]];
    }
    if (!st) {
        start[run->pop->n] = m;
        run->cand_start = start;
        run->cand = unit;
        start = unit = NULL;
        run->has_catchments = true;
        run->catch_units = l->n;
        run->catch_repairs = l->repairs;
        for (size_t k = 0; k < run->pcns.n; k++)
            run->pcns_without_catchment += !has[k];
    }
    if (!st && run->catch_unmatched)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %zu of %zu catchments in %s are of PCNs not in the membership and "
                      "are not used",
                      run->catch_unmatched, l->n, l->source);
    if (!st && run->pcns_without_catchment)
        st = ct__diag(ctx, CT_DIAG_WARNING,
                      "pcn: %zu of %zu PCNs have no catchment in %s; they are placed by their "
                      "practices' locations only",
                      run->pcns_without_catchment, run->pcns.n, l->source);
    free(start);
    free(unit);
    free(pcn_of);
    free(has);
    ct_layer_free(l);
    return st;
}

/* ---- parent tiers */

/* The small area's unit through a block code: its own id or a nesting level. */
static size_t block_unit(const ct_pop *pop, size_t i, const size_t *own,
                         size_t *const *level_unit)
{
    if (own[i] != CT__NONE)
        return own[i];
    for (size_t k = 0; k < pop->nlevels; k++) {
        size_t g = pop->levels[k].unit_of[i];
        if (g != CT__NONE && level_unit[k][g] != CT__NONE)
            return level_unit[k][g];
    }
    return CT__NONE;
}

/* A configuration CSV: column block (small area, MSOA or council codes of
 * the population base) and a place column. */
static ct_status places_from_config(ct_ctx *ctx, const ct_pop *pop, ct__parent *par,
                                    const char *path, const char *field)
{
    const char *cols[] = {"block", field};
    ct__texttab t;
    ct_status st = ct__gdal_read_text(ctx, path, cols, 2, &t);
    if (st)
        return st;
    size_t *own = ct__malloc((pop->n ? pop->n : 1) * sizeof *own);
    size_t *lvl[CT__MAX_LEVELS] = {0};
    size_t *unit = ct__malloc((pop->n ? pop->n : 1) * sizeof *unit);
    ct__strmap *ids = ct__strmap_new(64);
    par->ids = ct__calloc(t.nrows ? t.nrows : 1, sizeof *par->ids);
    st = own && unit && ids && par->ids ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < pop->nlevels; k++) {
        lvl[k] = ct__malloc((pop->levels[k].nunits ? pop->levels[k].nunits : 1) * sizeof *lvl[k]);
        if (!lvl[k])
            st = ct__nomem(ctx);
        for (size_t g = 0; lvl[k] && g < pop->levels[k].nunits; g++)
            lvl[k][g] = CT__NONE;
    }
    for (size_t i = 0; !st && i < pop->n; i++)
        own[i] = CT__NONE;
    for (size_t r = 0; !st && r < t.nrows; r++) {
        const char *block = t.cells[r * 2], *place = t.cells[r * 2 + 1];
        if (!*place)
            continue;
        size_t u = ct__strmap_get(ids, place);
        if (u == CT__NONE) {
            u = par->n;
            if (!(par->ids[u] = ct__strdup(place))) {
                st = ct__nomem(ctx);
                break;
            }
            par->n++;
            if ((st = ct__strmap_put(ctx, ids, par->ids[u], u, NULL)))
                break;
        }
        size_t *slot = NULL, i = ct__strmap_get(pop->index, block);
        if (i != CT__NONE)
            slot = &own[i];
        for (size_t k = 0; !slot && k < pop->nlevels; k++) {
            size_t g = ct__strmap_get(pop->levels[k].index, block);
            slot = g == CT__NONE ? NULL : &lvl[k][g];
        }
        if (!slot)
            st = ct__err(ctx, CT_EDATA,
                         "%s: row %zu: block '%s' is neither a small area of the population "
                         "base nor one of its MSOA or council codes",
                         path, r + 2, block);
        else if (*slot != CT__NONE && *slot != u)
            st = ct__err(ctx, CT_EDATA, "%s: row %zu: block '%s' is in two places (%s, %s)",
                         path, r + 2, block, par->ids[*slot], place);
        else
            *slot = u;
    }
    size_t missing = 0;
    for (size_t i = 0; !st && i < pop->n; i++) {
        unit[i] = block_unit(pop, i, own, lvl);
        missing += unit[i] == CT__NONE;
    }
    par->asg.n = pop->n;
    par->asg.how = "lookup";
    par->asg.start = st ? NULL : ct__malloc((pop->n + 1) * sizeof *par->asg.start);
    par->asg.unit = st ? NULL : ct__malloc((pop->n ? pop->n : 1) * sizeof *par->asg.unit);
    par->asg.frac = st ? NULL : ct__malloc((pop->n ? pop->n : 1) * sizeof *par->asg.frac);
    if (!st && (!par->asg.start || !par->asg.unit || !par->asg.frac))
        st = ct__nomem(ctx);
    size_t m = 0;
    for (size_t i = 0; !st && i < pop->n; i++) {
        par->asg.start[i] = m;
        if (unit[i] != CT__NONE) {
            par->asg.unit[m] = unit[i];
            par->asg.frac[m++] = 1;
        }
    }
    if (!st) {
        par->asg.start[pop->n] = m;
        par->asg.n_unassigned = missing;
    }
    if (!st && missing)
        st = ct__diag(ctx, CT_DIAG_WARNING, "pcn: %zu of %zu small areas are in no place of %s",
                      missing, pop->n, path);
    for (size_t k = 0; k < CT__MAX_LEVELS; k++)
        free(lvl[k]);
    free(own);
    free(unit);
    ct__strmap_free(ids);
    ct__texttab_free(&t);
    return st;
}

ct_status ct__pcn_open_parent(ct_ctx *ctx, ct__pcnrun *run, const char *key, const char *spec,
                              const char *place_field)
{
    return ct__pcn_open_parent_in(ctx, run, &run->parents[run->nparents++], key, spec,
                                  place_field);
}

ct_status ct__pcn_open_parent_in(ct_ctx *ctx, ct__pcnrun *run, ct__parent *par, const char *key,
                                 const char *spec, const char *place_field)
{
    par->key = key;
    par->spec = ct__strdup(spec);
    if (!par->spec)
        return ct__nomem(ctx);
    ct_status st;
    if (!strcmp(key, "place") && ct__is_csv(spec)) {
        st = places_from_config(ctx, run->pop, par, spec, place_field);
    } else {
        ct_layer *l = NULL;
        st = ct__layer_open_in(ctx, &l, spec, run->pop->crs);
        if (!st)
            st = ct__assign_units(ctx, run->pop, l, CT__AUTO, 0.01, NULL, &par->asg);
        par->ids = st ? NULL : ct__calloc(l->n ? l->n : 1, sizeof *par->ids);
        par->names = st ? NULL : ct__calloc(l->n ? l->n : 1, sizeof *par->names);
        if (!st && (!par->ids || !par->names))
            st = ct__nomem(ctx);
        for (size_t i = 0; !st && i < l->n; i++, par->n++)
            if (!(par->ids[i] = ct__strdup(l->ids[i])) ||
                !(par->names[i] = ct__strdup(l->names[i] ? l->names[i] : "")))
                st = ct__nomem(ctx);
        ct_layer_free(l);
    }
    par->fit = st ? NULL : ct__calloc(run->pcns.n ? run->pcns.n : 1, sizeof *par->fit);
    if (!st && !par->fit)
        st = ct__nomem(ctx);
    if (!st)
        st = ct__pcn_parent_fit(ctx, &run->final, run->pop->pop, &par->asg, par->n,
                                run->pcns.n, run->tol, &par->pairs, &par->np, par->fit);
    return st;
}
