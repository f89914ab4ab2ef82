/* coterm: result tables (rows and typed columns) and result sets. */
#ifndef COTERM_CT_TABLE_H
#define COTERM_CT_TABLE_H

#include "ct_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A table of typed columns, e.g. pairs.csv. Read-only to callers. */
typedef struct ct_table ct_table;

/** A set of named tables and JSON documents produced by one command. */
typedef struct ct_result ct_result;

/** Column types. */
typedef enum ct_coltype {
    CT_COL_TEXT = 1, /**< UTF-8 text; NULL cells read as "" */
    CT_COL_REAL = 2, /**< double; missing values are NaN */
    CT_COL_INT = 3,  /**< integer stored as double (exact below 2^53) */
    CT_COL_GEOM = 4  /**< ISO WKB geometry in the result's CRS */
} ct_coltype;

/** Table name, e.g. "pairs". */
CT_EXTERN const char *ct_table_name(const ct_table *t);
CT_EXTERN size_t ct_table_nrows(const ct_table *t);
CT_EXTERN size_t ct_table_ncols(const ct_table *t);
/** Column name (NULL if col is out of range). */
CT_EXTERN const char *ct_table_colname(const ct_table *t, size_t col);
/** Column type (0 if col is out of range). */
CT_EXTERN ct_coltype ct_table_coltype(const ct_table *t, size_t col);
/** Index of a column by name, or (size_t)-1. */
CT_EXTERN size_t ct_table_colindex(const ct_table *t, const char *name);
/** Text cell, borrowed from the table; "" for missing or non-text. */
CT_EXTERN const char *ct_table_text(const ct_table *t, size_t row, size_t col);
/** Numeric cell; NaN for missing, out of range or non-numeric. */
CT_EXTERN double ct_table_real(const ct_table *t, size_t row, size_t col);
/** Copy a whole numeric column into out[0..nrows-1].
 *  @return CT_OK, or CT_EINVAL if t or out is NULL or col is out of range
 *          or not numeric (no message: there is no context). */
CT_EXTERN ct_status ct_table_real_column(const ct_table *t, size_t col, double *out);
/** Geometry cell as WKB, borrowed; *len receives its size (0 if none). */
CT_EXTERN const unsigned char *ct_table_geom(const ct_table *t, size_t row, size_t col,
                                             size_t *len);
/** CRS of geometry columns as "EPSG:N" or WKT ("" if no geometry). */
CT_EXTERN const char *ct_table_crs(const ct_table *t);

/** Write a table with OGR.
 *  @param path output file, or "-" for CSV on standard output.
 *  @param opts NULL or "FORMAT=CSV|GPKG|GeoJSON|FlatGeobuf|ESRI Shapefile";
 *         the default is CSV, or guessed from the file name's extension.
 *  @return CT_OK; CT_EINVAL (NULL argument, unknown option, no OGR driver
 *          for FORMAT); CT_EIO (cannot create, replace or write the file,
 *          or path is an input this context has read); CT_ECRS (OGR cannot
 *          use the table's CRS); CT_EDEP (OGR cannot make a row or set its
 *          geometry); CT_ENOMEM; CT_EINTERNAL (a bug). The file is written
 *          whole or not at all. */
CT_EXTERN ct_status ct_table_write(ct_ctx *ctx, const ct_table *t, const char *path,
                                   const char *const *opts);
/** Free a table returned on its own (not one borrowed from a result). */
CT_EXTERN void ct_table_free(ct_table *t);

/** Number of tables in a result. */
CT_EXTERN size_t ct_result_ntables(const ct_result *r);
/** Table i, borrowed from the result (NULL if out of range). */
CT_EXTERN const ct_table *ct_result_table(const ct_result *r, size_t i);
/** Table by name, borrowed (NULL if absent). */
CT_EXTERN const ct_table *ct_result_table_by_name(const ct_result *r, const char *name);
/** Number of JSON documents in a result (e.g. "summary", "findings"). */
CT_EXTERN size_t ct_result_ndocs(const ct_result *r);
/** Name of document i (NULL if out of range). */
CT_EXTERN const char *ct_result_doc_name(const ct_result *r, size_t i);
/** JSON text of a document by name, borrowed (NULL if absent). */
CT_EXTERN const char *ct_result_doc(const ct_result *r, const char *name);
/** Write every table (NAME.csv, or NAME.gpkg when it has geometry) and
 *  document (NAME.json) into dir, creating dir if missing. Geometry tables
 *  that a command groups (e.g. the tiers of ct_check) go together as layers
 *  of one GROUP.gpkg.
 *  @param opts NULL (no options are defined yet; any is CT_EINVAL).
 *  @return CT_OK; CT_EINVAL (NULL argument or an option); CT_EIO (cannot
 *          create dir or write a file, or a file would replace an input);
 *          CT_ECRS, CT_EDEP or CT_EINTERNAL as ct_table_write; CT_ENOMEM.
 *          All or nothing: on failure no file of this call is left. */
CT_EXTERN ct_status ct_result_write(ct_ctx *ctx, const ct_result *r, const char *dir,
                                    const char *const *opts);
/** Free a result and everything borrowed from it; NULL is a no-op. */
CT_EXTERN void ct_result_free(ct_result *r);

#ifdef __cplusplus
}
#endif
#endif
