/* Tiers of a configuration: units dissolved from blocks with their people,
 * or tiers given as polygon layers. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

ct_status ct__ck_parts_index(ct_ctx *ctx, ct__cktier *t)
{
    size_t n = t->layer->n;
    ct__ck_parts_merge(t->parts, &t->nparts);
    t->first_part = ct__calloc(n + 1, sizeof *t->first_part);
    if (!t->first_part)
        return ct__nomem(ctx);
    for (size_t k = 0; k < t->nparts; k++)
        t->first_part[t->parts[k].unit + 1]++;
    for (size_t u = 0; u < n; u++)
        t->first_part[u + 1] += t->first_part[u];
    return CT_OK;
}

ct_status ct__ckconf_map_blocks(ct_ctx *ctx, const ct__ckconf *cf, const ct_layer *b,
                               size_t *row_block)
{
    size_t unknown = 0, first = 0;
    for (size_t r = 0; r < cf->nrows; r++) {
        row_block[r] = ct__strmap_get(b->index, cf->code[r]);
        if (row_block[r] == CT__NONE)
            first = unknown++ ? first : r;
    }
    /* in-memory rows have no file lines */
    bool lines = cf->line && cf->line[first];
    const char *word = lines ? "line" : "row";
    size_t at = lines ? cf->line[first] : first + 1;
    if (unknown == 1)
        return ct__err(ctx, CT_EDATA, "%s: %s %zu: unknown block code '%s' (not an id of %s)",
                       cf->source, word, at, cf->code[first], b->source);
    if (unknown)
        return ct__err(ctx, CT_EDATA,
                       "%s: %s %zu: unknown block code '%s' (not an id of %s) and %zu more "
                       "unknown codes",
                       cf->source, word, at, cf->code[first], b->source, unknown - 1);
    return CT_OK;
}

/* Rows -> blocks, and which blocks are listed. */
static ct_status map_rows(ct__check *c)
{
    ct_ctx *ctx = c->ctx;
    const ct__ckconf *cf = c->conf;
    const ct_layer *b = c->blocks;
    c->row_block = ct__malloc(cf->nrows * sizeof *c->row_block);
    c->listed = ct__calloc(b->n ? b->n : 1, sizeof *c->listed);
    if (!c->row_block || !c->listed)
        return ct__nomem(ctx);
    ct_status st = ct__ckconf_map_blocks(ctx, cf, b, c->row_block);
    for (size_t r = 0; !st && r < cf->nrows; r++)
        c->listed[c->row_block[r]] = true;
    return st;
}

static ct_status block_pops(ct__check *c)
{
    ct_ctx *ctx = c->ctx;
    const ct_layer *b = c->blocks;
    if (!c->pop)
        return CT_OK;
    ct_status st = ct__assign_units(ctx, c->pop, b, c->method, c->tol, NULL, &c->block_asg);
    if (st)
        return st;
    c->block_pop = ct__calloc(b->n ? b->n : 1, sizeof *c->block_pop);
    if (!c->block_pop)
        return ct__nomem(ctx);
    const ct__assign *a = &c->block_asg;
    for (size_t i = 0; i < a->n; i++)
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            c->block_pop[a->unit[k]] += c->pop->pop[i] * a->frac[k];
    return CT_OK;
}

/* Small areas -> tier units through the blocks: exact sums of block people. */
static ct_status compose(ct_ctx *ctx, const ct__assign *blk, const size_t *group_of,
                         ct__assign *out)
{
    memset(out, 0, sizeof *out);
    size_t m = blk->start[blk->n];
    out->start = ct__malloc((blk->n + 1) * sizeof *out->start);
    out->unit = ct__malloc((m ? m : 1) * sizeof *out->unit);
    out->frac = ct__malloc((m ? m : 1) * sizeof *out->frac);
    if (!out->start || !out->unit || !out->frac) {
        ct__assign_free(out);
        return ct__nomem(ctx);
    }
    out->n = blk->n;
    out->how = "blocks";
    size_t k = 0;
    for (size_t i = 0; i < blk->n; i++) {
        out->start[i] = k;
        for (size_t j = blk->start[i]; j < blk->start[i + 1]; j++) {
            size_t g = group_of[blk->unit[j]], e = out->start[i];
            if (g == CT__NONE)
                continue;
            while (e < k && out->unit[e] != g)
                e++;
            if (e == k) { /* areas split between blocks of one unit merge */
                out->unit[k] = g;
                out->frac[k++] = 0;
            }
            out->frac[e] += blk->frac[j];
        }
        out->n_unassigned += out->start[i] == k;
    }
    out->start[blk->n] = k;
    return CT_OK;
}

/* Units of tier t in order of first appearance; unit_of_row[r] their index;
 * names: the first name a row gives the unit, else its label. */
static ct_status tier_units(ct__check *c, size_t t, size_t *unit_of_row, const char ***ids,
                            const char ***names, size_t *nunits)
{
    ct_ctx *ctx = c->ctx;
    const ct__ckconf *cf = c->conf;
    ct__strmap *m = ct__strmap_new(cf->nrows);
    *ids = ct__malloc(cf->nrows * sizeof **ids);
    *names = ct__malloc(cf->nrows * sizeof **names);
    *nunits = 0;
    ct_status st = m && *ids && *names ? CT_OK : ct__nomem(ctx);
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        const char *label = cf->cell[r * cf->ntiers + t];
        const char *name = cf->name ? cf->name[r * cf->ntiers + t] : NULL;
        size_t u = ct__strmap_get(m, label);
        if (u == CT__NONE) {
            u = (*nunits)++;
            (*ids)[u] = (*names)[u] = label;
            st = ct__strmap_put(ctx, m, label, u, NULL);
        }
        if (name && *name && (*names)[u] == label)
            (*names)[u] = name;
        unit_of_row[r] = u;
    }
    ct__strmap_free(m);
    return st;
}

static ct_status build_tier(ct__check *c, size_t t, const size_t *unit_of_row)
{
    ct_ctx *ctx = c->ctx;
    const ct__ckconf *cf = c->conf;
    ct__cktier *tier = &c->tier[t];
    const ct_layer *b = c->blocks;
    const char **ids = NULL, **names = NULL;
    size_t n = 0;
    size_t *row_unit = (size_t *)unit_of_row + t * cf->nrows;
    size_t *group_of = ct__malloc((b->n ? b->n : 1) * sizeof *group_of);
    char *source = ct__sprintf("%s:%s", cf->source, cf->tier[t]);
    tier->name = ct__strdup(cf->tier[t]);
    ct_status st = group_of && source && tier->name ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = tier_units(c, t, row_unit, &ids, &names, &n);
    for (size_t i = 0; !st && i < b->n; i++)
        group_of[i] = CT__NONE;
    for (size_t r = 0; !st && r < cf->nrows; r++)
        group_of[c->row_block[r]] = row_unit[r];
    if (!st)
        st = ct__layer_from_groups(ctx, b, group_of, n, ids, names, source, &tier->owned);
    tier->layer = tier->owned;
    if (!st) {
        tier->n_blocks = ct__calloc(n ? n : 1, sizeof *tier->n_blocks);
        tier->pop = c->pop ? ct__calloc(n ? n : 1, sizeof *tier->pop) : NULL;
        if (!tier->n_blocks || (c->pop && !tier->pop))
            st = ct__nomem(ctx);
    }
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        tier->n_blocks[row_unit[r]]++;
        if (tier->pop)
            tier->pop[row_unit[r]] += c->block_pop[c->row_block[r]];
    }
    if (!st && c->pop)
        st = compose(ctx, &c->block_asg, group_of, &tier->asg);
    free(ids);
    free(names);
    free(group_of);
    free(source);
    return st;
}

/* Parts of each unit of tier t in the units of tier t - 1, from the rows. */
static ct_status row_parts(ct__check *c, size_t t, const size_t *unit_of_row)
{
    const ct__ckconf *cf = c->conf;
    ct__cktier *tier = &c->tier[t];
    tier->parts = ct__malloc(cf->nrows * sizeof *tier->parts);
    if (!tier->parts)
        return ct__nomem(c->ctx);
    for (size_t r = 0; r < cf->nrows; r++) {
        size_t blk = c->row_block[r];
        tier->parts[r] = (ct__ckpart){.unit = unit_of_row[t * cf->nrows + r],
                                      .parent = unit_of_row[(t - 1) * cf->nrows + r],
                                      .pop = c->block_pop ? c->block_pop[blk] : NAN,
                                      .area = c->blocks->areas[blk]};
    }
    tier->nparts = cf->nrows;
    return ct__ck_parts_index(c->ctx, tier);
}

ct_status ct__ck_tiers_from_config(ct__check *c)
{
    ct_ctx *ctx = c->ctx;
    const ct__ckconf *cf = c->conf;
    c->ntiers = cf->ntiers;
    c->tier = ct__calloc(c->ntiers, sizeof *c->tier);
    size_t *unit_of_row = ct__malloc(cf->ntiers * cf->nrows * sizeof *unit_of_row);
    ct_status st = c->tier && unit_of_row ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = map_rows(c);
    if (!st)
        st = block_pops(c);
    for (size_t t = 0; !st && t < c->ntiers; t++)
        st = build_tier(c, t, unit_of_row);
    for (size_t t = 1; !st && t < c->ntiers; t++)
        st = row_parts(c, t, unit_of_row);
    free(unit_of_row);
    return st;
}

ct_status ct__ck_tiers_from_layers(ct__check *c, const char *const *names,
                                   const ct_layer *const *layers, size_t n)
{
    ct_ctx *ctx = c->ctx;
    if (n == 0 || !names || !layers)
        return ct__err(ctx, CT_EINVAL, "check: no tiers given");
    if (n > CT__CK_MAX_TIERS)
        return ct__err(ctx, CT_EINVAL, "check: %zu tiers; at most %d are supported", n,
                       CT__CK_MAX_TIERS);
    ct_status st = CT_OK;
    for (size_t t = 0; !st && t < n; t++) {
        if (!layers[t])
            return ct__err(ctx, CT_EINVAL, "check: tier %zu has no layer", t + 1);
        st = ct__ck_tier_name_check(ctx, CT_EINVAL, "check", names[t]);
        for (size_t k = 0; !st && k < t; k++)
            if (!strcasecmp(names[t], names[k]))
                st = ct__err(ctx, CT_EINVAL, "check: tier '%s' is given twice", names[t]);
    }
    c->ntiers = n;
    c->tier = st ? NULL : ct__calloc(n, sizeof *c->tier);
    if (!st && !c->tier)
        st = ct__nomem(ctx);
    for (size_t t = 0; !st && t < n; t++) {
        ct__cktier *tier = &c->tier[t];
        tier->layer = layers[t];
        if (!(tier->name = ct__strdup(names[t])))
            return ct__nomem(ctx);
        if (!c->pop)
            continue;
        if (layers[t]->ctx != ctx || c->pop->ctx != ctx)
            return ct__err(ctx, CT_EINVAL, "check: objects belong to another context");
        if (strcmp(layers[t]->crs, c->pop->crs))
            return ct__err(ctx, CT_ECRS, "check: tier %s is measured in %s, the population in %s",
                           names[t], layers[t]->crs, c->pop->crs);
        st = ct__assign_units(ctx, c->pop, layers[t], c->method, c->tol, NULL,
                              &tier->asg);
        tier->pop = st ? NULL : ct__calloc(layers[t]->n ? layers[t]->n : 1, sizeof *tier->pop);
        if (!st && !tier->pop)
            st = ct__nomem(ctx);
        for (size_t i = 0; !st && i < tier->asg.n; i++)
            for (size_t k = tier->asg.start[i]; k < tier->asg.start[i + 1]; k++)
                tier->pop[tier->asg.unit[k]] += c->pop->pop[i] * tier->asg.frac[k];
    }
    return st;
}
