/* ct_compare: check two configurations of one block layer, match their tiers
 * and units, and diff them (docs/scenario.md). */
#include "compare.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void cmp_free(cmp *c)
{
    for (size_t s = 0; s < 2; s++) {
        free(c->side[s].row_block);
        free(c->side[s].block_row);
        ct_result_free(c->side[s].check);
        json_decref(c->side[s].findings);
    }
    for (size_t t = 0; c->tier && t < c->ntiers; t++)
        ct__cmp_tier_free(&c->tier[t]);
    free(c->tier);
    free(c->block_pop);
    json_decref(c->resolved);
    json_decref(c->introduced);
}

/* The band of a tier applies to each configuration that has the tier. */
static bool band_of(const char *opt, const ct_config *cfg)
{
    const char *eq = strchr(opt, '=');
    if (strncmp(opt, "BAND_", 5) || !eq)
        return true;
    for (size_t k = 0; k < cfg->conf.ntiers; k++)
        if (strlen(cfg->conf.tier[k]) == (size_t)(eq - opt - 5) &&
            !strncasecmp(cfg->conf.tier[k], opt + 5, (size_t)(eq - opt - 5)))
            return true;
    return false;
}

/* opts without the bands of tiers cfg lacks (out holds n + 1 pointers). */
static ct_status side_opts(cmp *c, const char *const *opts, const ct_config *cfg,
                           const char **out)
{
    size_t k = 0;
    for (size_t i = 0; opts && opts[i]; i++) {
        if (!band_of(opts[i], c->side[0].cfg) && !band_of(opts[i], c->side[1].cfg))
            return ct__err(c->ctx, CT_EINVAL, "compare: option %s names no tier of %s or %s",
                           opts[i], c->side[0].cfg->conf.source, c->side[1].cfg->conf.source);
        if (band_of(opts[i], cfg))
            out[k++] = opts[i];
    }
    out[k] = NULL;
    return CT_OK;
}

/* Rows to blocks and back, then the side's check. */
static ct_status setup_side(cmp *c, cmp_side *s, const ct_layer *const *against,
                            size_t nagainst, const ct_pop *pop, const char *const *all)
{
    ct_ctx *ctx = c->ctx;
    const ct_layer *b = c->blocks;
    size_t n = 0;
    while (all && all[n])
        n++;
    const char **opts = ct__malloc((n + 1) * sizeof *opts);
    if (!opts)
        return ct__nomem(ctx);
    ct_status st = side_opts(c, all, s->cfg, opts);
    if (!st)
        st = ct__config_rows(ctx, s->cfg, b, &s->row_block);
    s->block_row = st ? NULL : ct__malloc((b->n ? b->n : 1) * sizeof *s->block_row);
    if (!st && !s->block_row)
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < b->n; i++)
        s->block_row[i] = CT__NONE;
    for (size_t r = 0; !st && r < s->cfg->conf.nrows; r++)
        s->block_row[s->row_block[r]] = r;
    if (!st)
        st = ct__check_conf(ctx, &s->check, &s->cfg->conf, b, against, nagainst, pop, opts);
    free(opts);
    if (!st) {
        json_error_t err;
        json_t *doc = json_loads(ct_result_doc(s->check, "findings"), 0, &err);
        s->findings = doc ? json_incref(json_object_get(doc, "findings")) : NULL;
        json_decref(doc);
        if (!json_is_array(s->findings))
            st = ct__err(ctx, CT_EINTERNAL, "compare: cannot read the findings of %s",
                         s->cfg->conf.source);
    }
    return st;
}

/* Tiers by name; by position when no name is shared and the counts agree
 * (e.g. the systems of stp21 and icb22, one tier each). */
static ct_status match_tiers(cmp *c)
{
    const ct__ckconf *a = &c->side[0].cfg->conf, *b = &c->side[1].cfg->conf;
    size_t common = 0;
    for (size_t k = 0; k < a->ntiers; k++)
        common += ct__config_tier(c->side[1].cfg, a->tier[k]) != CT__NONE;
    c->by_position = common == 0 && a->ntiers == b->ntiers;
    if (common == 0 && !c->by_position)
        return ct__err(c->ctx, CT_EDATA,
                       "%s and %s share no tier (compare matches tiers by name, or by position "
                       "when both have as many tiers)",
                       a->source, b->source);
    c->tier = ct__calloc(a->ntiers, sizeof *c->tier);
    if (!c->tier)
        return ct__nomem(c->ctx);
    for (size_t k = 0; k < a->ntiers; k++) {
        size_t j = c->by_position ? k : ct__config_tier(c->side[1].cfg, a->tier[k]);
        if (j == CT__NONE)
            continue;
        cmp_tier *t = &c->tier[c->ntiers++];
        t->k[0] = k;
        t->k[1] = j;
        t->name[0] = a->tier[k];
        t->name[1] = b->tier[j];
    }
    return CT_OK;
}

ct_status ct__compare_into(ct_ctx *ctx, ct_result *r, const ct_config *base,
                           const ct_config *proposed, const ct_layer *blocks,
                           const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                           const char *const *opts)
{
    if (strcmp(base->blocks_source, proposed->blocks_source))
        return ct__err(ctx, CT_EDATA,
                       "%s and %s use different block layers (ids of %s and of %s): compare "
                       "needs configurations of one block layer",
                       base->conf.source, proposed->conf.source, base->blocks_source,
                       proposed->blocks_source);
    cmp c = {.ctx = ctx, .has_pop = pop != NULL};
    ct_layer *own = NULL;
    ct_status st = blocks ? CT_OK : ct__default_blocks(ctx, pop, &own);
    c.blocks = blocks ? blocks : own;
    c.side[0].cfg = base;
    c.side[1].cfg = proposed;
    if (!st)
        st = ct__block_pops(ctx, c.blocks, pop, opts, &c.block_pop);
    for (size_t s = 0; !st && s < 2; s++)
        st = setup_side(&c, &c.side[s], against, nagainst, pop, opts);
    if (!st)
        st = match_tiers(&c);
    if (!st)
        st = ct__cmp_units(&c);
    if (!st)
        st = ct__cmp_findings(&c);
    if (!st)
        st = ct__cmp_moves_table(&c, r);
    if (!st)
        st = ct__cmp_units_table(&c, r);
    if (!st)
        st = ct__cmp_findings_table(&c, r);
    if (!st)
        st = ct__cmp_scorecard_table(&c, r);
    if (!st)
        st = ct__cmp_doc(&c, r);
    cmp_free(&c);
    ct_layer_free(own);
    return st;
}

ct_status ct_compare(ct_ctx *ctx, ct_result **out, const ct_config *base,
                     const ct_config *proposed, const ct_layer *blocks,
                     const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                     const char *const *opts)
{
    if (!ctx || !out || !base || !proposed)
        return ct__err(ctx, CT_EINVAL, "ct_compare: NULL argument");
    *out = NULL;
    ct_result *r = NULL;
    ct_status st = ct__result_new(ctx, &r);
    if (!st)
        st = ct__compare_into(ctx, r, base, proposed, blocks, against, nagainst, pop, opts);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}
