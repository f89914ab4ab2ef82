/* GDAL adapter for flows: which of some named fields a table has, so one
 * reader accepts several column vocabularies (patients or share, the
 * issue's names or the embedded OHID names). */
#include "../ct_private.h"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <pthread.h>

static pthread_once_t registered = PTHREAD_ONCE_INIT;

static void register_drivers(void)
{
    GDALAllRegister(); /* idempotent; ct_gdal.c does the same */
}

ct_status ct__gdal_has_fields(ct_ctx *ctx, const char *path, const char *const *names,
                              size_t n, bool *has)
{
    pthread_once(&registered, register_drivers);
    CPLPushErrorHandler(CPLQuietErrorHandler); /* the library never prints */
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    ct_status st = CT_OK;
    if (!ds)
        st = ct__err(ctx, CT_EIO, "%s: %s", path,
                     ct__file_exists(path) ? "cannot read as a table" : "no such file");
    OGRLayerH layer = ds && GDALDatasetGetLayerCount(ds) > 0 ? GDALDatasetGetLayer(ds, 0) : NULL;
    if (!st && !layer)
        st = ct__err(ctx, CT_EFORMAT, "%s: no table in the file", path);
    for (size_t i = 0; !st && i < n; i++)
        has[i] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(layer), names[i]) >= 0;
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return st;
}
