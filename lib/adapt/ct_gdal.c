/* GDAL/OGR adapter: the only file that talks to GDAL. Reads features and
 * text tables, counts features, writes tables. */
#include "adapt.h"
#include "../core/strbuf.h"
#include "../core/text.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_drivers(void)
{
    GDALAllRegister(); /* the only process-global step */
}

/* The caller's own SPATIALITE_LOAD for this thread, restored by quiet_end. */
static _Thread_local char *saved_spatialite;
static _Thread_local bool had_spatialite;

/* GDAL prints errors by default; the library never prints. SpatiaLite's
 * initialisation, run by GDAL on every GeoPackage or SQLite open, calls
 * setlocale(LC_NUMERIC, "POSIX") for the whole process, which would change
 * the host program's number formatting: coterm needs none of SpatiaLite's
 * SQL functions, so it is not loaded, for this thread only. */
static void quiet_begin(void)
{
    pthread_once(&registered, register_drivers);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    const char *v = CPLGetThreadLocalConfigOption("SPATIALITE_LOAD", NULL);
    had_spatialite = v != NULL;
    saved_spatialite = v ? CPLStrdup(v) : NULL;
    CPLSetThreadLocalConfigOption("SPATIALITE_LOAD", "NO");
}

static void quiet_end(void)
{
    CPLSetThreadLocalConfigOption("SPATIALITE_LOAD", had_spatialite ? saved_spatialite : NULL);
    CPLFree(saved_spatialite);
    saved_spatialite = NULL;
    CPLPopErrorHandler();
}

static const char *gdal_msg(void)
{
    const char *m = CPLGetLastErrorMsg();
    return m && *m ? m : "unknown GDAL error";
}

/* A failed write: GDAL's message, else the system's (a full disk: GDAL's
 * CSV writer leaves only errno). */
static const char *write_msg(void)
{
    const char *m = CPLGetLastErrorMsg();
    return m && *m ? m : errno ? strerror(errno) : "unknown GDAL error";
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static ct_status open_vector(ct_ctx *ctx, const char *path, GDALDatasetH *out)
{
    /* a .csv file is read as CSV only: other drivers would claim a CSV
     * whose text looks like theirs (an XML header, a KML tag) */
    static const char *const csv_only[] = {"CSV", NULL};
    const char *const *drivers = ends_with(path, ".csv") ? csv_only : NULL;
    *out = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    if (*out)
        return ct__input_add(ctx, path); /* closed by the caller, also on failure */
    if (!ct__file_exists(path) && strncmp(path, "PG:", 3))
        return ct__err(ctx, CT_EIO, "%s: no such file", path);
    const char *m = CPLGetLastErrorMsg();
    return ct__err(ctx, CT_EIO, "%s: cannot read as a vector source: %s", path,
                   m && *m ? m : "not a format GDAL reads, or not readable");
}

static ct_status pick_layer(ct_ctx *ctx, GDALDatasetH ds, const char *path, const char *name,
                            OGRLayerH *out)
{
    int n = GDALDatasetGetLayerCount(ds);
    if (name) {
        *out = GDALDatasetGetLayerByName(ds, name);
        if (*out)
            return CT_OK;
    } else if (n == 1) {
        *out = GDALDatasetGetLayer(ds, 0);
        return CT_OK;
    }
    ct__buf list = {0};
    for (int i = 0; i < n; i++) {
        ct__buf_add(&list, i ? ", " : "");
        ct__buf_add(&list, OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    }
    const char *ls = list.s ? list.s : "";
    ct_status st =
        list.failed ? ct__nomem(ctx)
        : name      ? ct__err(ctx, CT_EFORMAT, "%s: no layer '%s' (layers: %s)", path, name, ls)
                    : ct__err(ctx, CT_EFORMAT, "%s: %d layers, name one as %s:LAYER (layers: %s)",
                              path, n, path, ls);
    ct__buf_free(&list);
    return st;
}

/* Open path read-only and pick its layer name (NULL: the only one). */
static ct_status open_layer(ct_ctx *ctx, const char *path, const char *name, GDALDatasetH *ds,
                            OGRLayerH *layer)
{
    ct_status st = open_vector(ctx, path, ds);
    return st ? st : pick_layer(ctx, *ds, path, name, layer);
}

/* The layer's field names, "a, b, c", at their full length (free it). */
static ct__buf field_list(OGRFeatureDefnH defn)
{
    ct__buf b = {0};
    ct__buf_add(&b, "");
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        ct__buf_add(&b, i ? ", " : "");
        ct__buf_add(&b, OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    return b;
}


/* The single *_code / code / id field, else -1 (several: -2); without one,
 * a field named unit (the tier layers coterm check writes, read back). */
static int detect_id_field(OGRFeatureDefnH defn)
{
    int found = -1, unit = -1;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        const char *n = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        if (ends_with(n, "_code") || !strcasecmp(n, "code") || !strcasecmp(n, "id")) {
            if (found >= 0)
                return -2;
            found = i;
        }
        unit = !strcasecmp(n, "unit") ? i : unit;
    }
    return found == -1 ? unit : found;
}

/* The name field matching an id field X_code (X_name), else "name". */
static ct_status detect_name_field(ct_ctx *ctx, OGRFeatureDefnH defn, const char *id_field,
                                   int *out)
{
    size_t n = strlen(id_field);
    bool coded = ends_with(id_field, "_code");
    char *want = coded ? ct__sprintf("%.*s_name", (int)(n - 5), id_field) : NULL;
    if (coded && !want)
        return ct__nomem(ctx);
    int i = want ? OGR_FD_GetFieldIndex(defn, want) : -1;
    free(want);
    *out = i >= 0 ? i : OGR_FD_GetFieldIndex(defn, "name");
    return CT_OK;
}

static ct_status find_field(ct_ctx *ctx, OGRFeatureDefnH defn, const char *src,
                            const char *name, const char *role, int *out)
{
    *out = OGR_FD_GetFieldIndex(defn, name);
    if (*out >= 0)
        return CT_OK;
    ct__buf list = field_list(defn);
    ct_status st = list.failed ? ct__nomem(ctx)
                               : ct__err(ctx, CT_EFORMAT, "%s: no %s field '%s' (fields: %s)",
                                         src, role, name, list.s);
    ct__buf_free(&list);
    return st;
}

static ct_status grow_features(ct_ctx *ctx, ct__features *f, size_t *cap)
{
    if (f->n < *cap)
        return CT_OK;
    size_t c = *cap ? *cap * 2 : 256;
    bool ok = true;
    f->ids = ct__regrow(f->ids, c, sizeof *f->ids, &ok);
    f->names = ct__regrow(f->names, c, sizeof *f->names, &ok);
    f->extra = ct__regrow(f->extra, c, sizeof *f->extra, &ok);
    f->wkb = ct__regrow(f->wkb, c, sizeof *f->wkb, &ok);
    f->wkb_len = ct__regrow(f->wkb_len, c, sizeof *f->wkb_len, &ok);
    if (!ok)
        return ct__nomem(ctx);
    *cap = c;
    return CT_OK;
}

static ct_status read_one(ct_ctx *ctx, const ct__read_req *req, ct__features *f,
                          OGRFeatureH feat, int id_i, int name_i, int extra_i)
{
    size_t k = f->n;
    f->ids[k] = f->names[k] = f->extra[k] = NULL;
    f->wkb[k] = NULL;
    f->wkb_len[k] = 0;
    f->n++; /* counted now so the cleanup path frees this row too */
    if (!OGR_F_IsFieldSetAndNotNull(feat, id_i))
        return ct__err(ctx, CT_EDATA, "%s: feature %lld has no %s", f->source,
                       (long long)OGR_F_GetFID(feat), f->id_field);
    f->ids[k] = ct__strdup(OGR_F_GetFieldAsString(feat, id_i));
    f->names[k] = ct__strdup(name_i >= 0 ? OGR_F_GetFieldAsString(feat, name_i) : "");
    if (extra_i >= 0 && OGR_F_IsFieldSetAndNotNull(feat, extra_i))
        f->extra[k] = ct__strdup(OGR_F_GetFieldAsString(feat, extra_i));
    else
        f->extra[k] = ct__strdup("");
    if (!f->ids[k] || !f->names[k] || !f->extra[k])
        return ct__nomem(ctx);
    if (!req->want_geometry)
        return CT_OK;
    OGRGeometryH g = OGR_F_GetGeometryRef(feat);
    if (!g)
        return ct__err(ctx, CT_EGEOM, "%s: feature %s has no geometry", f->source, f->ids[k]);
    if (OGR_G_IsEmpty(g))
        return ct__err(ctx, CT_EGEOM, "%s: feature %s has an empty geometry", f->source,
                       f->ids[k]);
    size_t n = (size_t)OGR_G_WkbSize(g);
    f->wkb[k] = ct__malloc(n);
    if (!f->wkb[k])
        return ct__nomem(ctx);
    if (OGR_G_ExportToIsoWkb(g, wkbNDR, f->wkb[k]) != OGRERR_NONE)
        return ct__err(ctx, CT_EDEP, "%s: feature %s: cannot export geometry", f->source,
                       f->ids[k]);
    f->wkb_len[k] = n;
    return CT_OK;
}

static ct_status read_srs(ct_ctx *ctx, OGRLayerH layer, ct__features *f)
{
    OGREnvelope env;
    f->has_extent = OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE;
    if (f->has_extent) {
        f->extent[0] = env.MinX;
        f->extent[1] = env.MinY;
        f->extent[2] = env.MaxX;
        f->extent[3] = env.MaxY;
    }
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs)
        return CT_OK;
    char *wkt = NULL;
    const char *const wkt_opts[] = {"FORMAT=WKT2_2019", NULL};
    if (OSRExportToWktEx(srs, &wkt, wkt_opts) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        return ct__err(ctx, CT_ECRS, "%s: cannot read its CRS: %s", f->source, gdal_msg());
    }
    f->srs = ct__strdup(wkt);
    CPLFree(wkt);
    if (!f->srs)
        return ct__nomem(ctx);
    /* GeoJSON always claims WGS 84 (RFC 7946): coordinates beyond longitude
     * and latitude show that the claim is only a default */
    f->srs_implausible = OSRIsGeographic(srs) && f->has_extent &&
                         (env.MinX < -180.5 || env.MaxX > 360.5 || env.MinY < -90.5 ||
                          env.MaxY > 90.5);
    return CT_OK;
}

static ct_status choose_fields(ct_ctx *ctx, const ct__read_req *req, OGRFeatureDefnH defn,
                               ct__features *f, int *id_i, int *name_i, int *extra_i)
{
    ct_status st;
    *name_i = *extra_i = -1;
    if (req->id_field) {
        if ((st = find_field(ctx, defn, f->source, req->id_field, "id", id_i)))
            return st;
    } else {
        *id_i = detect_id_field(defn);
        if (*id_i < 0) {
            ct__buf list = field_list(defn);
            st = list.failed ? ct__nomem(ctx)
                             : ct__err(ctx, CT_EFORMAT,
                                       "%s: %s id field (*_code, code, id or unit); choose one "
                                       "with --a-id/--b-id or ID_FIELD (fields: %s)",
                                       f->source, *id_i == -2 ? "more than one candidate" : "no",
                                       list.s);
            ct__buf_free(&list);
            return st;
        }
    }
    const char *idn = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, *id_i));
    if (req->name_field) {
        if ((st = find_field(ctx, defn, f->source, req->name_field, "name", name_i)))
            return st;
    } else
        if ((st = detect_name_field(ctx, defn, idn, name_i)))
            return st;
    if (req->extra_field &&
        (st = find_field(ctx, defn, f->source, req->extra_field, "requested", extra_i)))
        return st;
    f->id_field = ct__strdup(idn);
    f->name_field =
        ct__strdup(*name_i >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, *name_i)) : "");
    return f->id_field && f->name_field ? CT_OK : ct__nomem(ctx);
}

/* Keep only the features of req's ids: `"field" IN ('a', 'b')`, quotes doubled. */
static ct_status filter_ids(ct_ctx *ctx, OGRLayerH layer, const ct__read_req *req,
                            const char *field)
{
    ct__buf b = {0};
    ct__buf_add(&b, "\"");
    for (const char *c = field; *c; c++)
        ct__buf_addn(&b, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
    ct__buf_add(&b, "\" IN (");
    for (size_t k = 0; k < req->n_only; k++) {
        ct__buf_add(&b, k ? ", '" : "'");
        for (const char *c = req->only_ids[k]; *c; c++)
            ct__buf_addn(&b, *c == '\'' ? "''" : c, *c == '\'' ? 2 : 1);
        ct__buf_add(&b, "'");
    }
    ct__buf_add(&b, ")");
    ct_status st = ct__buf_status(ctx, &b);
    if (!st && OGR_L_SetAttributeFilter(layer, b.s) != OGRERR_NONE)
        st = ct__err(ctx, CT_EFORMAT, "%s: cannot select features by %s: %s", req->path, field,
                     gdal_msg());
    ct__buf_free(&b);
    return st;
}

ct_status ct__gdal_read_features(ct_ctx *ctx, const ct__read_req *req, ct__features *f)
{
    memset(f, 0, sizeof *f);
    quiet_begin();
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    ct_status st = open_layer(ctx, req->path, req->layer, &ds, &layer);
    if (!st) {
        f->source = ct__sprintf("%s:%s", req->path, OGR_L_GetName(layer));
        if (!f->source)
            st = ct__nomem(ctx);
    }
    int id_i = -1, name_i = -1, extra_i = -1;
    /* before the fields: an empty GeoJSON has none, and "no id field" misleads */
    if (!st && OGR_L_GetFeatureCount(layer, 0) == 0)
        st = ct__err(ctx, CT_EFORMAT, "%s: layer is empty", f->source);
    if (!st)
        st = choose_fields(ctx, req, OGR_L_GetLayerDefn(layer), f, &id_i, &name_i, &extra_i);
    if (!st && req->want_geometry)
        st = read_srs(ctx, layer, f);
    if (!st && req->n_only)
        st = filter_ids(ctx, layer, req, f->id_field);
    size_t cap = 0;
    if (!st) {
        OGR_L_ResetReading(layer);
        OGRFeatureH feat;
        while (!st && (feat = OGR_L_GetNextFeature(layer))) {
            st = grow_features(ctx, f, &cap);
            if (!st)
                st = read_one(ctx, req, f, feat, id_i, name_i, extra_i);
            OGR_F_Destroy(feat);
        }
        if (!st && CPLGetLastErrorType() >= CE_Failure)
            st = ct__err(ctx, CT_EFORMAT, "%s: read error: %s", f->source, gdal_msg());
    }
    if (!st && f->n == 0 && !req->n_only)
        st = ct__err(ctx, CT_EFORMAT, "%s: layer is empty", f->source ? f->source : req->path);
    if (!st) /* e.g. a DBF or CSV layer without an encoding declared */
        st = ct__utf8_strings(ctx, f->ids, f->n, 1, f->source);
    if (!st && f->names)
        st = ct__utf8_strings(ctx, f->names, f->n, 1, f->source);
    if (ds)
        GDALClose(ds);
    quiet_end();
    if (st)
        ct__features_free(f);
    return st;
}

void ct__features_free(ct__features *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->ids[i]);
        free(f->names[i]);
        free(f->extra[i]);
        free(f->wkb[i]);
    }
    free(f->ids);
    free(f->names);
    free(f->extra);
    free(f->wkb);
    free(f->wkb_len);
    free(f->srs);
    free(f->source);
    free(f->id_field);
    free(f->name_field);
    memset(f, 0, sizeof *f);
}

static ct_status read_cell(ct_ctx *ctx, OGRFeatureH feat, int field, bool numeric,
                           const char *col, ct__texttab *out, size_t cell)
{
    bool set = OGR_F_IsFieldSetAndNotNull(feat, field);
    if (!numeric) {
        out->cells[cell] = ct__strdup(set ? OGR_F_GetFieldAsString(feat, field) : "");
        return out->cells[cell] ? CT_OK : ct__nomem(ctx);
    }
    OGRFieldType ty = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(feat, field));
    if (set && (ty == OFTReal || ty == OFTInteger || ty == OFTInteger64)) {
        out->nums[cell] = OGR_F_GetFieldAsDouble(feat, field); /* no text round trip */
        return CT_OK;
    }
    const char *text = set ? OGR_F_GetFieldAsString(feat, field) : "";
    if (!ct__parse_double(text, &out->nums[cell]))
        return ct__err(ctx, CT_EDATA, "%s: row %zu: %s '%s' is not a number", out->source,
                       out->nrows + 1, col, text);
    return CT_OK;
}

static ct_status grow_rows(ct_ctx *ctx, ct__texttab *out, size_t *cap)
{
    if (out->nrows < *cap)
        return CT_OK;
    size_t c = *cap ? *cap * 2 : 1024, n = c * out->ncols;
    bool ok = true;
    out->cells = ct__regrow(out->cells, n, sizeof *out->cells, &ok);
    out->nums = ct__regrow(out->nums, n, sizeof *out->nums, &ok);
    if (!ok)
        return ct__nomem(ctx);
    for (size_t k = *cap * out->ncols; k < n; k++) {
        out->cells[k] = NULL;
        out->nums[k] = NAN;
    }
    *cap = c;
    return CT_OK;
}

static ct_status read_rows(ct_ctx *ctx, OGRLayerH layer, const int *idx,
                           const char *const *cols, const char *types, ct__texttab *out)
{
    size_t cap = 0;
    OGRFeatureH feat;
    ct_status st = CT_OK;
    OGR_L_ResetReading(layer);
    while (!st && (feat = OGR_L_GetNextFeature(layer))) {
        st = grow_rows(ctx, out, &cap);
        for (size_t j = 0; !st && j < out->ncols; j++)
            st = read_cell(ctx, feat, idx[j], types && types[j] == 'r', cols[j], out,
                           out->nrows * out->ncols + j);
        /* also on a cell's failure, so cleanup frees the partial row, but not
         * past a failed grow (its new cells are not initialised) */
        out->nrows += out->nrows < cap;
        OGR_F_Destroy(feat);
    }
    return st;
}

ct_status ct__gdal_read_table(ct_ctx *ctx, const char *path, const char *const *cols,
                              const char *types, size_t ncols, ct__texttab *out)
{
    memset(out, 0, sizeof *out);
    out->ncols = ncols;
    out->source = ct__strdup(path);
    if (!out->source)
        return ct__nomem(ctx);
    quiet_begin();
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    int *idx = ct__malloc((ncols ? ncols : 1) * sizeof *idx);
    ct_status st = idx ? CT_OK : ct__nomem(ctx);
    if (!st)
        st = open_layer(ctx, path, NULL, &ds, &layer);
    for (size_t j = 0; !st && j < ncols; j++)
        st = find_field(ctx, OGR_L_GetLayerDefn(layer), path, cols[j], "required", &idx[j]);
    if (!st)
        st = read_rows(ctx, layer, idx, cols, types, out);
    if (!st && CPLGetLastErrorType() >= CE_Failure)
        st = ct__err(ctx, CT_EFORMAT, "%s: read error: %s", path, gdal_msg());
    if (!st) /* OGR's CSV driver passes bytes through: a spreadsheet's Windows-1252 */
        st = ct__utf8_strings(ctx, out->cells, out->nrows * ncols, ncols, path);
    if (ds)
        GDALClose(ds);
    quiet_end();
    free(idx);
    if (st)
        ct__texttab_free(out);
    return st;
}

ct_status ct__gdal_read_text(ct_ctx *ctx, const char *path, const char *const *cols,
                             size_t ncols, ct__texttab *out)
{
    return ct__gdal_read_table(ctx, path, cols, NULL, ncols, out);
}

ct_status ct__gdal_read_fields(ct_ctx *ctx, const char *path, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    quiet_begin();
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    ct_status st = open_layer(ctx, path, NULL, &ds, &layer);
    OGRFeatureDefnH defn = st ? NULL : OGR_L_GetLayerDefn(layer);
    int nf = defn ? OGR_FD_GetFieldCount(defn) : 0;
    if (!st && !(*names = ct__calloc(nf > 0 ? (size_t)nf : 1, sizeof **names)))
        st = ct__nomem(ctx);
    for (int i = 0; !st && i < nf; i++) {
        (*names)[i] = ct__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        if (!(*names)[i])
            st = ct__nomem(ctx);
        else
            *n = (size_t)i + 1;
    }
    if (ds)
        GDALClose(ds);
    quiet_end();
    if (st) {
        for (size_t i = 0; *names && i < *n; i++)
            free((*names)[i]);
        free(*names);
        *names = NULL;
        *n = 0;
    }
    return st;
}

void ct__texttab_free(ct__texttab *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->cells && i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->nums);
    free(t->source);
    memset(t, 0, sizeof *t);
}

ct_status ct__gdal_count(ct_ctx *ctx, const char *path, const char *layer_name, size_t *count)
{
    quiet_begin();
    GDALDatasetH ds = NULL;
    OGRLayerH layer = NULL;
    ct_status st = open_layer(ctx, path, layer_name, &ds, &layer);
    if (!st) {
        GIntBig n = OGR_L_GetFeatureCount(layer, 1);
        *count = n > 0 ? (size_t)n : 0;
    }
    if (ds)
        GDALClose(ds);
    quiet_end();
    return st;
}

/* Integer columns are 32-bit where their values fit: GDAL's CSV writer
 * quotes 64-bit integers. */
static OGRFieldType field_type(const ct_table *t, size_t col)
{
    ct_coltype ty = ct_table_coltype(t, col);
    if (ty == CT_COL_REAL)
        return OFTReal;
    if (ty != CT_COL_INT)
        return OFTString;
    for (size_t i = 0; i < ct_table_nrows(t); i++) {
        double v = ct_table_real(t, i, col);
        if (v > 2147483647.0 || v < -2147483648.0)
            return OFTInteger64;
    }
    return OFTInteger;
}

static ct_status make_layer(ct_ctx *ctx, GDALDatasetH ds, const ct_table *t, const char *path,
                            bool csv, OGRLayerH *out)
{
    OGRSpatialReferenceH srs = NULL;
    bool geo = false;
    for (size_t j = 0; j < ct_table_ncols(t); j++)
        geo = geo || ct_table_coltype(t, j) == CT_COL_GEOM;
    if (geo && *ct_table_crs(t)) {
        srs = OSRNewSpatialReference(NULL);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRSetFromUserInput(srs, ct_table_crs(t)) != OGRERR_NONE) {
            OSRDestroySpatialReference(srs);
            return ct__err(ctx, CT_ECRS, "%s: cannot use CRS %s", path, ct_table_crs(t));
        }
    }
    const char *const csv_opts[] = {"LINEFORMAT=LF", "STRING_QUOTING=IF_NEEDED", NULL};
    *out = GDALDatasetCreateLayer(ds, ct_table_name(t), srs, geo ? wkbMultiPolygon : wkbNone,
                                  csv ? (char **)csv_opts : NULL);
    if (srs)
        OSRDestroySpatialReference(srs);
    if (!*out)
        return ct__err(ctx, CT_EIO, "%s: cannot create layer: %s", path, gdal_msg());
    for (size_t j = 0; j < ct_table_ncols(t); j++) {
        if (ct_table_coltype(t, j) == CT_COL_GEOM)
            continue;
        OGRFieldDefnH fd = OGR_Fld_Create(ct_table_colname(t, j), field_type(t, j));
        OGRErr e = OGR_L_CreateField(*out, fd, 1);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return ct__err(ctx, CT_EIO, "%s: cannot create field %s: %s", path,
                           ct_table_colname(t, j), gdal_msg());
    }
    return CT_OK;
}

/* One cell of geometry: none (a NULL cell) or a multipolygon set on feat. */
static ct_status set_geometry(ct_ctx *ctx, OGRFeatureH feat, const ct_table *t, size_t row,
                              size_t col, const char *label)
{
    size_t len;
    const unsigned char *wkb = ct_table_geom(t, row, col, &len);
    if (!wkb)
        return CT_OK;
    OGRGeometryH g = NULL;
    if (OGR_G_CreateFromWkbEx((const void *)wkb, NULL, &g, len) != OGRERR_NONE || !g) {
        OGR_G_DestroyGeometry(g);
        return ct__err(ctx, CT_EINTERNAL, "%s: row %zu: cannot read its geometry: %s", label,
                       row + 1, gdal_msg());
    }
    g = OGR_G_ForceToMultiPolygon(g);
    if (!g || OGR_F_SetGeometryDirectly(feat, g) != OGRERR_NONE)
        return ct__err(ctx, CT_EDEP, "%s: row %zu: cannot set its geometry: %s", label, row + 1,
                       gdal_msg());
    return CT_OK;
}

static void set_field(OGRFeatureH feat, int fi, const ct_table *t, size_t row, size_t col)
{
    ct_coltype ty = ct_table_coltype(t, col);
    double v = ct_table_real(t, row, col);
    if (ty == CT_COL_TEXT)
        OGR_F_SetFieldString(feat, fi, ct_table_text(t, row, col));
    else if (v == v && ty == CT_COL_INT) /* NaN stays unset: an empty cell */
        OGR_F_SetFieldInteger64(feat, fi, (GIntBig)v);
    else if (v == v)
        OGR_F_SetFieldDouble(feat, fi, v);
}

static ct_status write_rows(ct_ctx *ctx, OGRLayerH layer, const ct_table *t, const char *label)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    ct_status st = CT_OK;
    errno = 0;
    for (size_t i = 0; !st && i < ct_table_nrows(t); i++) {
        OGRFeatureH feat = OGR_F_Create(defn);
        if (!feat)
            return ct__err(ctx, CT_EDEP, "%s: cannot make row %zu: %s", label, i + 1, gdal_msg());
        int fi = 0;
        for (size_t j = 0; !st && j < ct_table_ncols(t); j++) {
            if (ct_table_coltype(t, j) == CT_COL_GEOM)
                st = set_geometry(ctx, feat, t, i, j, label);
            else
                set_field(feat, fi++, t, i, j);
        }
        if (!st && OGR_L_CreateFeature(layer, feat) != OGRERR_NONE)
            st = ct__err(ctx, CT_EIO, "%s: cannot write row %zu: %s", label, i + 1, write_msg());
        OGR_F_Destroy(feat);
    }
    return st;
}

ct_status ct__gdal_write_tables(ct_ctx *ctx, const ct_table *const *t, size_t n,
                                const char *path, const char *label, const char *format)
{
    quiet_begin();
    ct_status st = CT_OK;
    bool csv = !strcasecmp(format, "CSV");
    bool to_stdout = !strcmp(path, "-");
    const char *target = to_stdout ? "/vsistdout/" : path;
    GDALDriverH drv = GDALGetDriverByName(format);
    GDALDatasetH ds = NULL;
    if (!drv)
        st = ct__err(ctx, CT_EINVAL, "%s: no OGR driver '%s'", label, format);
    if (!st && csv && n != 1)
        st = ct__err(ctx, CT_EINTERNAL, "%s: a CSV file holds one table", label);
    /* OGR's CSV driver makes a directory of any name not ending in .csv */
    if (!st && csv && !to_stdout && !ends_with(path, ".csv"))
        st = ct__err(ctx, CT_EINTERNAL, "%s: CSV written to '%s', not a .csv name", label, path);
    if (!st) {
        ds = GDALCreate(drv, target, 0, 0, 0, GDT_Unknown, NULL);
        if (!ds)
            st = ct__err(ctx, CT_EIO, "%s: cannot create: %s", label, gdal_msg());
    }
    for (size_t k = 0; !st && k < n; k++) {
        OGRLayerH layer = NULL;
        st = make_layer(ctx, ds, t[k], label, csv, &layer);
        bool tx = !st && !csv && GDALDatasetStartTransaction(ds, 0) == OGRERR_NONE;
        if (!st)
            st = write_rows(ctx, layer, t[k], label);
        if (tx && !st && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
            st = ct__err(ctx, CT_EIO, "%s: cannot commit: %s", label, write_msg());
    }
    if (ds)
        GDALClose(ds);
    /* errors met while flushing on close (a full disk) */
    if (!st && CPLGetLastErrorType() >= CE_Failure)
        st = ct__err(ctx, CT_EIO, "%s: write error: %s", label, write_msg());
    quiet_end();
    return st;
}
