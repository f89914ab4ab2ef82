/* The tables of coterm flows: the first byte picks which one the rest is
 * (the flow table, places, organisations or provider names), the others
 * are the hand-made ones of tests/cases/flows. */
#include "fuzz.h"

static ct_ctx *ctx;
static ct_layer *origins, *systems;
static ct_pop *pop;

static void open_world(void)
{
    const char *popts[] = {"POP_FIELD=pop", NULL};
    if (ct_ctx_new(&ctx, NULL) ||
        ct_layer_open(ctx, &origins, fz_case("flows/origins.geojson"), NULL) ||
        ct_layer_open(ctx, &systems, fz_case("flows/systems.geojson"), NULL) ||
        ct_pop_open(ctx, &pop, fz_case("flows/areas.geojson"), popts))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!ctx)
        open_world();
    static const char *const keys[] = {NULL, "PLACES", "ORGS", "PROVIDERS_CSV"};
    int which = data[0] % 4;
    const char *path = fz_file("table.csv", data + 1, size - 1);
    char opt[256], councils[256];
    snprintf(opt, sizeof opt, "%s=%s", which ? keys[which] : "THRESHOLD", which ? path : "0.05");
    snprintf(councils, sizeof councils, "COUNCILS=%s", fz_case("flows/councils.geojson"));
    const char *opts[] = {opt, councils, "COMMISSIONERS=NONE", NULL};
    const char *flows = which ? fz_case("flows/flows_exact.csv") : path;
    ct_result *r = NULL;
    ct_status st = ct_flows(ctx, &r, flows, origins, systems, pop, opts);
    fz_check(ctx, st);
    ct_result_free(r);
    ct_diag_clear(ctx);
    return 0;
}
