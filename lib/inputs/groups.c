/* Layers made by grouping the units of another layer (tiers, footprints). */
#include "inputs.h"

#include <stdlib.h>

ct_status ct__layer_from_groups(ct_ctx *ctx, const ct_layer *base, const size_t *group_of,
                                size_t ngroups, const char *const *ids,
                                const char *const *names, const char *source, ct_layer **out)
{
    *out = NULL;
    ct_layer *l = ct__calloc(1, sizeof *l);
    if (!l)
        return ct__nomem(ctx);
    l->ctx = ctx;
    l->ids = ct__calloc(ngroups, sizeof *l->ids);
    l->names = ct__calloc(ngroups, sizeof *l->names);
    l->areas = ct__calloc(ngroups, sizeof *l->areas);
    l->index = ct__strmap_new(ngroups);
    l->source = ct__strdup(source);
    l->id_field = ct__strdup("id");
    l->name_field = ct__strdup("name");
    l->crs = ct__strdup(base->crs);
    ct_status st = (l->ids && l->names && l->areas && l->index && l->source && l->id_field &&
                    l->name_field && l->crs)
                       ? CT_OK
                       : ct__nomem(ctx);
    if (!st)
        l->n = ngroups;
    for (size_t i = 0; !st && i < ngroups; i++) {
        l->ids[i] = ct__strdup(ids[i]);
        l->names[i] = ct__strdup(names ? names[i] : "");
        if (!l->ids[i] || !l->names[i])
            st = ct__nomem(ctx);
        size_t old;
        if (!st)
            st = ct__strmap_put(ctx, l->index, l->ids[i], i, &old);
        if (!st && old != CT__NONE)
            st = ct__err(ctx, CT_EDATA, "%s: duplicate unit id '%s'", source, ids[i]);
    }
    if (!st)
        st = ct__geoms_dissolve(ctx, base->geoms, group_of, ngroups, &l->geoms);
    for (size_t i = 0; !st && i < ngroups; i++)
        l->areas[i] = ct__geoms_area(l->geoms, i);
    if (st)
        ct_layer_free(l);
    else
        *out = l;
    return st;
}

ct_status ct__table_put_geoms(ct_ctx *ctx, ct_table *t, size_t col, const ct_layer *l)
{
    ct_status st = ct__table_set_crs(ctx, t, l->crs);
    for (size_t i = 0; !st && i < l->n && i < ct_table_nrows(t); i++) {
        unsigned char *wkb;
        size_t len;
        st = ct__geoms_wkb(ctx, l->geoms, i, &wkb, &len);
        if (!st)
            ct__table_take_geom(t, i, col, wkb, len);
    }
    return st;
}
