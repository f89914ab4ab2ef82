/* discontiguous: a tier unit of a configuration with a piece apart from its
 * main part that only other blocks surround (an exclave), not the sea
 * (docs/check.md). Pieces are connected sets of the unit's blocks. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Blocks closer than this touch (generalised boundaries leave hairline gaps;
 * estuaries and straits are wider). */
#define NEAR_M 50.0
/* A piece whose boundary lies at least this share along other blocks is
 * surrounded by them; coast and estuary banks border no block. */
#define SURROUNDED 0.9

typedef struct graph {
    size_t *start, *nbr; /* block adjacency (CSR) */
    size_t *unit;        /* per block: its unit in the tier being checked */
    size_t *comp;        /* per block: its piece (CT__NONE: unlisted) */
    size_t *stack;
} graph;

static double block_weight(const ct__check *c, size_t blk)
{
    return c->block_pop ? c->block_pop[blk] : c->blocks->areas[blk];
}

/* Pieces: connected sets of blocks of one unit; comp numbers them. */
static size_t label_pieces(const ct__check *c, graph *g)
{
    size_t nb = c->blocks->n, npieces = 0;
    for (size_t i = 0; i < nb; i++)
        g->comp[i] = CT__NONE;
    for (size_t i = 0; i < nb; i++) {
        if (g->unit[i] == CT__NONE || g->comp[i] != CT__NONE)
            continue;
        size_t top = 0;
        g->stack[top++] = i;
        g->comp[i] = npieces;
        while (top) {
            size_t v = g->stack[--top];
            for (size_t e = g->start[v]; e < g->start[v + 1]; e++) {
                size_t w = g->nbr[e];
                if (g->unit[w] == g->unit[v] && g->comp[w] == CT__NONE) {
                    g->comp[w] = npieces;
                    g->stack[top++] = w;
                }
            }
        }
        npieces++;
    }
    return npieces;
}

/* "msoa11 E02003314 (Wirral 001, 7,210 people)" for each block, joined. */
static char *blocks_text(const ct__check *c, const size_t *blk, size_t n)
{
    char *s = ct__sprintf("%s ", c->blocks_label);
    for (size_t i = 0; s && i < n; i++) {
        char label[320], sep[8];
        ct__ck_unit_label_people(label, sizeof label, c->blocks, blk[i],
                                 c->block_pop ? c->block_pop[blk[i]] : NAN);
        ct__ck_list_sep(sep, sizeof sep, i, n);
        char *next = ct__sprintf("%s%s%s", s, sep, label);
        free(s);
        s = next;
    }
    return s;
}

/* Tier units around a piece (others: blocks around it), by first sight. */
static char *around_text(const ct__cktier *t, const graph *g, const size_t *others, size_t m,
                         json_t *around)
{
    char *s = ct__strdup("");
    size_t listed = 0;
    bool outside = false;
    for (size_t i = 0; s && i < m; i++) {
        size_t u = g->unit[others[i]];
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            seen |= g->unit[others[j]] == u;
        outside |= u == CT__NONE;
        if (seen || u == CT__NONE)
            continue;
        const char *name = ct__ck_name(t->layer, u), *id = t->layer->ids[u];
        char *next = strcmp(name, id) ? ct__sprintf("%s%s%s (%s)", s, listed ? ", " : "", name, id)
                                      : ct__sprintf("%s%s'%s'", s, listed ? ", " : "", id);
        free(s);
        s = next;
        listed++;
        if (json_array_append_new(around, json_pack("{s:s, s:s}", "unit", id, "name", name))) {
            free(s);
            return NULL;
        }
    }
    if (s && outside) {
        char *next = ct__sprintf("%s%sblocks outside the configuration", s,
                                 listed ? " and " : "");
        free(s);
        s = next;
    }
    return s;
}

static ct_status piece_finding(ct__check *c, size_t k, const graph *g, size_t u,
                               const size_t *blk, size_t n, const size_t *others, size_t m,
                               double share)
{
    const ct__cktier *t = &c->tier[k];
    double pop = NAN;
    if (c->block_pop) {
        pop = 0;
        for (size_t i = 0; i < n; i++)
            pop += c->block_pop[blk[i]];
    }
    json_t *ids = json_array(), *names = json_array(), *around = json_array();
    for (size_t i = 0; ids && names && i < n; i++)
        if (json_array_append_new(ids, json_string(c->blocks->ids[blk[i]])) ||
            json_array_append_new(names, json_string(ct__ck_name(c->blocks, blk[i]))))
            break;
    char *list = blocks_text(c, blk, n);
    char *by = around ? around_text(t, g, others, m, around) : NULL;
    char people[64];
    ct__ck_people(people, sizeof people, pop);
    const char *units[] = {t->layer->ids[u]}, *unames[] = {t->layer->names[u]};
    const char *name = ct__ck_name(t->layer, u);
    ct__finding x = {
        .type = "discontiguous",
        .severity = "warning",
        .tier = t->name,
        .units = units,
        .unit_names = unames,
        .nunits = 1,
        .population = pop,
    };
    json_t *extra = ids && names && around && json_array_size(ids) == n
                        ? json_pack("{s:O, s:O, s:s, s:O, s:f}", "blocks", ids, "block_names",
                                    names, "block_layer", c->blocks_label, "surrounded_by",
                                    around, "border_share", share)
                        : NULL;
    ct_status st = list && by ? CT_OK : ct__nomem(c->ctx);
    char *who = st ? NULL : strcmp(name, units[0]) ? ct__sprintf("%s (%s)", name, units[0])
                                                   : ct__sprintf("'%s'", units[0]);
    if (!st && !who)
        st = ct__nomem(c->ctx);
    if (!st)
        st = ct__ck_add(c, &x, extra,
                        "%s %s has a piece apart from its main part, surrounded by %s: %s%s%s%s.",
                        t->name, who, by, list, n > 1 ? " (" : "", n > 1 ? people : "",
                        n > 1 ? " in all)" : "");
    else
        json_decref(extra);
    json_decref(ids);
    json_decref(names);
    json_decref(around);
    free(list);
    free(by);
    free(who);
    return st;
}

/* Piece p of unit u, if it is not u's main piece and other blocks surround it. */
static ct_status check_piece(ct__check *c, size_t k, graph *g, size_t p, size_t u,
                             size_t **blk, size_t **others)
{
    size_t nb = c->blocks->n, n = 0, m = 0;
    for (size_t i = 0; i < nb; i++)
        if (g->comp[i] == p)
            (*blk)[n++] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t e = g->start[(*blk)[i]]; e < g->start[(*blk)[i] + 1]; e++) {
            size_t w = g->nbr[e];
            bool seen = g->unit[w] == u;
            for (size_t j = 0; !seen && j < m; j++)
                seen = (*others)[j] == w;
            if (!seen)
                (*others)[m++] = w;
        }
    if (m == 0) /* an island: the sea, not other blocks, lies around it */
        return CT_OK;
    double share;
    ct_status st = ct__geoms_border_share(c->ctx, c->blocks->geoms, *blk, n, *others, m,
                                          NEAR_M, &share);
    if (!st && share >= SURROUNDED)
        st = piece_finding(c, k, g, u, *blk, n, *others, m, share);
    return st;
}

static ct_status tier_pieces(ct__check *c, size_t k, graph *g)
{
    const ct__ckconf *cf = c->conf;
    const ct__cktier *t = &c->tier[k];
    size_t nb = c->blocks->n, nu = t->layer->n;
    for (size_t i = 0; i < nb; i++)
        g->unit[i] = CT__NONE;
    for (size_t r = 0; r < cf->nrows; r++)
        g->unit[c->row_block[r]] = ct__strmap_get(t->layer->index, cf->cell[r * cf->ntiers + k]);
    size_t np = label_pieces(c, g);
    double *weight = ct__calloc(np ? np : 1, sizeof *weight);
    size_t *unit = ct__malloc((np ? np : 1) * sizeof *unit);
    size_t *main = ct__malloc((nu ? nu : 1) * sizeof *main);
    size_t *blk = ct__malloc(nb * sizeof *blk), *others = ct__malloc(nb * sizeof *others);
    ct_status st = weight && unit && main && blk && others ? CT_OK : ct__nomem(c->ctx);
    for (size_t i = 0; !st && i < nb; i++)
        if (g->comp[i] != CT__NONE) {
            weight[g->comp[i]] += block_weight(c, i);
            unit[g->comp[i]] = g->unit[i];
        }
    for (size_t u = 0; !st && u < nu; u++)
        main[u] = CT__NONE;
    for (size_t p = 0; !st && p < np; p++) /* the heaviest piece, the first on ties */
        if (main[unit[p]] == CT__NONE || weight[p] > weight[main[unit[p]]])
            main[unit[p]] = p;
    for (size_t p = 0; !st && p < np; p++)
        if (main[unit[p]] != p)
            st = check_piece(c, k, g, p, unit[p], &blk, &others);
    free(weight);
    free(unit);
    free(main);
    free(blk);
    free(others);
    return st;
}

ct_status ct__ck_rule_pieces(ct__check *c)
{
    if (!c->config)
        return CT_OK; /* polygon tiers have no blocks to name */
    size_t nb = c->blocks->n;
    graph g = {0};
    ct_status st = ct__geoms_neighbours(c->ctx, c->blocks->geoms, NEAR_M, &g.start, &g.nbr);
    g.unit = st ? NULL : ct__malloc((nb ? nb : 1) * sizeof *g.unit);
    g.comp = st ? NULL : ct__malloc((nb ? nb : 1) * sizeof *g.comp);
    g.stack = st ? NULL : ct__malloc((nb ? nb : 1) * sizeof *g.stack);
    if (!st && (!g.unit || !g.comp || !g.stack))
        st = ct__nomem(c->ctx);
    for (size_t k = 0; !st && k < c->ntiers; k++)
        st = tier_pieces(c, k, &g);
    free(g.start);
    free(g.nbr);
    free(g.unit);
    free(g.comp);
    free(g.stack);
    return st;
}
