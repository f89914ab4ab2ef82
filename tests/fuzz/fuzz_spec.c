/* Layer specs: built-in names, "PATH[:LAYER]" and "PG:" connection strings,
 * resolved from a scratch directory holding a few real files (a GeoJSON, a
 * GeoPackage, a CSV with WKT; built-in names find no data there). Specs
 * that would reach devices or the
 * network are skipped: they test the machine, not coterm. */
#include "fuzz.h"

static bool harmless(const char *s)
{
    static const char *const bad[] = {"/dev", "/proc", "/sys", "vsi", "http", "ftp", "host",
                                      "://", NULL};
    for (size_t i = 0; bad[i]; i++)
        if (strstr(s, bad[i]))
            return false;
    return true;
}

static void prepare(void)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cp '%s' '%s' '%s' '%s' && ogr2ogr -f GPKG '%s/two.gpkg' '%s' -nln a && "
             "ogr2ogr -update -f GPKG '%s/two.gpkg' '%s' -nln b",
             fz_case("fit/a.geojson"), fz_case("fit/nocrs.csv"), fz_case("fit/empty.geojson"),
             fz_scratch(), fz_scratch(), fz_case("fit/a.geojson"), fz_scratch(),
             fz_case("fit/b.geojson"));
    /* built-in names resolve into the scratch directory too: their layers
     * are missing from this boundaries.gpkg, so no large read per input */
    if (system(cmd) != 0 || chdir(fz_scratch()) != 0 ||
        symlink("two.gpkg", "boundaries.gpkg") != 0 || setenv("COTERM_DATA", ".", 1) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        prepare();
        ready = true;
    }
    if (size > 512 || memchr(data, '\0', size))
        return 0;
    char spec[513];
    memcpy(spec, data, size);
    spec[size] = '\0';
    if (!harmless(spec))
        return 0;
    ct_ctx *ctx = NULL;
    if (ct_ctx_new(&ctx, NULL))
        abort();
    ct_layer *l = NULL;
    const char *opts[] = {"ASSUME_CRS=EPSG:27700", NULL};
    fz_check(ctx, ct_layer_open(ctx, &l, spec, opts));
    ct_layer_free(l);
    ct_ctx_free(ctx);
    return 0;
}
