/* Matching the units of two configurations of one tier (docs/scenario.md). */
#include "scenario_core.h"

#include "check_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *ct__change_name(ct__change c)
{
    static const char *const names[] = {"same",   "renamed", "changed",
                                        "merged", "removed", "created"};
    return (unsigned)c <= CT__CREATED ? names[c] : "unknown";
}

void ct__unitmatch_free(ct__unitmatch *m)
{
    free(m->succ);
    free(m->pred);
    free(m->match_a);
    free(m->match_b);
    free(m->change_a);
    free(m->change_b);
    memset(m, 0, sizeof *m);
}

/* Share of a link in a unit of side s. */
static double share(const ct__mside *s, size_t u, const ct__link *l)
{
    return ct__ck_share(l->pop, l->area, s->pop ? s->pop[u] : NAN, s->area[u]);
}

/* Match the units of a link: same blocks or not, same label or not. */
static void pair(ct__unitmatch *m, const ct__mside *a, const ct__mside *b, const ct__link *l)
{
    bool same_blocks = l->blocks == a->blocks[l->a] && l->blocks == b->blocks[l->b];
    bool same_label = !strcmp(a->ids[l->a], b->ids[l->b]);
    m->match_a[l->a] = l->b;
    m->match_b[l->b] = l->a;
    m->change_a[l->a] = !same_blocks ? CT__CHANGED : same_label ? CT__SAME : CT__RENAMED;
    m->change_b[l->b] = m->change_a[l->a];
}

/* Best partner of each unit of self: the largest share of it, then the
 * larger share of the partner, then the lower partner index. */
static void best_partners(const ct__link *links, size_t nlinks, bool side_a,
                          const ct__mside *self, const ct__mside *other, size_t *best,
                          double *best_s, double *best_r)
{
    for (size_t u = 0; u < self->n; u++) {
        best[u] = CT__NONE;
        best_s[u] = best_r[u] = -1;
    }
    for (size_t k = 0; k < nlinks; k++) {
        const ct__link *l = &links[k];
        size_t u = side_a ? l->a : l->b, o = side_a ? l->b : l->a;
        double s = share(self, u, l), r = share(other, o, l);
        bool better = s > best_s[u] || (s == best_s[u] && (r > best_r[u] ||
                                                          (r == best_r[u] && o < best[u])));
        if (better) {
            best[u] = o;
            best_s[u] = s;
            best_r[u] = r;
        }
    }
}

ct_status ct__units_match(ct_ctx *ctx, const ct__link *links, size_t nlinks,
                          const ct__mside *a, const ct__mside *b, ct__unitmatch *out)
{
    memset(out, 0, sizeof *out);
    size_t na = a->n ? a->n : 1, nb = b->n ? b->n : 1;
    out->succ = ct__malloc(na * sizeof *out->succ);
    out->pred = ct__malloc(nb * sizeof *out->pred);
    out->match_a = ct__malloc(na * sizeof *out->match_a);
    out->match_b = ct__malloc(nb * sizeof *out->match_b);
    out->change_a = ct__malloc(na * sizeof *out->change_a);
    out->change_b = ct__malloc(nb * sizeof *out->change_b);
    double *sa = ct__malloc(na * sizeof *sa), *ra = ct__malloc(na * sizeof *ra);
    double *sb = ct__malloc(nb * sizeof *sb), *rb = ct__malloc(nb * sizeof *rb);
    ct_status st = CT_OK;
    if (!out->succ || !out->pred || !out->match_a || !out->match_b || !out->change_a ||
        !out->change_b || !sa || !ra || !sb || !rb) {
        st = ct__nomem(ctx);
        goto done;
    }
    best_partners(links, nlinks, true, a, b, out->succ, sa, ra);
    best_partners(links, nlinks, false, b, a, out->pred, sb, rb);
    for (size_t v = 0; v < b->n; v++) {
        out->match_b[v] = CT__NONE;
        out->change_b[v] = CT__CREATED;
    }
    for (size_t u = 0; u < a->n; u++)
        out->match_a[u] = CT__NONE;
    /* a label kept on shared blocks is the same unit; then mutual majorities */
    for (size_t k = 0; k < nlinks; k++) {
        const ct__link *l = &links[k];
        if (out->match_a[l->a] == CT__NONE && out->match_b[l->b] == CT__NONE &&
            !strcmp(a->ids[l->a], b->ids[l->b]))
            pair(out, a, b, l);
    }
    for (size_t k = 0; k < nlinks; k++) {
        const ct__link *l = &links[k];
        size_t u = l->a, v = l->b;
        bool mutual = out->succ[u] == v && out->pred[v] == u;
        if (mutual && out->match_a[u] == CT__NONE && out->match_b[v] == CT__NONE &&
            (sa[u] > 0.5 || ra[u] > 0.5))
            pair(out, a, b, l);
    }
    for (size_t u = 0; u < a->n; u++) {
        size_t v = out->succ[u];
        if (out->match_a[u] == CT__NONE)
            out->change_a[u] =
                v != CT__NONE && out->match_b[v] != CT__NONE && sa[u] > 0.5 ? CT__MERGED
                                                                             : CT__REMOVED;
    }
done:
    free(sa);
    free(ra);
    free(sb);
    free(rb);
    if (st)
        ct__unitmatch_free(out);
    return st;
}
