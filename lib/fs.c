/* Small file-system helpers. */
#include "ct_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

ct_status ct__mkdir_p(ct_ctx *ctx, const char *dir)
{
    char *p = ct__strdup(dir);
    if (!p)
        return ct__nomem(ctx);
    for (char *s = p + 1; ; s++) {
        bool end = *s == '\0';
        if (*s == '/' || end) {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                ct_status st = ct__err(ctx, CT_EIO, "%s: cannot create directory: %s", p,
                                       strerror(errno));
                free(p);
                return st;
            }
            if (end)
                break;
            *s = '/';
        }
    }
    struct stat sb;
    bool ok = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
    free(p);
    return ok ? CT_OK : ct__err(ctx, CT_EIO, "%s: not a directory", dir);
}

bool ct__file_exists(const char *path)
{
    struct stat sb;
    return path && stat(path, &sb) == 0;
}
