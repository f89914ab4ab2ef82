/* Shared arcs of a polygon coverage and their Visvalingam-Whyatt weights
 * (topo.h). Pure C: the caller supplies coordinates. */
#include "topo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- rings */

static ct_status rings_grow(ct_ctx *ctx, ct__rings *r, size_t more_rings, size_t more_pts)
{
    if (r->n + more_rings + 1 > r->cap_rings) {
        size_t cap = r->cap_rings ? r->cap_rings : 8;
        while (cap < r->n + more_rings + 1)
            cap *= 2;
        size_t *s = ct__realloc(r->start, cap * sizeof *s);
        if (!s)
            return ct__nomem(ctx);
        if (!r->start)
            s[0] = 0;
        r->start = s;
        r->cap_rings = cap;
    }
    size_t used = r->start[r->n];
    if (used + more_pts > r->cap_pts) {
        size_t cap = r->cap_pts ? r->cap_pts : 64;
        while (cap < used + more_pts)
            cap *= 2;
        double *xy = ct__realloc(r->xy, 2 * cap * sizeof *xy);
        if (!xy)
            return ct__nomem(ctx);
        r->xy = xy;
        r->cap_pts = cap;
    }
    return CT_OK;
}

ct_status ct__rings_push(ct_ctx *ctx, ct__rings *r, const double *xy, size_t npts)
{
    ct_status st = rings_grow(ctx, r, 1, npts);
    if (st)
        return st;
    size_t at = r->start[r->n];
    if (npts)
        memcpy(r->xy + 2 * at, xy, 2 * npts * sizeof *xy);
    r->start[++r->n] = at + npts;
    return CT_OK;
}

ct_status ct__rings_point(ct_ctx *ctx, ct__rings *r, double x, double y)
{
    ct_status st = rings_grow(ctx, r, 0, 1);
    if (st)
        return st;
    size_t at = r->start[r->n]++;
    r->xy[2 * at] = x;
    r->xy[2 * at + 1] = y;
    return CT_OK;
}

void ct__rings_clear(ct__rings *r)
{
    r->n = 0;
    if (r->start)
        r->start[0] = 0;
}

void ct__rings_free(ct__rings *r)
{
    free(r->start);
    free(r->xy);
    *r = (ct__rings){0};
}

/* ---- a uint64 -> index map (open addressing) */

typedef struct u64map {
    uint64_t *keys;
    size_t *vals; /* CT__NONE: empty slot */
    size_t cap, n;
} u64map;

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    return k ^ (k >> 33);
}

static ct_status map_init(ct_ctx *ctx, u64map *m, size_t cap)
{
    m->cap = cap;
    m->n = 0;
    m->keys = ct__malloc(cap * sizeof *m->keys);
    m->vals = ct__malloc(cap * sizeof *m->vals);
    if (!m->keys || !m->vals)
        return ct__nomem(ctx);
    for (size_t i = 0; i < cap; i++)
        m->vals[i] = CT__NONE;
    return CT_OK;
}

static void map_free(u64map *m)
{
    free(m->keys);
    free(m->vals);
    *m = (u64map){0};
}

static size_t *map_slot(u64map *m, uint64_t key)
{
    size_t i = mix(key) & (m->cap - 1);
    while (m->vals[i] != CT__NONE && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    m->keys[i] = key;
    return &m->vals[i];
}

/* The slot of key (CT__NONE if new: the caller stores the value). */
static ct_status map_get(ct_ctx *ctx, u64map *m, uint64_t key, size_t **slot)
{
    if (2 * (m->n + 1) > m->cap) {
        u64map bigger;
        ct_status st = map_init(ctx, &bigger, m->cap * 2);
        if (st) {
            map_free(&bigger);
            return st;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->vals[i] != CT__NONE)
                *map_slot(&bigger, m->keys[i]) = m->vals[i];
        bigger.n = m->n;
        map_free(m);
        *m = bigger;
    }
    *slot = map_slot(m, key);
    if (**slot == CT__NONE)
        m->n++;
    return CT_OK;
}

/* ---- the topology */

typedef struct edge {
    size_t v[2];    /* vertex ids */
    size_t unit[2]; /* units that have this edge (unit[1] CT__NONE: one) */
    unsigned count;
} edge;

struct ct__topo {
    size_t nunits;
    double q;
    int64_t *vx, *vy;
    size_t nv, capv;
    u64map vmap, emap;
    edge *e;
    size_t ne, cape;
    /* arcs: vertex ids arc_v[arc_start[i] .. arc_start[i+1]) and their weights */
    size_t narcs, *arc_start, *arc_v, (*arc_unit)[2];
    double *arc_w;
    size_t *ua_start, *ua; /* unit -> arcs (CSR) */
    bool built;
};

ct_status ct__topo_new(ct_ctx *ctx, ct__topo **out, size_t nunits, double quantum)
{
    *out = NULL;
    if (!(quantum > 0))
        return ct__err(ctx, CT_EINVAL, "topology: quantum must be positive");
    ct__topo *t = ct__calloc(1, sizeof *t);
    if (!t)
        return ct__nomem(ctx);
    t->nunits = nunits;
    t->q = quantum;
    ct_status st = map_init(ctx, &t->vmap, 1024);
    if (!st)
        st = map_init(ctx, &t->emap, 1024);
    if (st) {
        ct__topo_free(t);
        return st;
    }
    *out = t;
    return CT_OK;
}

void ct__topo_free(ct__topo *t)
{
    if (!t)
        return;
    free(t->vx);
    free(t->vy);
    map_free(&t->vmap);
    map_free(&t->emap);
    free(t->e);
    free(t->arc_start);
    free(t->arc_v);
    free(t->arc_unit);
    free(t->arc_w);
    free(t->ua_start);
    free(t->ua);
    free(t);
}

static ct_status vertex(ct_ctx *ctx, ct__topo *t, double x, double y, size_t *id)
{
    double fx = floor(x / t->q + 0.5), fy = floor(y / t->q + 0.5);
    if (!(fabs(fx) < 2147483647.0 && fabs(fy) < 2147483647.0))
        return ct__err(ctx, CT_EINVAL, "topology: coordinate (%g, %g) out of range", x, y);
    int64_t ix = (int64_t)fx, iy = (int64_t)fy;
    uint64_t key = ((uint64_t)(uint32_t)(int32_t)ix << 32) | (uint32_t)(int32_t)iy;
    size_t *slot;
    ct_status st = map_get(ctx, &t->vmap, key, &slot);
    if (st)
        return st;
    if (*slot != CT__NONE) {
        *id = *slot;
        return CT_OK;
    }
    if (t->nv == t->capv) {
        size_t cap = t->capv ? 2 * t->capv : 1024;
        int64_t *vx = ct__realloc(t->vx, cap * sizeof *vx);
        if (vx)
            t->vx = vx;
        int64_t *vy = vx ? ct__realloc(t->vy, cap * sizeof *vy) : NULL;
        if (!vy) {
            t->vmap.n--; /* the slot stays empty */
            return ct__nomem(ctx);
        }
        t->vy = vy;
        t->capv = cap;
    }
    t->vx[t->nv] = ix;
    t->vy[t->nv] = iy;
    *slot = *id = t->nv++;
    return CT_OK;
}

static ct_status add_edge(ct_ctx *ctx, ct__topo *t, size_t a, size_t b, size_t u)
{
    size_t lo = a < b ? a : b, hi = a < b ? b : a;
    if (hi > UINT32_MAX)
        return ct__err(ctx, CT_EINVAL, "topology: too many vertices");
    size_t *slot;
    ct_status st = map_get(ctx, &t->emap, ((uint64_t)lo << 32) | hi, &slot);
    if (st)
        return st;
    if (*slot != CT__NONE) {
        edge *e = &t->e[*slot];
        if (e->count++ == 1)
            e->unit[1] = u;
        return CT_OK;
    }
    if (t->ne == t->cape) {
        size_t cap = t->cape ? 2 * t->cape : 1024;
        edge *v = ct__realloc(t->e, cap * sizeof *v);
        if (!v) {
            t->emap.n--;
            return ct__nomem(ctx);
        }
        t->e = v;
        t->cape = cap;
    }
    t->e[t->ne] = (edge){.v = {a, b}, .unit = {u, CT__NONE}, .count = 1};
    *slot = t->ne++;
    return CT_OK;
}

ct_status ct__topo_add(ct_ctx *ctx, ct__topo *t, size_t u, const ct__rings *rings)
{
    if (t->built || u >= t->nunits)
        return ct__err(ctx, CT_EINVAL, "topology: unit %zu cannot be added", u);
    for (size_t r = 0; r < rings->n; r++) {
        size_t first = CT__NONE, prev = CT__NONE;
        for (size_t k = rings->start[r]; k < rings->start[r + 1]; k++) {
            size_t id = CT__NONE;
            ct_status st = vertex(ctx, t, rings->xy[2 * k], rings->xy[2 * k + 1], &id);
            if (!st && prev != CT__NONE && id != prev)
                st = add_edge(ctx, t, prev, id, u);
            if (st)
                return st;
            if (first == CT__NONE)
                first = id;
            prev = id;
        }
        if (prev != CT__NONE && prev != first) { /* an unclosed ring: close it */
            ct_status st = add_edge(ctx, t, prev, first, u);
            if (st)
                return st;
        }
    }
    return CT_OK;
}

ct_status ct__topo_regroup(ct_ctx *ctx, const ct__topo *base, const size_t *group_of,
                           size_t ngroups, ct__topo **out)
{
    ct__topo *t = NULL;
    ct_status st = ct__topo_new(ctx, &t, ngroups, base->q);
    size_t nv = base->nv ? base->nv : 1, ne = base->ne ? base->ne : 1;
    if (!st && (!(t->vx = ct__malloc(nv * sizeof *t->vx)) ||
                !(t->vy = ct__malloc(nv * sizeof *t->vy)) || !(t->e = ct__malloc(ne * sizeof *t->e))))
        st = ct__nomem(ctx);
    if (st) {
        ct__topo_free(t);
        return st;
    }
    memcpy(t->vx, base->vx, base->nv * sizeof *t->vx);
    memcpy(t->vy, base->vy, base->nv * sizeof *t->vy);
    t->nv = t->capv = base->nv;
    for (size_t i = 0; i < base->ne; i++) {
        const edge *e = &base->e[i];
        size_t a = group_of[e->unit[0]];
        size_t b = e->count >= 2 ? group_of[e->unit[1]] : CT__NONE;
        /* an edge between a unit and nothing, or two units of one group, is the
         * same to edge_label: (a, NONE) is a boundary, (a, a) is inside */
        t->e[i] = (edge){.v = {e->v[0], e->v[1]}, .unit = {a, b}, .count = 2};
    }
    t->ne = t->cape = base->ne;
    *out = t;
    return CT_OK;
}

/* Units on the two sides of an edge, ordered; false for an edge inside one unit. */
static bool edge_label(const edge *e, size_t lab[2])
{
    size_t a = e->unit[0], b = e->count >= 2 ? e->unit[1] : CT__NONE;
    lab[0] = lab[1] = CT__NONE;
    if (a == b)
        return false;
    lab[0] = a < b ? a : b;
    lab[1] = a < b ? b : a;
    return true;
}

static double tri_area(const ct__topo *t, size_t a, size_t b, size_t c)
{
    double ax = (double)t->vx[a], ay = (double)t->vy[a];
    double bx = (double)t->vx[b] - ax, by = (double)t->vy[b] - ay;
    double cx = (double)t->vx[c] - ax, cy = (double)t->vy[c] - ay;
    return fabs(bx * cy - by * cx) * 0.5 * t->q * t->q;
}

/* ---- Visvalingam-Whyatt: a min-heap of interior points by triangle area */

typedef struct vw {
    size_t *heap, *pos, *prev, *next;
    double *area;
    size_t n;
} vw;

static bool vw_less(const vw *h, size_t i, size_t j)
{
    return h->area[h->heap[i]] < h->area[h->heap[j]] ||
           (h->area[h->heap[i]] == h->area[h->heap[j]] && h->heap[i] < h->heap[j]);
}

static void vw_swap(vw *h, size_t i, size_t j)
{
    size_t a = h->heap[i];
    h->heap[i] = h->heap[j];
    h->heap[j] = a;
    h->pos[h->heap[i]] = i;
    h->pos[h->heap[j]] = j;
}

static void vw_up(vw *h, size_t i)
{
    while (i > 0 && vw_less(h, i, (i - 1) / 2)) {
        vw_swap(h, i, (i - 1) / 2);
        i = (i - 1) / 2;
    }
}

static void vw_down(vw *h, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && vw_less(h, l, m))
            m = l;
        if (r < h->n && vw_less(h, r, m))
            m = r;
        if (m == i)
            return;
        vw_swap(h, i, m);
        i = m;
    }
}

static void vw_update(vw *h, const ct__topo *t, const size_t *v, size_t i)
{
    h->area[i] = tri_area(t, v[h->prev[i]], v[i], v[h->next[i]]);
    vw_up(h, h->pos[i]);
    vw_down(h, h->pos[i]);
}

/* Effective areas of the n points v[0..n): endpoints get INFINITY; a point
 * removed later never weighs less than one removed before it. */
static ct_status weigh(ct_ctx *ctx, const ct__topo *t, const size_t *v, size_t n, double *w)
{
    w[0] = w[n - 1] = INFINITY;
    if (n < 3)
        return CT_OK;
    vw h = {.n = n - 2};
    h.heap = ct__malloc(n * sizeof *h.heap);
    h.pos = ct__malloc(n * sizeof *h.pos);
    h.prev = ct__malloc(n * sizeof *h.prev);
    h.next = ct__malloc(n * sizeof *h.next);
    h.area = ct__malloc(n * sizeof *h.area);
    ct_status st = h.heap && h.pos && h.prev && h.next && h.area ? CT_OK : ct__nomem(ctx);
    if (!st) {
        for (size_t i = 1; i + 1 < n; i++) {
            h.prev[i] = i - 1;
            h.next[i] = i + 1;
            h.area[i] = tri_area(t, v[i - 1], v[i], v[i + 1]);
            h.heap[i - 1] = i;
            h.pos[i] = i - 1;
        }
        for (size_t i = h.n / 2 + 1; i-- > 0;)
            vw_down(&h, i);
        double last = 0;
        while (h.n > 0) {
            size_t i = h.heap[0];
            vw_swap(&h, 0, --h.n);
            vw_down(&h, 0);
            last = w[i] = h.area[i] > last ? h.area[i] : last;
            size_t p = h.prev[i], q = h.next[i];
            h.next[p] = q;
            h.prev[q] = p;
            if (p > 0)
                vw_update(&h, t, v, p);
            if (q < n - 1)
                vw_update(&h, t, v, q);
        }
    }
    free(h.heap);
    free(h.pos);
    free(h.prev);
    free(h.next);
    free(h.area);
    return st;
}

/* ---- building arcs */

typedef struct builder {
    size_t *adj_start, *adj; /* vertex -> kept edges */
    bool *node, *seen;
    size_t cap_v; /* arc_v capacity */
    size_t cap_a; /* arcs capacity */
} builder;

static size_t other_end(const edge *e, size_t v) { return e->v[0] == v ? e->v[1] : e->v[0]; }

static ct_status arc_push_vertex(ct_ctx *ctx, ct__topo *t, builder *b, size_t v)
{
    size_t used = t->arc_start[t->narcs + 1];
    if (used == b->cap_v) {
        size_t cap = b->cap_v ? 2 * b->cap_v : 1024;
        size_t *a = ct__realloc(t->arc_v, cap * sizeof *a);
        if (!a)
            return ct__nomem(ctx);
        t->arc_v = a;
        b->cap_v = cap;
    }
    t->arc_v[used] = v;
    t->arc_start[t->narcs + 1]++;
    return CT_OK;
}

static ct_status arc_open(ct_ctx *ctx, ct__topo *t, builder *b, const size_t lab[2])
{
    if (t->narcs + 2 > b->cap_a) {
        size_t cap = b->cap_a ? 2 * b->cap_a : 256;
        size_t *s = ct__realloc(t->arc_start, cap * sizeof *s);
        if (s)
            t->arc_start = s;
        size_t(*u)[2] = s ? ct__realloc(t->arc_unit, cap * sizeof *u) : NULL;
        if (!u)
            return ct__nomem(ctx);
        t->arc_unit = u;
        b->cap_a = cap;
    }
    if (t->narcs == 0)
        t->arc_start[0] = 0;
    t->arc_start[t->narcs + 1] = t->arc_start[t->narcs];
    t->arc_unit[t->narcs][0] = lab[0];
    t->arc_unit[t->narcs][1] = lab[1];
    return CT_OK;
}

/* Walk from vertex v along edge e until a node (or back to v on a cycle). */
static ct_status walk(ct_ctx *ctx, ct__topo *t, builder *b, size_t v, size_t e)
{
    size_t lab[2];
    edge_label(&t->e[e], lab);
    ct_status st = arc_open(ctx, t, b, lab);
    if (!st)
        st = arc_push_vertex(ctx, t, b, v);
    while (!st) {
        b->seen[e] = true;
        size_t w = other_end(&t->e[e], v);
        st = arc_push_vertex(ctx, t, b, w);
        if (st || b->node[w])
            break;
        size_t *adj = b->adj + b->adj_start[w];
        size_t next = adj[0] == e ? adj[1] : adj[0];
        if (b->seen[next])
            break; /* a cycle closed */
        v = w;
        e = next;
    }
    if (!st)
        t->narcs++;
    return st;
}

static ct_status build_adjacency(ct_ctx *ctx, ct__topo *t, builder *b, bool *kept)
{
    b->adj_start = ct__calloc(t->nv + 1, sizeof *b->adj_start);
    b->node = ct__calloc(t->nv ? t->nv : 1, sizeof *b->node);
    b->seen = ct__calloc(t->ne ? t->ne : 1, sizeof *b->seen);
    if (!b->adj_start || !b->node || !b->seen)
        return ct__nomem(ctx);
    size_t nk = 0, lab[2];
    for (size_t i = 0; i < t->ne; i++) {
        kept[i] = edge_label(&t->e[i], lab);
        if (kept[i]) {
            b->adj_start[t->e[i].v[0] + 1]++;
            b->adj_start[t->e[i].v[1] + 1]++;
            nk++;
        }
    }
    for (size_t v = 0; v < t->nv; v++)
        b->adj_start[v + 1] += b->adj_start[v];
    b->adj = ct__malloc((2 * nk + 1) * sizeof *b->adj);
    size_t *fill = ct__malloc((t->nv + 1) * sizeof *fill);
    if (!b->adj || !fill) {
        free(fill);
        return ct__nomem(ctx);
    }
    memcpy(fill, b->adj_start, (t->nv + 1) * sizeof *fill);
    for (size_t i = 0; i < t->ne; i++)
        if (kept[i]) {
            b->adj[fill[t->e[i].v[0]]++] = i;
            b->adj[fill[t->e[i].v[1]]++] = i;
        }
    free(fill);
    for (size_t v = 0; v < t->nv; v++) {
        size_t deg = b->adj_start[v + 1] - b->adj_start[v];
        if (deg != 2) {
            b->node[v] = deg > 0;
            continue;
        }
        size_t la[2], lb[2];
        edge_label(&t->e[b->adj[b->adj_start[v]]], la);
        edge_label(&t->e[b->adj[b->adj_start[v] + 1]], lb);
        b->node[v] = la[0] != lb[0] || la[1] != lb[1];
    }
    return CT_OK;
}

static ct_status walk_all(ct_ctx *ctx, ct__topo *t, builder *b, const bool *kept)
{
    ct_status st = CT_OK;
    /* arcs from nodes first, then the cycles that have none */
    for (int pass = 0; pass < 2 && !st; pass++)
        for (size_t v = 0; v < t->nv && !st; v++) {
            if (b->node[v] != (pass == 0))
                continue;
            for (size_t k = b->adj_start[v]; k < b->adj_start[v + 1] && !st; k++)
                if (kept[b->adj[k]] && !b->seen[b->adj[k]])
                    st = walk(ctx, t, b, v, b->adj[k]);
        }
    return st;
}

static ct_status unit_index(ct_ctx *ctx, ct__topo *t)
{
    t->ua_start = ct__calloc(t->nunits + 1, sizeof *t->ua_start);
    if (!t->ua_start)
        return ct__nomem(ctx);
    size_t total = 0;
    for (size_t a = 0; a < t->narcs; a++)
        for (int s = 0; s < 2; s++)
            if (t->arc_unit[a][s] != CT__NONE) {
                t->ua_start[t->arc_unit[a][s] + 1]++;
                total++;
            }
    for (size_t u = 0; u < t->nunits; u++)
        t->ua_start[u + 1] += t->ua_start[u];
    t->ua = ct__malloc((total + 1) * sizeof *t->ua);
    size_t *fill = ct__malloc((t->nunits + 1) * sizeof *fill);
    if (!t->ua || !fill) {
        free(fill);
        return ct__nomem(ctx);
    }
    memcpy(fill, t->ua_start, (t->nunits + 1) * sizeof *fill);
    for (size_t a = 0; a < t->narcs; a++)
        for (int s = 0; s < 2; s++)
            if (t->arc_unit[a][s] != CT__NONE)
                t->ua[fill[t->arc_unit[a][s]]++] = a;
    free(fill);
    return CT_OK;
}

ct_status ct__topo_build(ct_ctx *ctx, ct__topo *t)
{
    if (t->built)
        return ct__err(ctx, CT_EINVAL, "topology: built twice");
    builder b = {0};
    bool *kept = ct__malloc((t->ne ? t->ne : 1) * sizeof *kept);
    ct_status st = kept ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = build_adjacency(ctx, t, &b, kept);
    if (!st)
        st = walk_all(ctx, t, &b, kept);
    if (!st && !t->arc_start) { /* no arcs at all */
        t->arc_start = ct__calloc(1, sizeof *t->arc_start);
        st = t->arc_start ? CT_OK : ct__nomem(ctx);
    }
    size_t nv = t->arc_start ? t->arc_start[t->narcs] : 0;
    if (!st && !(t->arc_w = ct__malloc((nv ? nv : 1) * sizeof *t->arc_w)))
        st = ct__nomem(ctx);
    for (size_t a = 0; !st && a < t->narcs; a++)
        st = weigh(ctx, t, t->arc_v + t->arc_start[a], t->arc_start[a + 1] - t->arc_start[a],
                   t->arc_w + t->arc_start[a]);
    if (!st)
        st = unit_index(ctx, t);
    free(kept);
    free(b.adj_start);
    free(b.adj);
    free(b.node);
    free(b.seen);
    t->built = !st;
    return st;
}

size_t ct__topo_narcs(const ct__topo *t) { return t->narcs; }

void ct__topo_arc_units(const ct__topo *t, size_t i, size_t *left, size_t *right)
{
    *left = t->arc_unit[i][0];
    *right = t->arc_unit[i][1];
}

/* Append arc a's kept points, forwards or backwards, skipping the first. */
static ct_status append_arc(ct_ctx *ctx, const ct__topo *t, size_t a, bool reverse,
                            bool skip_first, double min_w, ct__rings *out)
{
    size_t s = t->arc_start[a], n = t->arc_start[a + 1] - s;
    for (size_t k = skip_first ? 1 : 0; k < n; k++) {
        size_t i = s + (reverse ? n - 1 - k : k);
        if (t->arc_w[i] < min_w)
            continue;
        ct_status st = ct__rings_point(ctx, out, (double)t->vx[t->arc_v[i]] * t->q,
                                       (double)t->vy[t->arc_v[i]] * t->q);
        if (st)
            return st;
    }
    return CT_OK;
}

ct_status ct__topo_arc_points(ct_ctx *ctx, const ct__topo *t, size_t i, double min_weight,
                              ct__rings *out)
{
    ct_status st = ct__rings_push(ctx, out, NULL, 0);
    return st ? st : append_arc(ctx, t, i, false, false, min_weight, out);
}

static size_t arc_end(const ct__topo *t, size_t a, bool last)
{
    return t->arc_v[last ? t->arc_start[a + 1] - 1 : t->arc_start[a]];
}

ct_status ct__topo_unit_rings(ct_ctx *ctx, const ct__topo *t, size_t u, double min_weight,
                              ct__rings *out)
{
    if (!t->built || u >= t->nunits)
        return ct__err(ctx, CT_EINVAL, "topology: no unit %zu", u);
    const size_t *arcs = t->ua + t->ua_start[u];
    size_t n = t->ua_start[u + 1] - t->ua_start[u];
    bool *used = ct__calloc(n ? n : 1, sizeof *used);
    if (!used)
        return ct__nomem(ctx);
    ct_status st = CT_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (used[i])
            continue;
        used[i] = true;
        size_t start = arc_end(t, arcs[i], false), cur = arc_end(t, arcs[i], true);
        st = ct__rings_push(ctx, out, NULL, 0);
        if (!st)
            st = append_arc(ctx, t, arcs[i], false, false, min_weight, out);
        /* chain arcs meeting at nodes; any pairing gives the even-odd fill */
        while (!st && cur != start) {
            size_t j = 0;
            while (j < n && (used[j] || (arc_end(t, arcs[j], false) != cur &&
                                         arc_end(t, arcs[j], true) != cur)))
                j++;
            if (j == n)
                break; /* not closed: a coverage with gaps; the fill closes it */
            used[j] = true;
            bool rev = arc_end(t, arcs[j], false) != cur;
            cur = arc_end(t, arcs[j], !rev);
            st = append_arc(ctx, t, arcs[j], rev, true, min_weight, out);
        }
        if (st)
            break;
        size_t npts = out->start[out->n] - out->start[out->n - 1];
        if (npts > 1 && out->xy[2 * out->start[out->n - 1]] == out->xy[2 * (out->start[out->n] - 1)] &&
            out->xy[2 * out->start[out->n - 1] + 1] == out->xy[2 * (out->start[out->n] - 1) + 1])
            out->start[out->n]--, npts--; /* drop the closing duplicate */
        if (npts < 3)
            out->n--;
    }
    free(used);
    return st;
}

bool ct__topo_unit_bbox(const ct__topo *t, size_t u, double box[4])
{
    bool any = false;
    for (size_t k = t->ua_start[u]; k < t->ua_start[u + 1]; k++) {
        size_t a = t->ua[k];
        for (size_t i = t->arc_start[a]; i < t->arc_start[a + 1]; i++) {
            double x = (double)t->vx[t->arc_v[i]] * t->q, y = (double)t->vy[t->arc_v[i]] * t->q;
            if (!any) {
                box[0] = box[2] = x;
                box[1] = box[3] = y;
                any = true;
            }
            box[0] = x < box[0] ? x : box[0];
            box[1] = y < box[1] ? y : box[1];
            box[2] = x > box[2] ? x : box[2];
            box[3] = y > box[3] ? y : box[3];
        }
    }
    return any;
}
