/* The suggest search (docs/scenario.md): greedy moves of atoms between units
 * of one tier, best gain per person first. Each candidate is evaluated by
 * applying it to the unit x council table, classifying the councils and units
 * it touches as check does (ct__classify), and restoring the table. */
#include "suggest_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A unit's part in a council (key: the council), or a council's part in a
 * unit (key: the unit); n counts the atoms adding to it, so a part whose
 * atoms have all left is removed exactly. */
typedef struct entry {
    size_t key, n;
    double pop, area;
} entry;

typedef struct elist {
    entry *v;
    size_t n, cap;
} elist;

typedef struct alist {
    size_t *v;
    size_t n, cap;
} alist;

typedef struct sg {
    ct_ctx *ctx;
    const ct__sg_input *in;
    bool has_pop;
    size_t *unit_of, *pos; /* atom -> unit, and its index in the unit's members */
    alist *mem;            /* unit -> atoms */
    double *upop, *uarea;
    elist *uc, *cu;        /* unit -> councils, council -> units */
    bool *split;           /* council -> split by the tier */
    double *best;          /* unit -> people in its best council */
    size_t *ncomp;         /* unit -> connected pieces */
    size_t *cat_start, *cat; /* council -> atoms mostly in it */
    unsigned *seen, *ins, *cmark, gen, sgen, cgen; /* visit stamps */
    size_t *queue;
    ct__pair *pairs;       /* scratch for classify */
    double *oa, *op;
    size_t scap;
    size_t *affected;      /* councils a candidate touches */
    elist save_u, save_v, *save_c; /* snapshots while a candidate is tried */
    size_t *save_key;
} sg;

static bool grow(void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap : 8;
    while (cap2 < need)
        cap2 *= 2;
    void *p = ct__realloc(*v, cap2 * size);
    if (!p)
        return false;
    *v = p;
    *cap = cap2;
    return true;
}

/* Add an atom's part (dn = +1) or take it away (dn = -1). */
static bool elist_add(elist *l, size_t key, double pop, double area, int dn)
{
    size_t i = 0;
    while (i < l->n && l->v[i].key != key)
        i++;
    if (i == l->n) {
        if (dn < 0 || !grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
            return dn < 0;
        l->v[l->n++] = (entry){.key = key, .n = 0, .pop = 0, .area = 0};
    }
    entry *e = &l->v[i];
    e->pop += dn * pop;
    e->area += dn * area;
    e->n = dn > 0 ? e->n + 1 : e->n - 1;
    if (e->n == 0)
        l->v[i] = l->v[--l->n];
    return true;
}

static bool elist_copy(elist *dst, const elist *src)
{
    if (!grow((void **)&dst->v, &dst->cap, src->n ? src->n : 1, sizeof *dst->v))
        return false;
    if (src->n)
        memcpy(dst->v, src->v, src->n * sizeof *dst->v);
    dst->n = src->n;
    return true;
}

/* A part of an atom: council c, people p (0 without a base), area a. */
static void part(const sg *s, size_t k, size_t *c, double *p, double *a)
{
    *c = s->in->part_council[k];
    *p = s->in->part_pop ? s->in->part_pop[k] : 0;
    *a = s->in->part_area[k];
}

/* Move atom x to unit v in the table (not the member lists). */
static bool move_atom(sg *s, size_t x, size_t v)
{
    const ct__sg_input *in = s->in;
    size_t u = s->unit_of[x];
    bool ok = true;
    for (size_t k = in->part_start[x]; ok && k < in->part_start[x + 1]; k++) {
        size_t c;
        double p, a;
        part(s, k, &c, &p, &a);
        ok = elist_add(&s->uc[u], c, p, a, -1) && elist_add(&s->cu[c], u, p, a, -1) &&
             elist_add(&s->uc[v], c, p, a, 1) && elist_add(&s->cu[c], v, p, a, 1);
    }
    double px = in->pop ? in->pop[x] : 0;
    s->upop[u] -= px;
    s->upop[v] += px;
    s->uarea[u] -= in->area[x];
    s->uarea[v] += in->area[x];
    s->unit_of[x] = v;
    return ok;
}

/* Classify one unit or council ("self", totals sp and sa) against the
 * partners of its list l (units when of_units, else councils). */
static ct_status classify_one(sg *s, double sp, double sa, const elist *l, bool of_units,
                              ct__unitfit *out)
{
    const ct__sg_input *in = s->in;
    size_t k = l->n;
    if (k + 1 > s->scap) {
        size_t cap = s->scap, cap2 = s->scap, cap3 = s->scap;
        if (!grow((void **)&s->pairs, &cap, k + 1, sizeof *s->pairs) ||
            !grow((void **)&s->oa, &cap2, k + 1, sizeof *s->oa) ||
            !grow((void **)&s->op, &cap3, k + 1, sizeof *s->op))
            return ct__nomem(s->ctx);
        s->scap = cap < cap2 ? (cap < cap3 ? cap : cap3) : (cap2 < cap3 ? cap2 : cap3);
    }
    for (size_t j = 0; j < k; j++) {
        size_t o = l->v[j].key;
        s->oa[j] = of_units ? s->uarea[o] : in->council_area[o];
        s->op[j] = of_units ? s->upop[o] : (in->council_pop ? in->council_pop[o] : 0);
    }
    ct__side self = {.n = 1, .area = &sa, .pop = s->has_pop ? &sp : NULL};
    ct__side other = {.n = k, .area = s->oa, .pop = s->has_pop ? s->op : NULL};
    for (size_t j = 0; j < k; j++) {
        const entry *e = &l->v[j];
        s->pairs[j] = (ct__pair){
            .a = 0,
            .b = j,
            .area = e->area,
            .pop = e->pop,
            .a_area_share = sa > 0 ? e->area / sa : 0,
            .b_area_share = s->oa[j] > 0 ? e->area / s->oa[j] : 0,
            .a_pop_share = sp > 0 ? e->pop / sp : 0,
            .b_pop_share = s->op[j] > 0 ? e->pop / s->op[j] : 0,
            .sliver = ct__measure_share(&self, 0, e->pop, e->area) < in->tol &&
                      ct__measure_share(&other, j, e->pop, e->area) < in->tol};
    }
    return ct__classify(s->ctx, s->pairs, k, true, &self, &other, in->tol, out);
}

static ct_status council_split(sg *s, size_t c, bool *out)
{
    const ct__sg_input *in = s->in;
    ct__unitfit f;
    double cp = in->council_pop ? in->council_pop[c] : 0;
    ct_status st = classify_one(s, cp, in->council_area[c], &s->cu[c], true, &f);
    *out = !st && ct__ck_division(f.n_parts, f.cls == CT__STRADDLES, in->outside != NULL,
                                  in->outside ? in->outside[c] : 0, in->tol,
                                  in->small && in->small[c]) == CT__CK_SPLIT;
    return st;
}

/* People (area without a base) of unit u living in its best council. */
static ct_status unit_best(sg *s, size_t u, double *out)
{
    ct__unitfit f;
    ct_status st = classify_one(s, s->upop[u], s->uarea[u], &s->uc[u], false, &f);
    *out = 0;
    if (!st && f.best != CT__NONE)
        *out = s->has_pop ? s->uc[u].v[f.best].pop : s->uc[u].v[f.best].area;
    return st;
}

/* Connected pieces of unit u without the atoms marked in S (drop), or with
 * them (add), over the atom adjacency. */
static size_t pieces(sg *s, size_t u, const size_t *S, size_t n, bool add)
{
    const ct__sg_input *in = s->in;
    s->gen++;
    size_t count = 0, total = s->mem[u].n + (add ? n : 0);
    for (size_t i = 0; i < total; i++) {
        size_t x = i < s->mem[u].n ? s->mem[u].v[i] : S[i - s->mem[u].n];
        bool in_s = s->ins[x] == s->sgen;
        if (s->seen[x] == s->gen || (!add && in_s))
            continue;
        count++;
        size_t head = 0, tail = 0;
        s->seen[x] = s->gen;
        s->queue[tail++] = x;
        while (head < tail) {
            size_t y = s->queue[head++];
            for (size_t k = in->adj_start[y]; k < in->adj_start[y + 1]; k++) {
                size_t z = in->adj[k];
                bool zs = s->ins[z] == s->sgen;
                bool member = add ? (s->unit_of[z] == u || zs) : (s->unit_of[z] == u && !zs);
                if (member && s->seen[z] != s->gen) {
                    s->seen[z] = s->gen;
                    s->queue[tail++] = z;
                }
            }
        }
    }
    return count;
}

/* How far people p lie outside the band (0 inside, or with no band). */
static double off_band(const sg *s, double p)
{
    const ct__ckband *b = s->in->band;
    if (!b || !s->has_pop)
        return 0;
    int side = ct__ck_band_test(b, p);
    return side < 0 ? b->min - p : side > 0 ? p - b->max : 0;
}

typedef struct cand {
    size_t u, v, council;
    const size_t *S;
    size_t n;
    double pop, area, cost;
    long gain_s;
    double gain_f;
} cand;

/* Lexicographic: more councils resolved per person, then more fit per person. */
static bool better(const cand *a, const cand *b)
{
    double sa = (double)a->gain_s / a->cost, sb = (double)b->gain_s / b->cost;
    if (sa != sb)
        return sa > sb;
    return a->gain_f / a->cost > b->gain_f / b->cost;
}

/* Councils touched by units u and v, each once. */
static size_t touched(sg *s, size_t u, size_t v)
{
    size_t n = 0;
    s->cgen++;
    const elist *ls[2] = {&s->uc[u], &s->uc[v]};
    for (size_t q = 0; q < 2; q++)
        for (size_t j = 0; j < ls[q]->n; j++) {
            size_t c = ls[q]->v[j].key;
            if (s->cmark[c] != s->cgen) {
                s->cmark[c] = s->cgen;
                s->affected[n++] = c;
            }
        }
    return n;
}

/* Apply c's move to the table, measure the gains, restore the table. */
static ct_status try_move(sg *s, cand *c, bool *improves)
{
    *improves = false;
    size_t na = touched(s, c->u, c->v);
    bool ok = elist_copy(&s->save_u, &s->uc[c->u]) && elist_copy(&s->save_v, &s->uc[c->v]);
    for (size_t i = 0; ok && i < na; i++)
        ok = elist_copy(&s->save_c[i], &s->cu[s->affected[i]]);
    double pu = s->upop[c->u], pv = s->upop[c->v], au = s->uarea[c->u], av = s->uarea[c->v];
    for (size_t i = 0; ok && i < c->n; i++)
        ok = move_atom(s, c->S[i], c->v);
    ct_status st = ok ? CT_OK : ct__nomem(s->ctx);
    long splits = 0;
    for (size_t i = 0; !st && i < na; i++) {
        bool now;
        st = council_split(s, s->affected[i], &now);
        splits += (long)s->split[s->affected[i]] - (long)now;
    }
    double bu = 0, bv = 0;
    if (!st)
        st = unit_best(s, c->u, &bu);
    if (!st)
        st = unit_best(s, c->v, &bv);
    bool band_ok = off_band(s, s->upop[c->u]) <= off_band(s, pu) &&
                   off_band(s, s->upop[c->v]) <= off_band(s, pv);
    /* restore: the snapshots hold every list the move changed */
    for (size_t i = 0; i < c->n; i++)
        s->unit_of[c->S[i]] = c->u;
    s->upop[c->u] = pu;
    s->upop[c->v] = pv;
    s->uarea[c->u] = au;
    s->uarea[c->v] = av;
    if (ok) {
        elist_copy(&s->uc[c->u], &s->save_u); /* capacities suffice: cannot fail */
        elist_copy(&s->uc[c->v], &s->save_v);
        for (size_t i = 0; i < na; i++)
            elist_copy(&s->cu[s->affected[i]], &s->save_c[i]);
    }
    if (st)
        return st;
    c->gain_s = splits;
    c->gain_f = bu + bv - s->best[c->u] - s->best[c->v];
    *improves = band_ok && (splits > 0 || (splits == 0 && c->gain_f > 1e-9 * (1 + s->best[c->u] +
                                                                              s->best[c->v])));
    if (*improves) { /* contiguity last: the dearest test */
        s->sgen++;
        for (size_t i = 0; i < c->n; i++)
            s->ins[c->S[i]] = s->sgen;
        *improves = pieces(s, c->u, c->S, c->n, false) <= s->ncomp[c->u] &&
                    pieces(s, c->v, c->S, c->n, true) <= s->ncomp[c->v];
    }
    return CT_OK;
}

/* Whether some atom of S borders unit v. */
static bool borders(const sg *s, const size_t *S, size_t n, size_t v)
{
    const ct__sg_input *in = s->in;
    for (size_t i = 0; i < n; i++)
        for (size_t k = in->adj_start[S[i]]; k < in->adj_start[S[i] + 1]; k++)
            if (s->unit_of[in->adj[k]] == v)
                return true;
    return false;
}

typedef struct keyed {
    size_t unit, atom;
} keyed;

/* qsort has no user data in C11, so the unit travels with the atom */
static int cmp_keyed(const void *x, const void *y)
{
    const keyed *p = x, *q = y;
    if (p->unit != q->unit)
        return (p->unit > q->unit) - (p->unit < q->unit);
    return (p->atom > q->atom) - (p->atom < q->atom);
}

typedef struct search {
    cand best;
    bool have;
    size_t *best_S, best_cap;
    keyed *grp;          /* a council's atoms with their units, by unit */
    size_t grp_cap;
    size_t *units, *comp, *whole; /* units holding them; pieces of one group; a group */
    size_t units_cap, comp_cap, whole_cap;
    unsigned *gmark, ggen;
} search;

static ct_status consider(sg *s, search *q, cand *c)
{
    const ct__sg_input *in = s->in;
    if (c->n == s->mem[c->u].n || (in->parent && in->parent[c->u] != in->parent[c->v]) ||
        !borders(s, c->S, c->n, c->v))
        return CT_OK;
    c->pop = c->area = 0;
    for (size_t i = 0; i < c->n; i++) {
        c->pop += in->pop ? in->pop[c->S[i]] : 0;
        c->area += in->area[c->S[i]];
    }
    c->cost = s->has_pop ? (c->pop > 1 ? c->pop : 1) : (c->area > 1 ? c->area : 1);
    bool improves;
    ct_status st = try_move(s, c, &improves);
    if (st || !improves || (q->have && !better(c, &q->best)))
        return st;
    if (!grow((void **)&q->best_S, &q->best_cap, c->n, sizeof *q->best_S))
        return ct__nomem(s->ctx);
    memcpy(q->best_S, c->S, c->n * sizeof *c->S);
    q->best = *c;
    q->best.S = q->best_S;
    q->have = true;
    return CT_OK;
}

/* Try moving S (atoms of council c in unit u) to every other unit of units. */
static ct_status to_each(sg *s, search *q, size_t c, size_t u, const size_t *S, size_t n,
                         size_t nunits)
{
    ct_status st = CT_OK;
    for (size_t j = 0; !st && j < nunits; j++) {
        cand x = {.u = u, .v = q->units[j], .council = c, .S = S, .n = n};
        if (x.v != u)
            st = consider(s, q, &x);
    }
    return st;
}

/* Candidates for council c: each connected piece of its atoms in a unit (and
 * all of them when in several pieces), to each other unit holding some. */
static ct_status council_moves(sg *s, search *q, size_t c)
{
    const ct__sg_input *in = s->in;
    size_t a = s->cat_start[c], n = s->cat_start[c + 1] - a, nunits = 0;
    if (n < 2)
        return CT_OK;
    if (!grow((void **)&q->grp, &q->grp_cap, n, sizeof *q->grp) ||
        !grow((void **)&q->units, &q->units_cap, n, sizeof *q->units) ||
        !grow((void **)&q->comp, &q->comp_cap, n, sizeof *q->comp) ||
        !grow((void **)&q->whole, &q->whole_cap, n, sizeof *q->whole))
        return ct__nomem(s->ctx);
    for (size_t i = 0; i < n; i++)
        q->grp[i] = (keyed){.unit = s->unit_of[s->cat[a + i]], .atom = s->cat[a + i]};
    qsort(q->grp, n, sizeof *q->grp, cmp_keyed);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || q->grp[i].unit != q->grp[i - 1].unit)
            q->units[nunits++] = q->grp[i].unit;
    if (nunits < 2)
        return CT_OK;
    ct_status st = CT_OK;
    for (size_t g = 0; !st && g < n;) {
        size_t u = q->grp[g].unit, e = g, m = 0, pieces = 0;
        q->ggen += 2; /* ggen marks the group's atoms, ggen + 1 those visited */
        for (; e < n && q->grp[e].unit == u; e++) {
            q->gmark[q->grp[e].atom] = q->ggen;
            q->whole[e - g] = q->grp[e].atom;
        }
        for (size_t i = g; !st && i < e; i++) {
            size_t x = q->grp[i].atom, first = m;
            if (q->gmark[x] != q->ggen)
                continue;
            q->gmark[x] = q->ggen + 1;
            q->comp[m++] = x;
            for (size_t h = first; h < m; h++)
                for (size_t k = in->adj_start[q->comp[h]]; k < in->adj_start[q->comp[h] + 1]; k++)
                    if (q->gmark[in->adj[k]] == q->ggen) {
                        q->gmark[in->adj[k]] = q->ggen + 1;
                        q->comp[m++] = in->adj[k];
                    }
            pieces++;
            st = to_each(s, q, c, u, q->comp + first, m - first, nunits);
        }
        if (!st && pieces > 1)
            st = to_each(s, q, c, u, q->whole, e - g, nunits);
        g = e;
    }
    return st;
}

/* Apply the chosen move for good: table, member lists and caches. */
static ct_status commit(sg *s, const cand *c)
{
    size_t na = touched(s, c->u, c->v);
    for (size_t i = 0; i < c->n; i++) {
        size_t x = c->S[i];
        alist *from = &s->mem[c->u], *to = &s->mem[c->v];
        if (!move_atom(s, x, c->v) || !grow((void **)&to->v, &to->cap, to->n + 1, sizeof *to->v))
            return ct__nomem(s->ctx);
        size_t last = from->v[--from->n]; /* swap x out of its old unit */
        from->v[s->pos[x]] = last;
        s->pos[last] = s->pos[x];
        s->pos[x] = to->n;
        to->v[to->n++] = x;
    }
    ct_status st = CT_OK;
    for (size_t i = 0; !st && i < na; i++)
        st = council_split(s, s->affected[i], &s->split[s->affected[i]]);
    if (!st)
        st = unit_best(s, c->u, &s->best[c->u]);
    if (!st)
        st = unit_best(s, c->v, &s->best[c->v]);
    s->sgen++; /* no atom marked: count every member */
    s->ncomp[c->u] = pieces(s, c->u, NULL, 0, false);
    s->ncomp[c->v] = pieces(s, c->v, NULL, 0, false);
    return st;
}

static void sg_free(sg *s)
{
    for (size_t u = 0; u < s->in->nunits; u++) {
        free(s->mem ? s->mem[u].v : NULL);
        free(s->uc ? s->uc[u].v : NULL);
    }
    for (size_t c = 0; c < s->in->ncouncils; c++) {
        free(s->cu ? s->cu[c].v : NULL);
        free(s->save_c ? s->save_c[c].v : NULL);
    }
    free(s->unit_of);
    free(s->pos);
    free(s->mem);
    free(s->upop);
    free(s->uarea);
    free(s->uc);
    free(s->cu);
    free(s->split);
    free(s->best);
    free(s->ncomp);
    free(s->cat_start);
    free(s->cat);
    free(s->seen);
    free(s->ins);
    free(s->cmark);
    free(s->queue);
    free(s->pairs);
    free(s->oa);
    free(s->op);
    free(s->affected);
    free(s->save_u.v);
    free(s->save_v.v);
    free(s->save_c);
}

/* Each atom's main council: the part with most people (area without them). */
static size_t main_council(const sg *s, size_t x)
{
    const ct__sg_input *in = s->in;
    size_t best = CT__NONE;
    double bw = -1;
    for (size_t k = in->part_start[x]; k < in->part_start[x + 1]; k++) {
        double w = s->has_pop && in->pop[x] > 0 ? in->part_pop[k] : in->part_area[k];
        if (w > bw) {
            bw = w;
            best = in->part_council[k];
        }
    }
    return best;
}

static ct_status sg_init(ct_ctx *ctx, const ct__sg_input *in, sg *s)
{
    size_t na = in->natoms ? in->natoms : 1, nu = in->nunits ? in->nunits : 1;
    size_t nc = in->ncouncils ? in->ncouncils : 1;
    *s = (sg){.ctx = ctx, .in = in, .has_pop = in->pop && in->part_pop};
    s->unit_of = ct__malloc(na * sizeof *s->unit_of);
    s->pos = ct__malloc(na * sizeof *s->pos);
    s->mem = ct__calloc(nu, sizeof *s->mem);
    s->upop = ct__calloc(nu, sizeof *s->upop);
    s->uarea = ct__calloc(nu, sizeof *s->uarea);
    s->uc = ct__calloc(nu, sizeof *s->uc);
    s->cu = ct__calloc(nc, sizeof *s->cu);
    s->split = ct__calloc(nc, sizeof *s->split);
    s->best = ct__calloc(nu, sizeof *s->best);
    s->ncomp = ct__calloc(nu, sizeof *s->ncomp);
    s->cat_start = ct__calloc(nc + 1, sizeof *s->cat_start);
    s->cat = ct__malloc(na * sizeof *s->cat);
    s->seen = ct__calloc(na, sizeof *s->seen);
    s->ins = ct__calloc(na, sizeof *s->ins);
    s->cmark = ct__calloc(nc, sizeof *s->cmark);
    s->queue = ct__malloc(na * sizeof *s->queue);
    s->affected = ct__malloc(nc * sizeof *s->affected);
    s->save_c = ct__calloc(nc, sizeof *s->save_c);
    size_t *main = ct__malloc(na * sizeof *main);
    bool ok = s->unit_of && s->pos && s->mem && s->upop && s->uarea && s->uc && s->cu &&
              s->split && s->best && s->ncomp && s->cat_start && s->cat && s->seen && s->ins &&
              s->cmark && s->queue && s->affected && s->save_c && main;
    for (size_t x = 0; ok && x < in->natoms; x++) {
        size_t u = in->unit_of[x];
        alist *m = &s->mem[u];
        s->unit_of[x] = u;
        ok = grow((void **)&m->v, &m->cap, m->n + 1, sizeof *m->v);
        if (ok) {
            s->pos[x] = m->n;
            m->v[m->n++] = x;
        }
        s->upop[u] += in->pop ? in->pop[x] : 0;
        s->uarea[u] += in->area[x];
        for (size_t k = in->part_start[x]; ok && k < in->part_start[x + 1]; k++) {
            size_t c;
            double p, a;
            part(s, k, &c, &p, &a);
            ok = elist_add(&s->uc[u], c, p, a, 1) && elist_add(&s->cu[c], u, p, a, 1);
        }
        main[x] = main_council(s, x);
        if (main[x] != CT__NONE)
            s->cat_start[main[x] + 1]++;
    }
    for (size_t c = 0; ok && c < in->ncouncils; c++)
        s->cat_start[c + 1] += s->cat_start[c];
    for (size_t x = 0, *fill = s->cat_start; ok && x < in->natoms; x++)
        if (main[x] != CT__NONE) /* filled in atom order; the offsets are rebuilt below */
            s->cat[fill[main[x]]++] = x;
    for (size_t c = in->ncouncils; ok && c > 0; c--)
        s->cat_start[c] = s->cat_start[c - 1];
    if (ok)
        s->cat_start[0] = 0;
    free(main);
    if (!ok)
        return ct__nomem(ctx);
    ct_status st = CT_OK;
    for (size_t c = 0; !st && c < in->ncouncils; c++)
        st = council_split(s, c, &s->split[c]);
    for (size_t u = 0; !st && u < in->nunits; u++) {
        st = unit_best(s, u, &s->best[u]);
        s->sgen++;
        s->ncomp[u] = pieces(s, u, NULL, 0, false);
    }
    return st;
}

static void totals(const sg *s, size_t *splits, double *fit)
{
    *splits = 0;
    *fit = 0;
    for (size_t c = 0; c < s->in->ncouncils; c++)
        *splits += s->split[c];
    for (size_t u = 0; u < s->in->nunits; u++)
        *fit += s->best[u];
}

void ct__sg_result_free(ct__sg_result *r)
{
    free(r->unit_of);
    free(r->moves);
    free(r->atoms);
    memset(r, 0, sizeof *r);
}

static ct_status record(ct_ctx *ctx, ct__sg_result *r, const cand *c, size_t *cap_m,
                        size_t *cap_a, size_t natoms_moved, size_t splits, double fit)
{
    if (!grow((void **)&r->moves, cap_m, r->nmoves + 1, sizeof *r->moves) ||
        !grow((void **)&r->atoms, cap_a, natoms_moved + c->n, sizeof *r->atoms))
        return ct__nomem(ctx);
    memcpy(r->atoms + natoms_moved, c->S, c->n * sizeof *c->S);
    r->moves[r->nmoves++] = (ct__sg_move){.from = c->u,
                                          .to = c->v,
                                          .council = c->council,
                                          .first = natoms_moved,
                                          .n = c->n,
                                          .pop = c->pop,
                                          .area = c->area,
                                          .splits_gain = c->gain_s,
                                          .fit_gain = c->gain_f,
                                          .splits_after = splits,
                                          .fit_after = fit};
    return CT_OK;
}

ct_status ct__sg_search(ct_ctx *ctx, const ct__sg_input *in, ct__sg_result *out)
{
    memset(out, 0, sizeof *out);
    sg s;
    search q = {0};
    ct_status st = sg_init(ctx, in, &s);
    q.gmark = st ? NULL : ct__calloc(in->natoms ? in->natoms : 1, sizeof *q.gmark);
    if (!st && !q.gmark)
        st = ct__nomem(ctx);
    size_t splits = 0, cap_m = 0, cap_a = 0, moved = 0;
    double fit = 0;
    if (!st) {
        totals(&s, &out->splits_before, &out->fit_before);
        splits = out->splits_before;
        fit = out->fit_before;
        for (size_t u = 0; u < in->nunits; u++)
            out->total += s.has_pop ? s.upop[u] : s.uarea[u];
    }
    while (!st) {
        q.have = false;
        for (size_t c = 0; !st && c < in->ncouncils; c++)
            st = council_moves(&s, &q, c);
        if (st || !q.have)
            break;
        if (in->max_moves && out->nmoves == in->max_moves) {
            out->stopped_by_max = true;
            break;
        }
        st = commit(&s, &q.best);
        splits -= (size_t)q.best.gain_s;
        fit += q.best.gain_f;
        if (!st)
            st = record(ctx, out, &q.best, &cap_m, &cap_a, moved, splits, fit);
        moved += q.best.n;
    }
    if (!st) {
        totals(&s, &out->splits_after, &out->fit_after);
        out->unit_of = s.unit_of;
        s.unit_of = NULL;
    }
    free(q.best_S);
    free(q.grp);
    free(q.units);
    free(q.comp);
    free(q.whole);
    free(q.gmark);
    sg_free(&s);
    if (st)
        ct__sg_result_free(out);
    return st;
}
