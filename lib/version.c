/* Runtime version. */
#include "ct_private.h"

const char *ct_version(void)
{
    return CT_VERSION_STRING;
}

int ct_version_number(void)
{
    return CT_VERSION_MAJOR * 10000 + CT_VERSION_MINOR * 100 + CT_VERSION_PATCH;
}
