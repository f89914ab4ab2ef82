/* The tables coterm suggest searches: atoms (the blocks sharing their units
 * at the tier and the tier below, which move together so the tier below is
 * never cut), their people and parts in each council (blocks x statutory
 * layer, assigned as ct_check assigns them), and which atoms border which. */
#include "suggest.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ct__sg_prep_free(sgprep *p)
{
    free(p->row_block);
    free(p->unit_id);
    free(p->unit_row);
    free(p->parent);
    free(p->row_atom);
    free(p->atom_unit);
    free(p->atom_rows_start);
    free(p->atom_rows);
    free(p->atom_pop);
    free(p->atom_area);
    free(p->part_start);
    free(p->part_council);
    free(p->part_pop);
    free(p->part_area);
    free(p->adj_start);
    free(p->adj);
    free(p->outside);
    free(p->small);
    ct__fitrun_free(&p->run);
}

static ct_status parse_opts(sgprep *p, const char *const *opts)
{
    ct_ctx *ctx = p->ctx;
    const ct__ckconf *cf = &p->cfg->conf;
    for (size_t i = 0; opts && opts[i]; i++) {
        const char *eq = strchr(opts[i], '=');
        bool known = eq && (!strncmp(opts[i], "BAND_", 5) || !strncmp(opts[i], "KEEP_BAND=", 10) ||
                            !strncmp(opts[i], "MAX_MOVES=", 10) ||
                            !strncmp(opts[i], "METHOD=", 7) || !strncmp(opts[i], "TOLERANCE=", 10));
        if (!known)
            return ct__err(ctx, CT_EINVAL, "suggest: unknown option '%s'", opts[i]);
    }
    double max = 0;
    ct_status st = ct__method_parse(ctx, ct__opt(opts, "METHOD"), &p->method);
    if (!st)
        st = ct__opt_double(ctx, opts, "TOLERANCE", 0.01, 0, 0.49, &p->tol);
    if (!st)
        st = ct__opt_double(ctx, opts, "MAX_MOVES", 0, 0, 1e9, &max);
    if (!st && max != floor(max))
        st = ct__err(ctx, CT_EINVAL, "option MAX_MOVES=%s: expected a whole number",
                     ct__opt(opts, "MAX_MOVES"));
    p->max_moves = (size_t)max;
    p->keep_band = ct__opt_yes(opts, "KEEP_BAND");
    ct__check bands = {.ctx = ctx}; /* check's parser: defaults by tier name, BAND_ overrides */
    if (!st)
        st = ct__ck_bands_parse(&bands, (const char *const *)cf->tier, cf->ntiers, opts);
    if (!st && p->keep_band && !bands.has_band[p->k])
        st = ct__err(ctx, CT_EINVAL, "suggest: tier '%s' has no population band to keep; give "
                                     "one with --band %s=MIN:MAX",
                     cf->tier[p->k], cf->tier[p->k]);
    if (!st) {
        p->band = bands.band[p->k];
        p->has_band = bands.has_band[p->k];
    }
    free(bands.band);
    free(bands.has_band);
    return st;
}

/* Units of tier k in order of first appearance, a row of each, and each
 * unit's parent (the label above it on that row). */
static ct_status units(sgprep *p, ct__strmap **index)
{
    const ct__ckconf *cf = &p->cfg->conf;
    size_t nr = cf->nrows ? cf->nrows : 1, k = p->k;
    ct__strmap *parents = ct__strmap_new(nr);
    *index = ct__strmap_new(nr);
    p->unit_id = ct__malloc(nr * sizeof *p->unit_id);
    p->unit_row = ct__malloc(nr * sizeof *p->unit_row);
    p->parent = k > 0 ? ct__malloc(nr * sizeof *p->parent) : NULL;
    ct_status st = *index && parents && p->unit_id && p->unit_row && (k == 0 || p->parent)
                       ? CT_OK
                       : ct__nomem(p->ctx);
    size_t np = 0;
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        const char *label = cf->cell[r * cf->ntiers + k];
        if (ct__strmap_get(*index, label) != CT__NONE)
            continue;
        size_t u = p->nunits++;
        p->unit_id[u] = label;
        p->unit_row[u] = r;
        st = ct__strmap_put(p->ctx, *index, label, u, NULL);
        if (!st && k > 0) {
            size_t old = CT__NONE;
            st = ct__strmap_put(p->ctx, parents, cf->cell[r * cf->ntiers + k - 1], np, &old);
            p->parent[u] = old == CT__NONE ? np++ : old;
        }
    }
    ct__strmap_free(parents);
    return st;
}

/* Atoms: rows with the same units at tier k and the tier below (single
 * blocks when tier k is the bottom tier). */
static ct_status atoms(sgprep *p, const ct__strmap *unit_index)
{
    ct_ctx *ctx = p->ctx;
    const ct__ckconf *cf = &p->cfg->conf;
    size_t nr = cf->nrows ? cf->nrows : 1, k = p->k;
    bool below = k + 1 < cf->ntiers;
    char **key = ct__calloc(nr, sizeof *key);
    ct__strmap *index = ct__strmap_new(nr);
    p->row_atom = ct__malloc(nr * sizeof *p->row_atom);
    p->atom_unit = ct__malloc(nr * sizeof *p->atom_unit);
    p->atom_rows_start = ct__calloc(nr + 1, sizeof *p->atom_rows_start);
    p->atom_rows = ct__malloc(nr * sizeof *p->atom_rows);
    ct_status st = key && index && p->row_atom && p->atom_unit && p->atom_rows_start &&
                           p->atom_rows
                       ? CT_OK
                       : ct__nomem(ctx);
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        const char *lab = cf->cell[r * cf->ntiers + k];
        /* the unit below, or the block itself at the bottom tier; the unit
         * separator never occurs in labels */
        const char *sub = below ? cf->cell[r * cf->ntiers + k + 1] : cf->code[r];
        key[r] = ct__sprintf("%s\x1f%s", lab, sub);
        size_t old = CT__NONE;
        st = key[r] ? ct__strmap_put(ctx, index, key[r], p->natoms, &old) : ct__nomem(ctx);
        if (!st && old == CT__NONE)
            p->atom_unit[p->natoms++] = ct__strmap_get(unit_index, lab);
        p->row_atom[r] = old == CT__NONE ? p->natoms - 1 : old;
    }
    for (size_t r = 0; !st && r < cf->nrows; r++)
        p->atom_rows_start[p->row_atom[r] + 1]++;
    for (size_t a = 0; !st && a < p->natoms; a++)
        p->atom_rows_start[a + 1] += p->atom_rows_start[a];
    size_t *fill = st ? NULL : ct__calloc(p->natoms ? p->natoms : 1, sizeof *fill);
    if (!st && !fill)
        st = ct__nomem(ctx);
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        size_t a = p->row_atom[r];
        p->atom_rows[p->atom_rows_start[a] + fill[a]++] = r;
    }
    free(fill);
    for (size_t r = 0; key && r < cf->nrows; r++)
        free(key[r]);
    free(key);
    ct__strmap_free(index);
    return st;
}

/* Blocks x the statutory layer, with people assigned as ct_check does. */
static ct_status overlay(sgprep *p, const ct_pop *pop)
{
    ct_ctx *ctx = p->ctx;
    ct__assign bl = {0}, ag = {0};
    char m[64], t[64];
    snprintf(m, sizeof m, "METHOD=%s", ct__method_name(p->method));
    snprintf(t, sizeof t, "TOLERANCE=%.17g", p->tol);
    const char *opts[] = {m, t, NULL};
    ct_status st = CT_OK;
    if (pop) {
        st = ct__assign_units(ctx, pop, p->blocks, p->method, p->tol, NULL, &bl);
        if (!st)
            st = ct__assign_units(ctx, pop, p->against, p->method, p->tol, NULL, &ag);
    }
    if (!st)
        st = ct__fitrun_do_assigned(ctx, &p->run, p->blocks, p->against, pop, pop ? &bl : NULL,
                                    pop ? &ag : NULL, opts);
    ct__assign_free(&bl);
    ct__assign_free(&ag);
    return st;
}

typedef struct apart {
    size_t atom, council;
    double pop, area;
} apart;

static int cmp_apart(const void *x, const void *y)
{
    const apart *a = x, *b = y;
    if (a->atom != b->atom)
        return (a->atom > b->atom) - (a->atom < b->atom);
    return (a->council > b->council) - (a->council < b->council);
}

/* Atom totals, their parts in councils, and (top tier) the share of each
 * council outside the configuration. */
static ct_status parts(sgprep *p, const size_t *block_row)
{
    ct_ctx *ctx = p->ctx;
    const ct__fitrun *run = &p->run;
    size_t na = p->natoms ? p->natoms : 1, nc = p->against->n ? p->against->n : 1;
    apart *v = ct__malloc((run->np ? run->np : 1) * sizeof *v);
    double *inside = ct__calloc(nc, sizeof *inside);
    p->atom_pop = ct__calloc(na, sizeof *p->atom_pop);
    p->atom_area = ct__calloc(na, sizeof *p->atom_area);
    p->part_start = ct__calloc(na + 1, sizeof *p->part_start);
    if (!v || !inside || !p->atom_pop || !p->atom_area || !p->part_start) {
        free(v);
        free(inside);
        return ct__nomem(ctx);
    }
    for (size_t r = 0; r < p->cfg->conf.nrows; r++) {
        size_t b = p->row_block[r], a = p->row_atom[r];
        p->atom_pop[a] += run->a_pop ? run->a_pop[b] : 0;
        p->atom_area[a] += p->blocks->areas[b];
    }
    size_t n = 0;
    for (size_t q = 0; q < run->np; q++) {
        const ct__pair *pr = &run->pairs[q];
        size_t r = block_row[pr->a];
        if (r == CT__NONE)
            continue;
        bool by_pop = run->b_pop && run->b_pop[pr->b] > 0; /* as check's council_split */
        inside[pr->b] += by_pop ? pr->b_pop_share : pr->b_area_share;
        v[n++] = (apart){.atom = p->row_atom[r], .council = pr->b, .pop = pr->pop,
                         .area = pr->area};
    }
    qsort(v, n, sizeof *v, cmp_apart);
    size_t m = 0;
    for (size_t q = 0; q < n; q++) {
        if (m && v[m - 1].atom == v[q].atom && v[m - 1].council == v[q].council) {
            v[m - 1].pop += v[q].pop;
            v[m - 1].area += v[q].area;
        } else
            v[m++] = v[q];
    }
    p->part_council = ct__malloc((m ? m : 1) * sizeof *p->part_council);
    p->part_pop = run->b_pop ? ct__malloc((m ? m : 1) * sizeof *p->part_pop) : NULL;
    p->part_area = ct__malloc((m ? m : 1) * sizeof *p->part_area);
    p->outside = p->k == 0 ? ct__calloc(nc, sizeof *p->outside) : NULL;
    ct_status st = p->part_council && p->part_area && (!run->b_pop || p->part_pop) &&
                           (p->k > 0 || p->outside)
                       ? CT_OK
                       : ct__nomem(ctx);
    for (size_t q = 0; !st && q < m; q++) {
        p->part_start[v[q].atom + 1]++;
        p->part_council[q] = v[q].council;
        p->part_area[q] = v[q].area;
        if (p->part_pop)
            p->part_pop[q] = v[q].pop;
    }
    for (size_t a = 0; !st && a < p->natoms; a++)
        p->part_start[a + 1] += p->part_start[a];
    for (size_t c = 0; !st && p->outside && c < p->against->n; c++)
        p->outside[c] = inside[c] < 1 ? 1 - inside[c] : 0;
    free(v);
    free(inside);
    return st;
}

/* Each row's unit of the tier above (in order of first appearance). */
static ct_status above_units(const sgprep *p, size_t *row_unit, size_t *n)
{
    const ct__ckconf *cf = &p->cfg->conf;
    ct__strmap *m = ct__strmap_new(cf->nrows);
    ct_status st = m ? CT_OK : ct__nomem(p->ctx);
    *n = 0;
    for (size_t r = 0; !st && r < cf->nrows; r++) {
        size_t old = CT__NONE;
        st = ct__strmap_put(p->ctx, m, cf->cell[r * cf->ntiers + p->k - 1], *n, &old);
        row_unit[r] = old == CT__NONE ? (*n)++ : old;
    }
    ct__strmap_free(m);
    return st;
}

/* Councils' classes against the tier above, from the blocks' parts. */
static ct_status classes_above(sgprep *p, const size_t *block_row, ct__unitfit *fb)
{
    ct_ctx *ctx = p->ctx;
    const ct__fitrun *run = &p->run;
    size_t nr = p->cfg->conf.nrows ? p->cfg->conf.nrows : 1, nc = p->against->n, na = 0;
    size_t *row_unit = ct__malloc(nr * sizeof *row_unit);
    double *area = ct__calloc(nr, sizeof *area), *pop = ct__calloc(nr, sizeof *pop);
    size_t *rank = ct__malloc((nr > nc ? nr : nc) * sizeof *rank);
    ct__pieces pc = {0};
    ct__pair *pairs = NULL;
    size_t np = 0;
    ct_status st = row_unit && area && pop && rank ? above_units(p, row_unit, &na)
                                                   : ct__nomem(ctx);
    for (size_t i = 0; rank && i < (nr > nc ? nr : nc); i++)
        rank[i] = i;
    for (size_t r = 0; !st && r < p->cfg->conf.nrows; r++) {
        area[row_unit[r]] += p->blocks->areas[p->row_block[r]];
        pop[row_unit[r]] += run->a_pop ? run->a_pop[p->row_block[r]] : 0;
    }
    for (size_t q = 0; !st && q < run->np; q++) {
        const ct__pair *pr = &run->pairs[q];
        size_t r = block_row[pr->a];
        if (r != CT__NONE)
            st = ct__pieces_push(ctx, &pc, row_unit[r], pr->b, pr->area, pr->pop);
    }
    ct__side sa = {.n = na, .area = area, .pop = run->a_pop ? pop : NULL};
    ct__side sb = {.n = nc, .area = p->against->areas, .pop = run->b_pop};
    if (!st)
        st = ct__pairs_from_pieces(ctx, &pc, &sa, &sb, rank, rank, p->tol, &pairs, &np);
    if (!st)
        st = ct__classify(ctx, pairs, np, false, &sb, &sa, p->tol, fb);
    ct__pieces_free(&pc);
    free(pairs);
    free(row_unit);
    free(area);
    free(pop);
    free(rank);
    return st;
}

/* The councils the tier is meant to be smaller than, whose division into
 * whole units is no split (check.md, council_divided): all of them for a
 * tier named neighbourhood; those with more people than its band's maximum;
 * those coterminous with, or made of whole units of, the tier above. */
static ct_status smaller(sgprep *p, const size_t *block_row)
{
    size_t nc = p->against->n ? p->against->n : 1;
    const ct__fitrun *run = &p->run;
    bool all = !strcasecmp(p->cfg->conf.tier[p->k], "neighbourhood");
    p->small = ct__calloc(nc, sizeof *p->small);
    ct__unitfit *fb = p->k > 0 ? ct__malloc(nc * sizeof *fb) : NULL;
    ct_status st = p->small && (p->k == 0 || fb) ? CT_OK : ct__nomem(p->ctx);
    if (!st && p->k > 0)
        st = classes_above(p, block_row, fb);
    for (size_t c = 0; !st && c < p->against->n; c++) {
        double people = run->b_pop ? run->b_pop[c] : NAN;
        p->small[c] = all || (p->has_band && !isnan(p->band.max) && p->band.max < people) ||
                      (fb && (fb[c].cls == CT__COTERMINOUS || fb[c].cls == CT__CONTAINS));
    }
    free(fb);
    return st;
}

static int cmp_size(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return (a > b) - (a < b);
}

/* Atoms border when some of their blocks do. */
static ct_status adjacency(sgprep *p, const size_t *block_row)
{
    ct_ctx *ctx = p->ctx;
    size_t *bs = NULL, *bn = NULL;
    ct_status st = ct__geoms_neighbours(ctx, p->blocks->geoms, CT__SG_NEIGHBOUR_M, &bs, &bn);
    size_t na = p->natoms ? p->natoms : 1, m = 0;
    size_t *pairs = st ? NULL : ct__malloc((bs[p->blocks->n] ? bs[p->blocks->n] : 1) * 2 *
                                           sizeof *pairs);
    p->adj_start = st ? NULL : ct__calloc(na + 1, sizeof *p->adj_start);
    if (!st && (!pairs || !p->adj_start))
        st = ct__nomem(ctx);
    for (size_t b = 0; !st && b < p->blocks->n; b++) {
        if (block_row[b] == CT__NONE)
            continue;
        size_t a = p->row_atom[block_row[b]];
        for (size_t k = bs[b]; k < bs[b + 1]; k++) {
            size_t r = block_row[bn[k]];
            if (r != CT__NONE && p->row_atom[r] != a) {
                pairs[2 * m] = a;
                pairs[2 * m++ + 1] = p->row_atom[r];
            }
        }
    }
    /* sort (atom, neighbour) pairs as one key each, then drop repeats */
    size_t *keys = st ? NULL : ct__malloc((m ? m : 1) * sizeof *keys);
    if (!st && !keys)
        st = ct__nomem(ctx);
    for (size_t q = 0; !st && q < m; q++)
        keys[q] = pairs[2 * q] * na + pairs[2 * q + 1];
    if (!st)
        qsort(keys, m, sizeof *keys, cmp_size);
    size_t u = 0;
    for (size_t q = 0; !st && q < m; q++)
        if (q == 0 || keys[q] != keys[q - 1])
            keys[u++] = keys[q];
    p->adj = st ? NULL : ct__malloc((u ? u : 1) * sizeof *p->adj);
    if (!st && !p->adj)
        st = ct__nomem(ctx);
    for (size_t q = 0; !st && q < u; q++) {
        p->adj_start[keys[q] / na + 1]++;
        p->adj[q] = keys[q] % na;
    }
    for (size_t a = 0; !st && a < p->natoms; a++)
        p->adj_start[a + 1] += p->adj_start[a];
    free(keys);
    free(pairs);
    free(bs);
    free(bn);
    return st;
}

ct_status ct__sg_prepare(sgprep *p, const char *tier, const ct_pop *pop,
                         const char *const *opts)
{
    ct_ctx *ctx = p->ctx;
    const ct__ckconf *cf = &p->cfg->conf;
    p->k = ct__config_tier(p->cfg, tier);
    if (p->k == CT__NONE)
        return ct__config_no_tier(ctx, p->cfg, "suggest", tier);
    if (pop && (pop->ctx != ctx || p->against->ctx != ctx || p->blocks->ctx != ctx))
        return ct__err(ctx, CT_EINVAL, "suggest: objects belong to another context");
    ct__strmap *unit_index = NULL;
    size_t *block_row = NULL;
    ct_status st = parse_opts(p, opts);
    if (!st)
        st = ct__config_rows(ctx, p->cfg, p->blocks, &p->row_block);
    if (!st)
        st = units(p, &unit_index);
    if (!st)
        st = atoms(p, unit_index);
    if (!st)
        st = overlay(p, pop);
    if (!st && !(block_row = ct__malloc((p->blocks->n ? p->blocks->n : 1) * sizeof *block_row)))
        st = ct__nomem(ctx);
    for (size_t b = 0; !st && b < p->blocks->n; b++)
        block_row[b] = CT__NONE;
    for (size_t r = 0; !st && r < cf->nrows; r++)
        block_row[p->row_block[r]] = r;
    if (!st)
        st = parts(p, block_row);
    if (!st)
        st = smaller(p, block_row);
    if (!st)
        st = adjacency(p, block_row);
    free(block_row);
    ct__strmap_free(unit_index);
    return st;
}

void ct__sg_input_of(const sgprep *p, ct__sg_input *in)
{
    *in = (ct__sg_input){.natoms = p->natoms,
                         .nunits = p->nunits,
                         .ncouncils = p->against->n,
                         .unit_of = p->atom_unit,
                         .pop = p->run.a_pop ? p->atom_pop : NULL,
                         .area = p->atom_area,
                         .part_start = p->part_start,
                         .part_council = p->part_council,
                         .part_pop = p->part_pop,
                         .part_area = p->part_area,
                         .adj_start = p->adj_start,
                         .adj = p->adj,
                         .parent = p->parent,
                         .council_pop = p->run.b_pop,
                         .council_area = p->against->areas,
                         .outside = p->outside,
                         .small = p->small,
                         .tol = p->tol,
                         .band = p->keep_band ? &p->band : NULL,
                         .max_moves = p->max_moves};
}
