/* ct_whatif: apply moves to a copy of a configuration and compare the two. */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Apply one "BLOCK=TIER:UNIT"; errors name the move. */
static ct_status apply(ct_ctx *ctx, ct_config *cfg, const char *move)
{
    const char *eq = move ? strchr(move, '=') : NULL;
    const char *colon = eq ? strchr(eq + 1, ':') : NULL;
    if (!eq || eq == move || !colon || colon == eq + 1 || !colon[1])
        return ct__err(ctx, CT_EINVAL, "move '%s': expected BLOCK=TIER:UNIT",
                       move ? move : "(null)");
    char *block = ct__sprintf("%.*s", (int)(eq - move), move);
    char *tier = ct__sprintf("%.*s", (int)(colon - eq - 1), eq + 1);
    ct_status st = block && tier ? ct_config_move(ctx, cfg, block, tier, colon + 1)
                                 : ct__nomem(ctx);
    free(block);
    free(tier);
    if (st && st != CT_ENOMEM) /* ct__err may take the context's own message */
        st = ct__err(ctx, st, "move %s: %s", move, ct_errmsg(ctx));
    return st;
}

ct_status ct_whatif(ct_ctx *ctx, ct_result **out, const ct_config *cfg,
                    const char *const *moves, size_t nmoves, const ct_layer *blocks,
                    const ct_layer *const *against, size_t nagainst, const ct_pop *pop,
                    const char *const *opts)
{
    if (!ctx || !out || !cfg || (nmoves && !moves))
        return ct__err(ctx, CT_EINVAL, "ct_whatif: NULL argument");
    *out = NULL;
    ct_config *moved = NULL;
    ct_result *r = NULL;
    ct_table *t = NULL;
    ct_status st = ct__config_copy(ctx, cfg, &moved);
    for (size_t i = 0; !st && i < nmoves; i++)
        st = apply(ctx, moved, moves[i]);
    if (!st) { /* the moved configuration is named after the original */
        char *src = ct__sprintf("%s with %zu move%s", cfg->conf.source, nmoves,
                                nmoves == 1 ? "" : "s");
        if (!src)
            st = ct__nomem(ctx);
        else {
            free(moved->conf.source);
            moved->conf.source = src;
        }
    }
    if (!st)
        st = ct__result_new(ctx, &r);
    if (!st)
        st = ct__compare_into(ctx, r, cfg, moved, blocks, against, nagainst, pop, opts);
    if (!st)
        st = ct_config_table(ctx, moved, &t);
    if (!st)
        st = ct__result_add_table(ctx, r, t);
    ct_config_free(moved);
    if (st)
        ct_result_free(r);
    else
        *out = r;
    return st;
}
