/* JSON documents in results. */
#include "ctx.h"
#include "jsonutil.h"

#include <stdlib.h>
#include <string.h>

/* Text being dumped. A failure is sticky: jansson 2.14 ignores the status
 * of writing an object's key, so after one failed append it would go on and
 * produce a document with a key missing. */
typedef struct textbuf {
    char *s;
    size_t len, cap;
    bool failed;
} textbuf;

static int append(const char *buf, size_t n, void *data)
{
    textbuf *t = data;
    if (!t->failed && t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *s = ct__realloc(t->s, cap);
        t->failed = !s;
        if (s) {
            t->s = s;
            t->cap = cap;
        }
    }
    if (t->failed)
        return -1;
    memcpy(t->s + t->len, buf, n);
    t->len += n;
    t->s[t->len] = '\0';
    return 0;
}

ct_status ct__result_add_json(ct_ctx *ctx, ct_result *r, const char *name, json_t *j)
{
    if (!j)
        return ct__nomem(ctx);
    textbuf t = {0};
    /* 17 significant digits: every real reads back as the very double */
    int rc = json_dump_callback(j, append, &t,
                                JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(j);
    if (rc || t.failed || !t.s) {
        free(t.s);
        return ct__nomem(ctx);
    }
    return ct__result_add_doc(ctx, r, name, t.s);
}

json_t *ct__diags_json(const ct_ctx *ctx, ct_diag_kind kind)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < ctx->ndiags; i++)
        if (ctx->diags[i].kind == kind && json_array_append_new(arr, json_string(ctx->diags[i].msg)))
            return json_decref(arr), NULL;
    return arr;
}

bool ct__json_push(json_t *arr, json_t *v, bool ok)
{
    return !json_array_append_new(arr, v) && ok; /* frees v when it cannot */
}

bool ct__json_put(json_t *obj, const char *key, json_t *v, bool ok)
{
    return !json_object_set_new(obj, key, v) && ok;
}

json_t *ct__json_done(json_t *j, bool ok)
{
    if (ok && j)
        return j;
    json_decref(j);
    return NULL;
}
