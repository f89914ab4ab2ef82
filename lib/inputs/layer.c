/* Boundary layers: read with the GDAL adapter, geometry via the GEOS adapter. */
#include "inputs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_CRS "EPSG:27700"

static const char *const layer_opts[] = {"ID_FIELD", "NAME_FIELD", "ASSUME_CRS", "CRS",
                                         "DISSOLVE", "STRICT", NULL};

void ct_layer_free(ct_layer *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->ids ? l->ids[i] : NULL);
        free(l->names ? l->names[i] : NULL);
    }
    free(l->ids);
    free(l->names);
    free(l->areas);
    ct__geoms_free(l->geoms);
    ct__strmap_free(l->index);
    free(l->source);
    free(l->id_field);
    free(l->name_field);
    free(l->crs);
    free(l);
}

/* Map feature ids to units: duplicates are an error unless dissolving. */
static ct_status make_units(ct_ctx *ctx, ct_layer *l, const ct__features *f, bool dissolve,
                            size_t *unit_of)
{
    l->index = ct__strmap_new(f->n);
    l->ids = ct__calloc(f->n, sizeof *l->ids);
    l->names = ct__calloc(f->n, sizeof *l->names);
    if (!l->index || !l->ids || !l->names)
        return ct__nomem(ctx);
    for (size_t k = 0; k < f->n; k++) {
        size_t old;
        ct_status st = ct__strmap_put(ctx, l->index, f->ids[k], l->n, &old);
        if (st)
            return st;
        if (old != CT__NONE) {
            if (!dissolve)
                return ct__err(ctx, CT_EDATA,
                               "%s: duplicate id '%s' in field %s (use --dissolve to merge)",
                               f->source, f->ids[k], f->id_field);
            unit_of[k] = old;
            continue;
        }
        unit_of[k] = l->n;
        l->ids[l->n] = f->ids[k];
        l->names[l->n] = f->names[k];
        l->n++;
    }
    /* the strmap keys point at the feature strings that the layer now owns */
    return CT_OK;
}

static ct_status build_geometry(ct_ctx *ctx, ct_layer *l, const ct__features *f,
                                const size_t *unit_of, const char *assume, bool strict)
{
    const char *src = f->srs ? f->srs : assume;
    if (!src)
        return ct__err(ctx, CT_ECRS, "%s: no CRS; give one with --assume-crs EPSG:N", f->source);
    if (f->srs && f->srs_implausible) {
        if (!assume)
            return ct__err(ctx, CT_ECRS,
                           "%s: its CRS is geographic (longitude/latitude) but its coordinates "
                           "are not (a GeoJSON file without a crs member?); give the real CRS "
                           "with --assume-crs EPSG:N",
                           f->source);
        src = assume;
        ct_status st = ct__diag(ctx, CT_DIAG_WARNING,
                                "%s: coordinates out of longitude/latitude range: read as %s "
                                "(--assume-crs)",
                                f->source, assume);
        if (st)
            return st;
    }
    const double *ext = f->has_extent ? f->extent : NULL;
    char *crs = NULL;
    ct_status st = ct__crs_resolve(ctx, l->crs, src, ext, f->source, &crs);
    if (st)
        return st;
    free(l->crs);
    l->crs = crs;
    ct__proj_tf *tf = NULL;
    st = ct__proj_tf_layer(ctx, &tf, src, l->crs, ext, f->source);
    if (st)
        return st;
    ct__geoms_input in = ct__features_geoms_input(f, l->n, unit_of, tf);
    in.strict = strict;
    st = ct__geoms_build(ctx, &l->geoms, &in, &l->repairs);
    ct__proj_tf_free(tf);
    if (st)
        return st;
    l->areas = ct__malloc(l->n * sizeof *l->areas);
    if (!l->areas)
        return ct__nomem(ctx);
    for (size_t i = 0; i < l->n; i++)
        l->areas[i] = ct__geoms_area(l->geoms, i);
    return CT_OK;
}

/* Move each unit's strings (and extra value) out of the features, which
 * are then freed whole. */
static ct_status take_unit_strings(ct_ctx *ctx, ct_layer *l, ct__features *f,
                                   const size_t *unit_of, char ***extra)
{
    char **vals = extra ? ct__calloc(l->n, sizeof *vals) : NULL;
    for (size_t k = 0; k < f->n; k++) {
        if (!l->n || l->ids[unit_of[k]] != f->ids[k])
            continue; /* a dissolved duplicate: its strings are freed with f */
        f->ids[k] = f->names[k] = NULL;
        if (vals) {
            vals[unit_of[k]] = f->extra[k];
            f->extra[k] = NULL;
        }
    }
    if (extra)
        *extra = vals;
    return (extra && !vals) ? ct__nomem(ctx) : CT_OK;
}

/* A new empty layer measured in opts' CRS (default EPSG:27700). */
static ct_status new_layer(ct_ctx *ctx, const char *const *opts, ct_layer **out)
{
    ct_layer *l = ct__calloc(1, sizeof *l);
    if (!l)
        return ct__nomem(ctx);
    l->ctx = ctx;
    const char *crs = ct__opt(opts, "CRS");
    l->crs = ct__strdup(crs ? crs : DEFAULT_CRS);
    /* CRS=auto is resolved from the layer's extent when it is read */
    ct_status st = !l->crs                    ? ct__nomem(ctx)
                   : ct__crs_is_auto(l->crs) ? CT_OK
                                             : ct__proj_check_measuring(ctx, l->crs);
    if (st)
        ct_layer_free(l);
    else
        *out = l;
    return st;
}

/* Units, geometry and strings from features, which are freed. */
static ct_status fill_layer(ct_ctx *ctx, ct_layer *l, ct__features *f, const char *const *opts,
                            char ***extra)
{
    size_t *unit_of = ct__calloc(f->n, sizeof *unit_of);
    ct_status st = unit_of ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = make_units(ctx, l, f, ct__opt_yes(opts, "DISSOLVE"), unit_of);
    if (!st)
        st = build_geometry(ctx, l, f, unit_of, ct__opt(opts, "ASSUME_CRS"),
                            ct__opt_yes(opts, "STRICT"));
    if (!st) {
        l->source = ct__strdup(f->source);
        l->id_field = ct__strdup(f->id_field);
        l->name_field = ct__strdup(f->name_field);
        if (!l->source || !l->id_field || !l->name_field)
            st = ct__nomem(ctx);
    }
    if (l->ids && unit_of) {
        /* strings are owned by the layer from here, also on failure */
        ct_status st2 = take_unit_strings(ctx, l, f, unit_of, st ? NULL : extra);
        st = st ? st : st2;
    }
    ct__features_free(f);
    free(unit_of);
    if (!st && ct__strmap_get(l->index, "") != CT__NONE)
        st = ct__err(ctx, CT_EDATA, "%s: a feature has an empty id", l->source);
    if (st && extra && *extra) {
        for (size_t i = 0; i < l->n; i++)
            free((*extra)[i]);
        free(*extra);
        *extra = NULL;
    }
    return st;
}

/* Open a layer; only: just the features of those ids (*out NULL if none). */
static ct_status open_layer(ct_ctx *ctx, ct_layer **out, const char *spec,
                            const char *const *opts, const char *extra_field, char ***extra,
                            const char *const *only, size_t n_only)
{
    static const char *const pop_opts[] = {"ID_FIELD", "NAME_FIELD", "ASSUME_CRS", "CRS",
                                           "DISSOLVE", "STRICT", "POP_FIELD", NULL};
    if (!ctx || !out || !spec)
        return ct__err(ctx, CT_EINVAL, "ct_layer_open: NULL argument");
    *out = NULL;
    if (extra)
        *extra = NULL;
    ct_layer *l = NULL;
    ct_status st = ct__opt_check(ctx, opts, extra ? pop_opts : layer_opts, spec);
    if (!st)
        st = new_layer(ctx, opts, &l);
    if (st)
        return st;
    ct__read_req req = {
        .id_field = ct__opt(opts, "ID_FIELD"),
        .name_field = ct__opt(opts, "NAME_FIELD"),
        .extra_field = extra_field,
        .want_geometry = true,
        .only_ids = only,
        .n_only = n_only,
    };
    ct__features f = {0};
    st = ct__read_spec(ctx, spec, &req, &f);
    if (!st && f.n == 0) { /* only possible when selecting */
        ct__features_free(&f);
        ct_layer_free(l);
        return CT_OK;
    }
    if (!st)
        st = fill_layer(ctx, l, &f, opts, extra);
    if (st)
        ct_layer_free(l);
    else
        *out = l;
    return st;
}

ct_status ct__layer_open_extra(ct_ctx *ctx, ct_layer **out, const char *spec,
                               const char *const *opts, const char *extra_field, char ***extra)
{
    return open_layer(ctx, out, spec, opts, extra_field, extra, NULL, 0);
}

ct_status ct_layer_open(ct_ctx *ctx, ct_layer **out, const char *spec, const char *const *opts)
{
    return open_layer(ctx, out, spec, opts, NULL, NULL, NULL, 0);
}

ct_status ct__layer_open_only(ct_ctx *ctx, ct_layer **out, const char *spec, const char *crs,
                              const char *const *ids, size_t n)
{
    char *opt = ct__sprintf("CRS=%s", crs);
    if (!opt)
        return ct__nomem(ctx);
    const char *const opts[] = {opt, NULL};
    ct_status st = open_layer(ctx, out, spec, opts, NULL, NULL, ids, n);
    free(opt);
    return st;
}

ct_status ct__layer_open_in(ct_ctx *ctx, ct_layer **out, const char *spec, const char *crs)
{
    return ct__layer_open_only(ctx, out, spec, crs, NULL, 0);
}

size_t ct_layer_size(const ct_layer *l) { return l ? l->n : 0; }
const char *ct_layer_source(const ct_layer *l) { return l ? l->source : NULL; }
const char *ct_layer_id_field(const ct_layer *l) { return l ? l->id_field : NULL; }
const char *ct_layer_crs(const ct_layer *l) { return l ? l->crs : NULL; }
size_t ct_layer_repairs(const ct_layer *l) { return l ? l->repairs : 0; }

const char *ct_layer_id(const ct_layer *l, size_t i)
{
    return l && i < l->n ? l->ids[i] : NULL;
}

const char *ct_layer_name(const ct_layer *l, size_t i)
{
    return l && i < l->n ? (l->names[i] ? l->names[i] : "") : NULL;
}

double ct_layer_area(const ct_layer *l, size_t i)
{
    return l && i < l->n ? l->areas[i] : NAN;
}

static ct_status copy_wkb_input(ct_ctx *ctx, ct__features *f, const char *label, size_t n,
                                const char *const *ids, const char *const *names,
                                const unsigned char *const *wkb, const size_t *wkb_len,
                                const char *crs)
{
    f->source = ct__strdup(label ? label : "wkb");
    f->id_field = ct__strdup("id");
    f->name_field = ct__strdup("name");
    f->srs = crs ? ct__strdup(crs) : NULL;
    f->ids = ct__calloc(n, sizeof *f->ids);
    f->names = ct__calloc(n, sizeof *f->names);
    f->extra = ct__calloc(n, sizeof *f->extra);
    f->wkb = ct__calloc(n, sizeof *f->wkb);
    f->wkb_len = ct__calloc(n, sizeof *f->wkb_len);
    if (!f->source || !f->id_field || !f->name_field || (crs && !f->srs) || !f->ids ||
        !f->names || !f->extra || !f->wkb || !f->wkb_len)
        return ct__nomem(ctx);
    for (size_t k = 0; k < n; k++) {
        f->n++;
        if (!ids[k] || !*ids[k])
            return ct__err(ctx, CT_EDATA, "%s: feature %zu has no id", f->source, k);
        if (!wkb[k] || !wkb_len[k])
            return ct__err(ctx, CT_EGEOM, "%s: feature %s has no geometry", f->source, ids[k]);
        f->ids[k] = ct__strdup(ids[k]);
        f->names[k] = ct__strdup(names && names[k] ? names[k] : "");
        f->wkb[k] = ct__malloc(wkb_len[k]);
        if (!f->ids[k] || !f->names[k] || !f->wkb[k])
            return ct__nomem(ctx);
        memcpy(f->wkb[k], wkb[k], wkb_len[k]);
        f->wkb_len[k] = wkb_len[k];
    }
    f->has_extent = ct__wkb_extent(ctx, wkb, wkb_len, n, f->extent);
    return n ? CT_OK : ct__err(ctx, CT_EFORMAT, "%s: layer is empty", f->source);
}

ct_status ct_layer_from_wkb(ct_ctx *ctx, ct_layer **out, const char *label, size_t n,
                            const char *const *ids, const char *const *names,
                            const unsigned char *const *wkb, const size_t *wkb_len,
                            const char *crs, const char *const *opts)
{
    if (!ctx || !out || (n && (!ids || !wkb || !wkb_len)))
        return ct__err(ctx, CT_EINVAL, "ct_layer_from_wkb: NULL argument");
    *out = NULL;
    ct_layer *l = NULL;
    ct_status st = ct__opt_check(ctx, opts, layer_opts, label ? label : "wkb");
    if (!st)
        st = new_layer(ctx, opts, &l);
    if (st)
        return st;
    ct__features f = {0};
    st = copy_wkb_input(ctx, &f, label, n, ids, names, wkb, wkb_len, crs);
    if (!st)
        st = fill_layer(ctx, l, &f, opts, NULL);
    else
        ct__features_free(&f);
    if (st)
        ct_layer_free(l);
    else
        *out = l;
    return st;
}
