/* The embedded England data: built-in layer names and where the data lives. */
#include "../ctx.h"
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

static const ct__builtin builtins[] = {
    {.name = "ccg21", .file = "boundaries.gpkg", .layer = "ccg21",
     .id_field = "ccg21_code", .name_field = "ccg21_name", .kind = "polygon",
     .description = "Clinical Commissioning Groups, April 2021"},
    {.name = "stp21", .file = "boundaries.gpkg", .layer = "stp21",
     .id_field = "stp21_code", .name_field = "stp21_name", .kind = "polygon",
     .description = "STP / ICS footprints (systems), April 2021"},
    {.name = "sicbl22", .file = "nhs22.gpkg", .layer = "sicbl22",
     .id_field = "sicbl22_code", .name_field = "sicbl22_name", .kind = "polygon",
     .description = "sub-ICB locations, July 2022 (LSOA 2011 polygons joined by the ONS lookup)"},
    {.name = "icb22", .file = "nhs22.gpkg", .layer = "icb22",
     .id_field = "icb22_code", .name_field = "icb22_name", .kind = "polygon",
     .description = "Integrated Care Boards, July 2022 (LSOA 2011 polygons joined by the ONS lookup)"},
    {.name = "icb22_outline", .file = "boundaries.gpkg", .layer = "icb22",
     .id_field = "icb22_code", .name_field = "icb22_name", .kind = "polygon",
     .description = "Integrated Care Boards, July 2022, published outlines (very coarse)"},
    {.name = "utla21", .file = "boundaries.gpkg", .layer = "utla21",
     .id_field = "utla21_code", .name_field = "utla21_name", .kind = "polygon",
     .description = "upper-tier local authorities, 2021"},
    {.name = "ltla21", .file = "boundaries.gpkg", .layer = "ltla21",
     .id_field = "ltla21_code", .name_field = "ltla21_name", .kind = "polygon",
     .description = "lower-tier local authorities, 2021"},
    {.name = "msoa11", .file = "boundaries.gpkg", .layer = "msoa11",
     .id_field = "msoa11_code", .name_field = "msoa11_name", .kind = "polygon",
     .description = "Middle layer Super Output Areas, 2011"},
    {.name = "lsoa11", .file = "boundaries.gpkg", .layer = "lsoa11",
     .id_field = "lsoa11_code", .name_field = "lsoa11_name", .kind = "polygon",
     .description = "Lower layer Super Output Areas, 2011 (the default population base)"},
    {.name = "wards21", .file = "boundaries.gpkg", .layer = "wards21",
     .id_field = "ward21_code", .name_field = "ward21_name", .kind = "polygon",
     .description = "electoral wards, 2021"},
    {.name = "lsoa11_pwc", .file = "boundaries.gpkg", .layer = "lsoa11_pwc",
     .id_field = "lsoa11_code", .name_field = "lsoa11_name", .kind = "point",
     .description = "LSOA 2011 population-weighted centroids (EPSG:27700)"},
    {.name = "trusts22", .file = "boundaries.gpkg", .layer = "trusts22",
     .id_field = "nhs_trust22_code", .name_field = "nhs_trust22_name", .kind = "point",
     .description = "NHS trust headquarters, 2022"},
    {.name = "pcn_catchments20", .file = "pcn.gpkg", .layer = "pcn_catchments20",
     .id_field = "pcn20_code", .name_field = "pcn20_name", .kind = "polygon",
     .description = "PCN catchment polygons, 2020 (overlapping, not a partition)"},
    {.name = "practices24", .file = "pcn.gpkg", .layer = "practices24",
     .id_field = "practice_code", .name_field = "practice_name", .kind = "point",
     .description = "GP practices with PCN, sub-ICB location and ICB, January 2024"},
    {.name = "lsoa21_staffs", .file = "staffs/lsoa21.gpkg", .layer = "lsoa21",
     .id_field = "lsoa21_code", .name_field = "lsoa21_name", .kind = "polygon",
     .description = "LSOA 2021 in Staffordshire and Stoke-on-Trent"},
};

size_t ct__builtin_count(void) { return sizeof builtins / sizeof builtins[0]; }

const ct__builtin *ct__builtin_at(size_t i)
{
    return i < ct__builtin_count() ? &builtins[i] : NULL;
}

const ct__builtin *ct__builtin_find(const char *name)
{
    for (size_t i = 0; name && i < ct__builtin_count(); i++)
        if (!strcmp(builtins[i].name, name))
            return &builtins[i];
    return NULL;
}

static bool has_data(const char *dir)
{
    char *p = ct__sprintf("%s/boundaries.gpkg", dir);
    bool ok = p && ct__file_exists(p);
    free(p);
    return ok;
}

const char *ct_data_dir(ct_ctx *ctx)
{
    if (!ctx)
        return NULL;
    if (ctx->data_dir)
        return ctx->data_dir;
    const char *env = getenv("COTERM_DATA");
    const char *candidates[] = {env, CT_INSTALL_DATA_DIR, CT_SOURCE_DATA_DIR};
    for (size_t i = 0; i < 3; i++) {
        if (!candidates[i] || !*candidates[i])
            continue;
        if (i == 0 || has_data(candidates[i])) { /* COTERM_DATA is taken as given */
            ctx->data_dir = ct__strdup(candidates[i]);
            return ctx->data_dir;
        }
    }
    return NULL;
}

char *ct__data_path(ct_ctx *ctx, const char *file)
{
    const char *dir = ct_data_dir(ctx);
    if (!dir) {
        ct__err(ctx, CT_EIO, "embedded data not found: set COTERM_DATA to a directory with "
                             "boundaries.gpkg");
        return NULL;
    }
    char *p = ct__sprintf("%s/%s", dir, file);
    if (!p)
        ct__nomem(ctx);
    return p;
}

bool ct__is_builtin(ct_ctx *ctx, const ct_layer *l, const char *name)
{
    const ct__builtin *b = ct__builtin_find(name);
    char *path = b ? ct__data_path(ctx, b->file) : NULL;
    char *src = path ? ct__sprintf("%s:%s", path, b->layer) : NULL;
    bool same = src && l && !strcmp(l->source, src);
    free(path);
    free(src);
    return same;
}

ct_status ct_layers_list(ct_ctx *ctx, ct_table **out)
{
    if (!ctx || !out)
        return ct__err(ctx, CT_EINVAL, "ct_layers_list: NULL argument");
    *out = NULL;
    ct_table *t;
    size_t n = ct__builtin_count();
    ct_status st = ct__table_new(ctx, &t,
                                 "layers", "name:t,kind:t,features:i,id_field:t,name_field:t,"
                                 "source:t,description:t",
                                 n);
    for (size_t i = 0; !st && i < n; i++) {
        const ct__builtin *b = &builtins[i];
        char *path = ct__data_path(ctx, b->file);
        char *src = path ? ct__sprintf("%s:%s", path, b->layer) : NULL;
        size_t count = 0;
        st = !path ? ct_errcode(ctx) : !src ? ct__nomem(ctx) : CT_OK;
        if (!st)
            st = ct__gdal_count(ctx, path, b->layer, &count);
        ct__table_set_real(t, i, 2, (double)count);
        const char *cells[] = {b->name, b->kind, NULL, b->id_field, b->name_field, src,
                               b->description};
        for (size_t j = 0; !st && j < 7; j++)
            if (cells[j])
                st = ct__table_set_text(ctx, t, i, j, cells[j]);
        free(path);
        free(src);
    }
    if (st)
        ct_table_free(t);
    else
        *out = t;
    return st;
}
