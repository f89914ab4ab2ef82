/* Assignments of small areas to units. */
#include "assignment.h"

#include <stdlib.h>
#include <string.h>

void ct__assign_free(ct__assign *a)
{
    if (!a)
        return;
    free(a->start);
    free(a->unit);
    free(a->frac);
    memset(a, 0, sizeof *a);
}
