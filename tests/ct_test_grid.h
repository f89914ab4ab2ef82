/* The cmocka fixture of the hand-made check grid (tests/cases/check): nine
 * 1 km squares B1..B9 (row by row from the south-west, Bi with 100 i
 * people), councils C1..C3 = its columns (1200, 1500 and 1800 people),
 * boards D1 = the two western columns (2700) and D2 = the eastern one
 * (1800); the population base is the squares themselves. Also the 5 x 5
 * grid (grid.geojson: G1..G25 row by row from the south-west, 100 people
 * each but G5 120 and G14 150; G26 an island 3 km east with 90) and its
 * population (grid_pop.geojson). Define CHECK_CASES and include after
 * <cmocka.h>. */
#ifndef COTERM_TEST_GRID_H
#define COTERM_TEST_GRID_H

#include <coterm.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef CHECK_CASES
#error "CHECK_CASES must name tests/cases/check"
#endif

typedef struct fx {
    ct_ctx *ctx;
    ct_layer *blocks, *councils, *boards, *grid;
    ct_pop *pop, *grid_pop;
} fx;

/* dir/name (eight buffers, so a few can be in use at once). */
static char *path_in(const char *dir, const char *name)
{
    static char buf[8][1024];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* A file of the check cases. */
static char *path_of(const char *name)
{
    return path_in(CHECK_CASES, name);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    const char *popts[] = {"POP_FIELD=people", NULL};
    if (!f || ct_ctx_new(&f->ctx, NULL) ||
        ct_layer_open(f->ctx, &f->blocks, path_of("blocks.geojson"), NULL) ||
        ct_layer_open(f->ctx, &f->councils, path_of("councils.geojson"), NULL) ||
        ct_layer_open(f->ctx, &f->boards, path_of("boards.geojson"), NULL) ||
        ct_pop_open(f->ctx, &f->pop, path_of("pop.geojson"), popts) ||
        ct_layer_open(f->ctx, &f->grid, path_of("grid.geojson"), NULL) ||
        ct_pop_open(f->ctx, &f->grid_pop, path_of("grid_pop.geojson"), popts))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    ct_layer_free(f->blocks);
    ct_layer_free(f->councils);
    ct_layer_free(f->boards);
    ct_pop_free(f->pop);
    ct_layer_free(f->grid);
    ct_pop_free(f->grid_pop);
    ct_ctx_free(f->ctx);
    free(f);
    return 0;
}

#endif
