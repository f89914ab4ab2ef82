/* What an assignment says about itself: which rule placed the people and
 * why (summary.json), and warnings with numbers when people cannot be
 * placed with confidence (docs/methods.md, "Coarse layers"). */
#include "inputs.h"

#include <stdio.h>
#include <string.h>

/* A warning is worth printing above this share of the population. */
#define NOTABLE_SHARE 0.001

static void say_why(const ct__assign *a, char *buf, size_t size)
{
    const char *how = a->how ? a->how : "";
    if (!strcmp(how, "self"))
        snprintf(buf, size, "every id is a small area of the population base: each goes to "
                            "its own unit");
    else if (!strcmp(how, "areal"))
        snprintf(buf, size, "method areal: each small area's people are shared in proportion "
                            "to the area it has in each unit");
    else if (!strcmp(how, "lookup") && a->lookup_trusted)
        snprintf(buf, size, "the built-in %s layer: membership from the %s lookup, whose own "
                            "geometry it is", a->level, a->level);
    else if (!strcmp(how, "lookup") && a->lookup_checked)
        snprintf(buf, size, "every id is a %s code and no population-weighted centroid lies "
                            "more than %.0f m outside the unit the %s lookup gives it: "
                            "membership from the lookup",
                 a->level, a->ambiguous_m, a->level);
    else if (!strcmp(how, "lookup"))
        snprintf(buf, size, "every id is a %s code (the population base has no centroids to "
                            "check the geometry): membership from the lookup", a->level);
    else if (!strcmp(how, "largest-area"))
        snprintf(buf, size, "the population base has no centroids: each small area goes to "
                            "the unit sharing most of its area");
    else if (a->level)
        snprintf(buf, size, "every id is a %s code, but the geometry contradicts the %s "
                            "lookup for %zu small areas (%.0f people; e.g. %s): people placed "
                            "by the geometry (%s)",
                 a->level, a->level, a->n_contradict, a->pop_contradict,
                 a->contradict_example, how);
    else
        snprintf(buf, size, "the ids are not codes of a lookup level: people placed by the "
                            "geometry (%s; centroids within %.0f m of a boundary ambiguous)",
                 how, a->ambiguous_m);
}

static double lost_people(const ct_pop *pop, const ct__assign *a)
{
    double placed = 0;
    for (size_t i = 0; i < a->n; i++)
        for (size_t k = a->start[i]; k < a->start[i + 1]; k++)
            placed += pop->pop[i] * a->frac[k];
    return pop->total - placed;
}

static ct_status warn_lookup(ct_ctx *ctx, const ct_layer *l, const ct__assign *a)
{
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s: its ids are %s codes, but its geometry contradicts the %s lookup for "
                    "%zu small areas (%.0f people; e.g. %s): people placed by its geometry, "
                    "not by the lookup (ids are not membership)",
                    l->source, a->level, a->level, a->n_contradict, a->pop_contradict,
                    a->contradict_example);
}

static ct_status warn_coarse(ct_ctx *ctx, const ct_layer *l, const ct__assign *a)
{
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s: too coarse for whole-council answers: its outer boundary lies up to "
                    "%.0f m from the council boundaries (above %.0f m the corrections leave "
                    "some councils wrongly split or whole), so a council it appears to split "
                    "may only be cut by its generalised line; use a layer built from small "
                    "areas or a less generalised one",
                    l->source, a->gen.displacement, CT__TOO_COARSE_M);
}

/* " (estimated displacement N m)" when the layer is measured coarser than
 * the councils, else nothing. */
static const char *displacement(const ct__assign *a, char *buf, size_t size)
{
    buf[0] = '\0';
    if (ct__gen_counts(&a->gen))
        snprintf(buf, size, " (estimated displacement %.0f m)", a->gen.displacement);
    return buf;
}

static ct_status warn_doubt(ct_ctx *ctx, const ct_layer *l, const ct__assign *a)
{
    char d[64];
    if (!a->levels_voted) /* finer than MSOAs: the nesting cannot help */
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "%s: finer than MSOAs, so no nesting places its small areas: each goes "
                        "wholly to the unit holding its centroid, and %.0f people (%zu small "
                        "areas) live within %.0f m of a boundary; for a layer not built from "
                        "2011 LSOAs, --method areal shares them by area",
                        l->source, a->pop_doubt, a->n_doubt, a->ambiguous_m);
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s: %.0f people (%zu small areas) live within %.0f m of a boundary%s and "
                    "no confident neighbour places them: their units rest on the generalised "
                    "line; use a less generalised layer, or check the populations of the "
                    "units along those boundaries",
                    l->source, a->pop_doubt, a->n_doubt, a->ambiguous_m,
                    displacement(a, d, sizeof d));
}

static ct_status warn_far(ct_ctx *ctx, const ct_layer *l, const ct__assign *a)
{
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s: %.0f people (%zu small areas) live more than %.0f m outside the "
                    "layer's outline (islands, peninsulas or coast it misses) and were placed "
                    "with the rest of their MSOA or council; use a less generalised layer",
                    l->source, a->pop_far_placed, a->n_far_placed, a->ambiguous_m);
}

static ct_status warn_lost(ct_ctx *ctx, const ct_layer *l, const ct__assign *a,
                           const ct_pop *pop)
{
    char d[64];
    if (a->how && !strcmp(a->how, "areal"))
        return ct__diag(ctx, CT_DIAG_WARNING,
                        "%s: %.0f people (%.2f%%) are lost: method areal shares each small "
                        "area by the area it has in each unit, and parts of small areas lie "
                        "outside the layer's generalised outline (coast, estuaries); the "
                        "default method places whole small areas",
                        l->source, a->pop_unassigned, 100 * a->pop_unassigned / pop->total);
    return ct__diag(ctx, CT_DIAG_WARNING,
                    "%s: %.0f people (%.2f%%, %zu small areas) fall in no unit of a layer that "
                    "covers the rest of England%s: its outline misses land where they live "
                    "(islands, peninsulas, coast); use a less generalised layer",
                    l->source, a->pop_unassigned, 100 * a->pop_unassigned / pop->total,
                    a->n_unassigned, displacement(a, d, sizeof d));
}

ct_status ct__assign_report(ct_ctx *ctx, const ct_pop *pop, const ct_layer *layer,
                            ct__assign *a)
{
    say_why(a, a->why, sizeof a->why);
    a->pop_unassigned = lost_people(pop, a);
    bool geometric = a->how && strncmp(a->how, "centroid", 8) == 0;
    ct_status st = CT_OK;
    if (a->level && a->n_contradict && geometric)
        st = warn_lookup(ctx, layer, a);
    if (!st && geometric && ct__gen_counts(&a->gen) && a->gen.displacement > CT__TOO_COARSE_M)
        st = warn_coarse(ctx, layer, a);
    if (!st && a->pop_doubt > NOTABLE_SHARE * pop->total)
        st = warn_doubt(ctx, layer, a);
    if (!st && a->pop_far_placed > NOTABLE_SHARE * pop->total)
        st = warn_far(ctx, layer, a);
    double lost = a->pop_unassigned; /* a custom base need not cover England */
    if (!st && pop->x && pop->nlevels && lost > NOTABLE_SHARE * pop->total &&
        lost < (1 - CT__COVERS_SHARE) * pop->total)
        st = warn_lost(ctx, layer, a, pop);
    return st;
}
