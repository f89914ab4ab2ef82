/* Leaks on purpose what coterm code made with GEOS, for leak_report.sh:
 * geometry sets built by the GEOS adapter (ct__geoms_build: polygons made
 * and owned by GEOS) that are never freed. Under LeakSanitizer with
 * tests/lsan.supp the leak must be reported. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "inputs/inputs.h"

static size_t square_wkb(unsigned char *b, double x0, double y0, double s)
{
    const double xy[10] = {x0, y0, x0 + s, y0, x0 + s, y0 + s, x0, y0 + s, x0, y0};
    const uint32_t head[3] = {3, 1, 5}; /* polygon, one ring, five points */
    b[0] = 1;
    memcpy(b + 1, head, sizeof head);
    memcpy(b + 1 + sizeof head, xy, sizeof xy);
    return 1 + sizeof head + sizeof xy;
}

int main(void)
{
    ct_ctx *ctx = NULL;
    if (ct_ctx_new(&ctx, NULL))
        return 2;
    unsigned char buf[128];
    const unsigned char *wkb[1] = {buf};
    size_t len[1] = {square_wkb(buf, 400000, 300000, 1000)}, unit_of[1] = {0}, repairs = 0;
    const char *ids[1] = {"U1"};
    ct__geoms_input in = {.nunits = 1, .nfeat = 1, .unit_of = unit_of, .wkb = wkb,
                          .wkb_len = len, .feat_ids = ids, .source = "probe"};
    ct__geoms *g = NULL;
    if (ct__geoms_build(ctx, &g, &in, &repairs)) {
        fprintf(stderr, "leak_probe: %s\n", ct_errmsg(ctx));
        return 2;
    }
    printf("built %zu unit, area %.0f m2; not freed\n", ct__geoms_size(g), ct__geoms_area(g, 0));
    g = NULL; /* the leak: the GEOS handle is freed with the context, the geometry is not */
    ct_ctx_free(ctx);
    return 0;
}
