/* Result sets: named tables and JSON documents from one command. */
#include "adapt/adapt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct ct_result {
    ct_table **tables;
    size_t ntables;
    char **doc_names, **docs;
    size_t ndocs;
};

ct_status ct__result_new(ct_ctx *ctx, ct_result **out)
{
    *out = ct__calloc(1, sizeof **out);
    return *out ? CT_OK : ct__nomem(ctx);
}

void ct_result_free(ct_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ntables; i++)
        ct_table_free(r->tables[i]);
    for (size_t i = 0; i < r->ndocs; i++) {
        free(r->doc_names[i]);
        free(r->docs[i]);
    }
    free(r->tables);
    free(r->doc_names);
    free(r->docs);
    free(r);
}

ct_status ct__result_add_built(ct_ctx *ctx, ct_result *r, ct_status st, ct_table *t)
{
    if (st) {
        ct_table_free(t);
        return st;
    }
    return ct__result_add_table(ctx, r, t);
}

ct_status ct__result_add_table(ct_ctx *ctx, ct_result *r, ct_table *t)
{
    ct_table **v = ct__realloc(r->tables, (r->ntables + 1) * sizeof *v);
    if (!v) {
        ct_table_free(t);
        return ct__nomem(ctx);
    }
    r->tables = v;
    r->tables[r->ntables++] = t;
    return CT_OK;
}

ct_status ct__result_add_doc(ct_ctx *ctx, ct_result *r, const char *name, char *json)
{
    char *n = ct__strdup(name);
    bool ok = n != NULL;
    r->doc_names = ct__regrow(r->doc_names, r->ndocs + 1, sizeof *r->doc_names, &ok);
    r->docs = ct__regrow(r->docs, r->ndocs + 1, sizeof *r->docs, &ok);
    if (!ok) {
        free(n);
        free(json);
        return ct__nomem(ctx);
    }
    r->doc_names[r->ndocs] = n;
    r->docs[r->ndocs++] = json;
    return CT_OK;
}

size_t ct_result_ntables(const ct_result *r) { return r ? r->ntables : 0; }
size_t ct_result_ndocs(const ct_result *r) { return r ? r->ndocs : 0; }

const ct_table *ct_result_table(const ct_result *r, size_t i)
{
    return r && i < r->ntables ? r->tables[i] : NULL;
}

const ct_table *ct_result_table_by_name(const ct_result *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->ntables; i++)
        if (!strcmp(ct_table_name(r->tables[i]), name))
            return r->tables[i];
    return NULL;
}

const char *ct_result_doc_name(const ct_result *r, size_t i)
{
    return r && i < r->ndocs ? r->doc_names[i] : NULL;
}

const char *ct_result_doc(const ct_result *r, const char *name)
{
    for (size_t i = 0; r && name && i < r->ndocs; i++)
        if (!strcmp(r->doc_names[i], name))
            return r->docs[i];
    return NULL;
}

static bool has_geometry(const ct_table *t)
{
    for (size_t j = 0; j < ct_table_ncols(t); j++)
        if (ct_table_coltype(t, j) == CT_COL_GEOM)
            return true;
    return false;
}

ct_status ct__output_tables(ct_ctx *ctx, const char *tmp, const char *target, const void *arg)
{
    const ct__table_file *f = arg;
    return ct__gdal_write_tables(ctx, f->tables, f->n, tmp, target, f->format);
}

static bool same_group(const ct_table *t, const char *group)
{
    return has_geometry(t) && ct__table_group(t) && !strcmp(ct__table_group(t), group);
}

/* The file of table i (into out/file): GROUP.gpkg with every table of its
 * group (none if an earlier table's file holds it), NAME.gpkg or NAME.csv. */
static ct_status plan_table(ct_ctx *ctx, const ct_result *r, size_t i, const char *dir,
                            ct__output *out, ct__table_file *file, bool *planned)
{
    const ct_table *t = r->tables[i];
    const char *group = has_geometry(t) ? ct__table_group(t) : NULL;
    *planned = false;
    for (size_t k = 0; group && k < i; k++)
        if (same_group(r->tables[k], group))
            return CT_OK; /* written with an earlier table */
    file->tables = ct__malloc(r->ntables * sizeof *file->tables);
    char *path = ct__sprintf("%s/%s.%s", dir, group ? group : ct_table_name(t),
                             has_geometry(t) ? "gpkg" : "csv");
    if (!file->tables || !path) {
        free(path);
        return ct__nomem(ctx);
    }
    file->format = has_geometry(t) ? "GPKG" : "CSV";
    file->tables[file->n++] = t;
    for (size_t k = i + 1; group && k < r->ntables; k++)
        if (same_group(r->tables[k], group))
            file->tables[file->n++] = r->tables[k];
    *out = (ct__output){.path = path, .write = ct__output_tables, .arg = file};
    *planned = true;
    return CT_OK;
}

ct_status ct_result_write(ct_ctx *ctx, const ct_result *r, const char *dir,
                          const char *const *opts)
{
    static const char *const allowed[] = {NULL};
    if (!ctx || !r || !dir)
        return ct__err(ctx, CT_EINVAL, "ct_result_write: NULL argument");
    ct_status st = ct__opt_check(ctx, opts, allowed, "write");
    if (st)
        return st;
    size_t cap = r->ntables + r->ndocs, n = 0;
    ct__output *out = ct__calloc(cap, sizeof *out);
    ct__table_file *files = ct__calloc(cap, sizeof *files);
    if (!out || !files)
        st = ct__nomem(ctx);
    for (size_t i = 0; !st && i < r->ntables; i++) {
        bool planned = false;
        st = plan_table(ctx, r, i, dir, &out[n], &files[n], &planned);
        n += planned;
    }
    for (size_t i = 0; !st && i < r->ndocs; i++) {
        char *path = ct__sprintf("%s/%s.json", dir, r->doc_names[i]);
        if (!path)
            st = ct__nomem(ctx);
        else
            out[n++] = (ct__output){.path = path, .write = ct__output_text, .arg = r->docs[i]};
    }
    if (!st && n == 0) /* nothing to write: still the directory a caller expects */
        st = ct__mkdir_p(ctx, dir);
    if (!st && n)
        st = ct__write_outputs(ctx, out, n);
    for (size_t i = 0; out && files && i < cap; i++) {
        free((char *)out[i].path);
        free(files[i].tables);
    }
    free(out);
    free(files);
    return st;
}

static const char *format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    return !dot                                               ? "CSV"
           : !strcmp(dot, ".gpkg")                            ? "GPKG"
           : !strcmp(dot, ".geojson") || !strcmp(dot, ".json") ? "GeoJSON"
           : !strcmp(dot, ".fgb")                             ? "FlatGeobuf"
           : !strcmp(dot, ".shp")                             ? "ESRI Shapefile"
                                                              : "CSV";
}

ct_status ct_table_write(ct_ctx *ctx, const ct_table *t, const char *path,
                         const char *const *opts)
{
    static const char *const allowed[] = {"FORMAT", NULL};
    static const char *const shapefile_parts[] = {".shx", ".dbf", ".prj", ".cpg", NULL};
    if (!ctx || !t || !path)
        return ct__err(ctx, CT_EINVAL, "ct_table_write: NULL argument");
    ct_status st = ct__opt_check(ctx, opts, allowed, "write");
    if (st)
        return st;
    const char *fmt = ct__opt(opts, "FORMAT");
    if (!fmt)
        fmt = format_of(path);
    ct__table_file file = {.tables = &t, .n = 1, .format = fmt};
    if (!strcmp(path, "-"))
        return ct__output_tables(ctx, "-", "standard output", &file);
    bool csv = !strcasecmp(fmt, "CSV"), shp = !strcasecmp(fmt, "ESRI Shapefile");
    /* OGR's CSV driver makes a directory of a name not ending in .csv */
    ct__output out = {.path = path, .suffix = csv ? ".csv" : shp ? ".shp" : NULL,
                      .companions = shp ? shapefile_parts : NULL,
                      .write = ct__output_tables,
                      .arg = &file};
    return ct__write_outputs(ctx, &out, 1);
}
