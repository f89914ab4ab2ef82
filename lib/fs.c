/* Small file-system helpers. */
#include "ct_private.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool ct__file_exists(const char *path)
{
    struct stat sb;
    return path && stat(path, &sb) == 0;
}
