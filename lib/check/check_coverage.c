/* Coverage findings: enclaves that no row assigns (configurations), tier
 * units that leave part of their parent uncovered or overlap each other
 * (polygon tiers). */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ct_status enclave_finding(ct__check *c, size_t blk, const ct__pieces *top)
{
    const ct_layer *b = c->blocks;
    const ct__cktier *t = &c->tier[0];
    const char *units[CT__CK_MAX_TIERS * 4], *unames[CT__CK_MAX_TIERS * 4];
    size_t nu = 0;
    char list[512] = "", people[64], label[320];
    for (size_t q = 0; q < top->n && nu < sizeof units / sizeof units[0]; q++)
        if (top->v[q].b == blk && top->v[q].area >= (1 - c->tol) * b->areas[blk]) {
            unames[nu] = t->layer->names[top->v[q].a];
            units[nu++] = t->layer->ids[top->v[q].a];
            size_t n = strlen(list);
            snprintf(list + n, sizeof list - n, "%s'%s'", nu == 1 ? "" : " and ",
                     t->layer->ids[top->v[q].a]);
        }
    double pop = c->block_pop ? c->block_pop[blk] : NAN;
    ct__ck_people(people, sizeof people, pop);
    ct__ck_unit_label_people(label, sizeof label, b, blk, pop);
    ct__finding f = {.type = "coverage_gap", .severity = "warning", .tier = t->name,
                     .units = units, .unit_names = unames, .nunits = nu, .population = pop};
    json_t *extra = json_pack("{s:s, s:s, s:s}", "block", b->ids[blk], "block_name",
                              ct__ck_name(b, blk), "block_layer", c->blocks_label);
    if (nu)
        return ct__ck_add(c, &f, extra,
                          "%s unit %s lies inside %s %s but no row of the configuration "
                          "assigns it.",
                          c->blocks_label, label, t->name, list);
    return ct__ck_add(c, &f, extra,
                      "%s unit %s is enclosed by the configuration but no row assigns it.",
                      c->blocks_label, label);
}

/* Blocks no row assigns that lie inside the footprint with its holes filled. */
static ct_status enclaves(ct__check *c)
{
    ct_ctx *ctx = c->ctx;
    const ct_layer *b = c->blocks;
    size_t *group_of = ct__malloc((b->n ? b->n : 1) * sizeof *group_of);
    ct_layer *fp = NULL;
    ct__geoms *filled = NULL, *top_filled = NULL;
    ct__pieces pc = {0}, top = {0};
    const char *ids[] = {"footprint"};
    ct_status st = group_of ? CT_OK : ct__nomem(ctx);
    for (size_t i = 0; !st && i < b->n; i++)
        group_of[i] = c->listed[i] ? 0 : CT__NONE;
    if (!st)
        st = ct__layer_from_groups(ctx, b, group_of, 1, ids, NULL, "footprint", &fp);
    if (!st)
        st = ct__geoms_fill_holes(ctx, fp->geoms, &filled);
    if (!st)
        st = ct__geoms_overlay(ctx, filled, b->geoms, &pc);
    bool *enclave = st ? NULL : ct__calloc(b->n ? b->n : 1, sizeof *enclave), any = false;
    if (!st && !enclave)
        st = ct__nomem(ctx);
    for (size_t q = 0; !st && q < pc.n; q++) {
        size_t blk = pc.v[q].b;
        if (!c->listed[blk] && b->areas[blk] > 0 && pc.v[q].area >= (1 - c->tol) * b->areas[blk])
            any = enclave[blk] = true;
    }
    if (!st && any)
        st = ct__geoms_fill_holes(ctx, c->tier[0].layer->geoms, &top_filled);
    if (!st && any)
        st = ct__geoms_overlay(ctx, top_filled, b->geoms, &top);
    for (size_t blk = 0; !st && any && blk < b->n; blk++)
        if (enclave[blk])
            st = enclave_finding(c, blk, &top);
    free(enclave);
    ct__pieces_free(&pc);
    ct__pieces_free(&top);
    ct__geoms_free(filled);
    ct__geoms_free(top_filled);
    ct_layer_free(fp);
    free(group_of);
    return st;
}

/* Parts of each parent that no unit of the tier below covers. */
static ct_status gaps(ct__check *c, size_t k)
{
    const ct__cktier *t = &c->tier[k], *above = &c->tier[k - 1];
    const ct__fitrun *up = &t->up;
    size_t n = above->layer->n;
    double *covered = ct__calloc(n ? n : 1, sizeof *covered);
    if (!covered)
        return ct__nomem(c->ctx);
    for (size_t q = 0; q < up->np; q++) {
        const ct__pair *p = &up->pairs[q];
        covered[p->b] += up->b_pop && up->b_pop[p->b] > 0 ? p->b_pop_share : p->b_area_share;
    }
    ct_status st = CT_OK;
    for (size_t u = 0; !st && u < n; u++) {
        double share = covered[u] < 1 ? 1 - covered[u] : 0;
        if (share < c->tol)
            continue;
        double pop = up->b_pop ? up->b_pop[u] * share : NAN;
        char people[64], pct[16];
        ct__ck_people(people, sizeof people, pop);
        ct__ck_percent(pct, sizeof pct, share);
        const char *units[] = {above->layer->ids[u]}, *unames[] = {above->layer->names[u]};
        ct__finding f = {.type = "coverage_gap", .severity = "warning", .tier = above->name,
                         .units = units, .unit_names = unames, .nunits = 1, .population = pop};
        json_t *extra = json_pack("{s:s, s:f}", "uncovered_by", t->name, "share", share);
        char *who = ct__ck_unit_text(above->layer, u);
        st = who ? ct__ck_add(c, &f, extra, "%s of %s %s (%s) lies in no unit of %s.", pct,
                              above->name, who, people, t->name)
                 : (json_decref(extra), ct__nomem(c->ctx));
        free(who);
    }
    free(covered);
    return st;
}

/* People in units i and j of one layer: each small area they share
 * contributes its people in proportion to the area of the triple
 * intersection. sp: small areas x units, sorted. */
static ct_status overlap_pop(ct__check *c, const ct_layer *l, const ct__pieces *sp, size_t i,
                             size_t j, double *pop)
{
    const ct_layer *polys;
    ct_status st = ct__pop_polys(c->ctx, c->pop, &polys);
    *pop = 0;
    for (size_t q = 0; !st && q < sp->n; q++) {
        if (sp->v[q].b != i)
            continue; /* each small area once, through its piece in i */
        ct__piece key = {.a = sp->v[q].a, .b = j};
        size_t s = key.a, pi = ct__strmap_get(c->pop->index, polys->ids[s]);
        if (!bsearch(&key, sp->v, sp->n, sizeof key, ct__piece_cmp) || pi == CT__NONE ||
            polys->areas[s] <= 0)
            continue;
        double a;
        st = ct__geoms_triple_area(c->ctx, polys->geoms, s, l->geoms, i, l->geoms, j, &a);
        if (!st)
            *pop += c->pop->pop[pi] * a / polys->areas[s];
    }
    return st;
}

static ct_status overlaps(ct__check *c, size_t k)
{
    ct_ctx *ctx = c->ctx;
    const ct__cktier *t = &c->tier[k];
    const ct_layer *l = t->layer;
    ct__pieces self = {0}, sp = {0};
    ct_status st = ct__geoms_overlay(ctx, l->geoms, l->geoms, &self);
    bool loaded = false;
    for (size_t q = 0; !st && q < self.n; q++) {
        size_t i = self.v[q].a, j = self.v[q].b;
        double area = self.v[q].area, small = fmin(l->areas[i], l->areas[j]);
        if (i >= j || area < c->tol * small)
            continue;
        double pop = NAN;
        if (c->pop && !loaded) {
            const ct_layer *polys;
            st = ct__pop_polys(ctx, c->pop, &polys);
            if (!st)
                st = ct__geoms_overlay(ctx, polys->geoms, l->geoms, &sp);
            if (!st)
                qsort(sp.v, sp.n, sizeof *sp.v, ct__piece_cmp);
            loaded = true;
        }
        if (!st && c->pop)
            st = overlap_pop(c, l, &sp, i, j, &pop);
        if (st)
            break;
        char people[64];
        ct__ck_people(people, sizeof people, pop);
        const char *units[] = {l->ids[i], l->ids[j]}, *unames[] = {l->names[i], l->names[j]};
        ct__finding f = {.type = "coverage_overlap", .severity = "error", .tier = t->name,
                         .units = units, .unit_names = unames, .nunits = 2, .population = pop};
        json_t *extra = json_pack("{s:f, s:[f, f]}", "area_m2", area, "area_shares",
                                  area / l->areas[i], area / l->areas[j]);
        if (isnan(pop))
            st = ct__ck_add(c, &f, extra, "%s units '%s' and '%s' overlap by %.2f km2.",
                            t->name, l->ids[i], l->ids[j], area / 1e6);
        else
            st = ct__ck_add(c, &f, extra,
                            "%s units '%s' and '%s' overlap: %.2f km2 with %s (shared by area "
                            "within small areas) lie in both.",
                            t->name, l->ids[i], l->ids[j], area / 1e6, people);
    }
    ct__pieces_free(&self);
    ct__pieces_free(&sp);
    return st;
}

ct_status ct__ck_rule_coverage(ct__check *c)
{
    if (c->config)
        return enclaves(c);
    ct_status st = CT_OK;
    for (size_t k = 0; !st && k < c->ntiers; k++)
        st = overlaps(c, k);
    for (size_t k = 1; !st && k < c->ntiers; k++)
        st = gaps(c, k);
    return st;
}
