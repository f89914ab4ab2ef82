/* Layer specs: a built-in name or "PATH[:LAYER]" (docs/formats.md), read
 * through the GDAL adapter. */
#include "inputs.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Resolve "PATH[:LAYER]" or a built-in name into a read request. */
static ct_status resolve(ct_ctx *ctx, const char *spec, ct__read_req *req, char **path,
                         char **layer)
{
    *path = *layer = NULL;
    const ct__builtin *b = ct__builtin_find(spec);
    if (b) {
        *path = ct__data_path(ctx, b->file);
        *layer = ct__strdup(b->layer);
        if (!*path)
            return ct_errcode(ctx);
        if (!*layer)
            return ct__nomem(ctx);
        if (!req->id_field)
            req->id_field = b->id_field;
        if (!req->name_field)
            req->name_field = b->name_field;
    } else {
        const char *colon = strrchr(spec, ':');
        bool pg = !strncmp(spec, "PG:", 3);
        /* "PG:dbname=x:layer" names a table; a colon inside the connection
         * string is followed by a key=value, a layer name is not */
        bool split = colon && colon != spec && !ct__file_exists(spec) &&
                     (!pg || (colon > spec + 2 && !strchr(colon, '=')));
        *path = split ? ct__malloc((size_t)(colon - spec) + 1) : ct__strdup(spec);
        if (!*path)
            return ct__nomem(ctx);
        if (split) {
            memcpy(*path, spec, (size_t)(colon - spec));
            (*path)[colon - spec] = '\0';
            if (!(*layer = ct__strdup(colon + 1)))
                return ct__nomem(ctx);
        }
        if (!ct__file_exists(*path) && strncmp(*path, "PG:", 3) != 0 && !strchr(spec, '/') &&
            !strchr(spec, '.'))
            return ct__err(ctx, CT_EIO,
                           "'%s' is neither a file nor a built-in layer (see 'coterm layers')",
                           spec);
    }
    req->path = *path;
    req->layer = *layer;
    return CT_OK;
}

ct_status ct__read_spec(ct_ctx *ctx, const char *spec, const ct__read_req *req,
                        ct__features *out)
{
    ct__read_req r = *req;
    char *path = NULL, *layer = NULL;
    ct_status st = resolve(ctx, spec, &r, &path, &layer);
    if (!st)
        st = ct__gdal_read_features(ctx, &r, out);
    free(path);
    free(layer);
    return st;
}

bool ct__is_csv(const char *spec)
{
    size_t n = strlen(spec);
    return n > 4 && !strcasecmp(spec + n - 4, ".csv");
}

char *ct__short_label(const char *source)
{
    const char *s = source ? source : "layer";
    const char *colon = strrchr(s, ':'), *slash = strrchr(s, '/');
    if (colon && colon[1])
        s = colon + 1;
    else if (slash)
        s = slash + 1;
    char *out = ct__strdup(*s ? s : "layer");
    if (!out)
        return NULL;
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = '\0';
    for (char *p = out; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return out;
}
