/* Allocation wrappers: one place to inject failures in tests. */
#include "ct_private.h"

#include <stdlib.h>
#include <string.h>

long ct__alloc_fail_countdown = 0;

static bool should_fail(void)
{
    if (ct__alloc_fail_countdown <= 0)
        return false;
    return --ct__alloc_fail_countdown == 0;
}

void *ct__malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *ct__calloc(size_t n, size_t size)
{
    return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *ct__realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void *ct__regrow(void *p, size_t n, size_t size, bool *ok)
{
    void *q = *ok ? ct__realloc(p, n * size) : NULL;
    *ok = q != NULL;
    return q ? q : p;
}

char *ct__strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = ct__malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void ct_free(void *ptr)
{
    free(ptr);
}
