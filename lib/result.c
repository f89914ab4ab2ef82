/* Result sets: named tables and JSON documents from one command. */
#include "adapt/adapt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static ct_status write_text(ct_ctx *ctx, const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ct__err(ctx, CT_EIO, "%s: cannot write", path);
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n && fputc('\n', f) != EOF;
    ok = (fclose(f) == 0) && ok;
    return ok ? CT_OK : ct__err(ctx, CT_EIO, "%s: write failed", path);
}

/* The tables of table first's group, written once as layers of GROUP.gpkg. */
static ct_status write_group(ct_ctx *ctx, const ct_result *r, size_t first, const char *dir)
{
    const char *group = ct__table_group(r->tables[first]);
    for (size_t i = 0; i < first; i++)
        if (has_geometry(r->tables[i]) && ct__table_group(r->tables[i]) &&
            !strcmp(ct__table_group(r->tables[i]), group))
            return CT_OK; /* written with an earlier table */
    const ct_table **members = ct__malloc(r->ntables * sizeof *members);
    char *path = ct__sprintf("%s/%s.gpkg", dir, group);
    ct_status st = members && path ? CT_OK : ct__nomem(ctx);
    size_t n = 0;
    for (size_t i = first; !st && i < r->ntables; i++)
        if (has_geometry(r->tables[i]) && ct__table_group(r->tables[i]) &&
            !strcmp(ct__table_group(r->tables[i]), group))
            members[n++] = r->tables[i];
    if (!st)
        st = ct__gdal_write_tables(ctx, members, n, path, "GPKG");
    free(members);
    free(path);
    return st;
}

ct_status ct_result_write(ct_ctx *ctx, const ct_result *r, const char *dir,
                          const char *const *opts)
{
    static const char *const allowed[] = {NULL};
    if (!ctx || !r || !dir)
        return ct__err(ctx, CT_EINVAL, "ct_result_write: NULL argument");
    ct_status st = ct__opt_check(ctx, opts, allowed, "write");
    if (!st)
        st = ct__mkdir_p(ctx, dir);
    for (size_t i = 0; !st && i < r->ntables; i++) {
        bool geo = has_geometry(r->tables[i]);
        if (geo && ct__table_group(r->tables[i])) {
            st = write_group(ctx, r, i, dir);
            continue;
        }
        char *path = ct__sprintf("%s/%s.%s", dir, ct_table_name(r->tables[i]),
                                 geo ? "gpkg" : "csv");
        if (!path)
            return ct__nomem(ctx);
        st = ct__gdal_write_table(ctx, r->tables[i], path, geo ? "GPKG" : "CSV");
        free(path);
    }
    for (size_t i = 0; !st && i < r->ndocs; i++) {
        char *path = ct__sprintf("%s/%s.json", dir, r->doc_names[i]);
        if (!path)
            return ct__nomem(ctx);
        st = write_text(ctx, path, r->docs[i]);
        free(path);
    }
    return st;
}

ct_status ct_table_write(ct_ctx *ctx, const ct_table *t, const char *path,
                         const char *const *opts)
{
    static const char *const allowed[] = {"FORMAT", NULL};
    if (!ctx || !t || !path)
        return ct__err(ctx, CT_EINVAL, "ct_table_write: NULL argument");
    ct_status st = ct__opt_check(ctx, opts, allowed, "write");
    if (st)
        return st;
    const char *fmt = ct__opt(opts, "FORMAT");
    if (!fmt) {
        const char *dot = strrchr(path, '.');
        fmt = !dot                      ? "CSV"
              : !strcmp(dot, ".gpkg")   ? "GPKG"
              : !strcmp(dot, ".geojson") || !strcmp(dot, ".json") ? "GeoJSON"
              : !strcmp(dot, ".fgb")    ? "FlatGeobuf"
              : !strcmp(dot, ".shp")    ? "ESRI Shapefile"
                                        : "CSV";
    }
    return ct__gdal_write_table(ctx, t, path, fmt);
}
