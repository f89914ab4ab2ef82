/* coterm flows: systems, places and organisations as sets of small areas of
 * the population base, so that any two can be crossed by people. */
#include "flows.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *ct__layer_short(const ct_layer *l)
{
    const char *c = strrchr(l->source, ':');
    return c && c[1] ? c + 1 : l->source;
}

/* People of each unit of an assignment. */
static ct_status unit_pop(ct_ctx *ctx, const ct_pop *pop, const ct__assign *a, size_t n,
                          double **out)
{
    *out = ct__calloc(n ? n : 1, sizeof **out);
    if (!*out)
        return ct__nomem(ctx);
    for (size_t k = 0; k < a->n; k++)
        for (size_t j = a->start[k]; j < a->start[k + 1]; j++)
            (*out)[a->unit[j]] += pop->pop[k] * a->frac[j];
    return CT_OK;
}

/* Cross small-area assignments x (nx units) and y (ny units) by people. */
static ct_status cross(ct_ctx *ctx, const ct_pop *pop, const ct__assign *x, size_t nx,
                       const ct__assign *y, size_t ny, double **out)
{
    *out = ct__malloc((nx && ny ? nx * ny : 1) * sizeof **out);
    if (!*out)
        return ct__nomem(ctx);
    ct__cross_pop(pop->pop, x, nx, y, ny, *out);
    return CT_OK;
}

static ct_status assign(ct_ctx *ctx, const ct__flowrun *run, const ct_layer *l, ct__assign *a)
{
    return ct__assign_units(ctx, run->pop, l, CT__AUTO, run->tol, NULL, a);
}

/* A zone set from a polygon layer. */
static ct_status zones_from_layer(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z,
                                  const ct_layer *l)
{
    z->n = l->n;
    z->ids = (const char *const *)l->ids;
    z->names = (const char *const *)l->names;
    z->tier = ct__strdup(ct__layer_short(l));
    z->source = ct__strdup(l->source);
    if (!z->tier || !z->source)
        return ct__nomem(ctx);
    return assign(ctx, run, l, &z->asg);
}

/* Places from CSV, as small areas through the origins: place_id, unit_id
 * [, place_name], or a coterm check configuration (block, ..., place
 * [, place_name]; flows_config.c). */
static ct_status zones_from_csv(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z,
                                const char *path)
{
    char **fields = NULL;
    size_t nf = 0;
    bool config = false, own = false;
    ct_status st = ct__gdal_read_fields(ctx, path, &fields, &nf);
    for (size_t j = 0; j < nf; j++) {
        own = own || !strcmp(fields[j], "place_id");
        config = config || !strcmp(fields[j], "place");
        free(fields[j]);
    }
    free(fields);
    bool as_config = config && !own;
    if (!st)
        st = as_config ? ct__flows_places_config(ctx, run, z, path)
                       : ct__grouping_read(ctx, &z->grp, path, "place_id", "place_name",
                                           "unit_id", run->origins, true);
    if (st)
        return st;
    z->n = z->grp.n;
    z->ids = (const char *const *)z->grp.ids;
    z->names = (const char *const *)z->grp.names;
    z->tier = ct__strdup("places");
    z->source = ct__strdup(path);
    if (!z->tier || !z->source)
        return ct__nomem(ctx);
    return as_config ? CT_OK : ct__assign_compose(ctx, &run->asg_o, &z->grp.map, &z->asg);
}

/* People, origin weights and ranks of a zone set. */
static ct_status zones_finish(ct_ctx *ctx, const ct__flowrun *run, ct__zones *z)
{
    size_t no = run->origins->n;
    double *x = NULL;
    ct_status st = unit_pop(ctx, run->pop, &z->asg, z->n, &z->pop);
    if (!st)
        st = cross(ctx, run->pop, &run->asg_o, no, &z->asg, z->n, &x);
    if (!st)
        st = ct__zone_weights(ctx, x, no, z->n, run->pop_o, &z->w);
    if (!st)
        st = ct__id_ranks(ctx, z->ids, z->n, &z->rank);
    free(x);
    return st;
}

ct_status ct__flows_zones(ct_ctx *ctx, ct__flowrun *run, const ct_layer *systems)
{
    run->sys.kind = "system";
    run->pl.kind = "place";
    ct_status st = zones_from_layer(ctx, run, &run->sys, systems);
    if (!st)
        st = zones_finish(ctx, run, &run->sys);
    if (st || !run->places_spec)
        return st;
    run->has_places = true;
    if (ct__is_csv(run->places_spec))
        st = zones_from_csv(ctx, run, &run->pl, run->places_spec);
    else if (!(st = ct__layer_open_in(ctx, &run->pl.owned, run->places_spec,
                                      run->origins->crs)))
        st = zones_from_layer(ctx, run, &run->pl, run->pl.owned);
    if (!st)
        st = zones_finish(ctx, run, &run->pl);
    return st;
}

void ct__zones_free(ct__zones *z)
{
    free(z->tier);
    free(z->source);
    ct_layer_free(z->owned);
    ct__grouping_free(&z->grp);
    free(z->rank);
    ct__assign_free(&z->asg);
    free(z->pop);
    ct__assign_free(&z->w);
    free(z->g);
    free(z->h);
    free(z->flows);
    free(z->contained);
    free(z->sp);
    memset(z, 0, sizeof *z);
}

void ct__orgset_free(ct__orgset *o)
{
    ct_layer_free(o->layer);
    ct__grouping_free(&o->grp);
    ct_layer_free(o->units_owned);
    free(o->source);
    ct__assign_free(&o->asg);
    free(o->pop);
    free(o->x_sys);
    free(o->x_pl);
    free(o->sp_sys);
    free(o->sp_pl);
    free(o->n_units);
    free(o->rank);
    memset(o, 0, sizeof *o);
}

/* Every unit holding each point, as an assignment with fractions 1. */
static ct_status locate_multi(ct_ctx *ctx, const ct_layer *l, size_t n, const double *x,
                              const double *y, ct__assign *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->how = "centroid-all";
    ct_status st = ct__geoms_locate_all(ctx, l->geoms, n, x, y, &out->start, &out->unit);
    size_t nnz = st ? 0 : out->start[n];
    out->frac = st ? NULL : ct__malloc((nnz ? nnz : 1) * sizeof *out->frac);
    if (!st && !out->frac)
        st = ct__nomem(ctx);
    for (size_t k = 0; !st && k < nnz; k++)
        out->frac[k] = 1;
    for (size_t i = 0; !st && i < n; i++)
        out->n_unassigned += out->start[i + 1] == out->start[i];
    if (st)
        ct__assign_free(out);
    return st;
}

/* Every polygon holding a small area's centroid (or, without centroids, a
 * point inside it) gets its people, so footprints may overlap. */
static ct_status locate_overlapping(ct_ctx *ctx, const ct_pop *pop, const ct_layer *l,
                                    ct__assign *out)
{
    if (pop->x)
        return locate_multi(ctx, l, pop->n, pop->x, pop->y, out);
    const ct_layer *polys = NULL;
    ct_status st = ct__pop_polys(ctx, pop, &polys);
    if (st)
        return st;
    size_t n = polys->n > pop->n ? polys->n : pop->n;
    double *x = ct__malloc((n ? n : 1) * sizeof *x), *y = ct__malloc((n ? n : 1) * sizeof *y);
    double *px = ct__malloc((n ? n : 1) * sizeof *px), *py = ct__malloc((n ? n : 1) * sizeof *py);
    st = x && y && px && py ? CT_OK : ct__nomem(ctx);
    for (size_t k = 0; !st && k < polys->n; k++)
        st = ct__geoms_surface_point(ctx, polys->geoms, k, &px[k], &py[k]);
    for (size_t i = 0; !st && i < pop->n; i++) { /* the polygons are in their own order */
        size_t k = ct__strmap_get(polys->index, pop->ids[i]);
        x[i] = k == CT__NONE ? NAN : px[k];
        y[i] = k == CT__NONE ? NAN : py[k];
    }
    if (!st)
        st = locate_multi(ctx, l, pop->n, x, y, out);
    free(x), free(y), free(px), free(py);
    return st;
}

/* Organisations from a polygon layer; statutory layers (not overlapping)
 * take the usual assignment. */
static ct_status orgs_from_layer(ct_ctx *ctx, const ct__flowrun *run, ct__orgset *o,
                                 bool overlapping)
{
    ct_status st = overlapping ? locate_overlapping(ctx, run->pop, o->layer, &o->asg)
                               : assign(ctx, run, o->layer, &o->asg);
    o->n = o->layer->n;
    o->ids = (const char *const *)o->layer->ids;
    o->names = (const char *const *)o->layer->names;
    o->n_units = st ? NULL : ct__calloc(o->n ? o->n : 1, sizeof *o->n_units);
    if (!st && !o->n_units)
        st = ct__nomem(ctx);
    for (size_t k = 0; !st && k < o->asg.n; k++)
        for (size_t j = o->asg.start[k]; j < o->asg.start[k + 1]; j++)
            o->n_units[o->asg.unit[j]]++;
    return st;
}

/* Organisations from CSV rows org_id, org_name, unit_id over a unit layer. */
static ct_status orgs_from_csv(ct_ctx *ctx, const ct__flowrun *run, ct__orgset *o)
{
    ct_status st = CT_OK;
    o->units = run->origins;
    if (run->orgs_units_spec &&
        !(st = ct__layer_open_in(ctx, &o->units_owned, run->orgs_units_spec, run->origins->crs)))
        o->units = o->units_owned;
    ct__assign own = {0};
    const ct__assign *ua = &run->asg_o;
    if (!st && o->units_owned && !(st = assign(ctx, run, o->units_owned, &own)))
        ua = &own;
    if (!st)
        st = ct__grouping_read(ctx, &o->grp, run->orgs_spec, "org_id", "org_name", "unit_id",
                               o->units, false);
    if (!st)
        st = ct__assign_compose(ctx, ua, &o->grp.map, &o->asg);
    ct__assign_free(&own);
    if (st)
        return st;
    o->n = o->grp.n;
    o->ids = (const char *const *)o->grp.ids;
    o->names = (const char *const *)o->grp.names;
    o->n_units = ct__malloc((o->n ? o->n : 1) * sizeof *o->n_units);
    if (!o->n_units)
        return ct__nomem(ctx);
    memcpy(o->n_units, o->grp.n_units, o->n * sizeof *o->n_units);
    return CT_OK;
}

/* People of each organisation, with each system and place. */
static ct_status orgs_cross(ct_ctx *ctx, const ct__flowrun *run, ct__orgset *o, bool places)
{
    ct_status st = unit_pop(ctx, run->pop, &o->asg, o->n, &o->pop);
    if (!st)
        st = cross(ctx, run->pop, &o->asg, o->n, &run->sys.asg, run->sys.n, &o->x_sys);
    if (!st && places && run->has_places)
        st = cross(ctx, run->pop, &o->asg, o->n, &run->pl.asg, run->pl.n, &o->x_pl);
    if (!st)
        st = ct__id_ranks(ctx, o->ids, o->n, &o->rank);
    return st;
}

/* Councils or commissioners: a statutory layer, NONE to leave out. */
static ct_status statutory(ct_ctx *ctx, const ct__flowrun *run, ct__orgset *o, const char *kind,
                           const char *spec, bool *has)
{
    o->kind = kind;
    *has = spec && strcasecmp(spec, "NONE");
    if (!*has)
        return CT_OK;
    ct_status st = ct__layer_open_in(ctx, &o->layer, spec, run->origins->crs);
    if (!st && !(o->source = ct__strdup(o->layer->source)))
        st = ct__nomem(ctx);
    if (!st)
        st = orgs_from_layer(ctx, run, o, false);
    if (!st)
        st = orgs_cross(ctx, run, o, false);
    return st;
}

ct_status ct__flows_orgsets(ct_ctx *ctx, ct__flowrun *run, const char *councils,
                            const char *commissioners)
{
    ct_status st = statutory(ctx, run, &run->councils, "council", councils, &run->has_councils);
    if (!st)
        st = statutory(ctx, run, &run->commissioners, "commissioner", commissioners,
                       &run->has_commissioners);
    ct__orgset *o = &run->orgs;
    o->kind = "org";
    run->has_orgs = run->orgs_spec != NULL;
    if (st || !run->has_orgs)
        return st;
    o->source = ct__strdup(run->orgs_spec);
    if (!o->source)
        return ct__nomem(ctx);
    if (ct__is_csv(run->orgs_spec))
        st = orgs_from_csv(ctx, run, o);
    else if (!(st = ct__layer_open_in(ctx, &o->layer, run->orgs_spec, run->origins->crs)))
        st = orgs_from_layer(ctx, run, o, true);
    if (!st)
        st = orgs_cross(ctx, run, o, true);
    return st;
}
