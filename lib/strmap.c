/* Open-addressing hash map from borrowed strings to indexes. */
#include "ct_private.h"

#include <stdlib.h>
#include <string.h>

struct ct__strmap {
    size_t cap, n;
    const char **keys;
    size_t *vals;
};

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

ct__strmap *ct__strmap_new(size_t expected)
{
    ct__strmap *m = ct__calloc(1, sizeof *m);
    if (!m)
        return NULL;
    size_t cap = 16;
    while (cap < expected * 2 + 1)
        cap *= 2;
    m->cap = cap;
    m->keys = ct__calloc(cap, sizeof *m->keys);
    m->vals = ct__malloc(cap * sizeof *m->vals);
    if (!m->keys || !m->vals) {
        ct__strmap_free(m);
        return NULL;
    }
    return m;
}

void ct__strmap_free(ct__strmap *m)
{
    if (!m)
        return;
    free(m->keys);
    free(m->vals);
    free(m);
}

static size_t slot(const ct__strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key))
        i = (i + 1) & (m->cap - 1);
    return i;
}

static bool grow(ct__strmap *m)
{
    ct__strmap big = {.cap = m->cap * 2};
    big.keys = ct__calloc(big.cap, sizeof *big.keys);
    big.vals = ct__malloc(big.cap * sizeof *big.vals);
    if (!big.keys || !big.vals) {
        free(big.keys);
        free(big.vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot(&big, m->keys[i]);
            big.keys[j] = m->keys[i];
            big.vals[j] = m->vals[i];
        }
    big.n = m->n;
    free(m->keys);
    free(m->vals);
    *m = big;
    return true;
}

ct_status ct__strmap_put(ct_ctx *ctx, ct__strmap *m, const char *key, size_t val, size_t *old)
{
    if (old)
        *old = CT__NONE;
    if ((m->n + 1) * 2 > m->cap && !grow(m))
        return ct__nomem(ctx);
    size_t i = slot(m, key);
    if (m->keys[i]) {
        if (old)
            *old = m->vals[i];
        return CT_OK;
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return CT_OK;
}

size_t ct__strmap_get(const ct__strmap *m, const char *key)
{
    if (!m || !key)
        return CT__NONE;
    size_t i = slot(m, key);
    return m->keys[i] ? m->vals[i] : CT__NONE;
}
