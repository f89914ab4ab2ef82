/* ct_suggest: prepare the tables, run the search (core/suggest_core.c), and
 * write the moves, one row per suggestion, the improved configuration and
 * suggest.json (docs/scenario.md). */
#include "suggest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SUGGEST_VERSION 1

static const char *council_name(const sgprep *p, size_t c)
{
    return p->against->names ? p->against->names[c] : "";
}

/* The rows of a move's atoms in configuration order (caller frees). */
static size_t *move_rows(const sgprep *p, const ct__sg_result *r, const ct__sg_move *m,
                         size_t *n)
{
    *n = 0;
    for (size_t i = 0; i < m->n; i++) {
        size_t a = r->atoms[m->first + i];
        *n += p->atom_rows_start[a + 1] - p->atom_rows_start[a];
    }
    size_t *rows = ct__malloc((*n ? *n : 1) * sizeof *rows), k = 0;
    for (size_t i = 0; rows && i < m->n; i++) {
        size_t a = r->atoms[m->first + i];
        for (size_t q = p->atom_rows_start[a]; q < p->atom_rows_start[a + 1]; q++)
            rows[k++] = p->atom_rows[q];
    }
    return rows;
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

static ct_status moves_table(const sgprep *p, const ct__sg_result *r, ct_result *res)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nmoves; i++) {
        size_t k;
        free(move_rows(p, r, &r->moves[i], &k));
        n += k;
    }
    ct_table *t = NULL;
    ct_status st = ct__table_new(p->ctx, &t, "moves", CT__MOVES_COLS, n);
    const char *tier = p->cfg->conf.tier[p->k];
    for (size_t i = 0, row = 0; !st && i < r->nmoves; i++) {
        const ct__sg_move *m = &r->moves[i];
        size_t k, *rows = move_rows(p, r, m, &k);
        if (!rows) {
            st = ct__nomem(p->ctx);
            break;
        }
        qsort(rows, k, sizeof *rows, cmp_size);
        for (size_t q = 0; !st && q < k; q++) {
            size_t b = p->row_block[rows[q]];
            st = ct__moves_row(p->ctx, t, row++, p->blocks, b, tier, p->unit_id[m->from],
                               p->unit_id[m->to], p->run.a_pop ? p->run.a_pop[b] : NAN);
        }
        free(rows);
    }
    return ct__result_add_built(p->ctx, res, st, t);
}

#define SUGGESTIONS_COLS                                                                    \
    "rank:i,from:t,to:t,against:t,council:t,council_name:t,blocks:i,pop:r,area_m2:r,"       \
    "councils_resolved:i,fit_gain:r,councils_split_after:i,fit_after:r,"                   \
    "councils_per_person:r,fit_per_person:r"

/* The moves' cost: people moved, or area without a base (as the search). */
static double cost(const sgprep *p, const ct__sg_move *m)
{
    double c = p->run.a_pop ? m->pop : m->area;
    return c > 1 ? c : 1;
}

static ct_status suggestions_table(const sgprep *p, const ct__sg_result *r, const char *label,
                                   ct_result *res)
{
    ct_table *t = NULL;
    ct_status st = ct__table_new(p->ctx, &t, "suggestions", SUGGESTIONS_COLS, r->nmoves);
    for (size_t i = 0; !st && i < r->nmoves; i++) {
        const ct__sg_move *m = &r->moves[i];
        size_t k;
        free(move_rows(p, r, m, &k));
        const char *text[] = {p->unit_id[m->from], p->unit_id[m->to], label,
                              p->against->ids[m->council], council_name(p, m->council)};
        for (size_t j = 0; !st && j < 5; j++)
            st = ct__table_set_text(p->ctx, t, i, j + 1, text[j]);
        double v[] = {(double)(i + 1), (double)k, p->run.a_pop ? m->pop : NAN, m->area,
                      (double)m->splits_gain, m->fit_gain, (double)m->splits_after,
                      r->total > 0 ? m->fit_after / r->total : 0,
                      (double)m->splits_gain / cost(p, m), m->fit_gain / cost(p, m)};
        static const size_t col[] = {0, 6, 7, 8, 9, 10, 11, 12, 13, 14};
        for (size_t j = 0; j < sizeof col / sizeof col[0]; j++)
            ct__table_set_real(t, i, col[j], v[j]);
    }
    return ct__result_add_built(p->ctx, res, st, t);
}

/* The configuration with every atom in its final unit, labelled from the
 * unchanged configuration (a unit's first row may itself have moved). */
static ct_status improved(const sgprep *p, const ct__sg_result *r, ct_result *res)
{
    ct_config *cfg = NULL;
    ct_table *t = NULL;
    ct_status st = ct__config_copy(p->ctx, p->cfg, &cfg);
    for (size_t a = 0; !st && a < p->natoms; a++) {
        size_t u = r->unit_of[a];
        if (u == p->atom_unit[a])
            continue;
        for (size_t q = p->atom_rows_start[a]; !st && q < p->atom_rows_start[a + 1]; q++)
            st = ct__config_take(p->ctx, cfg, p->atom_rows[q], &p->cfg->conf, p->unit_row[u],
                                 p->k, p->k);
    }
    if (!st)
        st = ct_config_table(p->ctx, cfg, &t);
    if (!st)
        st = ct__result_add_table(p->ctx, res, t);
    ct_config_free(cfg);
    return st;
}

static json_t *objective(const sgprep *p, const ct__sg_result *r, size_t splits, double fit)
{
    return json_pack("{s:I, s:f, s:f, s:s}", "council_splits", (json_int_t)splits, "fit_people",
                     fit, "fit", r->total > 0 ? fit / r->total : 0.0, "fit_basis",
                     p->run.a_pop ? "population" : "area");
}

static json_t *band_json(const sgprep *p)
{
    if (!p->keep_band)
        return json_null();
    json_t *lo = isnan(p->band.min) ? json_null() : json_real(p->band.min);
    json_t *hi = isnan(p->band.max) ? json_null() : json_real(p->band.max);
    return json_pack("{s:o, s:o}", "min", lo, "max", hi);
}

static ct_status doc(const sgprep *p, const ct__sg_result *r, const char *label, ct_result *res)
{
    json_t *list = json_array();
    double moved = 0;
    size_t blocks = 0;
    bool ok = list != NULL;
    for (size_t i = 0; ok && i < r->nmoves; i++) {
        const ct__sg_move *m = &r->moves[i];
        size_t k;
        free(move_rows(p, r, m, &k));
        blocks += k;
        moved += p->run.a_pop ? m->pop : m->area;
        ok = ct__json_push(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:I, s:f, s:I, s:f}", "rank",
                            (json_int_t)(i + 1), "from", p->unit_id[m->from], "to",
                            p->unit_id[m->to], "council", p->against->ids[m->council],
                            "council_name", council_name(p, m->council), "blocks",
                            (json_int_t)k, "population",
                            p->run.a_pop ? json_real(m->pop) : json_null(),
                            "councils_resolved", (json_int_t)m->splits_gain, "fit_gain",
                            m->fit_gain, "council_splits_after", (json_int_t)m->splits_after,
                            "fit_after", r->total > 0 ? m->fit_after / r->total : 0.0),
            ok);
    }
    list = ct__json_done(list, ok);
    json_t *j = !list ? NULL : json_pack(
        "{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:b, s:o, s:o, s:o, s:o, s:{s:I, s:I, "
        "s:f}, s:s, s:o}",
        "version", SUGGEST_VERSION, "command", "suggest", "coterm_version", ct_version(),
        "config", p->cfg->conf.source, "blocks", p->blocks->source, "tier",
        p->cfg->conf.tier[p->k], "against", label, "method", ct__method_name(p->method),
        "tolerance", p->tol, "keep_band", p->keep_band, "band", band_json(p), "max_moves",
        p->max_moves ? json_integer((json_int_t)p->max_moves) : json_null(), "before",
        objective(p, r, r->splits_before, r->fit_before), "after",
        objective(p, r, r->splits_after, r->fit_after), "moved", "moves",
        (json_int_t)r->nmoves, "blocks", (json_int_t)blocks, "population_or_area", moved,
        "stopped", r->stopped_by_max ? "max_moves" : "no_improving_move", "suggestions", list);
    return ct__result_add_json(p->ctx, res, "suggest", j);
}

ct_status ct_suggest(ct_ctx *ctx, ct_result **out, const ct_config *cfg, const char *tier,
                     const ct_layer *against, const ct_layer *blocks, const ct_pop *pop,
                     const char *const *opts)
{
    if (!ctx || !out || !cfg || !against)
        return ct__err(ctx, CT_EINVAL, "ct_suggest: NULL argument");
    *out = NULL;
    ct_layer *own = NULL;
    sgprep p = {.ctx = ctx, .cfg = cfg, .against = against};
    ct__sg_result r = {0};
    ct_result *res = NULL;
    char *label = ct__short_label(against->source);
    ct_status st = label ? CT_OK : ct__nomem(ctx);
    if (!st && !blocks)
        st = ct__default_blocks(ctx, pop, &own);
    p.blocks = blocks ? blocks : own;
    if (!st && strcmp(p.blocks->crs, against->crs))
        st = ct__err(ctx, CT_ECRS, "suggest: %s is measured in %s, %s in %s", p.blocks->source,
                     p.blocks->crs, against->source, against->crs);
    if (!st)
        st = ct__sg_prepare(&p, tier, pop, opts);
    ct__sg_input in;
    ct__sg_input_of(&p, &in);
    if (!st)
        st = ct__sg_search(ctx, &in, &r);
    if (!st)
        st = ct__result_new(ctx, &res);
    if (!st)
        st = moves_table(&p, &r, res);
    if (!st)
        st = suggestions_table(&p, &r, label, res);
    if (!st)
        st = improved(&p, &r, res);
    if (!st)
        st = doc(&p, &r, label, res);
    ct__sg_result_free(&r);
    ct__sg_prep_free(&p);
    ct_layer_free(own);
    free(label);
    if (st)
        ct_result_free(res);
    else
        *out = res;
    return st;
}
