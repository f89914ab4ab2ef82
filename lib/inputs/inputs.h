/* The inputs every capability shares: built-in data, layers, population
 * bases, population assignment and layers made of groups (lib/inputs). */
#ifndef COTERM_INPUTS_H
#define COTERM_INPUTS_H

#include "../adapt/adapt.h"
#include "../core/assignment.h"
#include "../core/ranks.h"

/* ---- built-in data (builtin.c) */
typedef struct ct__builtin {
    const char *name, *file, *layer, *id_field, *name_field, *kind, *description;
} ct__builtin;
const ct__builtin *ct__builtin_find(const char *name);
size_t ct__builtin_count(void);
const ct__builtin *ct__builtin_at(size_t i);
/* Full path of a data file in the data dir (caller frees), or NULL + error. */
char *ct__data_path(ct_ctx *ctx, const char *file);
struct ct_layer;
/* Whether l was read from the built-in layer called name. */
bool ct__is_builtin(ct_ctx *ctx, const struct ct_layer *l, const char *name);

/* ---- layer specs (source.c) */
/* Read the features of spec, a built-in name or "PATH[:LAYER]" (a PG:
 * connection string too): req's path and layer come from spec, its id and
 * name fields default to the built-in layer's. */
ct_status ct__read_spec(ct_ctx *ctx, const char *spec, const ct__read_req *req,
                        ct__features *out);
/* The point of every feature (a point layer), reprojected to crs; what names
 * the features in messages ("centroids"). *x, *y hold f->n values (caller
 * frees both). */
/* CRS=auto (docs/formats.md): the measuring CRS for an input whose extent
 * ext (in its CRS src; NULL: unknown) is given: crs itself unless it is
 * "auto"; else the equal-area CRS the context chose for its first input,
 * or, for that first input, one chosen now (with a diagnostic). *out is
 * freed by the caller. */
#define CT__AUTO_CRS "auto"
bool ct__crs_is_auto(const char *crs);
ct_status ct__crs_resolve(ct_ctx *ctx, const char *crs, const char *src, const double *ext,
                          const char *source, char **out);
/* The CRS chosen for CRS=auto in this context, or NULL. */
const char *ct__crs_auto_chosen(const ct_ctx *ctx);
ct_status ct__feature_points(ct_ctx *ctx, const ct__features *f, const char *crs,
                             const char *what, double **x, double **y);

/* Whether a spec names a CSV file (a configuration rather than a layer). */
bool ct__is_csv(const char *spec);
/* A layer's short name for columns and findings: "ccg21" from
 * ".../boundaries.gpkg:ccg21", "places" from "places.geojson" (caller
 * frees; NULL when out of memory). */
char *ct__short_label(const char *source);

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
    bool gen_done;          /* gen measured (against a base's councils) */
    ct__generalisation gen; /* how generalised it is, cached (generalise.c) */
};

#define CT__MAX_LEVELS 5
typedef struct ct__level {
    char *name;      /* e.g. "ltla21" */
    size_t nunits;
    char **codes;    /* unit codes of this level */
    size_t *unit_of; /* small area -> level unit */
    ct__strmap *index;
    bool lookup_only; /* NHS units (sub-ICB locations, ICBs): exact membership
                         for layers keyed by them, but not a statistical nesting
                         level whose groups vote in the near-boundary correction */
} ct__level;

struct ct_pop {
    ct_ctx *ctx;
    char *source, *crs;
    size_t n;
    char **ids, **names;
    double *pop, total;
    double *x, *y;     /* population-weighted centroids, or NULL */
    char *poly_spec;   /* layer spec of the small-area polygons (opened in crs) */
    ct_layer *polys;   /* loaded on first use (areal), owned */
    ct__strmap *index;
    size_t nlevels;
    ct__level levels[CT__MAX_LEVELS];
    char *snap_level;  /* level used to snap whole groups, e.g. "ltla21" */
    ct_layer *snap_polys; /* that level's polygons, loaded on first use */
    const ct_layer *snap_lent; /* a caller's layer of that level, during one run */
    ct__ptgrid *council_grid;  /* points along the built-in council boundaries */
    double council_segment_m;  /* median segment length of their rings */
};

/* Open a layer measured in crs (any length: WKT, PROJJSON or "EPSG:N"), so
 * that it lines up with another layer or population base. */
ct_status ct__layer_open_in(ct_ctx *ctx, ct_layer **out, const char *spec, const char *crs);
/* Open only the features with these ids (in crs); *out NULL if none has one. */
ct_status ct__layer_open_only(ct_ctx *ctx, ct_layer **out, const char *spec, const char *crs,
                              const char *const *ids, size_t n);
/* share[k]: the fraction of small area area[k]'s own polygon inside unit
 * unit[k] of layer; NaN where the base has no polygon for it (own_share.c). */
ct_status ct__pop_own_shares(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                             const size_t *area, const size_t *unit, size_t n, double *share);
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
/* The built-in polygons of the base's snapping level (the councils): a lent
 * layer only if it is that very layer (a caller's council layer may be
 * edited or coarser). */
ct_status ct__pop_council_polys(ct_ctx *ctx, const ct_pop *pop, const ct_layer **out);
/* Points every CT__GEN_REF_STEP_M along the boundaries of the base's own
 * (built-in) snapping-level polygons, built on first use; NULL *out if the
 * base has none (a custom or hand-made base). */
ct_status ct__pop_council_grid(ct_ctx *ctx, const ct_pop *pop, const ct__ptgrid **out);
/* Median segment length of the base's councils' rings, computed on first
 * use; 0 if the base has none. */
ct_status ct__pop_council_segment(ct_ctx *ctx, const ct_pop *pop, double *out);
/* Whether a layer's measured displacement counts (coarser than the councils). */
bool ct__gen_counts(const ct__generalisation *gen);

/* ---- how generalised a layer is (generalise.c) */
/* The layer's generalisation against the base's councils, measured once
 * and cached on the layer: its median segment against theirs, and, if it
 * is coarser, its displacement (not measured without a council reference). */
ct_status ct__layer_generalisation(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                                   const ct__generalisation **out);
/* Median length of the segments of a layer's rings (m). */
ct_status ct__median_segment(ct_ctx *ctx, const ct_layer *l, double *out);
/* The distance within which a centroid is ambiguous for this layer:
 * CT__AMBIGUOUS_M plus the measured displacement of a layer generalised
 * more coarsely than the councils. */
double ct__ambiguous_m(const ct__generalisation *gen);

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
/* Each small area's unit by code: its own id (lv NULL) or its code at level
 * lv, looked up among the layer's ids (CT__NONE if absent). */
void ct__units_by_code(const ct_pop *pop, const ct_layer *layer, const ct__level *lv,
                       size_t *unit);
/* Whether the geometry of a layer keyed by lv's codes agrees with the lookup
 * (lookup.c; docs/methods.md "Ids are not membership"): no centroid lies
 * more than a->ambiguous_m outside the unit the lookup gives it, and none
 * of an area the lookup leaves out lies that far inside a unit. Records the
 * contradictions in a. */
ct_status ct__lookup_check(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                           const ct__level *lv, ct__assign *a, bool *agrees);
/* Say in a->why which rule the assignment used and why, and warn (on the
 * context) when people cannot be placed with confidence, are lost from a
 * layer that covers England, or the layer is too coarse (assign_report.c). */
ct_status ct__assign_report(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                            ct__assign *a);
/* Centroids nearer than this to their unit's boundary are ambiguous on
 * the council layer (every misplaced LSOA centroid of the LTLA layer lies
 * within 390 m of its true council; docs/methods.md); a layer adds how far
 * its boundaries lie from the councils' (ct__ambiguous_m). */
#define CT__AMBIGUOUS_M 400.0
/* A layer holding at least this share of the people is meant to cover
 * England: its people in no unit are a defect of its outline, not the edge
 * of its coverage. */
#define CT__COVERS_SHARE 0.9
/* A layer whose measured displacement exceeds this is named too coarse for
 * whole-council answers: 500 m simplifications of ccg21/stp21 measure
 * 180-220 m and keep every headline count within 2; 1 km ones measure
 * 450-620 m and miss by up to 8 (docs/methods.md). */
#define CT__TOO_COARSE_M 300.0

#endif
