/* The tables of coterm pcn: the first byte picks which one the rest is (the
 * practice membership, the registrations, the places configuration), the
 * others are the hand-made ones of tests/cases/pcn. */
#include "fuzz.h"

static ct_ctx *ctx;
static ct_pop *pop;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *popts[] = {"POP_FIELD=pop", NULL};
    if (!ctx && (ct_ctx_new(&ctx, NULL) ||
                 ct_pop_open(ctx, &pop, fz_case("pcn/areas.geojson"), popts)))
        abort();
    int which = data[0] % 3;
    const char *path = fz_file("table.csv", data + 1, size - 1);
    char opt[8][600];
    /* codes the base lacks are looked up in a hand-made areas layer, not in
     * the embedded lsoa21_staffs (read whole, it took most of each input's time) */
    snprintf(opt[7], 600, "REG_AREAS=%s", fz_case("pcn/reg_areas.geojson"));
    snprintf(opt[0], 600, "MEMBERSHIP=%s", which == 0 ? path : fz_case("pcn/membership.csv"));
    snprintf(opt[1], 600, "PRACTICES=%s", fz_case("pcn/practices.geojson"));
    snprintf(opt[2], 600, "CATCHMENTS=%s", fz_case("pcn/catchments.geojson"));
    snprintf(opt[3], 600, "LTLA=%s", fz_case("pcn/councils.geojson"));
    snprintf(opt[4], 600, "CCG=%s", fz_case("pcn/councils.geojson"));
    snprintf(opt[5], 600, "SYSTEM=%s", fz_case("pcn/systems.geojson"));
    snprintf(opt[6], 600, "%s=%s", which == 1 ? "REGISTRATIONS" : "PLACES",
             which == 0 ? fz_case("pcn/places.csv") : path);
    const char *opts[] = {opt[0], opt[1], opt[2], opt[3], opt[4], opt[5], opt[6], opt[7],
                          "UTLA=NONE", "BAND=1000:5000", NULL};
    ct_result *r = NULL;
    ct_status st = ct_pcn(ctx, &r, pop, opts);
    fz_check(ctx, st);
    ct_result_free(r);
    ct_diag_clear(ctx);
    return 0;
}
