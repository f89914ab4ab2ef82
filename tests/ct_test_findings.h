/* Asserting a findings.json list exactly (check, and the commands that use
 * its vocabulary). Include after <cmocka.h> and <jansson.h>. */
#ifndef COTERM_TEST_FINDINGS_H
#define COTERM_TEST_FINDINGS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One expected finding; units and against_units joined with ';'. */
typedef struct want {
    const char *type, *severity, *tier, *units, *against, *against_units;
    double pop;
} want;

static void joined(const json_t *arr, char *buf, size_t cap)
{
    buf[0] = '\0';
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, "%s%s", i ? ";" : "", json_string_value(v));
    }
}

/* The findings are exactly w, in order; populations within pop_tol, and
 * every message a sentence. */
static void expect_findings(const json_t *list, const want *w, size_t n, double pop_tol)
{
    if (json_array_size(list) != n) {
        char *s = json_dumps(list, JSON_INDENT(1));
        print_error("%s\n", s);
        free(s);
    }
    assert_int_equal(json_array_size(list), n);
    for (size_t i = 0; i < n; i++) {
        const json_t *f = json_array_get(list, i);
        char units[1024], against_units[1024];
        joined(json_object_get(f, "units"), units, sizeof units);
        joined(json_object_get(f, "against_units"), against_units, sizeof against_units);
        assert_string_equal(json_string_value(json_object_get(f, "type")), w[i].type);
        assert_string_equal(json_string_value(json_object_get(f, "severity")), w[i].severity);
        assert_string_equal(json_string_value(json_object_get(f, "tier")), w[i].tier);
        assert_string_equal(units, w[i].units);
        if (w[i].against)
            assert_string_equal(json_string_value(json_object_get(f, "against")), w[i].against);
        else
            assert_true(json_is_null(json_object_get(f, "against")));
        assert_string_equal(against_units, w[i].against_units);
        const json_t *un = json_object_get(f, "unit_names"), *an = json_object_get(f, "against_names");
        assert_int_equal(json_array_size(un), json_array_size(json_object_get(f, "units")));
        assert_int_equal(json_array_size(an),
                         json_array_size(json_object_get(f, "against_units")));
        assert_float_equal(json_number_value(json_object_get(f, "population")), w[i].pop,
                           pop_tol);
        assert_true(strlen(json_string_value(json_object_get(f, "message"))) > 20);
    }
}

/* Finding i's unit_names and against_names, joined with ';'. */
static inline void expect_names(const json_t *list, size_t i, const char *unit_names,
                         const char *against_names)
{
    const json_t *f = json_array_get(list, i);
    char names[1024];
    joined(json_object_get(f, "unit_names"), names, sizeof names);
    assert_string_equal(names, unit_names);
    joined(json_object_get(f, "against_names"), names, sizeof names);
    assert_string_equal(names, against_names);
}

#endif
