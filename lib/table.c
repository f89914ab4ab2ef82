/* Result tables: typed columns filled by the library, read by callers. */
#include "adapt/adapt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct column {
    char *name;
    ct_coltype type;
    double *num;
    char **text;
    unsigned char **geom;
    size_t *glen;
} column;

struct ct_table {
    char *name, *crs;
    char *group; /* tables of one group are written as layers of one file */
    size_t ncols, nrows;
    column *cols;
};

static ct_coltype type_of(char c)
{
    switch (c) {
    case 't': return CT_COL_TEXT;
    case 'r': return CT_COL_REAL;
    case 'i': return CT_COL_INT;
    case 'g': return CT_COL_GEOM;
    default: return (ct_coltype)0;
    }
}

static ct_status alloc_column(column *c, size_t nrows)
{
    if (c->type == CT_COL_TEXT)
        c->text = ct__calloc(nrows, sizeof *c->text);
    else if (c->type == CT_COL_GEOM) {
        c->geom = ct__calloc(nrows, sizeof *c->geom);
        c->glen = ct__calloc(nrows, sizeof *c->glen);
    } else
        c->num = ct__calloc(nrows, sizeof *c->num);
    bool ok = c->type == CT_COL_TEXT ? !!c->text
              : c->type == CT_COL_GEOM ? (c->geom && c->glen) : !!c->num;
    return ok ? CT_OK : CT_ENOMEM;
}

ct_status ct__table_new(ct_ctx *ctx, ct_table **out, const char *name, const char *cols,
                        size_t nrows)
{
    *out = NULL;
    ct_table *t = ct__calloc(1, sizeof *t);
    if (!t)
        return ct__nomem(ctx);
    size_t ncols = 1;
    for (const char *p = cols; *p; p++)
        ncols += *p == ',';
    t->name = ct__strdup(name);
    t->cols = ct__calloc(ncols, sizeof *t->cols);
    if (!t->name || !t->cols) {
        ct_table_free(t);
        return ct__nomem(ctx);
    }
    t->nrows = nrows;
    const char *p = cols;
    for (size_t j = 0; j < ncols; j++) {
        const char *colon = strchr(p, ':');
        if (!colon) {
            ct_table_free(t);
            return ct__err(ctx, CT_EINTERNAL, "bad column spec '%s'", cols);
        }
        column *c = &t->cols[j];
        c->name = ct__malloc((size_t)(colon - p) + 1);
        if (!c->name) {
            ct_table_free(t);
            return ct__nomem(ctx);
        }
        memcpy(c->name, p, (size_t)(colon - p));
        c->name[colon - p] = '\0';
        c->type = type_of(colon[1]);
        t->ncols = j + 1;
        if (!c->type || alloc_column(c, nrows)) {
            bool typed = c->type != 0; /* c is freed with t */
            ct_table_free(t);
            return typed ? ct__nomem(ctx)
                         : ct__err(ctx, CT_EINTERNAL, "bad column type in '%s'", cols);
        }
        p = colon + 2;
        if (*p == ',')
            p++;
    }
    *out = t;
    return CT_OK;
}

void ct_table_free(ct_table *t)
{
    if (!t)
        return;
    for (size_t j = 0; j < t->ncols; j++) {
        column *c = &t->cols[j];
        for (size_t i = 0; c->text && i < t->nrows; i++)
            free(c->text[i]);
        for (size_t i = 0; c->geom && i < t->nrows; i++)
            free(c->geom[i]);
        free(c->text);
        free(c->geom);
        free(c->glen);
        free(c->num);
        free(c->name);
    }
    free(t->cols);
    free(t->name);
    free(t->crs);
    free(t->group);
    free(t);
}

/* Replace *dst with a copy of s (*dst is kept on failure). */
static ct_status replace_text(ct_ctx *ctx, char **dst, const char *s)
{
    char *d = ct__strdup(s);
    if (!d)
        return ct__nomem(ctx);
    free(*dst);
    *dst = d;
    return CT_OK;
}

ct_status ct__table_set_text(ct_ctx *ctx, ct_table *t, size_t row, size_t col, const char *s)
{
    return replace_text(ctx, &t->cols[col].text[row], s ? s : "");
}

void ct__table_set_real(ct_table *t, size_t row, size_t col, double v)
{
    t->cols[col].num[row] = v;
}

void ct__table_take_geom(ct_table *t, size_t row, size_t col, unsigned char *wkb, size_t len)
{
    free(t->cols[col].geom[row]);
    t->cols[col].geom[row] = wkb;
    t->cols[col].glen[row] = len;
}

ct_status ct__table_set_crs(ct_ctx *ctx, ct_table *t, const char *crs)
{
    return replace_text(ctx, &t->crs, crs);
}

ct_status ct__table_set_group(ct_ctx *ctx, ct_table *t, const char *group)
{
    return replace_text(ctx, &t->group, group);
}

const char *ct__table_group(const ct_table *t) { return t ? t->group : NULL; }

const char *ct_table_name(const ct_table *t) { return t ? t->name : NULL; }
size_t ct_table_nrows(const ct_table *t) { return t ? t->nrows : 0; }
size_t ct_table_ncols(const ct_table *t) { return t ? t->ncols : 0; }
const char *ct_table_crs(const ct_table *t) { return t && t->crs ? t->crs : ""; }

const char *ct_table_colname(const ct_table *t, size_t col)
{
    return t && col < t->ncols ? t->cols[col].name : NULL;
}

ct_coltype ct_table_coltype(const ct_table *t, size_t col)
{
    return t && col < t->ncols ? t->cols[col].type : (ct_coltype)0;
}

size_t ct_table_colindex(const ct_table *t, const char *name)
{
    for (size_t j = 0; t && name && j < t->ncols; j++)
        if (!strcmp(t->cols[j].name, name))
            return j;
    return (size_t)-1;
}

const char *ct_table_text(const ct_table *t, size_t row, size_t col)
{
    if (!t || col >= t->ncols || row >= t->nrows || !t->cols[col].text)
        return "";
    const char *s = t->cols[col].text[row];
    return s ? s : "";
}

double ct_table_real(const ct_table *t, size_t row, size_t col)
{
    if (!t || col >= t->ncols || row >= t->nrows || !t->cols[col].num)
        return NAN;
    return t->cols[col].num[row];
}

ct_status ct_table_real_column(const ct_table *t, size_t col, double *out)
{
    if (!t || !out || col >= t->ncols || !t->cols[col].num)
        return CT_EINVAL;
    if (t->nrows)
        memcpy(out, t->cols[col].num, t->nrows * sizeof *out);
    return CT_OK;
}

const unsigned char *ct_table_geom(const ct_table *t, size_t row, size_t col, size_t *len)
{
    if (len)
        *len = 0;
    if (!t || col >= t->ncols || row >= t->nrows || !t->cols[col].geom)
        return NULL;
    if (len)
        *len = t->cols[col].glen[row];
    return t->cols[col].geom[row];
}
