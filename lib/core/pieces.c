/* Growable piece table: (a unit, b unit, area, population). */
#include "pieces.h"

#include <stdlib.h>

ct_status ct__pieces_push(ct_ctx *ctx, ct__pieces *p, size_t a, size_t b, double area,
                          double pop)
{
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        ct__piece *v = ct__realloc(p->v, cap * sizeof *v);
        if (!v)
            return ct__nomem(ctx);
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = (ct__piece){.a = a, .b = b, .area = area, .pop = pop};
    return CT_OK;
}

void ct__pieces_free(ct__pieces *p)
{
    if (!p)
        return;
    free(p->v);
    p->v = NULL;
    p->n = p->cap = 0;
}

int ct__piece_cmp(const void *x, const void *y)
{
    const ct__piece *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}
