/* "KEY=VALUE" option lists: the input's lines are the options of a new
 * context, of opening a layer and a population base, of a fit, of writing a
 * table, and of ct__opt_double (the number parser every option goes
 * through). Any answer is fine but a crash, a leak or an error without a
 * message. */
#include "fuzz.h"

#include "ct_private.h"

#define MAXOPTS 16

/* The input's lines (at most MAXOPTS, NUL-free) as a NULL-ended list. */
static char **lines(const uint8_t *data, size_t size, const char **list)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    size_t n = 0;
    for (char *s = text; n < MAXOPTS && s && *s;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        list[n++] = s;
        s = nl ? nl + 1 : NULL;
    }
    list[n] = NULL;
    return (char **)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || memchr(data, '\0', size))
        return 0;
    const char *opts[MAXOPTS + 1];
    char *text = (char *)lines(data, size, opts);
    ct_ctx *own = NULL;
    if (ct_ctx_new(&own, opts) == CT_OK)
        ct_ctx_free(own);
    /* the rest in one context for the whole run: a new one per input would
     * spend most of the time setting PROJ up again (its database queries) */
    static ct_ctx *ctx;
    if (!ctx && ct_ctx_new(&ctx, NULL))
        abort();
    double d;
    for (size_t i = 0; opts[i]; i++) {
        const char *eq = strchr(opts[i], '=');
        ct__parse_double(eq ? eq + 1 : opts[i], &d);
    }
    fz_check(ctx, ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &d));
    ct_layer *a = NULL, *b = NULL;
    ct_pop *pop = NULL;
    ct_result *r = NULL;
    ct_status st = ct_layer_open(ctx, &a, fz_case("fit/a.geojson"), opts);
    fz_check(ctx, st);
    if (!st)
        fz_check(ctx, st = ct_layer_open(ctx, &b, fz_case("fit/b.geojson"), opts));
    if (!st)
        fz_check(ctx, st = ct_pop_open(ctx, &pop, fz_case("fit/pop.geojson"), opts));
    if (!st)
        fz_check(ctx, st = ct_fit(ctx, &r, a, b, pop, opts));
    if (!st) {
        const char *path = fz_file("pairs.csv", (const uint8_t *)"", 0);
        fz_check(ctx, ct_table_write(ctx, ct_result_table(r, 0), path, opts));
        fz_check(ctx, ct_result_write(ctx, r, fz_scratch(), opts));
    }
    ct_result_free(r);
    ct_pop_free(pop);
    ct_layer_free(a);
    ct_layer_free(b);
    ct_diag_clear(ctx);
    free(text);
    return 0;
}
