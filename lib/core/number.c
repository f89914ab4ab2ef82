/* Numbers read from text (options, tables, bands). */
#include "core.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

bool ct__parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r')
        end++;
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}
