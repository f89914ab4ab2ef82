/* "KEY=VALUE" option lists for the library, each built at its full length
 * (a long PROJ string or path is passed whole, never cut to a buffer). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Out of memory for a few option strings: nothing sensible is left to do. */
static void *need(void *p)
{
    if (!p) {
        fputs("coterm: error: out of memory\n", stderr);
        exit(EXIT_INPUT);
    }
    return p;
}

static void push(cli_opts *o, char *s)
{
    if (o->n + 2 > o->cap) {
        o->cap = o->cap ? 2 * o->cap : 8;
        o->v = need(realloc(o->v, o->cap * sizeof *o->v));
    }
    o->v[o->n++] = s;
    o->v[o->n] = NULL;
}

void cli_opts_add(cli_opts *o, const char *key, const char *val)
{
    if (val)
        push(o, need(cli_sprintf("%s=%s", key, val)));
}

void cli_opts_addf(cli_opts *o, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *s = need(n < 0 ? NULL : malloc((size_t)n + 1));
    vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    va_end(ap);
    push(o, s);
}

void cli_opts_add_list(cli_opts *o, const char *const *list)
{
    for (size_t i = 0; list && list[i]; i++)
        push(o, need(cli_sprintf("%s", list[i])));
}

const char *const *cli_opts_list(cli_opts *o)
{
    if (!o->v) { /* no options: an empty list */
        o->cap = 1;
        o->v = need(calloc(1, sizeof *o->v));
    }
    return (const char *const *)o->v;
}

void cli_opts_free(cli_opts *o)
{
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i]);
    free(o->v);
    *o = (cli_opts){0};
}
