/* Comparing whole results, and the step of an allocation-failure sweep that
 * every sweep shares. Include after <cmocka.h>. The test's own memory comes
 * from plain malloc (open_memstream), so a sweep fails only the library's
 * allocations. */
#ifndef COTERM_TEST_SWEEP_H
#define COTERM_TEST_SWEEP_H

#include <coterm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern long ct__alloc_fail_countdown;

/* Every cell of every table (text; numbers with 17 significant digits, so
 * equal text means equal doubles; geometry as hex WKB) and every document
 * of r, as one string to compare runs by. Caller frees. */
static inline char *ct_test_digest(const ct_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    for (size_t k = 0; r && k < ct_result_ntables(r); k++) {
        const ct_table *t = ct_result_table(r, k);
        fprintf(f, "table %s\n", ct_table_name(t));
        for (size_t j = 0; j < ct_table_ncols(t); j++)
            fprintf(f, "%s|", ct_table_colname(t, j));
        fputc('\n', f);
        for (size_t i = 0; i < ct_table_nrows(t); i++, fputc('\n', f))
            for (size_t j = 0; j < ct_table_ncols(t); j++) {
                ct_coltype ty = ct_table_coltype(t, j);
                if (ty == CT_COL_TEXT) {
                    fprintf(f, "%s|", ct_table_text(t, i, j));
                } else if (ty == CT_COL_GEOM) {
                    size_t n = 0;
                    const unsigned char *g = ct_table_geom(t, i, j, &n);
                    for (size_t b = 0; b < n; b++)
                        fprintf(f, "%02x", g[b]);
                    fputc('|', f);
                } else {
                    fprintf(f, "%.17g|", ct_table_real(t, i, j));
                }
            }
    }
    for (size_t k = 0; r && k < ct_result_ndocs(r); k++) {
        const char *name = ct_result_doc_name(r, k);
        fprintf(f, "doc %s\n%s\n", name, ct_result_doc(r, name));
    }
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* One step of a sweep whose Nth allocation (n) failed: the call must end in
 * CT_ENOMEM with the message "out of memory" and no result, or, where the
 * allocation was one the code can do without, in CT_OK with the very result
 * (digest want) of the run without failures. Frees r. */
static inline void ct_test_sweep_step(const ct_ctx *ctx, long n, ct_status st, ct_result *r,
                                      const char *want)
{
    if (st == CT_OK) {
        char *got = ct_test_digest(r);
        bool same = !strcmp(got, want);
        free(got);
        ct_result_free(r);
        if (!same)
            fail_msg("allocation %ld failed: CT_OK but a result that differs from the run "
                     "without failures", n);
        return;
    }
    if (st != CT_ENOMEM)
        fail_msg("allocation %ld failed: got %s (%s), want CT_ENOMEM", n, ct_status_name(st),
                 ct_errmsg(ctx));
    if (strcmp(ct_errmsg(ctx), "out of memory") != 0)
        fail_msg("allocation %ld failed: CT_ENOMEM with the message '%s', want 'out of memory'",
                 n, ct_errmsg(ctx));
    if (r)
        fail_msg("allocation %ld failed: CT_ENOMEM but a result", n);
}

#endif
