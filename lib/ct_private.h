/* Internal declarations of the library's shared infrastructure (never
 * installed): allocation and errors (core/core.h), options, the string map,
 * tables and results, files. Capabilities keep their own private headers in
 * their folders (inputs/inputs.h, fit/fit.h, check/check.h, flows/flows.h,
 * pcn/pcn.h); the dependency adapters are declared in adapt/adapt.h. */
#ifndef COTERM_PRIVATE_H
#define COTERM_PRIVATE_H

#include "coterm.h"
#include "core/core.h"

/* ---- options (options.c) */
const char *ct__opt(const char *const *opts, const char *key);
/* CT_EINVAL naming the first key not in allowed (NULL-terminated). */
ct_status ct__opt_check(ct_ctx *ctx, const char *const *opts, const char *const *allowed,
                        const char *what);
bool ct__opt_yes(const char *const *opts, const char *key);
ct_status ct__opt_double(ct_ctx *ctx, const char *const *opts, const char *key, double def,
                         double min, double max, double *out);

/* ---- string -> index map (strmap.c); keys are borrowed, not copied */
typedef struct ct__strmap ct__strmap;
ct__strmap *ct__strmap_new(size_t expected);
void ct__strmap_free(ct__strmap *m);
/* Insert key->val; if the key exists, leaves it and returns its value in *old. */
ct_status ct__strmap_put(ct_ctx *ctx, ct__strmap *m, const char *key, size_t val, size_t *old);
size_t ct__strmap_get(const ct__strmap *m, const char *key); /* CT__NONE if absent */

/* ---- tables and results (table.c, result.c) */
/* cols: "name:t,name:r,name:i,geom:g" (text, real, int, geometry). */
ct_status ct__table_new(ct_ctx *ctx, ct_table **out, const char *name, const char *cols,
                        size_t nrows);
ct_status ct__table_set_text(ct_ctx *ctx, ct_table *t, size_t row, size_t col, const char *s);
void ct__table_set_real(ct_table *t, size_t row, size_t col, double v);
/* Takes ownership of wkb (allocated with ct__malloc). */
void ct__table_take_geom(ct_table *t, size_t row, size_t col, unsigned char *wkb, size_t len);
ct_status ct__table_set_crs(ct_ctx *ctx, ct_table *t, const char *crs);
/* Tables with geometry sharing a group are written by ct_result_write as
 * layers (named by table) of one GROUP.gpkg; NULL: no group. */
ct_status ct__table_set_group(ct_ctx *ctx, ct_table *t, const char *group);
const char *ct__table_group(const ct_table *t);
ct_status ct__result_new(ct_ctx *ctx, ct_result **out);
/* Both take ownership, also on failure. */
ct_status ct__result_add_table(ct_ctx *ctx, ct_result *r, ct_table *t);
/* Add t, whose construction returned st: on failure t is freed and st returned. */
ct_status ct__result_add_built(ct_ctx *ctx, ct_result *r, ct_status st, ct_table *t);
ct_status ct__result_add_doc(ct_ctx *ctx, ct_result *r, const char *name, char *json);

/* ---- output files, all or nothing (output.c) */
/* Fills the new file tmp (beside target, ending like it) with one output;
 * messages name target. */
typedef ct_status (*ct__output_fn)(ct_ctx *ctx, const char *tmp, const char *target,
                                   const void *arg);
typedef struct ct__output {
    const char *path;   /* the target */
    const char *suffix; /* ending of the temporary name; NULL: the target's extension */
    /* NULL, or the extensions of the files the format writes beside the
     * main one (a Shapefile's ".shx", ".dbf"), renamed with it; NULL-ended */
    const char *const *companions;
    ct__output_fn write;
    const void *arg;    /* passed to write */
} ct__output;
/* Write every output to a temporary file beside its target (making missing
 * directories), then rename them all into place. A failure (CT_EIO naming
 * the file: full disk, no permission), or a signal whose handler calls
 * ct_outputs_abort, leaves every target as it was, no temporary file and no
 * directory made for it. A target that is a file read through ctx (see
 * ct__input_add) is refused with CT_EIO. Every output file of the library
 * is written through here. */
ct_status ct__write_outputs(ct_ctx *ctx, const ct__output *out, size_t n);
/* Tables written as the layers of one OGR file (arg of ct__output_tables). */
typedef struct ct__table_file {
    const ct_table **tables;
    size_t n;
    const char *format; /* OGR driver, e.g. "CSV", "GPKG" */
} ct__table_file;
/* A ct__output_fn for a ct__table_file. */
ct_status ct__output_tables(ct_ctx *ctx, const char *tmp, const char *target, const void *arg);
/* A ct__output_fn for text (arg: a NUL-terminated string), ended by a newline. */
ct_status ct__output_text(ct_ctx *ctx, const char *tmp, const char *target, const void *arg);
/* Remember a file read through ctx: no output may replace it. */
ct_status ct__input_add(ct_ctx *ctx, const char *path);

/* ---- files (fs.c) */
bool ct__file_exists(const char *path);
ct_status ct__mkdir_p(ct_ctx *ctx, const char *dir); /* in output.c */

#endif
