/* Tier and band arguments: the input's lines are tier names (before a
 * line "--") and then band options (BAND_<tier>=MIN:MAX for check, BAND=
 * LOW:HIGH for pcn), given to ct_check_tiers with the hand-made tier
 * layers of tests/cases/check, to ct_check, and to ct_pcn. */
#include "fuzz.h"

#define MAXN 8

static ct_ctx *ctx;
static ct_layer *tiers[2], *blocks;
static ct_pop *people, *areas;

static void open_world(void)
{
    const char *p1[] = {"POP_FIELD=people", NULL}, *p2[] = {"POP_FIELD=pop", NULL};
    if (ct_ctx_new(&ctx, NULL) ||
        ct_layer_open(ctx, &tiers[0], fz_case("check/tier_system.geojson"), NULL) ||
        ct_layer_open(ctx, &tiers[1], fz_case("check/tier_overlap.geojson"), NULL) ||
        ct_layer_open(ctx, &blocks, fz_case("check/blocks.geojson"), NULL) ||
        ct_pop_open(ctx, &people, fz_case("check/pop.geojson"), p1) ||
        ct_pop_open(ctx, &areas, fz_case("pcn/areas.geojson"), p2))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 2048 || memchr(data, '\0', size))
        return 0;
    if (!ctx)
        open_world();
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    const char *names[MAXN + 1], *bands[MAXN + 1];
    size_t nn = 0, nb = 0;
    bool after = false;
    for (char *s = text, *nl; s; s = nl ? nl + 1 : NULL) {
        if ((nl = strchr(s, '\n')))
            *nl = '\0';
        if (!strcmp(s, "--"))
            after = true;
        else if (after && nb < MAXN)
            bands[nb++] = s;
        else if (!after && nn < MAXN)
            names[nn++] = s;
    }
    names[nn] = bands[nb] = NULL;
    const ct_layer *t[] = {tiers[0], tiers[1]};
    const ct_layer *const *none = (const ct_layer *const *)t; /* non-NULL, nagainst 0: none */
    ct_result *r = NULL;
    if (nn >= 1 && nn <= 2) {
        fz_check(ctx, ct_check_tiers(ctx, &r, names, t, nn, none, 0, people, bands));
        ct_result_free(r);
        r = NULL;
    }
    fz_check(ctx, ct_check(ctx, &r, fz_case("check/split.csv"), blocks, none, 0, people, bands));
    ct_result_free(r);
    r = NULL;
    char opt[8][600];
    snprintf(opt[0], 600, "MEMBERSHIP=%s", fz_case("pcn/membership.csv"));
    snprintf(opt[1], 600, "PRACTICES=%s", fz_case("pcn/practices.geojson"));
    snprintf(opt[2], 600, "CATCHMENTS=%s", fz_case("pcn/catchments.geojson"));
    snprintf(opt[3], 600, "LTLA=%s", fz_case("pcn/councils.geojson"));
    const char *popts[] = {opt[0], opt[1], opt[2], opt[3], "CCG=NONE", "SYSTEM=NONE",
                           "UTLA=NONE", nb ? bands[0] : "BAND=1000:5000", NULL};
    fz_check(ctx, ct_pcn(ctx, &r, areas, popts));
    ct_result_free(r);
    ct_diag_clear(ctx);
    free(text);
    return 0;
}
