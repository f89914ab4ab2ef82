/* The dependency adapters: the only files that include GDAL, GEOS or PROJ
 * (ct_gdal.c, ct_geos.c, ct_proj.c). Nothing of theirs leaks out: geometry
 * is an opaque ct__geoms, transformations an opaque ct__proj_tf. */
#ifndef COTERM_ADAPT_H
#define COTERM_ADAPT_H

#include "../ct_private.h"
#include "../core/generalisation.h"
#include "../core/pieces.h"
#include "../core/topo.h"

/* ---- geometry sets (adapt/ct_geos.c); opaque outside the adapter */
typedef struct ct__geoms ct__geoms;
typedef struct ct__proj_tf ct__proj_tf;

typedef struct ct__geoms_input {
    size_t nunits;             /* units to build */
    size_t nfeat;              /* features read */
    const size_t *unit_of;     /* feature -> unit (features of a unit are unioned) */
    const unsigned char *const *wkb;
    const size_t *wkb_len;
    const char *const *feat_ids; /* for messages */
    const char *source;          /* for messages: "file:layer" */
    const ct__proj_tf *tf;       /* NULL: already in the measuring CRS */
    bool strict;                 /* invalid geometry is an error */
    bool points;                 /* a point layer (no area, no repair) */
} ct__geoms_input;

ct_status ct__geoms_build(ct_ctx *ctx, ct__geoms **out, const ct__geoms_input *in,
                          size_t *repairs);
void ct__geoms_free(ct__geoms *g);
size_t ct__geoms_size(const ct__geoms *g);
double ct__geoms_area(const ct__geoms *g, size_t i);
/* Representative point coordinates of point geometry i (x,y). */
bool ct__geoms_point(const ct__geoms *g, size_t i, double *x, double *y);

ct_status ct__geoms_overlay(ct_ctx *ctx, const ct__geoms *a, const ct__geoms *b,
                            ct__pieces *out);
/* Unit containing each point (boundary included), CT__NONE if none. */
ct_status ct__geoms_locate(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                           const double *y, size_t *unit);
/* Whether each point lies within max_dist of the boundary of its unit
 * (false for points without a unit). */
ct_status ct__geoms_near_boundary(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                  const double *y, const size_t *unit, double max_dist,
                                  bool *near);
/* Every unit containing each point (boundary included), in CSR form sorted
 * by unit: point i lies in unit[start[i] .. start[i+1]). Caller frees both. */
ct_status ct__geoms_locate_all(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                               const double *y, size_t **start, size_t **unit);
/* A point inside unit i (point on surface), for areas without centroids. */
ct_status ct__geoms_surface_point(ct_ctx *ctx, const ct__geoms *g, size_t i, double *x,
                                  double *y);
/* Union the geometries of each group (group_of[i] = CT__NONE: left out);
 * a group with no members gets an empty polygon. */
ct_status ct__geoms_dissolve(ct_ctx *ctx, const ct__geoms *g, const size_t *group_of,
                             size_t ngroups, ct__geoms **out);
/* For points in no unit (unit[i] == CT__NONE): sets near[i] when some unit
 * lies within max_dist (a generalised coastline), leaves it otherwise. */
ct_status ct__geoms_outside_near(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                 const double *y, const size_t *unit, double max_dist,
                                 bool *near);
/* Points every step metres along every ring of every unit (caller frees
 * with ct__bpoints_free). */
ct_status ct__geoms_boundary_points(ct_ctx *ctx, const ct__geoms *g, double step,
                                    ct__bpoints *out);
/* Whether each point lies in its unit or within max_dist of it (false for
 * points without a unit). */
ct_status ct__geoms_within_unit(ct_ctx *ctx, const ct__geoms *g, size_t n, const double *x,
                                const double *y, const size_t *unit, double max_dist,
                                bool *within);
/* Area shared by unit i of a and unit j of b (same handle). */
ct_status ct__geoms_pair_area(ct_ctx *ctx, const ct__geoms *a, size_t i, const ct__geoms *b,
                              size_t j, double *area);
/* Area shared by units i and j of one layer. */
ct_status ct__geoms_self_area(ct_ctx *ctx, const ct__geoms *g, size_t i, size_t j, double *area);
/* Area of s_i intersect a_j intersect b_k. */
ct_status ct__geoms_triple_area(ct_ctx *ctx, const ct__geoms *s, size_t i,
                                const ct__geoms *a, size_t j, const ct__geoms *b, size_t k,
                                double *area);
/* Neighbours of every unit: units whose polygons touch or lie within
 * max_dist metres of it (a shared edge or corner counts), in CSR form sorted
 * by unit: unit i borders nbr[start[i] .. start[i+1]). Caller frees both. */
ct_status ct__geoms_neighbours(ct_ctx *ctx, const ct__geoms *g, double max_dist, size_t **start,
                               size_t **nbr);
/* Of the boundary of the union of units members[0..n) of g, the share (by
 * length) within dist of the union of units others[0..m): 1 for a piece
 * surrounded by them, less where it borders the sea or nothing. 0 when
 * either set is empty. */
ct_status ct__geoms_border_share(ct_ctx *ctx, const ct__geoms *g, const size_t *members,
                                 size_t n, const size_t *others, size_t m, double dist,
                                 double *share);
/* Each unit with its holes filled (the union of its polygons' shells). */
ct_status ct__geoms_fill_holes(ct_ctx *ctx, const ct__geoms *g, ct__geoms **out);
/* Bounding box (xmin, ymin, xmax, ymax) of n WKB geometries; false if none
 * has coordinates (empty or unreadable). */
bool ct__wkb_extent(ct_ctx *ctx, const unsigned char *const *wkb, const size_t *len, size_t n,
                    double ext[4]);
/* Rings of unit i, or of a WKB geometry (none for an empty one), appended
 * to out: each polygon's exterior ring, then its holes (for drawing). */
ct_status ct__geoms_rings(ct_ctx *ctx, const ct__geoms *g, size_t i, ct__rings *out);
ct_status ct__wkb_rings(ct_ctx *ctx, const unsigned char *wkb, size_t len, ct__rings *out);
/* ISO WKB of unit i (caller frees with free()). */
ct_status ct__geoms_wkb(ct_ctx *ctx, const ct__geoms *g, size_t i, unsigned char **wkb,
                        size_t *len);
void ct__geos_ctx_free(ct_ctx *ctx);

/* ---- coordinate systems (adapt/ct_proj.c) */
/* Transform from src (WKT, PROJJSON or "EPSG:N") to the measuring CRS dst;
 * *out is NULL when they are equivalent. Checks dst is projected. */
ct_status ct__proj_tf_new(ct_ctx *ctx, ct__proj_tf **out, const char *src, const char *dst);
void ct__proj_tf_free(ct__proj_tf *tf);
ct_status ct__proj_check_measuring(ct_ctx *ctx, const char *crs);
/* Like ct__proj_tf_new for a layer (source: its name for messages) whose
 * extent ext (xmin, ymin, xmax, ymax in src) is known: CT_ECRS when the
 * extent lies outside the area of use of dst (as PROJ records it), where
 * its areas would be wrong. ext NULL: not checked. */
ct_status ct__proj_tf_layer(ct_ctx *ctx, ct__proj_tf **out, const char *src, const char *dst,
                            const double *ext, const char *source);
/* An equal-area CRS suited to the extent ext (in src) of source: a
 * Lambert azimuthal equal-area projection centred on it, or for an extent
 * wider than a continent the global cylindrical equal-area EPSG:6933.
 * *out (a PROJ string or "EPSG:6933") is freed by the caller. */
ct_status ct__proj_auto_crs(ct_ctx *ctx, const char *src, const double *ext, const char *source,
                            char **out);
/* Transform one coordinate in place; false if it failed. */
bool ct__proj_xy(const ct__proj_tf *tf, double *x, double *y);
void ct__proj_ctx_free(ct_ctx *ctx);

/* ---- files (adapt/ct_gdal.c) */
typedef struct ct__features {
    size_t n;
    char **ids;   /* id field values as text */
    char **names; /* name field values, or NULL array */
    char **extra; /* value of an extra requested field, or NULL array */
    unsigned char **wkb;
    size_t *wkb_len;
    char *srs;        /* CRS as WKT, NULL if the source has none */
    bool srs_implausible; /* geographic, but coordinates out of its range */
    double extent[4];     /* xmin, ymin, xmax, ymax in the source CRS */
    bool has_extent;
    char *source;     /* "path:layer" */
    char *id_field, *name_field;
} ct__features;

typedef struct ct__read_req {
    const char *path;
    const char *layer;      /* NULL: the only/first layer */
    const char *id_field;   /* NULL: detect */
    const char *name_field; /* NULL: detect (optional) */
    const char *extra_field;/* NULL: none; else required */
    bool want_geometry;
    /* only the features whose id is one of these (an attribute filter; none
     * matching is no error then), or all when n_only is 0 */
    const char *const *only_ids;
    size_t n_only;
} ct__read_req;

ct_status ct__gdal_read_features(ct_ctx *ctx, const ct__read_req *req, ct__features *out);
/* The geometry input of features read (unit_of maps them to nunits units;
 * tf NULL: already in the measuring CRS); strict and points stay false. */
static inline ct__geoms_input ct__features_geoms_input(const ct__features *f, size_t nunits,
                                                       const size_t *unit_of,
                                                       const ct__proj_tf *tf)
{
    return (ct__geoms_input){
        .nunits = nunits,
        .nfeat = f->n,
        .unit_of = unit_of,
        .wkb = (const unsigned char *const *)f->wkb,
        .wkb_len = f->wkb_len,
        .feat_ids = (const char *const *)f->ids,
        .source = f->source,
        .tf = tf,
    };
}
void ct__features_free(ct__features *f);

/* A table read from CSV (or any OGR layer), selected columns only. */
typedef struct ct__texttab {
    size_t nrows, ncols;
    char **cells;  /* row-major nrows x ncols; NULL cells for numeric columns */
    double *nums;  /* row-major; numeric columns only (NaN elsewhere), or NULL */
    char *source;
} ct__texttab;
/* types: NULL (all text) or one char per column, 't' text or 'r' number
 * (a text cell that is not a number is CT_EDATA naming row and column). */
ct_status ct__gdal_read_text(ct_ctx *ctx, const char *path, const char *const *cols,
                             size_t ncols, ct__texttab *out);
ct_status ct__gdal_read_table(ct_ctx *ctx, const char *path, const char *const *cols,
                              const char *types, size_t ncols, ct__texttab *out);
void ct__texttab_free(ct__texttab *t);
/* Feature count of a layer (for listings). */
ct_status ct__gdal_count(ct_ctx *ctx, const char *path, const char *layer, size_t *count);
/* Tables as layers of the new file path ("-": standard output) in an OGR
 * format (CSV: one table, path ending in .csv); messages name label. Called
 * through ct__write_outputs, which makes path a temporary name. */
ct_status ct__gdal_write_tables(ct_ctx *ctx, const ct_table *const *t, size_t n,
                                const char *path, const char *label, const char *format);
/* Field names of a file's only/first layer (caller frees each and the array). */
ct_status ct__gdal_read_fields(ct_ctx *ctx, const char *path, char ***names, size_t *n);

#endif
