/* coterm flows: the providers, systems, flows, origins, places and orgs
 * tables (column definitions in docs/flows.md). */
#include "flows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROVIDERS_COLS                                                                       \
    "provider_id:t,provider_name:t,patients:r,home_system:t,home_share:r,n_systems:i,"      \
    "systems:t,n_places:i,li:r,home_system_name:t,home_place:t,home_place_share:r,places:t," \
    "n_origins:i,plurality_origins:i,plurality_pop:r,hq_system:t,basis:t"
#define SYSTEMS_COLS                                                                        \
    "system_id:t,system_name:t,pop:r,containment:r,n_providers:i,intensity:i,flows:r,"     \
    "contained:r,providers:t,n_councils:i,councils:t,n_commissioners:i,commissioners:t,"   \
    "n_orgs:i,orgs:t,organisations:t,top_provider:t,top_share:r"
#define PLACES_COLS                                                                         \
    "place_id:t,place_name:t,pop:r,containment:r,n_providers:i,flows:r,contained:r,"       \
    "providers:t"
#define FLOWS_COLS                                                                          \
    "provider_id:t,provider_name:t,system_id:t,system_name:t,patients:r,provider_share:r," \
    "system_share:r,home:i"
#define ORIGINS_COLS                                                                        \
    "origin_id:t,origin_name:t,pop:r,flows:r,residual:r,residual_share:r,n_providers:i,"   \
    "plurality_provider:t,plurality_share:r"
#define ORGS_COLS                                                                           \
    "org_id:t,org_name:t,n_units:i,pop:r,home_system:t,home_share:r,n_systems:i,"          \
    "systems:t,n_places:i,places:t,li:r"

/* "id:share;..." (or "prefix:id;..." with a prefix) of the kept entries,
 * largest share first; NULL on allocation failure. keep NULL: share >=
 * threshold (and > 0). */
static char *list_text(const double *val, size_t n, double denom, const bool *keep,
                       double threshold, const char *const *ids, const size_t *rank,
                       const char *prefix)
{
    ct__ranked *v = NULL;
    size_t m = 0, len = 1;
    ct_ctx *quiet = NULL; /* allocation failure is reported by the caller (NULL) */
    if (ct__flows_ranked(quiet, val, n, denom, keep, threshold, rank, &v, &m))
        return NULL;
    for (size_t k = 0; k < m; k++)
        len += strlen(ids[v[k].i]) + (prefix ? strlen(prefix) + 1 : 0) + 16;
    char *out = ct__malloc(len);
    size_t at = 0;
    for (size_t k = 0; out && k < m; k++)
        at += prefix ? (size_t)snprintf(out + at, len - at, "%s%s:%s", k ? ";" : "", prefix,
                                        ids[v[k].i])
                     : (size_t)ct__snprintf(out + at, len - at, "%s%s:%.4f", k ? ";" : "",
                                           ids[v[k].i], v[k].share);
    if (out)
        out[at] = '\0';
    free(v);
    return out;
}

char *ct__flows_list(const double *g, size_t n, double total, double threshold,
                     const char *const *ids, const size_t *rank)
{
    return list_text(g, n, total, NULL, threshold, ids, rank, NULL);
}

/* Set text cells from a NULL-terminated-by-count list; a NULL string is an
 * allocation failure that happened while building it. */
static ct_status set_texts(ct_ctx *ctx, ct_table *t, size_t row, const size_t *cols,
                           const char *const *v, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        if (!v[j])
            return ct__nomem(ctx);
        ct_status st = ct__table_set_text(ctx, t, row, cols[j], v[j]);
        if (st)
            return st;
    }
    return CT_OK;
}

static size_t col(const ct_table *t, const char *name)
{
    return ct_table_colindex(t, name);
}

static ct_status provider_row(ct_ctx *ctx, const ct__flowrun *run, ct_table *t, size_t p,
                              const size_t *n_origins, const size_t *n_plural,
                              const double *plural_pop)
{
    const ct__zones *s = &run->sys, *pl = &run->pl;
    const ct__spread *ss = &s->sp[p], *ps = run->has_places ? &pl->sp[p] : NULL;
    ct__basis bs = ct__flows_basis(run, s, p);
    ct__basis bp = ps ? ct__flows_basis(run, pl, p) : bs;
    char *sys = ct__flows_list(bs.v, s->n, bs.total, run->threshold, s->ids, s->rank);
    char *pls = ps ? ct__flows_list(bp.v, pl->n, bp.total, run->threshold, pl->ids, pl->rank)
                   : ct__strdup("");
    bool sh = ss->home != CT__NONE, ph = ps && ps->home != CT__NONE;
    size_t hq = run->hq_sys[p];
    const char *text[] = {run->tab.pids[p], run->tab.pnames[p], sh ? s->ids[ss->home] : "",
                          sys, sh ? s->names[ss->home] : "", ph ? pl->ids[ps->home] : "", pls,
                          hq == CT__NONE ? "" : s->ids[hq], bs.name};
    static const char *const names[] = {"provider_id", "provider_name", "home_system", "systems",
                                        "home_system_name", "home_place", "places", "hq_system",
                                        "basis"};
    size_t cols[9];
    for (size_t j = 0; j < 9; j++)
        cols[j] = col(t, names[j]);
    ct_status st = set_texts(ctx, t, p, cols, text, 9);
    free(sys);
    free(pls);
    ct__table_set_real(t, p, col(t, "patients"), run->patients[p]);
    ct__table_set_real(t, p, col(t, "home_share"), ss->home_share);
    ct__table_set_real(t, p, col(t, "n_systems"), (double)ss->n_above);
    ct__table_set_real(t, p, col(t, "li"), ss->li);
    ct__table_set_real(t, p, col(t, "n_places"), ps ? (double)ps->n_above : NAN);
    ct__table_set_real(t, p, col(t, "home_place_share"), ps ? ps->home_share : NAN);
    ct__table_set_real(t, p, col(t, "n_origins"), (double)n_origins[p]);
    ct__table_set_real(t, p, col(t, "plurality_origins"), (double)n_plural[p]);
    ct__table_set_real(t, p, col(t, "plurality_pop"), plural_pop[p]);
    return st;
}

static ct_status providers_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    size_t np = run->tab.np, no = run->origins->n;
    size_t *n_origins = ct__calloc(np ? np : 1, sizeof *n_origins);
    size_t *n_plural = ct__calloc(np ? np : 1, sizeof *n_plural);
    double *plural_pop = ct__calloc(np ? np : 1, sizeof *plural_pop);
    ct_status st = n_origins && n_plural && plural_pop ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < run->tab.nrows; k++)
        n_origins[run->tab.rows[k].p]++;
    for (size_t o = 0; !st && o < no; o++)
        if (run->best[o] != CT__NONE) {
            n_plural[run->best[o]]++;
            plural_pop[run->best[o]] += run->pop_o[o];
        }
    if (!st)
        st = ct__table_new(ctx, out, "providers", PROVIDERS_COLS, np);
    for (size_t p = 0; !st && p < np; p++)
        st = provider_row(ctx, run, *out, p, n_origins, n_plural, plural_pop);
    free(n_origins);
    free(n_plural);
    free(plural_pop);
    return st;
}

/* Links of one system with an organisation set: keep[i], x[i] people in both. */
static size_t org_links(const ct__flowrun *run, const ct__orgset *o, size_t s, double *x,
                        bool *keep)
{
    size_t n = 0;
    for (size_t i = 0; i < o->n; i++) {
        x[i] = o->x_sys[i * run->sys.n + s];
        keep[i] = ct__flows_linked(x[i], o->pop[i], run->sys.pop[s], run->threshold);
        n += keep[i];
    }
    return n;
}

/* Counts and lists of a system's links: providers, councils, commissioners,
 * orgs; list[k] with shares, tagged[k] as "kind:id". */
typedef struct links {
    size_t n[4];
    char *list[4], *tagged[4];
} links;

static const char *const link_kinds[] = {"provider", "council", "commissioner", "org"};

static ct_status system_links(ct_ctx *ctx, const ct__flowrun *run, size_t s, links *lk,
                              double *x, bool *keep)
{
    const ct__zones *z = &run->sys;
    const ct__orgset *sets[] = {&run->councils, &run->commissioners, &run->orgs};
    const bool has[] = {run->has_councils, run->has_commissioners, run->has_orgs};
    size_t np = run->tab.np;
    for (size_t p = 0; p < np; p++) {
        x[p] = z->g[p * z->n + s];
        keep[p] = ct__flows_linked(x[p], run->patients[p], z->flows[s], run->threshold);
        lk->n[0] += keep[p];
    }
    const char *const *pids = (const char *const *)run->tab.pids;
    lk->list[0] = list_text(x, np, z->flows[s], keep, 0, pids, run->rank_p, NULL);
    lk->tagged[0] = list_text(x, np, z->flows[s], keep, 0, pids, run->rank_p, link_kinds[0]);
    for (size_t k = 0; k < 3; k++) {
        const ct__orgset *o = sets[k];
        lk->n[k + 1] = has[k] ? org_links(run, o, s, x, keep) : 0;
        lk->list[k + 1] = has[k] ? list_text(x, o->n, z->pop[s], keep, 0, o->ids, o->rank, NULL)
                                 : ct__strdup("");
        lk->tagged[k + 1] = has[k] ? list_text(x, o->n, z->pop[s], keep, 0, o->ids, o->rank,
                                               link_kinds[k + 1])
                                   : ct__strdup("");
    }
    for (size_t k = 0; k < 4; k++)
        if (!lk->list[k] || !lk->tagged[k])
            return ct__nomem(ctx);
    return CT_OK;
}

/* Every linked organisation: councils, commissioners, providers, orgs. */
static char *organisations(const links *lk)
{
    static const size_t order[] = {1, 2, 0, 3};
    size_t len = 1;
    for (size_t k = 0; k < 4; k++)
        len += strlen(lk->tagged[k]) + 1;
    char *out = ct__malloc(len);
    size_t at = 0;
    for (size_t q = 0; out && q < 4; q++)
        if (*lk->tagged[order[q]])
            at += (size_t)snprintf(out + at, len - at, "%s%s", at ? ";" : "",
                                   lk->tagged[order[q]]);
    if (out)
        out[at] = '\0';
    return out;
}

static ct_status system_row(ct_ctx *ctx, const ct__flowrun *run, ct_table *t, size_t s,
                            double *x, bool *keep)
{
    const ct__zones *z = &run->sys;
    links lk = {{0}, {NULL}, {NULL}};
    ct_status st = system_links(ctx, run, s, &lk, x, keep);
    char *orgs = st ? NULL : organisations(&lk);
    if (!st && !orgs)
        st = ct__nomem(ctx);
    size_t top = CT__NONE;
    for (size_t p = 0; p < run->tab.np; p++)
        if (z->g[p * z->n + s] > 0 && (top == CT__NONE || z->g[p * z->n + s] > z->g[top * z->n + s]))
            top = p;
    const char *text[] = {z->ids[s], z->names[s], lk.list[0], lk.list[1], lk.list[2],
                          lk.list[3], orgs, top == CT__NONE ? "" : run->tab.pids[top]};
    static const char *const names[] = {"system_id", "system_name", "providers", "councils",
                                        "commissioners", "orgs", "organisations", "top_provider"};
    size_t cols[8];
    for (size_t j = 0; j < 8; j++)
        cols[j] = col(t, names[j]);
    if (!st)
        st = set_texts(ctx, t, s, cols, text, 8);
    double flows = z->flows[s];
    ct__table_set_real(t, s, col(t, "pop"), z->pop[s]);
    ct__table_set_real(t, s, col(t, "containment"), flows > 0 ? z->contained[s] / flows : NAN);
    ct__table_set_real(t, s, col(t, "n_providers"), (double)lk.n[0]);
    ct__table_set_real(t, s, col(t, "intensity"),
                       (double)(lk.n[0] + lk.n[1] + lk.n[2] + lk.n[3]));
    ct__table_set_real(t, s, col(t, "flows"), flows);
    ct__table_set_real(t, s, col(t, "contained"), z->contained[s]);
    ct__table_set_real(t, s, col(t, "n_councils"), run->has_councils ? (double)lk.n[1] : NAN);
    ct__table_set_real(t, s, col(t, "n_commissioners"),
                       run->has_commissioners ? (double)lk.n[2] : NAN);
    ct__table_set_real(t, s, col(t, "n_orgs"), run->has_orgs ? (double)lk.n[3] : NAN);
    ct__table_set_real(t, s, col(t, "top_share"),
                       top == CT__NONE ? NAN : z->g[top * z->n + s] / flows);
    for (size_t k = 0; k < 4; k++)
        free(lk.list[k]), free(lk.tagged[k]);
    free(orgs);
    return st;
}

/* Rows in id order of the zones. */
static size_t *by_rank(const size_t *rank, size_t n)
{
    size_t *order = ct__malloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; order && i < n; i++)
        order[rank[i]] = i;
    return order;
}

static ct_status systems_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    size_t m = run->tab.np;
    const ct__orgset *sets[] = {&run->councils, &run->commissioners, &run->orgs};
    for (size_t k = 0; k < 3; k++)
        m = m > sets[k]->n ? m : sets[k]->n;
    double *x = ct__malloc((m ? m : 1) * sizeof *x);
    bool *keep = ct__malloc((m ? m : 1) * sizeof *keep);
    ct_status st = x && keep ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = ct__table_new(ctx, out, "systems", SYSTEMS_COLS, run->sys.n);
    for (size_t s = 0; !st && s < run->sys.n; s++)
        st = system_row(ctx, run, *out, s, x, keep);
    free(x);
    free(keep);
    return st;
}

static ct_status places_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    const ct__zones *z = &run->pl;
    size_t np = run->tab.np;
    double *x = ct__malloc((np ? np : 1) * sizeof *x);
    bool *keep = ct__malloc((np ? np : 1) * sizeof *keep);
    ct_status st = x && keep ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = ct__table_new(ctx, out, "places", PLACES_COLS, z->n);
    for (size_t s = 0; !st && s < z->n; s++) {
        size_t n = 0;
        for (size_t p = 0; p < np; p++) {
            x[p] = z->g[p * z->n + s];
            keep[p] = ct__flows_linked(x[p], run->patients[p], z->flows[s], run->threshold);
            n += keep[p];
        }
        char *list = list_text(x, np, z->flows[s], keep, 0, (const char *const *)run->tab.pids,
                               run->rank_p, NULL);
        const char *text[] = {z->ids[s], z->names[s], list};
        size_t cols[] = {0, 1, col(*out, "providers")};
        st = set_texts(ctx, *out, s, cols, text, 3);
        free(list);
        ct__table_set_real(*out, s, 2, z->pop[s]);
        ct__table_set_real(*out, s, 3, z->flows[s] > 0 ? z->contained[s] / z->flows[s] : NAN);
        ct__table_set_real(*out, s, 4, (double)n);
        ct__table_set_real(*out, s, 5, z->flows[s]);
        ct__table_set_real(*out, s, 6, z->contained[s]);
    }
    free(x);
    free(keep);
    return st;
}

static ct_status flows_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    const ct__zones *z = &run->sys;
    size_t np = run->tab.np, n = 0;
    size_t *order = by_rank(z->rank, z->n);
    if (!order)
        return ct__nomem(ctx);
    for (size_t i = 0; i < np * z->n; i++)
        n += z->g[i] > 0;
    ct_status st = ct__table_new(ctx, out, "flows", FLOWS_COLS, n);
    size_t row = 0;
    for (size_t p = 0; !st && p < np; p++)
        for (size_t q = 0; !st && q < z->n; q++) {
            size_t s = order[q];
            double g = z->g[p * z->n + s];
            if (!(g > 0))
                continue;
            const char *text[] = {run->tab.pids[p], run->tab.pnames[p], z->ids[s], z->names[s]};
            size_t cols[] = {0, 1, 2, 3};
            st = set_texts(ctx, *out, row, cols, text, 4);
            ct__table_set_real(*out, row, 4, g);
            ct__table_set_real(*out, row, 5, g / run->patients[p]);
            ct__table_set_real(*out, row, 6, g / z->flows[s]);
            ct__table_set_real(*out, row, 7, z->sp[p].home == s);
            row++;
        }
    free(order);
    return st;
}

static ct_status origins_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    const ct_layer *l = run->origins;
    size_t *nprov = ct__calloc(l->n ? l->n : 1, sizeof *nprov);
    ct_status st = nprov ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < run->tab.nrows; k++)
        nprov[run->tab.rows[k].o]++;
    if (!st)
        st = ct__table_new(ctx, out, "origins", ORIGINS_COLS, l->n);
    for (size_t o = 0; !st && o < l->n; o++) {
        size_t b = run->best[o];
        const char *text[] = {l->ids[o], l->names[o], b == CT__NONE ? "" : run->tab.pids[b]};
        size_t cols[] = {0, 1, 7};
        st = set_texts(ctx, *out, o, cols, text, 3);
        double flows = run->origin_flows[o], pop = run->pop_o[o];
        /* a residual only means something for reconstructed flows */
        bool fit = !run->tab.absolute && nprov[o] > 0;
        ct__table_set_real(*out, o, 2, pop);
        ct__table_set_real(*out, o, 3, flows);
        ct__table_set_real(*out, o, 4, fit ? flows - pop : NAN);
        ct__table_set_real(*out, o, 5, fit && pop > 0 ? (flows - pop) / pop : NAN);
        ct__table_set_real(*out, o, 6, (double)nprov[o]);
        ct__table_set_real(*out, o, 8, b == CT__NONE ? NAN : run->best_flow[o] / flows);
    }
    free(nprov);
    return st;
}

static ct_status orgs_table(ct_ctx *ctx, const ct__flowrun *run, ct_table **out)
{
    const ct__orgset *o = &run->orgs;
    const ct__zones *s = &run->sys, *pl = &run->pl;
    ct_status st = ct__table_new(ctx, out, "orgs", ORGS_COLS, o->n);
    for (size_t i = 0; !st && i < o->n; i++) {
        const ct__spread *ss = &o->sp_sys[i], *ps = o->x_pl ? &o->sp_pl[i] : NULL;
        char *sys = ct__flows_list(o->x_sys + i * s->n, s->n, o->pop[i], run->threshold, s->ids,
                                   s->rank);
        char *pls = ps ? ct__flows_list(o->x_pl + i * pl->n, pl->n, o->pop[i], run->threshold,
                                        pl->ids, pl->rank)
                       : ct__strdup("");
        const char *text[] = {o->ids[i], o->names[i],
                              ss->home == CT__NONE ? "" : s->ids[ss->home], sys, pls};
        size_t cols[] = {0, 1, 4, 7, 9};
        st = set_texts(ctx, *out, i, cols, text, 5);
        free(sys);
        free(pls);
        ct__table_set_real(*out, i, 2, (double)o->n_units[i]);
        ct__table_set_real(*out, i, 3, o->pop[i]);
        ct__table_set_real(*out, i, 5, ss->home_share);
        ct__table_set_real(*out, i, 6, (double)ss->n_above);
        ct__table_set_real(*out, i, 8, ps ? (double)ps->n_above : NAN);
        ct__table_set_real(*out, i, 10, ss->li);
    }
    return st;
}

typedef ct_status (*table_fn)(ct_ctx *, const ct__flowrun *, ct_table **);

ct_status ct__flows_tables(ct_ctx *ctx, const ct__flowrun *run, ct_result *r)
{
    const table_fn fns[] = {providers_table, systems_table, flows_table, origins_table,
                            places_table, orgs_table};
    const bool want[] = {true, true, true, true, run->has_places, run->has_orgs};
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < sizeof fns / sizeof *fns; k++) {
        if (!want[k])
            continue;
        ct_table *t = NULL;
        st = fns[k](ctx, run, &t);
        st = ct__result_add_built(ctx, r, st, t);
    }
    return st;
}
