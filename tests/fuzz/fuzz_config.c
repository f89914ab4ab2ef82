/* A coterm check configuration CSV (block, tier, tier, ...) read, and
 * when it reads, checked against the hand-made blocks, councils and
 * population of tests/cases/check. */
#include "fuzz.h"

#include "check/check.h"

static ct_ctx *ctx;
static ct_layer *blocks, *councils;
static ct_pop *pop;

static void open_world(void)
{
    const char *people[] = {"POP_FIELD=people", NULL};
    if (ct_ctx_new(&ctx, NULL) ||
        ct_layer_open(ctx, &blocks, fz_case("check/blocks.geojson"), NULL) ||
        ct_layer_open(ctx, &councils, fz_case("check/councils.geojson"), NULL) ||
        ct_pop_open(ctx, &pop, fz_case("check/pop.geojson"), people))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ctx)
        open_world();
    const char *path = fz_file("config.csv", data, size);
    /* the reader alone first: the whole check only for what it accepts */
    ct__ckconf conf;
    ct_status st = ct__ckconf_read(ctx, path, NULL, &conf);
    if (!st)
        st = ct__ckconf_validate(ctx, &conf);
    ct__ckconf_free(&conf);
    fz_check(ctx, st);
    const ct_layer *against[] = {councils};
    ct_result *r = NULL;
    if (!st)
        fz_check(ctx, ct_check(ctx, &r, path, blocks, against, 1, pop, NULL));
    ct_result_free(r);
    ct_diag_clear(ctx);
    return 0;
}
