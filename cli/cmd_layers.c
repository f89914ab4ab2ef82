/* coterm layers: the built-in layers with feature counts. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cmd_layers(int argc, char **argv)
{
    bool csv = argc > 1 && !strcmp(argv[1], "--csv");
    if (argc > 1 && !csv) {
        fputs("usage: coterm layers [--csv]\n", strcmp(argv[1], "--help") ? stderr : stdout);
        return strcmp(argv[1], "--help") ? EXIT_USAGE : EXIT_OK;
    }
    ct_ctx *ctx = NULL;
    ct_table *t = NULL;
    if (ct_ctx_new(&ctx, NULL))
        return EXIT_INPUT;
    int rc = EXIT_OK;
    if (ct_layers_list(ctx, &t))
        rc = cli_fail(ctx);
    else if (csv) {
        if (ct_table_write(ctx, t, "-", NULL))
            rc = cli_fail(ctx);
    } else {
        printf("%-17s %-7s %8s  %-17s %s\n", "name", "kind", "features", "id_field", "source");
        for (size_t i = 0; i < ct_table_nrows(t); i++)
            printf("%-17s %-7s %8.0f  %-17s %s\n", ct_table_text(t, i, 0), ct_table_text(t, i, 1),
                   ct_table_real(t, i, 2), ct_table_text(t, i, 3), ct_table_text(t, i, 5));
        printf("data: %s\n", ct_data_dir(ctx));
    }
    ct_table_free(t);
    ct_ctx_free(ctx);
    return rc;
}
