/* The report's inputs: the population base, the layers of each role and,
 * for a configuration, the systems layer made from its top tier. */
#include "report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ct_status open_layer(ct_report_job *r, const char *spec, ct_layer **out)
{
    char *crs = ct__sprintf("CRS=%s", r->pop->crs); /* a PROJ string can be long */
    if (!crs)
        return ct__nomem(r->ctx);
    const char *opts[] = {crs, NULL};
    ct_status st = ct_layer_open(r->ctx, out, spec, opts);
    free(crs);
    return st;
}

static bool same_text(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return !*a && !*b;
}

size_t ct__report_system_index(const ct_report_job *r, const char *code)
{
    const ct_layer *s = r->layer[CT__R_SYSTEMS];
    for (size_t i = 0; s && code && i < s->n; i++)
        if (!strcmp(s->ids[i], code))
            return i;
    for (size_t i = 0; s && code && i < s->n; i++)
        if (s->names && s->names[i] && same_text(s->names[i], code))
            return i;
    return CT__NONE;
}

/* SYSTEM=code: its index, or CT_EDATA listing a few codes. */
static ct_status find_only(ct_report_job *r)
{
    if (!r->only_code)
        return CT_OK;
    r->only = ct__report_system_index(r, r->only_code);
    if (r->only != CT__NONE)
        return CT_OK;
    const ct_layer *s = r->layer[CT__R_SYSTEMS];
    return ct__err(r->ctx, CT_EDATA,
                   "report: unknown system '%s': not a code or name of %s (%zu systems, "
                   "e.g. %s %s)",
                   r->only_code, s->source, s->n, s->n ? s->ids[0] : "",
                   s->n && s->names && s->names[0] ? s->names[0] : "");
}

ct_status ct__report_open(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    ct_status st = ct_pop_open(ctx, &r->pop, NULL, NULL);
    for (int k = 0; !st && k < CT__R_NLAYERS; k++)
        if (k != CT__R_SYSTEMS || !strcmp(r->mode, "national"))
            st = open_layer(r, r->spec[k], &r->layer[k]);
    if (!st && r->blocks_spec)
        st = open_layer(r, r->blocks_spec, &r->blocks);
    if (!st && r->ntiers) {
        r->tiers = ct__calloc(r->ntiers, sizeof *r->tiers);
        st = r->tiers ? CT_OK : ct__nomem(ctx);
        for (size_t i = 0; !st && i < r->ntiers; i++)
            st = open_layer(r, r->tier_spec[i], &r->tiers[i]);
        if (!st)
            r->layer[CT__R_SYSTEMS] = r->tiers[0];
    }
    for (int k = 0; !st && k < CT__R_NLAYERS; k++)
        if (r->layer[k] && !(r->label[k] = ct__short_label(r->layer[k]->source)))
            st = ct__nomem(ctx);
    if (!st && !r->config)
        st = find_only(r);
    return st;
}

/* Copy the top tier (unit, geometry) of the check result into a table
 * with code and name columns, so that any command can open it. */
static ct_status systems_table(ct_report_job *r, const char *tier, ct_table **out)
{
    ct_ctx *ctx = r->ctx;
    const ct_table *src = ct_result_table_by_name(r->check, tier);
    if (!src)
        return ct__err(ctx, CT_EINTERNAL, "report: check has no tier table '%s'", tier);
    size_t cu = ct_table_colindex(src, "unit"), cg = ct_table_colindex(src, "geom");
    for (size_t j = 0; cg == (size_t)-1 && j < ct_table_ncols(src); j++)
        if (ct_table_coltype(src, j) == CT_COL_GEOM)
            cg = j;
    if (cu == (size_t)-1 || cg == (size_t)-1)
        return ct__err(ctx, CT_EINTERNAL, "report: tier table '%s' lacks unit or geometry", tier);
    size_t n = ct_table_nrows(src);
    ct_status st = ct__table_new(ctx, out, "systems", "system_code:t,system_name:t,geom:g", n);
    if (!st)
        st = ct__table_set_crs(ctx, *out, ct_table_crs(src));
    for (size_t i = 0; !st && i < n; i++) {
        size_t len = 0;
        const unsigned char *wkb = ct_table_geom(src, i, cg, &len);
        unsigned char *copy = len ? ct__malloc(len) : NULL;
        if (len && !copy)
            st = ct__nomem(ctx);
        if (!st && len)
            memcpy(copy, wkb, len);
        if (!st)
            ct__table_take_geom(*out, i, 2, copy, len);
        if (!st)
            st = ct__table_set_text(ctx, *out, i, 0, ct_table_text(src, i, cu));
        if (!st)
            st = ct__table_set_text(ctx, *out, i, 1, ct_table_text(src, i, cu));
    }
    return st;
}

ct_status ct__report_config_systems(ct_report_job *r)
{
    ct_ctx *ctx = r->ctx;
    json_t *summary = NULL;
    ct_status st = ct__rdoc(ctx, r->check, "summary", &summary);
    const char *tier = st ? NULL
                          : json_string_value(json_object_get(
                                json_array_get(json_object_get(summary, "tiers"), 0), "name"));
    if (!st && !tier)
        st = ct__err(ctx, CT_EINTERNAL, "report: check summary names no tier");
    ct_table *t = NULL;
    if (!st)
        st = systems_table(r, tier, &t);
    if (!st && !(r->label[CT__R_SYSTEMS] = ct__strdup(tier)))
        st = ct__nomem(ctx);
    json_decref(summary);
    const char *tmp = getenv("TMPDIR");
    char *dir = st ? NULL : ct__sprintf("%s/coterm-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!st && !dir)
        st = ct__nomem(ctx);
    if (!st && !mkdtemp(dir))
        st = ct__err(ctx, CT_EIO, "%s: cannot create a temporary directory", dir);
    if (!st) {
        r->scratch = dir;
        dir = NULL;
        r->systems_file = ct__sprintf("%s/systems.gpkg", r->scratch);
        st = r->systems_file ? CT_OK : ct__nomem(ctx);
    }
    free(dir);
    if (!st)
        st = ct_table_write(ctx, t, r->systems_file, NULL);
    ct_table_free(t);
    if (!st)
        st = open_layer(r, r->systems_file, &r->layer[CT__R_SYSTEMS]);
    if (!st)
        st = find_only(r);
    return st;
}

void ct__report_inputs_free(ct_report_job *r)
{
    for (size_t i = 0; r->tiers && i < r->ntiers; i++)
        if (r->tiers[i] != r->layer[CT__R_SYSTEMS])
            ct_layer_free(r->tiers[i]);
    free(r->tiers);
    for (int k = 0; k < CT__R_NLAYERS; k++) {
        ct_layer_free(r->layer[k]);
        free(r->label[k]);
    }
    ct_layer_free(r->blocks);
    ct_pop_free(r->pop);
    if (r->systems_file)
        unlink(r->systems_file);
    if (r->scratch)
        rmdir(r->scratch);
    free(r->systems_file);
    free(r->scratch);
}
