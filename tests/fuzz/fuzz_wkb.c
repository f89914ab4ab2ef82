/* Geometry as WKB through repair, dissolve and overlay: the input is a
 * list of features, each a 2-byte little-endian length and that many bytes
 * of WKB; the first byte of the input picks how many of them form layer A
 * (the rest are B) and which ids repeat (dissolved). Both layers are built
 * (ct_layer_from_wkb: repair, DISSOLVE) and overlaid (ct_fit, ct_bestfit).
 * Coordinates are in a CRS with no area of use, so none is refused for
 * lying outside it. */
#include "fuzz.h"

#define MAXF 16
#define CRS "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 " \
            "+ellps=airy +units=m +no_defs +type=crs"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 8192)
        return 0;
    const unsigned char *wkb[MAXF];
    size_t len[MAXF], n = 0, at = 1;
    while (n < MAXF && at + 2 <= size) {
        size_t l = (size_t)data[at] | (size_t)data[at + 1] << 8;
        at += 2;
        if (l == 0 || l > size - at)
            break;
        wkb[n] = data + at;
        len[n++] = l;
        at += l;
    }
    if (n == 0)
        return 0;
    size_t na = 1 + data[0] % n; /* features of A; B gets the rest, or A again */
    bool repeat = data[0] & 0x80;
    char idbuf[MAXF][8];
    const char *ids[MAXF];
    for (size_t k = 0; k < n; k++) {
        snprintf(idbuf[k], sizeof idbuf[k], "U%zu", repeat ? k / 2 : k);
        ids[k] = idbuf[k];
    }
    /* one context for the whole run: a new one per input would spend most
     * of the time setting PROJ up again (its database queries) */
    static ct_ctx *ctx;
    const char *cops[] = {"THREADS=1", NULL};
    if (!ctx && ct_ctx_new(&ctx, cops))
        abort();
    const char *opts[] = {"CRS=" CRS, "DISSOLVE=YES", NULL};
    ct_layer *a = NULL, *b = NULL;
    ct_status st = ct_layer_from_wkb(ctx, &a, "A", na, ids, NULL, wkb, len, CRS, opts);
    fz_check(ctx, st);
    size_t nb = n > na ? n - na : na, b0 = n > na ? na : 0;
    if (!st)
        fz_check(ctx, st = ct_layer_from_wkb(ctx, &b, "B", nb, ids + b0, NULL, wkb + b0,
                                             len + b0, CRS, opts));
    ct_result *r = NULL;
    if (!st) {
        fz_check(ctx, ct_fit(ctx, &r, a, b, NULL, NULL));
        ct_result_free(r);
        r = NULL;
        fz_check(ctx, ct_bestfit(ctx, &r, a, b, NULL, NULL));
        ct_result_free(r);
    }
    ct_layer_free(a);
    ct_layer_free(b);
    ct_diag_clear(ctx);
    return 0;
}
