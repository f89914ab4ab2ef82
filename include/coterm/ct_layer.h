/* coterm: boundary layers and the small-area population base. */
#ifndef COTERM_CT_LAYER_H
#define COTERM_CT_LAYER_H

#include "ct_common.h"
#include "ct_table.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A polygon layer: units with ids, names, geometry in the measuring CRS. */
typedef struct ct_layer ct_layer;

/** Small areas with population, used to weight every overlay. */
typedef struct ct_pop ct_pop;

/** Open a polygon layer.
 *  @param spec "PATH[:LAYER]" readable by OGR, or a built-in name ("ccg21").
 *  @param opts NULL-terminated "KEY=VALUE" list, all optional:
 *    ID_FIELD, NAME_FIELD  fields to use (default: the single *_code/code/id
 *                          field and the matching *_name/name field);
 *    ASSUME_CRS=EPSG:N     CRS for a source that has none;
 *    CRS=EPSG:N            projected measuring CRS in metres (default
 *                          EPSG:27700); a layer outside its area of use is
 *                          CT_ECRS. CRS=auto: an equal-area CRS chosen for
 *                          the extent of the context's first input read
 *                          with it, used for all its later ones (a warning
 *                          names it; ct_layer_crs returns it);
 *    DISSOLVE=YES          merge features sharing an id (else CT_EDATA);
 *    STRICT=YES            invalid geometry is an error instead of repaired.
 *  Repairs are recorded as diagnostics on ctx.
 *  @return CT_OK, CT_EIO, CT_EFORMAT, CT_ECRS, CT_EGEOM, CT_EDATA,
 *          CT_EINVAL, CT_ENOMEM or CT_EDEP. */
CT_EXTERN ct_status ct_layer_open(ct_ctx *ctx, ct_layer **out, const char *spec,
                                  const char *const *opts);

/** Build a layer from WKB polygons (for bindings).
 *  @param label name used in messages and summaries.
 *  @param crs CRS of the WKB ("EPSG:N" or WKT); NULL needs ASSUME_CRS.
 *  Other opts as ct_layer_open (ID_FIELD and NAME_FIELD are ignored).
 *  @return as ct_layer_open (CT_EDATA for an empty or NULL id, CT_EGEOM
 *          for a NULL or empty geometry, CT_EFORMAT when n is 0). */
CT_EXTERN ct_status ct_layer_from_wkb(ct_ctx *ctx, ct_layer **out, const char *label,
                                      size_t n, const char *const *ids,
                                      const char *const *names,
                                      const unsigned char *const *wkb,
                                      const size_t *wkb_len, const char *crs,
                                      const char *const *opts);

/** Free a layer; NULL is a no-op. */
CT_EXTERN void ct_layer_free(ct_layer *layer);
CT_EXTERN size_t ct_layer_size(const ct_layer *layer);
/** Unit id / name / area (m^2) of unit i; borrowed; NULL/NaN out of range. */
CT_EXTERN const char *ct_layer_id(const ct_layer *layer, size_t i);
CT_EXTERN const char *ct_layer_name(const ct_layer *layer, size_t i);
CT_EXTERN double ct_layer_area(const ct_layer *layer, size_t i);
/** Where the layer came from ("path:layer" or the label). */
CT_EXTERN const char *ct_layer_source(const ct_layer *layer);
/** Id field used. */
CT_EXTERN const char *ct_layer_id_field(const ct_layer *layer);
/** Measuring CRS, e.g. "EPSG:27700". */
CT_EXTERN const char *ct_layer_crs(const ct_layer *layer);
/** Number of geometries repaired while opening. */
CT_EXTERN size_t ct_layer_repairs(const ct_layer *layer);

/** Open a population base.
 *  @param spec NULL or "lsoa11" for the embedded LSOA 2011 base (mid-2020
 *         population, population-weighted centroids, council nesting);
 *         otherwise a polygon layer spec with a population field.
 *  @param opts POP_FIELD (required for a custom layer), ID_FIELD,
 *         NAME_FIELD, ASSUME_CRS, CRS, STRICT as for ct_layer_open.
 *  @return as ct_layer_open; CT_EINVAL also for a custom layer without
 *          POP_FIELD or with DISSOLVE; CT_EDATA for a population that is
 *          not a number >= 0 or a duplicate area id. */
CT_EXTERN ct_status ct_pop_open(ct_ctx *ctx, ct_pop **out, const char *spec,
                                const char *const *opts);
CT_EXTERN void ct_pop_free(ct_pop *pop);
CT_EXTERN size_t ct_pop_size(const ct_pop *pop);
CT_EXTERN double ct_pop_total(const ct_pop *pop);

/** Directory holding the embedded data: $COTERM_DATA, else the installed
 *  copy, else the source tree's. Borrowed from ctx; NULL if none found. */
CT_EXTERN const char *ct_data_dir(ct_ctx *ctx);

/** List the built-in layers as the table "layers": name, kind ("polygon"
 *  or "point"), features, id_field, name_field, source ("path:layer"),
 *  description. *out is freed with ct_table_free.
 *  @return CT_OK; CT_EINVAL (NULL argument); CT_EIO (no data directory, or
 *          a data file missing or unreadable); CT_EFORMAT (a layer missing
 *          from its file); CT_ENOMEM. */
CT_EXTERN ct_status ct_layers_list(ct_ctx *ctx, ct_table **out);

#ifdef __cplusplus
}
#endif
#endif
