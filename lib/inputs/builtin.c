/* The embedded England data: built-in layer names and where the data lives. */
#include "../ctx.h"
#include "inputs.h"

#include <stdlib.h>
#include <string.h>

static const ct__builtin builtins[] = {
    {"ccg21", "boundaries.gpkg", "ccg21", "ccg21_code", "ccg21_name", "polygon",
     "Clinical Commissioning Groups, April 2021"},
    {"stp21", "boundaries.gpkg", "stp21", "stp21_code", "stp21_name", "polygon",
     "STP / ICS footprints (systems), April 2021"},
    {"icb22", "boundaries.gpkg", "icb22", "icb22_code", "icb22_name", "polygon",
     "Integrated Care Boards, July 2022 (coarsely generalised)"},
    {"utla21", "boundaries.gpkg", "utla21", "utla21_code", "utla21_name", "polygon",
     "upper-tier local authorities, 2021"},
    {"ltla21", "boundaries.gpkg", "ltla21", "ltla21_code", "ltla21_name", "polygon",
     "lower-tier local authorities, 2021"},
    {"msoa11", "boundaries.gpkg", "msoa11", "msoa11_code", "msoa11_name", "polygon",
     "Middle layer Super Output Areas, 2011"},
    {"lsoa11", "boundaries.gpkg", "lsoa11", "lsoa11_code", "lsoa11_name", "polygon",
     "Lower layer Super Output Areas, 2011 (the default population base)"},
    {"wards21", "boundaries.gpkg", "wards21", "ward21_code", "ward21_name", "polygon",
     "electoral wards, 2021"},
    {"lsoa11_pwc", "boundaries.gpkg", "lsoa11_pwc", "lsoa11_code", "lsoa11_name", "point",
     "LSOA 2011 population-weighted centroids (EPSG:27700)"},
    {"trusts22", "boundaries.gpkg", "trusts22", "nhs_trust22_code", "nhs_trust22_name", "point",
     "NHS trust headquarters, 2022"},
    {"pcn_catchments20", "pcn.gpkg", "pcn_catchments20", "pcn20_code", "pcn20_name", "polygon",
     "PCN catchment polygons, 2020 (overlapping, not a partition)"},
    {"practices24", "pcn.gpkg", "practices24", "practice_code", "practice_name", "point",
     "GP practices with PCN, sub-ICB location and ICB, January 2024"},
    {"lsoa21_staffs", "staffs/lsoa21.gpkg", "lsoa21", "lsoa21_code", "lsoa21_name", "polygon",
     "LSOA 2021 in Staffordshire and Stoke-on-Trent"},
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
