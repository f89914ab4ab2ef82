/* The cmocka fixture of the real-data tests: a context, the embedded
 * population base and the built-in layers the test names. Before including
 * (after <cmocka.h>), define ENGLAND_LAYERS as X(field, "name") entries, e.g.
 *   #define ENGLAND_LAYERS X(ccg, "ccg21") X(ltla, "ltla21")
 * The fixture struct fx then has ctx, pop and one ct_layer * per entry. */
#ifndef COTERM_TEST_ENGLAND_H
#define COTERM_TEST_ENGLAND_H

#include <coterm.h>
#include <stdlib.h>

#ifndef ENGLAND_LAYERS
#error "define ENGLAND_LAYERS before including ct_test_england.h"
#endif

typedef struct fx {
    ct_ctx *ctx;
    ct_pop *pop;
#define X(field, name) ct_layer *field;
    ENGLAND_LAYERS
#undef X
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    bool ok = f && !ct_ctx_new(&f->ctx, NULL) && !ct_pop_open(f->ctx, &f->pop, NULL, NULL);
#define X(field, name) ok = ok && !ct_layer_open(f->ctx, &f->field, name, NULL);
    ENGLAND_LAYERS
#undef X
    if (!ok) {
        print_error("setup: %s\n", f ? ct_errmsg(f->ctx) : "no memory");
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
#define X(field, name) ct_layer_free(f->field);
    ENGLAND_LAYERS
#undef X
    ct_pop_free(f->pop);
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

#endif
