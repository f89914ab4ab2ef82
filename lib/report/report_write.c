/* Writing the report: every page, report.json, the CSV tables and
 * report.gpkg are made in memory first and written in one batch by
 * ct__write_outputs (all or nothing: a failure leaves DIR as it was). The
 * PDF follows in a batch of its own, so that a Chromium failure costs only
 * the PDF. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TABLES 16

typedef struct batch {
    ct_report_job *r;
    ct__output *out; /* cap: pages + report.json + tables */
    char **path;
    ct__buf *page;
    size_t n, npages, cap;
    ct_table *own[2 * MAX_TABLES];
    size_t nown;
    ct__table_file files[MAX_TABLES + 1];
    const ct_table *gpkg[MAX_TABLES];
    const ct_table *csv[MAX_TABLES];
    size_t nfiles;
} batch;

static ct_status add(batch *b, const char *name, ct__output_fn fn, const void *arg)
{
    ct_ctx *ctx = b->r->ctx;
    if (b->n == b->cap)
        return ct__err(ctx, CT_EINTERNAL, "report: too many files");
    if (!(b->path[b->n] = ct__sprintf("%s/%s", b->r->dir, name)))
        return ct__nomem(ctx);
    b->out[b->n] = (ct__output){.path = b->path[b->n], .write = fn, .arg = arg};
    b->n++;
    return CT_OK;
}

static ct_status pages(batch *b)
{
    ct_report_job *r = b->r;
    const json_t *systems = json_object_get(r->model, "systems");
    size_t ns = json_array_size(systems);
    ct_status st = CT_OK;
    if (r->only == CT__NONE) {
        ct__buf *p = &b->page[b->npages++];
        st = ct__report_index_html(r, p);
        if (!st)
            st = add(b, "index.html", ct__output_text, p->s);
    }
    for (size_t s = 0; !st && s < ns; s++) {
        if (r->only != CT__NONE && s != r->only)
            continue;
        ct__buf *p = &b->page[b->npages++];
        st = ct__report_system_html(r, s, p);
        if (!st)
            st = add(b, json_string_value(json_object_get(json_array_get(systems, s), "page")),
                     ct__output_text, p->s);
    }
    return st;
}

static ct_status tables(batch *b)
{
    ct_report_job *r = b->r;
    ct_ctx *ctx = r->ctx;
    size_t ncsv = 0, ng = 0;
    ct_status st = ct__report_csv_tables(r, b->own, &ncsv);
    b->nown = ncsv;
    for (size_t i = 0; !st && i < ncsv; i++) {
        char *name = ct__sprintf("%s.csv", ct_table_name(b->own[i]));
        b->csv[i] = b->own[i];
        b->files[b->nfiles] = (ct__table_file){.tables = &b->csv[i], .n = 1, .format = "CSV"};
        st = name ? add(b, name, ct__output_tables, &b->files[b->nfiles++]) : ct__nomem(ctx);
        free(name);
    }
    /* report.gpkg: the report's layers, then the drawn layers of the commands */
    if (!st)
        st = ct__report_gpkg_tables(r, b->own + b->nown, &ng);
    size_t k = 0;
    for (size_t i = 0; i < ng; i++)
        b->gpkg[k++] = b->own[b->nown + i];
    b->nown += ng;
    const ct_table *extra[] = {ct_result_table_by_name(r->flows, "catchments"),
                               ct_result_table_by_name(r->pcn, "neighbourhoods")};
    for (size_t i = 0; i < 2; i++)
        if (extra[i])
            b->gpkg[k++] = extra[i];
    json_t *summary = NULL;
    if (!st && r->config && !ct__rdoc(ctx, r->check, "summary", &summary)) {
        const json_t *tiers = json_object_get(summary, "tiers");
        for (size_t i = 1; i < json_array_size(tiers) && k < MAX_TABLES; i++) {
            const ct_table *t = ct_result_table_by_name(
                r->check, json_string_value(json_object_get(json_array_get(tiers, i), "name")));
            if (t)
                b->gpkg[k++] = t;
        }
    }
    json_decref(summary);
    b->files[b->nfiles] = (ct__table_file){.tables = b->gpkg, .n = k, .format = "GPKG"};
    return st ? st : add(b, "report.gpkg", ct__output_tables, &b->files[b->nfiles++]);
}

static void batch_free(batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->path[i]);
    for (size_t i = 0; i < b->npages; i++)
        ct__buf_free(&b->page[i]);
    for (size_t i = 0; i < b->nown; i++)
        ct_table_free(b->own[i]);
    free(b->out);
    free(b->path);
    free(b->page);
}

ct_status ct__report_write(ct_report_job *r)
{
    batch *b = ct__calloc(1, sizeof *b);
    if (!b)
        return ct__nomem(r->ctx);
    b->r = r;
    size_t ns = json_array_size(json_object_get(r->model, "systems"));
    b->cap = ns + 2 + 2 * MAX_TABLES;
    b->out = ct__calloc(b->cap, sizeof *b->out);
    b->path = ct__calloc(b->cap, sizeof *b->path);
    b->page = ct__calloc(ns + 1, sizeof *b->page);
    ct_status st = b->out && b->path && b->page ? pages(b) : ct__nomem(r->ctx);
    if (!st)
        st = add(b, "report.json", ct__output_text, r->json_text);
    if (!st)
        st = tables(b);
    if (!st)
        st = ct__write_outputs(r->ctx, b->out, b->n);
    batch_free(b);
    free(b);
    return !st && r->pdf ? ct__report_pdf(r) : st;
}
