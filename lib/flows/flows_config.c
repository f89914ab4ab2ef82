/* coterm flows --places with a coterm check configuration (block, ...,
 * place[, place_name]) whose blocks are any layer: the origins, small areas
 * of the population base, units of one of its lookup levels (msoa11,
 * ltla21, ...) or the units of the PLACES_BLOCKS layer (docs/flows.md). */
#include "../check/check.h"
#include "flows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The units a configuration's blocks may be: ids and how small areas of the
 * population base fall in them. */
typedef struct blockset {
    const char *what;             /* for messages */
    const ct__strmap *index;      /* id -> unit */
    size_t n;
    ct__assign asg;               /* small area -> unit (owned unless borrowed) */
    const ct__assign *borrowed;
} blockset;

static bool covers(const ct__strmap *index, const ct__ckconf *cf)
{
    for (size_t r = 0; r < cf->nrows; r++)
        if (ct__strmap_get(index, cf->code[r]) == CT__NONE)
            return false;
    return true;
}

/* Small area i -> unit[i] (CT__NONE: none), fractions 1. */
static ct_status assign_direct(ct_ctx *ctx, size_t n, const size_t *unit, ct__assign *out)
{
    memset(out, 0, sizeof *out);
    out->start = ct__malloc((n + 1) * sizeof *out->start);
    out->unit = ct__malloc((n ? n : 1) * sizeof *out->unit);
    out->frac = ct__malloc((n ? n : 1) * sizeof *out->frac);
    if (!out->start || !out->unit || !out->frac) {
        ct__assign_free(out);
        return ct__nomem(ctx);
    }
    out->n = n;
    out->how = "lookup";
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        out->start[i] = q;
        if (unit ? unit[i] != CT__NONE : true) {
            out->unit[q] = unit ? unit[i] : i;
            out->frac[q++] = 1;
        }
    }
    out->start[n] = q;
    return CT_OK;
}

/* Which layer the configuration's blocks belong to. */
static ct_status find_blocks(ct_ctx *ctx, const ct__flowrun *run, const ct__ckconf *cf,
                             ct_layer **own, blockset *bs)
{
    const ct_pop *pop = run->pop;
    if (covers(run->origins->index, cf)) {
        *bs = (blockset){.what = run->origins->source, .index = run->origins->index,
                         .n = run->origins->n, .borrowed = &run->asg_o};
        return CT_OK;
    }
    if (covers(pop->index, cf)) {
        *bs = (blockset){.what = pop->source, .index = pop->index, .n = pop->n};
        return assign_direct(ctx, pop->n, NULL, &bs->asg);
    }
    for (size_t k = 0; k < pop->nlevels; k++)
        if (covers(pop->levels[k].index, cf)) {
            const ct__level *lv = &pop->levels[k];
            *bs = (blockset){.what = lv->name, .index = lv->index, .n = lv->nunits};
            return assign_direct(ctx, pop->n, lv->unit_of, &bs->asg);
        }
    if (!run->places_blocks_spec)
        return ct__err(ctx, CT_EDATA,
                       "%s: its blocks are not origins, small areas of the population base or "
                       "units of its levels (e.g. block '%s'); name their layer with "
                       "--places-blocks LAYER",
                       cf->source, cf->code[0]);
    ct_status st = ct__layer_open_in(ctx, own, run->places_blocks_spec, run->origins->crs);
    if (!st && !covers((*own)->index, cf))
        for (size_t r = 0; !st && r < cf->nrows; r++)
            if (ct__strmap_get((*own)->index, cf->code[r]) == CT__NONE)
                st = ct__err(ctx, CT_EDATA, "%s: line %zu: unknown block code '%s' (not an id "
                                            "of %s)",
                             cf->source, cf->line ? cf->line[r] : r + 1, cf->code[r],
                             (*own)->source);
    if (st)
        return st;
    *bs = (blockset){.what = (*own)->source, .index = (*own)->index, .n = (*own)->n};
    return ct__assign_units(ctx, pop, *own, CT__AUTO, run->tol, NULL, &bs->asg);
}

/* Places: the labels of tier t in order of first appearance, names from
 * place_name; map: block unit -> place. */
static ct_status places_of(ct_ctx *ctx, const ct__ckconf *cf, size_t t, const blockset *bs,
                           ct__grouping *g)
{
    ct__strmap *seen = ct__strmap_new(cf->nrows);
    size_t *place_of = ct__malloc((bs->n ? bs->n : 1) * sizeof *place_of);
    g->ids = ct__calloc(cf->nrows, sizeof *g->ids);
    g->names = ct__calloc(cf->nrows, sizeof *g->names);
    ct_status st = seen && place_of && g->ids && g->names ? CT_OK : ct__nomem(ctx);
    for (size_t u = 0; !st && u < bs->n; u++)
        place_of[u] = CT__NONE;
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        const char *label = cf->cell[r * cf->ntiers + t];
        const char *name = cf->name ? cf->name[r * cf->ntiers + t] : NULL;
        size_t p = ct__strmap_get(seen, label);
        if (p == CT__NONE) {
            p = g->n;
            g->ids[p] = ct__strdup(label);
            g->names[p] = ct__strdup(name ? name : "");
            g->n += g->ids[p] != NULL; /* freed by ct__grouping_free from here */
            st = !g->ids[p] || !g->names[p] ? ct__nomem(ctx)
                                            : ct__strmap_put(ctx, seen, g->ids[p], p, NULL);
        } else if (name && *name && !*g->names[p]) {
            char *s = ct__strdup(name);
            st = s ? CT_OK : ct__nomem(ctx);
            if (s) {
                free(g->names[p]);
                g->names[p] = s;
            }
        }
        place_of[ct__strmap_get(bs->index, cf->code[r])] = p;
    }
    if (!st)
        st = assign_direct(ctx, bs->n, place_of, &g->map);
    ct__strmap_free(seen);
    free(place_of);
    return st;
}

ct_status ct__flows_places_config(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z,
                                  const char *path)
{
    ct__ckconf cf = {0};
    ct_layer *own = NULL;
    blockset bs = {0};
    ct_status st = ct__ckconf_read(ctx, path, NULL, &cf);
    size_t t = 0;
    while (!st && t < cf.ntiers && strcasecmp(cf.tier[t], "place"))
        t++;
    if (!st && t == cf.ntiers)
        st = ct__err(ctx, CT_EFORMAT, "%s: no tier 'place' (a configuration block,...,place)",
                     path);
    if (!st)
        st = find_blocks(ctx, run, &cf, &own, &bs);
    if (!st)
        st = places_of(ctx, &cf, t, &bs, &z->grp);
    if (!st)
        st = ct__assign_compose(ctx, bs.borrowed ? bs.borrowed : &bs.asg, &z->grp.map, &z->asg);
    ct__assign_free(&bs.asg);
    ct_layer_free(own);
    ct__ckconf_free(&cf);
    return st;
}
