/* coterm flows: catchment polygons. For each provider, the union of the
 * origins where it has the plurality of residents' flows (a partition, as
 * hospital service areas), and its footprint: the origins where it takes at
 * least the threshold share of residents' flows (footprints overlap). */
#include "flows.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CATCH_COLS                                                                          \
    "provider_id:t,provider_name:t,kind:t,n_origins:i,pop:r,patients:r,patient_share:r,"   \
    "geom:g"

/* Counts and sums of the origins in group of each provider. */
static void totals(const ct__flowrun *run, size_t p, const bool *in, size_t *n, double *pop,
                   double *patients)
{
    *n = 0, *pop = 0, *patients = 0;
    for (size_t o = 0; o < run->origins->n; o++)
        if (in[o])
            (*n)++, *pop += run->pop_o[o];
    for (size_t k = 0; k < run->tab.nrows; k++)
        if (run->tab.rows[k].p == p && in[run->tab.rows[k].o])
            *patients += run->f[k];
}

static ct_status put_row(ct_ctx *ctx, const ct__flowrun *run, ct_table *t, size_t row, size_t p,
                         const char *kind, const bool *in, const ct_layer *l, size_t unit)
{
    size_t n;
    double pop, patients;
    totals(run, p, in, &n, &pop, &patients);
    ct_status st = ct__table_set_text(ctx, t, row, 0, run->tab.pids[p]);
    if (!st)
        st = ct__table_set_text(ctx, t, row, 1, run->tab.pnames[p]);
    if (!st)
        st = ct__table_set_text(ctx, t, row, 2, kind);
    ct__table_set_real(t, row, 3, (double)n);
    ct__table_set_real(t, row, 4, pop);
    ct__table_set_real(t, row, 5, patients);
    ct__table_set_real(t, row, 6, run->patients[p] > 0 ? patients / run->patients[p] : NAN);
    unsigned char *wkb = NULL;
    size_t len = 0;
    if (!st)
        st = ct__geoms_wkb(ctx, l->geoms, unit, &wkb, &len);
    if (!st)
        ct__table_take_geom(t, row, 7, wkb, len);
    return st;
}

/* The footprint of provider p: one dissolve of its origins. */
static ct_status footprint(ct_ctx *ctx, const ct__flowrun *run, size_t p, bool *in,
                           size_t *group_of, ct_layer **out)
{
    const ct_layer *o = run->origins;
    for (size_t i = 0; i < o->n; i++)
        in[i] = false, group_of[i] = CT__NONE;
    for (size_t k = 0; k < run->tab.nrows; k++) {
        const ct__flowrow *r = &run->tab.rows[k];
        if (r->p == p && run->f[k] > 0 && run->f[k] >= run->threshold * run->origin_flows[r->o])
            in[r->o] = true, group_of[r->o] = 0;
    }
    const char *ids[] = {run->tab.pids[p]}, *names[] = {run->tab.pnames[p]};
    return ct__layer_from_groups(ctx, o, group_of, 1, ids, names, "footprint", out);
}

ct_status ct__flows_catchments(ct_ctx *ctx, const ct__flowrun *run, ct_result *r)
{
    const ct_layer *o = run->origins;
    size_t np = run->tab.np;
    ct_table *t = NULL;
    ct_layer *plural = NULL;
    bool *in = ct__malloc((o->n ? o->n : 1) * sizeof *in);
    size_t *group_of = ct__malloc((o->n ? o->n : 1) * sizeof *group_of);
    ct_status st = in && group_of ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = ct__layer_from_groups(ctx, o, run->best, np, (const char *const *)run->tab.pids,
                                   (const char *const *)run->tab.pnames, "plurality", &plural);
    if (!st)
        st = ct__table_new(ctx, &t, "catchments", CATCH_COLS, 2 * np);
    if (!st)
        st = ct__table_set_crs(ctx, t, o->crs);
    for (size_t p = 0; !st && p < np; p++) {
        for (size_t i = 0; i < o->n; i++)
            in[i] = run->best[i] == p;
        st = put_row(ctx, run, t, 2 * p, p, "plurality", in, plural, p);
        ct_layer *fp = NULL;
        if (!st)
            st = footprint(ctx, run, p, in, group_of, &fp);
        if (!st)
            st = put_row(ctx, run, t, 2 * p + 1, p, "footprint", in, fp, 0);
        ct_layer_free(fp);
    }
    ct_layer_free(plural);
    free(in);
    free(group_of);
    return ct__result_add_built(ctx, r, st, t);
}
