/* Moving a block to another unit of a tier (ct_config_move): the block takes
 * the unit's parents so that the tiers stay nested. */
#include "scenario.h"
#include "../core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "A, B, C and 4 more": the first units of tier k, for messages. */
/* The first five units of tier k, "and N more", at their full length. */
static ct__buf unit_list(const ct__ckconf *c, size_t k)
{
    ct__strmap *seen = ct__strmap_new(16);
    ct__buf b = {.failed = !seen};
    size_t n = 0, shown = 0;
    ct__buf_add(&b, "");
    for (size_t r = 0; seen && r < c->nrows; r++) {
        const char *u = c->cell[r * c->ntiers + k];
        if (ct__strmap_get(seen, u) != CT__NONE || ct__strmap_put(NULL, seen, u, n, NULL))
            continue;
        if (n++ < 5)
            ct__buf_printf(&b, "%s%s", shown++ ? ", " : "", u);
    }
    if (n > 5)
        ct__buf_printf(&b, " and %zu more", n - 5);
    ct__strmap_free(seen);
    return b;
}

/* The row whose labels above tier k are the most common among the rows of
 * unit (the first such row on ties), or CT__NONE when no row has the unit. */
static ct_status parent_row(ct_ctx *ctx, const ct__ckconf *c, size_t k, const char *unit,
                            size_t *out)
{
    *out = CT__NONE;
    size_t *count = ct__calloc(c->nrows ? c->nrows : 1, sizeof *count);
    char **key = ct__calloc(c->nrows ? c->nrows : 1, sizeof *key);
    ct__strmap *first = ct__strmap_new(8);
    ct_status st = count && key && first ? CT_OK : ct__nomem(ctx);
    size_t best = 0;
    for (size_t r = 0; !st && r < c->nrows; r++) {
        if (strcmp(c->cell[r * c->ntiers + k], unit))
            continue;
        size_t len = 1;
        for (size_t j = 0; j < k; j++)
            len += strlen(c->cell[r * c->ntiers + j]) + 1;
        if (!(key[r] = ct__malloc(len))) {
            st = ct__nomem(ctx);
            break;
        }
        key[r][0] = '\0';
        for (size_t j = 0; j < k; j++) /* unit separator: labels never hold it */
            strcat(strcat(key[r], c->cell[r * c->ntiers + j]), "\x1f");
        size_t f = CT__NONE;
        if ((st = ct__strmap_put(ctx, first, key[r], r, &f)))
            break;
        f = f == CT__NONE ? r : f;
        if (++count[f] > best) {
            best = count[f];
            *out = f;
        }
    }
    for (size_t r = 0; key && r < c->nrows; r++)
        free(key[r]);
    free(key);
    free(count);
    ct__strmap_free(first);
    return st;
}

ct_status ct__config_take(ct_ctx *ctx, ct_config *cfg, size_t r, const ct__ckconf *src,
                          size_t from, size_t k0, size_t k)
{
    ct__ckconf *c = &cfg->conf;
    char *label[CT__CK_MAX_TIERS] = {0}, *name[CT__CK_MAX_TIERS] = {0};
    bool ok = true;
    for (size_t j = k0; j <= k; j++) {
        const char *nm = src->name ? src->name[from * src->ntiers + j] : NULL;
        label[j] = ct__strdup(src->cell[from * src->ntiers + j]);
        name[j] = nm ? ct__strdup(nm) : NULL;
        ok = ok && label[j] && (!nm || name[j]);
    }
    for (size_t j = k0; j <= k; j++) {
        size_t dst = r * c->ntiers + j;
        char **old_label = ok ? &c->cell[dst] : &label[j];
        char **old_name = ok && c->name ? &c->name[dst] : &name[j];
        free(*old_label);
        *old_label = ok ? label[j] : NULL;
        free(*old_name);
        *old_name = ok && c->name ? name[j] : NULL;
    }
    return ok ? CT_OK : ct__nomem(ctx);
}

ct_status ct_config_move(ct_ctx *ctx, ct_config *cfg, const char *block, const char *tier,
                         const char *unit)
{
    if (!ctx || !cfg || !block || !tier || !unit)
        return ct__err(ctx, CT_EINVAL, "ct_config_move: NULL argument");
    ct__ckconf *c = &cfg->conf;
    size_t k = ct__config_tier(cfg, tier), r = CT__NONE, from = CT__NONE;
    if (k == CT__NONE)
        return ct__config_no_tier(ctx, cfg, NULL, tier);
    for (size_t i = 0; i < c->nrows && r == CT__NONE; i++)
        if (!strcmp(c->code[i], block))
            r = i;
    if (r == CT__NONE)
        return ct__err(ctx, CT_EDATA, "%s lists no block '%s' (blocks are ids of %s)",
                       c->source, block, cfg->blocks_source);
    ct_status st = parent_row(ctx, c, k, unit, &from);
    if (st)
        return st;
    if (from == CT__NONE) {
        ct__buf list = unit_list(c, k);
        st = list.failed ? ct__nomem(ctx)
                         : ct__err(ctx, CT_EDATA, "%s: tier '%s' has no unit '%s' (units: %s)",
                                   c->source, c->tier[k], unit, list.s);
        ct__buf_free(&list);
        return st;
    }
    return ct__config_take(ctx, cfg, r, c, from, 0, k);
}
