/* coterm flows: the system holding each provider's headquarters (a point
 * layer such as trusts22), to set beside the home system found from flows. */
#include "flows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Locate every feature's point in the systems. */
static ct_status locate(ct_ctx *ctx, const ct__features *f, const ct_layer *systems,
                        size_t *unit)
{
    double *x = NULL, *y = NULL;
    ct_status st = ct__feature_points(ctx, f, systems->crs, "sites", &x, &y);
    if (!st)
        st = ct__geoms_locate(ctx, systems->geoms, f->n, x, y, unit);
    free(x);
    free(y);
    return st;
}

ct_status ct__flows_sites(ct_ctx *ctx, ct__flowrun *run, const ct_layer *systems,
                          const char *spec)
{
    size_t np = run->tab.np;
    run->hq_sys = ct__malloc((np ? np : 1) * sizeof *run->hq_sys);
    if (!run->hq_sys)
        return ct__nomem(ctx);
    for (size_t p = 0; p < np; p++)
        run->hq_sys[p] = CT__NONE;
    run->has_sites = spec && strcasecmp(spec, "NONE");
    if (!run->has_sites)
        return CT_OK;
    ct__read_req req = {.want_geometry = true};
    ct__features f = {0};
    size_t *unit = NULL;
    ct_status st = ct__read_spec(ctx, spec, &req, &f);
    unit = st ? NULL : ct__malloc((f.n ? f.n : 1) * sizeof *unit);
    if (!st && !unit)
        st = ct__nomem(ctx);
    if (!st)
        st = locate(ctx, &f, systems, unit);
    for (size_t k = 0; !st && k < f.n; k++) {
        const char *key = f.ids[k];
        for (size_t p = 0; p < np; p++) /* few providers: a scan is enough */
            if (run->hq_sys[p] == CT__NONE && !strcmp(run->tab.pids[p], key))
                run->hq_sys[p] = unit[k];
    }
    if (!st && !(run->sites_source = ct__strdup(f.source)))
        st = ct__nomem(ctx);
    free(unit);
    ct__features_free(&f);
    return st;
}
