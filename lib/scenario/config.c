/* Configurations in memory: read from CSV or made from a polygon layer,
 * with the block layer they belong to (docs/scenario.md). */
#include "scenario.h"
#include "../core/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ct_config_free(ct_config *cfg)
{
    if (!cfg)
        return;
    ct__ckconf_free(&cfg->conf);
    free(cfg->blocks_source);
    free(cfg);
}

size_t ct_config_ntiers(const ct_config *cfg) { return cfg ? cfg->conf.ntiers : 0; }
size_t ct_config_nblocks(const ct_config *cfg) { return cfg ? cfg->conf.nrows : 0; }

const char *ct_config_tier(const ct_config *cfg, size_t k)
{
    return cfg && k < cfg->conf.ntiers ? cfg->conf.tier[k] : NULL;
}

const char *ct_config_block(const ct_config *cfg, size_t i)
{
    return cfg && i < cfg->conf.nrows ? cfg->conf.code[i] : NULL;
}

const char *ct_config_unit(const ct_config *cfg, size_t i, size_t k)
{
    if (!cfg || i >= cfg->conf.nrows || k >= cfg->conf.ntiers)
        return NULL;
    return cfg->conf.cell[i * cfg->conf.ntiers + k];
}

const char *ct_config_source(const ct_config *cfg) { return cfg ? cfg->conf.source : NULL; }

const char *ct_config_blocks_source(const ct_config *cfg)
{
    return cfg ? cfg->blocks_source : NULL;
}

size_t ct__config_tier(const ct_config *cfg, const char *tier)
{
    for (size_t k = 0; tier && k < cfg->conf.ntiers; k++)
        if (!strcasecmp(cfg->conf.tier[k], tier))
            return k;
    return CT__NONE;
}

ct_status ct__config_no_tier(ct_ctx *ctx, const ct_config *cfg, const char *what,
                             const char *tier)
{
    ct__buf list = {0};
    ct__buf_add(&list, "");
    for (size_t j = 0; j < cfg->conf.ntiers; j++) {
        ct__buf_add(&list, j ? ", " : "");
        ct__buf_add(&list, cfg->conf.tier[j]);
    }
    ct_status st = list.failed ? ct__nomem(ctx)
                               : ct__err(ctx, CT_EINVAL, "%s%s%s has no tier '%s' (tiers: %s)",
                                         what ? what : "", what ? ": " : "", cfg->conf.source,
                                         tier ? tier : "(null)", list.s);
    ct__buf_free(&list);
    return st;
}

const char *ct__config_name(const ct_config *cfg, size_t r, size_t k)
{
    const char *s = cfg->conf.name ? cfg->conf.name[r * cfg->conf.ntiers + k] : NULL;
    return s ? s : "";
}

ct_status ct__default_blocks(ct_ctx *ctx, const ct_pop *pop, ct_layer **out)
{
    return ct__layer_open_in(ctx, out, "ltla21", pop ? pop->crs : "EPSG:27700");
}

ct_status ct__config_rows(ct_ctx *ctx, const ct_config *cfg, const ct_layer *blocks,
                          size_t **row_block)
{
    *row_block = NULL;
    if (strcmp(cfg->blocks_source, blocks->source))
        return ct__err(ctx, CT_EDATA,
                       "%s: its blocks are ids of %s, not of %s: give the block layer it was "
                       "read with",
                       cfg->conf.source, cfg->blocks_source, blocks->source);
    size_t n = cfg->conf.nrows;
    *row_block = ct__malloc((n ? n : 1) * sizeof **row_block);
    if (!*row_block)
        return ct__nomem(ctx);
    ct_status st = ct__ckconf_map_blocks(ctx, &cfg->conf, blocks, *row_block);
    if (st) {
        free(*row_block);
        *row_block = NULL;
    }
    return st;
}

ct_status ct__block_pops(ct_ctx *ctx, const ct_layer *blocks, const ct_pop *pop,
                         const char *const *opts, double **out)
{
    *out = NULL;
    if (!pop)
        return CT_OK;
    ct__method method;
    double tol;
    ct__assign asg = {0};
    ct_status st = ct__method_parse(ctx, ct__opt(opts, "METHOD"), &method);
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &tol);
    if (!st) /* as ct_check: no overlay hint, so blocks get the people check gives them */
        st = ct__assign_units(ctx, pop, blocks, method, tol, NULL, &asg);
    double *p = st ? NULL : ct__calloc(blocks->n ? blocks->n : 1, sizeof *p);
    if (!st && !p)
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < asg.n; i++)
        for (size_t k = asg.start[i]; k < asg.start[i + 1]; k++)
            p[asg.unit[k]] += pop->pop[i] * asg.frac[k];
    ct__assign_free(&asg);
    if (st)
        free(p);
    else
        *out = p;
    return st;
}

static ct_config *config_new(ct_ctx *ctx, const char *blocks_source)
{
    ct_config *cfg = ct__calloc(1, sizeof *cfg);
    if (cfg && !(cfg->blocks_source = ct__strdup(blocks_source))) {
        free(cfg);
        cfg = NULL;
    }
    if (cfg)
        cfg->ctx = ctx;
    return cfg;
}

ct_status ct_config_read(ct_ctx *ctx, ct_config **out, const char *csv, const ct_layer *blocks,
                         const char *const *opts)
{
    if (!ctx || !out || !csv)
        return ct__err(ctx, CT_EINVAL, "ct_config_read: NULL argument");
    *out = NULL;
    static const char *const allowed[] = {"IGNORE", NULL};
    ct_layer *own = NULL;
    ct_status st = ct__opt_check(ctx, opts, allowed, "ct_config_read");
    if (!st && !blocks)
        st = ct__default_blocks(ctx, NULL, &own);
    const ct_layer *b = blocks ? blocks : own;
    ct_config *cfg = st ? NULL : config_new(ctx, b->source);
    size_t *rows = NULL;
    if (!st && !cfg)
        st = ct__nomem(ctx);
    if (!st)
        st = ct__ckconf_read(ctx, csv, NULL, &cfg->conf);
    if (!st)
        st = ct__config_rows(ctx, cfg, b, &rows);
    free(rows);
    ct_layer_free(own);
    if (st)
        ct_config_free(cfg);
    else
        *out = cfg;
    return st;
}

/* The rows of a layer configuration: each block with a best partner. */
static ct_status layer_rows(ct_ctx *ctx, ct_config *cfg, const char *tier,
                            const ct__fitrun *run, const ct_layer *units,
                            const ct_layer *blocks)
{
    ct__ckconf *c = &cfg->conf;
    size_t n = 0, r = 0;
    for (size_t i = 0; i < blocks->n; i++)
        n += run->fa[i].best != CT__NONE;
    if (n == 0)
        return ct__err(ctx, CT_EDATA, "no block of %s lies in any unit of %s", blocks->source,
                       units->source);
    ct_status st = ct__ckconf_alloc(ctx, c, units->source, 1, n, units->names != NULL);
    if (!st && !(c->tier[0] = tier ? ct__strdup(tier) : ct__short_label(units->source)))
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < blocks->n; i++) {
        size_t u = run->fa[i].best;
        if (u == CT__NONE)
            continue;
        c->code[r] = ct__strdup(blocks->ids[i]);
        c->cell[r] = ct__strdup(units->ids[u]);
        if (units->names)
            c->name[r] = ct__strdup(units->names[u]);
        if (!c->code[r] || !c->cell[r] || (units->names && !c->name[r]))
            st = ct__nomem(ctx);
        r++;
    }
    return st;
}

ct_status ct_config_from_layer(ct_ctx *ctx, ct_config **out, const char *tier,
                               const ct_layer *units, const ct_layer *blocks, const ct_pop *pop,
                               const char *const *opts)
{
    if (!ctx || !out || !units || !blocks)
        return ct__err(ctx, CT_EINVAL, "ct_config_from_layer: NULL argument");
    *out = NULL;
    static const char *const allowed[] = {"METHOD", "TOLERANCE", NULL};
    ct__fitrun run = {0};
    ct_config *cfg = config_new(ctx, blocks->source);
    ct_status st = cfg ? ct__opt_check(ctx, opts, allowed, "ct_config_from_layer")
                       : ct__nomem(ctx);
    if (!st && tier)
        st = ct__ck_tier_name_check(ctx, CT_EINVAL, units->source, tier);
    if (!st) /* each block's best partner, as coterm bestfit */
        st = ct__fitrun_do(ctx, &run, blocks, units, pop, opts);
    if (!st)
        st = layer_rows(ctx, cfg, tier, &run, units, blocks);
    if (!st)
        st = ct__ck_tier_name_check(ctx, CT_EINVAL, units->source, cfg->conf.tier[0]);
    ct__fitrun_free(&run);
    if (st)
        ct_config_free(cfg);
    else
        *out = cfg;
    return st;
}

ct_status ct__config_copy(ct_ctx *ctx, const ct_config *src, ct_config **out)
{
    *out = NULL;
    ct_config *cfg = config_new(ctx, src->blocks_source);
    ct_status st = cfg ? ct__ckconf_copy(ctx, &src->conf, &cfg->conf) : ct__nomem(ctx);
    if (st)
        ct_config_free(cfg);
    else
        *out = cfg;
    return st;
}

/* Whether tier k has a name for some unit (then config.csv has TIER_name). */
static bool has_names(const ct__ckconf *c, size_t k)
{
    for (size_t r = 0; c->name && r < c->nrows; r++)
        if (c->name[r * c->ntiers + k] && *c->name[r * c->ntiers + k])
            return true;
    return false;
}

ct_status ct_config_table(ct_ctx *ctx, const ct_config *cfg, ct_table **out)
{
    if (!ctx || !cfg || !out)
        return ct__err(ctx, CT_EINVAL, "ct_config_table: NULL argument");
    *out = NULL;
    const ct__ckconf *c = &cfg->conf;
    size_t cap = 16;
    bool named[CT__CK_MAX_TIERS];
    for (size_t k = 0; k < c->ntiers; k++) {
        named[k] = has_names(c, k);
        if (strpbrk(c->tier[k], ",:"))
            return ct__err(ctx, CT_EINVAL, "%s: tier name '%s' cannot be a column name",
                           c->source, c->tier[k]);
        cap += 2 * strlen(c->tier[k]) + 16;
    }
    char *spec = ct__malloc(cap);
    if (!spec)
        return ct__nomem(ctx);
    strcpy(spec, "block:t");
    for (size_t k = 0; k < c->ntiers; k++) {
        size_t len = strlen(spec);
        snprintf(spec + len, cap - len, ",%s:t", c->tier[k]);
        if (named[k]) { /* read back by check as the names of the tier's units */
            len = strlen(spec);
            snprintf(spec + len, cap - len, ",%s_name:t", c->tier[k]);
        }
    }
    ct_table *t = NULL;
    ct_status st = ct__table_new(ctx, &t, "config", spec, c->nrows);
    free(spec);
    for (size_t r = 0; !st && r < c->nrows; r++) {
        size_t col = 0;
        st = ct__table_set_text(ctx, t, r, col++, c->code[r]);
        for (size_t k = 0; !st && k < c->ntiers; k++) {
            st = ct__table_set_text(ctx, t, r, col++, c->cell[r * c->ntiers + k]);
            if (!st && named[k])
                st = ct__table_set_text(ctx, t, r, col++, ct__config_name(cfg, r, k));
        }
    }
    if (st)
        ct_table_free(t);
    else
        *out = t;
    return st;
}

ct_status ct__moves_row(ct_ctx *ctx, ct_table *t, size_t row, const ct_layer *blocks, size_t b,
                        const char *tier, const char *from, const char *to, double pop)
{
    const char *text[] = {blocks->ids[b], blocks->names ? blocks->names[b] : "", tier, from, to};
    ct_status st = CT_OK;
    for (size_t j = 0; !st && j < 5; j++)
        st = ct__table_set_text(ctx, t, row, j, text[j]);
    ct__table_set_real(t, row, 5, pop);
    return st;
}
