/* The units of each matched tier on both sides, the links between them (the
 * blocks they share), their matching, and the moves and units_diff tables. */
#include "compare.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ct__cmp_tier_free(cmp_tier *t)
{
    for (size_t s = 0; s < 2; s++) {
        free(t->id[s]);
        free(t->uname[s]);
        free(t->row_unit[s]);
        free(t->pop[s]);
        free(t->area[s]);
        free(t->nblocks[s]);
        ct__strmap_free(t->index[s]);
    }
    free(t->links);
    ct__unitmatch_free(&t->m);
    free(t->moved_out);
    free(t->moved_in);
}

double ct__cmp_block_weight(const cmp *c, size_t block)
{
    return c->block_pop ? c->block_pop[block] : c->blocks->areas[block];
}

/* Units of side s in order of first appearance, with their totals. */
static ct_status side_units(cmp *c, cmp_tier *t, size_t s)
{
    ct_ctx *ctx = c->ctx;
    const ct_config *cfg = c->side[s].cfg;
    const ct__ckconf *cf = &cfg->conf;
    size_t nr = cf->nrows ? cf->nrows : 1, k = t->k[s];
    t->id[s] = ct__malloc(nr * sizeof *t->id[s]);
    t->uname[s] = ct__malloc(nr * sizeof *t->uname[s]);
    t->row_unit[s] = ct__malloc(nr * sizeof *t->row_unit[s]);
    t->pop[s] = ct__calloc(nr, sizeof *t->pop[s]);
    t->area[s] = ct__calloc(nr, sizeof *t->area[s]);
    t->nblocks[s] = ct__calloc(nr, sizeof *t->nblocks[s]);
    t->index[s] = ct__strmap_new(nr);
    if (!t->id[s] || !t->uname[s] || !t->row_unit[s] || !t->pop[s] || !t->area[s] ||
        !t->nblocks[s] || !t->index[s])
        return ct__nomem(ctx);
    for (size_t r = 0; r < cf->nrows; r++) {
        const char *label = cf->cell[r * cf->ntiers + k];
        size_t u = ct__strmap_get(t->index[s], label), blk = c->side[s].row_block[r];
        if (u == CT__NONE) {
            u = t->n[s]++;
            t->id[s][u] = label;
            t->uname[s][u] = ct__config_name(cfg, r, k);
            ct_status st = ct__strmap_put(ctx, t->index[s], label, u, NULL);
            if (st)
                return st;
        }
        t->row_unit[s][r] = u;
        t->pop[s][u] += c->block_pop ? c->block_pop[blk] : 0;
        t->area[s][u] += c->blocks->areas[blk];
        t->nblocks[s][u]++;
    }
    return CT_OK;
}

/* qsort has no user data in C11, so links sort on their own fields */
static int cmp_link(const void *x, const void *y)
{
    const ct__link *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

/* The blocks each base unit shares with each proposed unit, merged. */
static ct_status tier_links(cmp *c, cmp_tier *t)
{
    const cmp_side *a = &c->side[0], *b = &c->side[1];
    size_t nr = a->cfg->conf.nrows;
    t->links = ct__malloc((nr ? nr : 1) * sizeof *t->links);
    if (!t->links)
        return ct__nomem(c->ctx);
    size_t n = 0;
    for (size_t r = 0; r < nr; r++) {
        size_t blk = a->row_block[r], rb = b->block_row[blk];
        if (rb == CT__NONE)
            continue;
        t->links[n++] = (ct__link){.a = t->row_unit[0][r],
                                   .b = t->row_unit[1][rb],
                                   .pop = c->block_pop ? c->block_pop[blk] : NAN,
                                   .area = c->blocks->areas[blk],
                                   .blocks = 1};
    }
    qsort(t->links, n, sizeof *t->links, cmp_link);
    size_t m = 0;
    for (size_t k = 0; k < n; k++) {
        if (m && t->links[m - 1].a == t->links[k].a && t->links[m - 1].b == t->links[k].b) {
            t->links[m - 1].pop += t->links[k].pop;
            t->links[m - 1].area += t->links[k].area;
            t->links[m - 1].blocks++;
        } else
            t->links[m++] = t->links[k];
    }
    t->nlinks = m;
    return CT_OK;
}

/* A block moved when the proposed configuration drops it, or puts it in a
 * unit other than its base unit's match; rows of the proposed configuration
 * only (base unit CT__NONE) moved in. */
static bool moved(const cmp_tier *t, size_t a, size_t b)
{
    return a == CT__NONE || b == CT__NONE || t->m.match_a[a] != b;
}

bool ct__cmp_block_moved(const cmp *c, const cmp_tier *t, size_t blk, size_t *a, size_t *b)
{
    size_t ra = c->side[0].block_row[blk], rb = c->side[1].block_row[blk];
    *a = ra == CT__NONE ? CT__NONE : t->row_unit[0][ra];
    *b = rb == CT__NONE ? CT__NONE : t->row_unit[1][rb];
    return (ra != CT__NONE || rb != CT__NONE) && moved(t, *a, *b);
}

static ct_status tier_moves(cmp *c, cmp_tier *t)
{
    t->moved_out = ct__calloc(t->n[0] ? t->n[0] : 1, sizeof *t->moved_out);
    t->moved_in = ct__calloc(t->n[1] ? t->n[1] : 1, sizeof *t->moved_in);
    if (!t->moved_out || !t->moved_in)
        return ct__nomem(c->ctx);
    for (size_t i = 0; i < c->blocks->n; i++) {
        size_t a, b;
        if (!ct__cmp_block_moved(c, t, i, &a, &b))
            continue;
        double w = ct__cmp_block_weight(c, i);
        if (a != CT__NONE)
            t->moved_out[a] += w;
        if (b != CT__NONE)
            t->moved_in[b] += w;
        t->nmoved++;
        t->moved += w;
    }
    return CT_OK;
}

ct_status ct__cmp_units(cmp *c)
{
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        cmp_tier *t = &c->tier[k];
        st = side_units(c, t, 0);
        if (!st)
            st = side_units(c, t, 1);
        if (!st)
            st = tier_links(c, t);
        const ct__mside a = {.n = t->n[0], .ids = t->id[0], .pop = c->has_pop ? t->pop[0] : NULL,
                             .area = t->area[0], .blocks = t->nblocks[0]};
        const ct__mside b = {.n = t->n[1], .ids = t->id[1], .pop = c->has_pop ? t->pop[1] : NULL,
                             .area = t->area[1], .blocks = t->nblocks[1]};
        if (!st)
            st = ct__units_match(c->ctx, t->links, t->nlinks, &a, &b, &t->m);
        if (!st)
            st = tier_moves(c, t);
    }
    return st;
}

/* Moves of every tier: blocks in base order, then blocks only proposed. */
ct_status ct__cmp_moves_table(cmp *c, ct_result *r)
{
    ct_ctx *ctx = c->ctx;
    const ct_layer *bl = c->blocks;
    size_t n = 0;
    for (size_t k = 0; k < c->ntiers; k++)
        n += c->tier[k].nmoved;
    ct_table *tb = NULL;
    ct_status st = ct__table_new(ctx, &tb, "moves", CT__MOVES_COLS, n);
    size_t row = 0;
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        const cmp_tier *t = &c->tier[k];
        for (size_t pass = 0; pass < 2; pass++) /* listed in base, then proposed only */
            for (size_t i = 0; !st && i < bl->n; i++) {
                size_t a, b;
                if ((pass == 0) != (c->side[0].block_row[i] != CT__NONE) ||
                    !ct__cmp_block_moved(c, t, i, &a, &b))
                    continue;
                st = ct__moves_row(ctx, tb, row++, bl, i, t->name[0],
                                   a == CT__NONE ? "" : t->id[0][a],
                                   b == CT__NONE ? "" : t->id[1][b],
                                   c->block_pop ? c->block_pop[i] : NAN);
            }
    }
    return ct__result_add_built(ctx, r, st, tb);
}

#define UNITS_COLS                                                                          \
    "tier:t,change:t,base_unit:t,unit:t,base_name:t,name:t,partner:t,base_pop:r,pop:r,"    \
    "pop_change:r,moved_out:r,moved_in:r,base_blocks:i,blocks:i"

typedef struct urow {
    const cmp_tier *t;
    size_t a, b; /* units on each side, CT__NONE for none */
    const char *partner;
    ct__change change;
} urow;

static ct_status put_urow(const cmp *c, ct_table *tb, size_t row, const urow *u)
{
    ct_ctx *ctx = c->ctx;
    const cmp_tier *t = u->t;
    bool ha = u->a != CT__NONE, hb = u->b != CT__NONE;
    double pa = ha ? t->pop[0][u->a] : 0, pb = hb ? t->pop[1][u->b] : 0;
    const char *text[] = {t->name[0],
                          ct__change_name(u->change),
                          ha ? t->id[0][u->a] : "",
                          hb ? t->id[1][u->b] : "",
                          ha ? t->uname[0][u->a] : "",
                          hb ? t->uname[1][u->b] : "",
                          u->partner};
    ct_status st = CT_OK;
    for (size_t j = 0; !st && j < 7; j++)
        st = ct__table_set_text(ctx, tb, row, j, text[j]);
    bool pop = c->has_pop;
    ct__table_set_real(tb, row, 7, pop && ha ? pa : NAN);
    ct__table_set_real(tb, row, 8, pop && hb ? pb : NAN);
    ct__table_set_real(tb, row, 9, pop ? pb - pa : NAN);
    ct__table_set_real(tb, row, 10, ha ? t->moved_out[u->a] : 0);
    ct__table_set_real(tb, row, 11, hb ? t->moved_in[u->b] : 0);
    ct__table_set_real(tb, row, 12, ha ? (double)t->nblocks[0][u->a] : 0);
    ct__table_set_real(tb, row, 13, hb ? (double)t->nblocks[1][u->b] : 0);
    return st;
}

/* One row per base unit (with its match), then per created unit. */
ct_status ct__cmp_units_table(cmp *c, ct_result *r)
{
    size_t n = 0;
    for (size_t k = 0; k < c->ntiers; k++) {
        n += c->tier[k].n[0];
        for (size_t b = 0; b < c->tier[k].n[1]; b++)
            n += c->tier[k].m.match_b[b] == CT__NONE;
    }
    ct_table *tb = NULL;
    ct_status st = ct__table_new(c->ctx, &tb, "units_diff", UNITS_COLS, n);
    size_t row = 0;
    for (size_t k = 0; !st && k < c->ntiers; k++) {
        const cmp_tier *t = &c->tier[k];
        for (size_t a = 0; !st && a < t->n[0]; a++) {
            size_t b = t->m.match_a[a], s = t->m.succ[a];
            urow u = {.t = t, .a = a, .b = b, .change = t->m.change_a[a],
                      .partner = b == CT__NONE && s != CT__NONE ? t->id[1][s] : ""};
            st = put_urow(c, tb, row++, &u);
        }
        for (size_t b = 0; !st && b < t->n[1]; b++) {
            size_t p = t->m.pred[b];
            if (t->m.match_b[b] != CT__NONE)
                continue;
            urow u = {.t = t, .a = CT__NONE, .b = b, .change = CT__CREATED,
                      .partner = p != CT__NONE ? t->id[0][p] : ""};
            st = put_urow(c, tb, row++, &u);
        }
    }
    return ct__result_add_built(c->ctx, r, st, tb);
}
