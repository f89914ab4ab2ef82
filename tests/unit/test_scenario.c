/* Scenarios (docs/scenario.md): the check of a configuration held in
 * memory, block neighbours, and ct_compare, ct_whatif and ct_suggest on
 * hand-made grids.
 *
 * The check grid (tests/cases/check): nine 1 km squares B1..B9, row by row
 * from the south-west, Bi with 100 i people; councils C1..C3 are its
 * columns (1200, 1500 and 1800 people). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"

#include "ct_test_grid.h"

/* Queen neighbours of the 3x3 grid: corners have 3, edges 5, the centre 8;
 * 6 horizontal + 6 vertical + 8 diagonal = 20 links. */
static void test_neighbours(void **state)
{
    fx *f = *state;
    size_t *start = NULL, *nbr = NULL;
    assert_int_equal(ct__geoms_neighbours(f->ctx, f->blocks->geoms, 0, &start, &nbr), CT_OK);
    assert_int_equal(start[9], 40);
    size_t b1 = ct__strmap_get(f->blocks->index, "B1"), b5 = ct__strmap_get(f->blocks->index, "B5");
    assert_int_equal(start[b1 + 1] - start[b1], 3);
    assert_int_equal(start[b5 + 1] - start[b5], 8);
    const char *want[] = {"B2", "B4", "B5"};
    for (size_t k = 0; k < 3; k++)
        assert_string_equal(f->blocks->ids[nbr[start[b1] + k]], want[k]);
    free(start);
    free(nbr);
}

/* A check of the configuration in memory gives the documents of ct_check. */
static void test_check_conf(void **state)
{
    fx *f = *state;
    const ct_layer *against[] = {f->councils};
    ct__ckconf conf;
    ct_result *r1 = NULL, *r2 = NULL;
    assert_int_equal(ct__ckconf_read(f->ctx, path_of("split.csv"), &conf), CT_OK);
    assert_int_equal(ct_check(f->ctx, &r1, path_of("split.csv"), f->blocks, against, 1,
                              f->pop, NULL),
                     CT_OK);
    assert_int_equal(ct__check_conf(f->ctx, &r2, &conf, f->blocks, against, 1, f->pop, NULL),
                     CT_OK);
    assert_string_equal(ct_result_doc(r1, "findings"), ct_result_doc(r2, "findings"));
    assert_string_equal(ct_result_doc(r1, "summary"), ct_result_doc(r2, "summary"));
    ct_result_free(r1);
    ct_result_free(r2);
    ct__ckconf_free(&conf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_neighbours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_conf, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
