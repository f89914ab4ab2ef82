/* The cmocka fixture the test files share: a fresh context per test, in
 * *state, freed after it. Include after <cmocka.h>. */
#ifndef COTERM_TEST_CTX_H
#define COTERM_TEST_CTX_H

#include <coterm.h>

static int setup(void **state)
{
    ct_ctx *ctx = NULL;
    if (ct_ctx_new(&ctx, NULL))
        return -1;
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    ct_ctx_free(*state);
    return 0;
}

#endif
