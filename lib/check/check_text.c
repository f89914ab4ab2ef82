/* Wording of check findings: numbers and unit names a planner can read. */
#include "check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ct__ck_people(char *buf, size_t cap, double pop)
{
    if (isnan(pop)) {
        snprintf(buf, cap, "an unknown number of people");
        return;
    }
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%.0f", pop < 0 ? 0 : pop);
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n && k + 2 < sizeof grouped; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    snprintf(buf, cap, "%s %s", grouped, !strcmp(grouped, "1") ? "person" : "people");
}

void ct__ck_unit_label(char *buf, size_t cap, const ct_layer *l, size_t u)
{
    const char *name = l->names[u];
    if (name && *name && strcmp(name, l->ids[u]))
        snprintf(buf, cap, "%s (%s)", name, l->ids[u]);
    else
        snprintf(buf, cap, "%s", l->ids[u]);
}

void ct__ck_unit_label_people(char *buf, size_t cap, const ct_layer *l, size_t u, double pop)
{
    char people[64];
    const char *name = l->names[u];
    ct__ck_people(people, sizeof people, pop);
    if (name && *name && strcmp(name, l->ids[u]))
        snprintf(buf, cap, "%s (%s, %s)", name, l->ids[u], people);
    else
        snprintf(buf, cap, "%s (%s)", l->ids[u], people);
}

void ct__ck_list_sep(char *buf, size_t cap, size_t i, size_t n)
{
    snprintf(buf, cap, "%s", i == 0 ? "" : i + 1 == n ? " and " : ", ");
}

void ct__ck_percent(char *buf, size_t cap, double share)
{
    if (share > 0 && share < 0.005)
        snprintf(buf, cap, "<1%%");
    else if (share < 1 && share > 0.995)
        snprintf(buf, cap, ">99%%");
    else
        snprintf(buf, cap, "%.0f%%", share * 100);
}

char *ct__ck_unit_text(const ct_layer *l, size_t u)
{
    const char *name = l->names ? l->names[u] : NULL;
    if (name && *name && strcmp(name, l->ids[u]))
        return ct__sprintf("%s (%s)", name, l->ids[u]);
    return ct__sprintf("'%s'", l->ids[u]);
}

const char *ct__ck_name(const ct_layer *l, size_t u)
{
    const char *name = l->names ? l->names[u] : NULL;
    return name && *name ? name : l->ids[u];
}

ct_status ct__ck_add(ct__check *c, const ct__finding *f, json_t *extra, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = ct__vsprintf(fmt, ap);
    va_end(ap);
    if (!msg) {
        json_decref(extra);
        return ct__nomem(c->ctx);
    }
    ct__finding x = *f;
    x.message = msg;
    ct_status st = ct__findings_add_new(c->ctx, &c->findings, &x, extra);
    free(msg);
    return st;
}
