/* Internal declarations shared between library files (never installed). */
#ifndef COTERM_PRIVATE_H
#define COTERM_PRIVATE_H

#include "coterm.h"
#include <stdarg.h>
#include <stdint.h>

#define CT__NONE SIZE_MAX

/* ---- allocation (alloc.c): every library allocation goes through here so
 * tests can fail the Nth one. */
void *ct__malloc(size_t n);
void *ct__calloc(size_t n, size_t size);
void *ct__realloc(void *p, size_t n);
char *ct__strdup(const char *s);
/* Test hook: when > 0, counts down per allocation; the one reaching 0 fails. */
extern long ct__alloc_fail_countdown;

/* ---- errors and diagnostics (ctx.c) */
ct_status ct__err(ct_ctx *ctx, ct_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
ct_status ct__nomem(ct_ctx *ctx);
ct_status ct__diag(ct_ctx *ctx, ct_diag_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* printf into a new string; NULL on failure. */
char *ct__sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- options (options.c) */
const char *ct__opt(const char *const *opts, const char *key);
/* CT_EINVAL naming the first key not in allowed (NULL-terminated). */
ct_status ct__opt_check(ct_ctx *ctx, const char *const *opts, const char *const *allowed,
                        const char *what);
bool ct__opt_yes(const char *const *opts, const char *key);
ct_status ct__opt_double(ct_ctx *ctx, const char *const *opts, const char *key, double def,
                         double min, double max, double *out);
/* Parse a whole string as a finite double. */
bool ct__parse_double(const char *s, double *out);

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
ct_status ct__result_add_doc(ct_ctx *ctx, ct_result *r, const char *name, char *json);

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

/* Overlay pieces: (i, j, area of a_i intersect b_j) for every positive area. */
typedef struct ct__piece {
    size_t a, b;
    double area, pop;
} ct__piece;
typedef struct ct__pieces {
    ct__piece *v;
    size_t n, cap;
} ct__pieces;
ct_status ct__pieces_push(ct_ctx *ctx, ct__pieces *p, size_t a, size_t b, double area,
                          double pop);
void ct__pieces_free(ct__pieces *p);

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
/* Area shared by units i and j of one layer. */
ct_status ct__geoms_self_area(ct_ctx *ctx, const ct__geoms *g, size_t i, size_t j, double *area);
/* Area of s_i intersect a_j intersect b_k. */
ct_status ct__geoms_triple_area(ct_ctx *ctx, const ct__geoms *s, size_t i,
                                const ct__geoms *a, size_t j, const ct__geoms *b, size_t k,
                                double *area);
/* Each unit with its holes filled (the union of its polygons' shells). */
ct_status ct__geoms_fill_holes(ct_ctx *ctx, const ct__geoms *g, ct__geoms **out);
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
} ct__read_req;

ct_status ct__gdal_read_features(ct_ctx *ctx, const ct__read_req *req, ct__features *out);
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
ct_status ct__gdal_write_table(ct_ctx *ctx, const ct_table *t, const char *path,
                               const char *format);
/* Several tables as layers of one new file (not CSV). */
ct_status ct__gdal_write_tables(ct_ctx *ctx, const ct_table *const *t, size_t n,
                                const char *path, const char *format);
/* Field names of a file's only/first layer (caller frees each and the array). */
ct_status ct__gdal_read_fields(ct_ctx *ctx, const char *path, char ***names, size_t *n);
bool ct__file_exists(const char *path);
ct_status ct__mkdir_p(ct_ctx *ctx, const char *dir);

/* ---- built-in data (builtin.c) */
typedef struct ct__builtin {
    const char *name, *file, *layer, *id_field, *name_field, *kind, *description;
} ct__builtin;
const ct__builtin *ct__builtin_find(const char *name);
size_t ct__builtin_count(void);
const ct__builtin *ct__builtin_at(size_t i);
/* Full path of a data file in the data dir (caller frees), or NULL + error. */
char *ct__data_path(ct_ctx *ctx, const char *file);

/* ---- objects */
struct ct_layer {
    ct_ctx *ctx;
    char *source, *id_field, *name_field, *crs;
    size_t n;
    char **ids, **names;
    double *areas;
    ct__geoms *geoms;
    ct__strmap *index;
    size_t repairs;
};

#define CT__MAX_LEVELS 3
typedef struct ct__level {
    char *name;      /* e.g. "ltla21" */
    size_t nunits;
    char **codes;    /* unit codes of this level */
    size_t *unit_of; /* small area -> level unit */
    ct__strmap *index;
} ct__level;

struct ct_pop {
    ct_ctx *ctx;
    char *source, *crs;
    size_t n;
    char **ids, **names;
    double *pop, total;
    double *x, *y;     /* population-weighted centroids, or NULL */
    char *poly_spec;   /* layer spec of the small-area polygons */
    char **poly_opts;  /* options to open them (owned, NULL-terminated) */
    ct_layer *polys;   /* loaded on first use (areal), owned */
    ct__strmap *index;
    size_t nlevels;
    ct__level levels[CT__MAX_LEVELS];
    char *snap_level;  /* level used to snap whole groups, e.g. "ltla21" */
    ct_layer *snap_polys; /* that level's polygons, loaded on first use */
    const ct_layer *snap_lent; /* a caller's layer of that level, during one run */
};

/* Open a layer, also returning one extra field's values (owned by caller). */
ct_status ct__layer_open_extra(ct_ctx *ctx, ct_layer **out, const char *spec,
                               const char *const *opts, const char *extra_field,
                               char ***extra);
/* The small-area polygons of a population base, loaded on first use. */
ct_status ct__pop_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out);
/* Polygons of the snapping level (NULL *out if the base has none). */
ct_status ct__pop_snap_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out);
/* Lend a layer that may serve as the snapping level's polygons (NULL ends
 * the loan); ignored unless its ids are codes of that level. */
void ct__pop_lend_snap(const ct_pop *pop, const ct_layer *layer);
/* Level of the pop base whose codes cover every id of layer, or NULL. */
const ct__level *ct__pop_level_for(const ct_pop *pop, const ct_layer *layer);

/* A layer whose unit i is the union of the base units with group_of == i
 * (groups.c); ids/names are copied. */
ct_status ct__layer_from_groups(ct_ctx *ctx, const ct_layer *base, const size_t *group_of,
                                size_t ngroups, const char *const *ids,
                                const char *const *names, const char *source, ct_layer **out);
/* Fill geometry column col of t with the layer's units (row i = unit i). */
ct_status ct__table_put_geoms(ct_ctx *ctx, ct_table *t, size_t col, const ct_layer *l);

/* ---- population assignment (assign.c) */
typedef enum ct__method { CT__AUTO = 0, CT__BESTFIT = 1, CT__AREAL = 2 } ct__method;
const char *ct__method_name(ct__method m);
ct_status ct__method_parse(ct_ctx *ctx, const char *s, ct__method *out);

/* Small area -> units with fractions, in CSR form. */
typedef struct ct__assign {
    size_t n;        /* small areas */
    size_t *start;   /* n + 1 */
    size_t *unit;
    double *frac;
    const char *how; /* "lookup", "self", "centroid", "area", "areal" */
    size_t n_outside, n_snapped, n_unassigned, n_ambiguous, n_voted;
} ct__assign;
/* Overlay pieces already computed between the layer being assigned and
 * another layer (a = assigned layer's unit unless swapped). */
typedef struct ct__overlay_hint {
    const ct_layer *other;
    const ct__pieces *pieces;
    bool swapped;
} ct__overlay_hint;
ct_status ct__assign_units(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                           ct__method method, double tol, const ct__overlay_hint *hint,
                           ct__assign *out);
/* Centroids nearer than this to their unit's boundary are ambiguous on
 * generalised boundaries (every misplaced LSOA centroid of the LTLA layer
 * lies within 390 m of its true council; docs/methods.md). */
#define CT__AMBIGUOUS_M 400.0
void ct__assign_free(ct__assign *a);

#endif
