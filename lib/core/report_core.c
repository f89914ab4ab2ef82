/* Per-system fit figures of the report (report_core.h). */
#include "report_core.h"

#include <math.h>

ct_status ct__report_fit(ct_ctx *ctx, const ct__rfit_in *in, ct__rfit_sys *out)
{
    for (size_t s = 0; s < in->ns; s++)
        out[s] = (ct__rfit_sys){.fit_out = in->s_best_share[s]};
    for (size_t k = 0; k < in->np; k++) {
        const ct__rfit_pair *p = &in->pairs[k];
        if (p->s >= in->ns || p->c >= in->nc)
            return ct__err(ctx, CT_EINVAL, "report: pair %zu out of range", k);
        if (p->sliver)
            continue;
        out[p->s].units++;
        if (in->c_split[p->c]) {
            out[p->s].split++;
            out[p->s].split_pop += p->pop;
        }
    }
    for (size_t c = 0; c < in->nc; c++) {
        size_t s = in->c_best[c];
        if (s == CT__NONE)
            continue;
        if (s >= in->ns)
            return ct__err(ctx, CT_EINVAL, "report: unit %zu has no such system", c);
        out[s].units_pop += in->c_pop[c];
        /* the numerator is kept in fit_in until the division below */
        out[s].fit_in += in->c_pop[c] * in->c_best_share[c];
    }
    for (size_t s = 0; s < in->ns; s++)
        out[s].fit_in = out[s].units_pop > 0 ? out[s].fit_in / out[s].units_pop : NAN;
    return CT_OK;
}
