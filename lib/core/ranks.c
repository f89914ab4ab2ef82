/* Ranks in id order. */
#include "ranks.h"

#include <stdlib.h>
#include <string.h>

/* qsort has no user data in C11, so the key travels with the element */
typedef struct keyed {
    const char *id;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

ct_status ct__id_ranks(ct_ctx *ctx, const char *const *ids, size_t n, size_t **rank)
{
    keyed *k = ct__malloc((n ? n : 1) * sizeof *k);
    *rank = ct__malloc((n ? n : 1) * sizeof **rank);
    if (!k || !*rank) {
        free(k);
        free(*rank);
        *rank = NULL;
        return ct__nomem(ctx);
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){ids[i], i};
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++)
        (*rank)[k[i].i] = i;
    free(k);
    return CT_OK;
}
