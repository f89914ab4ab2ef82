"""coterm check's findings for a configuration CSV (docs/check.md), re-derived
with pandas from the ONS tables: LSOA populations, the LSOA -> MSOA -> LTLA ->
UTLA lookup and the LSOA -> sub-ICB location lookup, so every statutory layer
(utla21, ltla21, sicbl22) is an exact sum of LSOAs; the geometric rules
(discontiguous, coverage_gap) with shapely on the published boundaries.
Independent of coterm's code: used to derive the examples' expected findings
(tests/unit/test_check_examples.c) and asserted equal to coterm in the Python
suite."""
import functools

import geopandas as gpd
import pandas as pd
from shapely.geometry import Polygon
from shapely.ops import unary_union

from .england import BNG, DATA

# docs/check.md: NHS England's guidance bands, in people
BANDS = {"system": (1e6, 3e6), "place": (2.5e5, 5e5), "neighbourhood": (3e4, 5e4)}
TOL = 0.01
SEVERITY = {"error": 0, "warning": 1, "info": 2}
LAYERS = ("utla21", "ltla21", "sicbl22")
NEAR_M, SURROUNDED = 50.0, 0.9  # docs/check.md, discontiguous


@functools.lru_cache(maxsize=None)
def lsoas():
    """Every LSOA with its people, MSOA, LTLA, UTLA and sub-ICB location."""
    pop = pd.read_csv(DATA / "population20_lsoa11.csv")[["lsoa11_code", "total_population"]]
    lk = pd.read_csv(DATA / "lookup_lsoa11_msoa11_ltla21_utla21.csv")
    nhs = pd.read_csv(DATA / "lookup_lsoa11_sicbl22_icb22.csv")[["lsoa11_code", "sicbl22_code"]]
    d = lk.merge(pop, on="lsoa11_code").merge(nhs, on="lsoa11_code")
    return d.rename(columns={"total_population": "pop", "utla21_code": "utla21",
                             "ltla21_code": "ltla21", "sicbl22_code": "sicbl22"})


@functools.lru_cache(maxsize=None)
def layer_order(name):
    """Unit ids of a statutory layer in the order of its features."""
    gpkg, field = ("nhs22.gpkg", "sicbl22_code") if name == "sicbl22" else \
        ("boundaries.gpkg", f"{name}_code")
    ids = gpd.read_file(DATA / gpkg, layer=name, ignore_geometry=True)[field]
    return {u: i for i, u in enumerate(ids)}


@functools.lru_cache(maxsize=None)
def block_polygons(kind):
    return gpd.read_file(DATA / "boundaries.gpkg", layer=kind).to_crs(BNG) \
        .rename(columns={f"{kind}_code": "code", f"{kind}_name": "name"})


def read_config(path):
    """Blocks, tier names and per tier each row's label and name (TIER_name
    right after TIER names its units, as docs/check.md)."""
    c = pd.read_csv(path, dtype=str, keep_default_na=False)
    tiers, names = [], {}
    for col in c.columns[1:]:
        if tiers and col == f"{tiers[-1]}_name":
            names[tiers[-1]] = col
        else:
            tiers.append(col)
    return c, tiers, names


def classify(pairs, unit, other, s_col, r_col):
    """docs/metrics.md classes of each unit of column unit against other:
    {unit: (class, best, s*, r*, n_parts)} from the non-sliver pairs."""
    out = {}
    ns = pairs[~pairs.sliver].sort_values([unit, s_col, r_col, other],
                                          ascending=[True, False, False, True])
    for u, g in ns.groupby(unit, sort=False):
        best = g.iloc[0]
        s, r = best[s_col], best[r_col]
        if s >= 1 - TOL and r >= 1 - TOL:
            cls = "coterminous"
        elif s >= 1 - TOL:
            cls = "nested"
        elif (g[r_col] >= 1 - TOL).all():
            cls = "contains"
        else:
            cls = "straddles"
        out[u] = (cls, best[other], s, r, len(g))
    return out


def overlay(a, b, pop_a, pop_b):
    """Pairs of two groupings of LSOAs (Series indexed like lsoas) by people."""
    d = pd.DataFrame({"a": a, "b": b, "pop": lsoas()["pop"]}).dropna()
    p = d.groupby(["a", "b"], sort=False)["pop"].sum().reset_index()
    p["sa"] = p["pop"] / p.a.map(pop_a)
    p["sb"] = p["pop"] / p.b.map(pop_b)
    p["sliver"] = (p.sa < TOL) & (p.sb < TOL)
    return p


def edits(a, b):
    """Optimal string alignment distance, ignoring case."""
    a, b = a.lower(), b.lower()
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def similar(a, b):
    if any(ch.isdigit() for ch in a + b):
        return False
    limit = min(2, min(len(a), len(b)) // 3)
    return edits(a, b) <= limit


class Check:
    """The findings of one configuration, in coterm's order."""

    def __init__(self, path):
        self.c, self.tiers, self.name_cols = read_config(path)
        L = lsoas()
        self.kind = "msoa11" if self.c.block.iloc[0].startswith("E02") else "ltla21"
        key = "msoa11_code" if self.kind == "msoa11" else "ltla21"
        self.block_of = L[key].where(L[key].isin(set(self.c.block)))
        self.layer_pop = {l: L.groupby(l)["pop"].sum() for l in LAYERS}
        self.found = []

    # ---- tier units
    def labels(self, k):
        """Each LSOA's unit of tier k (NaN outside the configuration)."""
        m = dict(zip(self.c.block, self.c[self.tiers[k]]))
        return self.block_of.map(m)

    def units(self, k):
        return list(dict.fromkeys(self.c[self.tiers[k]]))  # order of first appearance

    def unit_pop(self, k):
        return lsoas()["pop"].groupby(self.labels(k)).sum()

    def unit_names(self, k):
        col = self.name_cols.get(self.tiers[k])
        names = {}
        for lab, nm in zip(self.c[self.tiers[k]], self.c[col] if col else self.c[self.tiers[k]]):
            if lab not in names and nm:
                names[lab] = nm
        return {u: names.get(u, u) for u in self.units(k)}

    def add(self, rule, type_, severity, tier, units, against, against_units, pop):
        self.found.append({"rule": rule, "n": len(self.found), "type": type_,
                           "severity": severity, "tier": tier, "units": list(units),
                           "against": against, "against_units": list(against_units),
                           "population": float(pop)})

    # ---- rules
    def run(self):
        nt = len(self.tiers)
        self.vs, self.vb, self.pairs, self.up = {}, {}, {}, {}
        for k in range(nt):
            lab, pop = self.labels(k), self.unit_pop(k)
            for l in LAYERS:
                p = overlay(lab, lsoas()[l], pop, self.layer_pop[l])
                self.pairs[k, l] = p
                self.vs[k, l] = classify(p, "a", "b", "sa", "sb")
                self.vb[k, l] = classify(p, "b", "a", "sb", "sa")
            if k > 0:
                p = overlay(lab, self.labels(k - 1), pop, self.unit_pop(k - 1))
                self.up[k] = (p, classify(p, "a", "b", "sa", "sb"))
        self.coverage()
        for k in range(1, nt):
            self.straddles_parent(k)
        for k in range(1, nt - 1):
            self.intermediate(k)
        for k in range(nt):
            self.statutory(k)
        self.divisions()
        for k in range(nt):
            self.pieces(k)
        for k in range(nt):
            self.typos(k)
        for k in range(nt):
            self.bands(k)
        self.found.sort(key=lambda f: (SEVERITY[f["severity"]], -f["population"], f["n"]))
        return [{x: f[x] for x in ("type", "severity", "tier", "units", "against",
                                   "against_units", "population")} for f in self.found]

    def matched(self, k, u):
        return any(self.vs[k, l].get(u, ("unmatched",))[0] == "coterminous" for l in LAYERS)

    def match_share(self, k, l):
        pop = self.unit_pop(k)
        m = sum(pop[u] for u in self.units(k) if self.vs[k, l].get(u, ("",))[0] == "coterminous")
        return m / pop.sum()

    def coverage(self):
        """coverage_gap: unlisted blocks inside the footprint, holes filled."""
        b = block_polygons(self.kind)
        listed = b[b.code.isin(set(self.c.block))]
        foot = unary_union(listed.geometry.values)
        parts = getattr(foot, "geoms", [foot])
        filled = unary_union([Polygon(p.exterior) for p in parts])
        cand = b[~b.code.isin(set(self.c.block)) & b.intersects(filled)]
        for _, row in cand.iterrows():
            if row.geometry.intersection(filled).area >= (1 - TOL) * row.geometry.area:
                raise NotImplementedError(f"an enclave ({row.code}): not in the examples")

    def straddles_parent(self, k):
        rows = self.c[[self.tiers[k], self.tiers[k - 1]]].drop_duplicates()
        pop = self.unit_pop(k)
        for u in self.units(k):
            if (rows[self.tiers[k]] == u).sum() >= 2:
                self.add(1, "straddles_parent", "error", self.tiers[k], [u], None, [], pop[u])

    def intermediate(self, k):
        below = [self.match_share(k + 1, l) for l in LAYERS]
        if any(self.match_share(k, l) > 0.5 for l in LAYERS) or max(below) <= 0.5:
            return
        li = below.index(max(below))
        l = LAYERS[li]
        pop = self.unit_pop(k)
        units = [u for u in self.units(k) if not self.matched(k, u)]
        if not units:
            return
        _, up = self.up[k + 1]
        against = []
        for v in self.units(k + 1):
            f = self.vs[k + 1, l].get(v)
            if f and f[0] == "coterminous" and up[v][1] in units and f[1] not in against:
                against.append(f[1])
        self.add(2, "intermediate_tier", "warning", self.tiers[k], units, l, against,
                 sum(pop[u] for u in units))

    def statutory(self, k):
        pop = self.unit_pop(k)
        for u in self.units(k):
            if k > 0 and self.up[k][1][u][0] == "coterminous":
                continue  # its parent again: one finding per fact
            if not self.matched(k, u):
                cuts = any(self.vs[k, l].get(u, ("",))[0] == "straddles" for l in LAYERS)
                best, score = None, -1
                for l in LAYERS:
                    f = self.vs[k, l].get(u)
                    if f and f[2] * f[3] > score:
                        best, score = (l, f[1]), f[2] * f[3]
                self.add(3, "no_statutory_match", "warning" if cuts else "info",
                         self.tiers[k], [u], best[0] if best else None,
                         [best[1]] if best else [], pop[u])
                continue
            for l in LAYERS:
                f = self.vs[k, l].get(u)
                if f and f[0] != "coterminous":
                    self.add(3, "not_coterminous",
                             "warning" if f[0] == "straddles" else "info", self.tiers[k],
                             [u], l, [f[1]], pop[u])

    def smaller(self, k, l, b):
        lo_hi = BANDS.get(self.tiers[k].lower())
        if self.tiers[k].lower() == "neighbourhood":
            return True
        if lo_hi and lo_hi[1] < self.layer_pop[l][b]:
            return True
        return k > 0 and self.vb[k - 1, l].get(b, ("",))[0] in ("coterminous", "contains")

    def divisions(self):
        reported = {}
        for k in range(len(self.tiers)):
            facts = []
            for l in LAYERS:
                p = self.pairs[k, l]
                rank = {u: i for i, u in enumerate(sorted(self.units(k)))}
                order = layer_order(l)
                for b in sorted(p.b.unique(), key=lambda x: order[x]):
                    g = p[p.b == b]
                    parts = g[~g.sliver].assign(r=g.a.map(rank)) \
                        .sort_values(["sb", "r"], ascending=[False, True])
                    outside = max(0.0, 1 - g.sb.sum())
                    top_out = k == 0 and outside >= TOL
                    if len(parts) == 0 or (len(parts) < 2 and not top_out):
                        continue
                    crossed = self.vb[k, l][b][0] == "straddles"
                    kind = "council_divided" if self.smaller(k, l, b) and not crossed and \
                        not top_out else "council_split"
                    facts.append({"l": l, "b": b, "kind": kind, "units": list(parts.a),
                                  "shares": list(parts.sb), "outside": outside if k == 0 else 0,
                                  "first": None})
            for i, f in enumerate(facts):
                for g in facts[:i]:
                    if g["first"] is None and g["l"] != f["l"] and g["b"] == f["b"] and \
                            g["kind"] == f["kind"] and g["units"] == f["units"] and \
                            all(abs(x - y) < TOL for x, y in zip(g["shares"], f["shares"])) and \
                            abs(g["outside"] - f["outside"]) < TOL:
                        f["first"] = g
                        break
            for f in facts:  # a repeat of what a tier above reported?
                prev = reported.get((f["l"], f["b"]))
                f["same"] = f["first"] is None and prev is not None and \
                    prev[0] == f["kind"] and len(prev[1]) == len(f["shares"]) and \
                    all(abs(x - y) < TOL for x, y in zip(prev[1], sorted(f["shares"],
                                                                           reverse=True)))
            for f in facts:
                head = f["first"] or f
                if head["same"]:
                    continue
                reported[f["l"], f["b"]] = (f["kind"], sorted(f["shares"], reverse=True))
                if f["first"] is None:
                    self.add(4, f["kind"],
                             "info" if f["kind"] == "council_divided" else "warning",
                             self.tiers[k], f["units"], f["l"], [f["b"]],
                             self.layer_pop[f["l"]][f["b"]])

    def pieces(self, k):
        """discontiguous: pieces of a unit's blocks apart from its main part
        that other blocks surround (90% of the boundary within 50 m of them)."""
        b = block_polygons(self.kind).reset_index(drop=True)
        unit_of = dict(zip(self.c.block, self.c[self.tiers[k]]))
        people = lsoas()["pop"].groupby(self.block_of).sum()
        listed = b[b.code.isin(unit_of)]
        near = {}
        for i, row in listed.iterrows():
            hits = b.sindex.query(row.geometry.buffer(NEAR_M), predicate="intersects")
            near[row.code] = [b.code[j] for j in hits
                              if b.code[j] != row.code and
                              b.geometry[j].distance(row.geometry) <= NEAR_M]
        seen = set()
        for u in self.units(k):
            blocks = [c for c in listed.code if unit_of[c] == u]
            comps = []
            for c0 in blocks:
                if c0 in seen:
                    continue
                comp, todo = [], [c0]
                seen.add(c0)
                while todo:
                    c = todo.pop()
                    comp.append(c)
                    for n in near[c]:
                        if unit_of.get(n) == u and n not in seen:
                            seen.add(n)
                            todo.append(n)
                comps.append(comp)
            if len(comps) < 2:
                continue
            main = max(comps, key=lambda cs: sum(people.get(c, 0) for c in cs))
            geom = dict(zip(b.code, b.geometry))
            for comp in comps:
                if comp is main:
                    continue
                others = {n for c in comp for n in near[c] if unit_of.get(n) != u}
                if not others:
                    continue  # an island
                edge = unary_union([geom[c] for c in comp]).boundary
                zone = unary_union([geom[n] for n in others]).buffer(NEAR_M)
                if edge.intersection(zone).length / edge.length >= SURROUNDED:
                    self.add(5, "discontiguous", "warning", self.tiers[k], [u], None, [],
                             sum(people.get(c, 0) for c in comp))

    def typos(self, k):
        pop, names = self.unit_pop(k), self.unit_names(k)
        for u in self.units(k):
            cand = [v for v in self.units(k) if v != u and pop[u] < 0.1 * pop[v] and
                    similar(names[u], names[v])]
            if cand:
                v = max(cand, key=lambda x: pop[x])
                self.add(6, "possible_typo", "warning", self.tiers[k], [u, v], None, [], pop[u])

    def bands(self, k):
        band = BANDS.get(self.tiers[k].lower())
        if not band:
            return
        pop = self.unit_pop(k)
        for u in self.units(k):
            if not band[0] <= pop[u] <= band[1]:
                self.add(7, "population_out_of_band", "info", self.tiers[k], [u], None, [],
                         pop[u])


def findings(config):
    """The findings of coterm check on config with the statutory layers
    utla21, ltla21 and sicbl22, in findings.json's order and keys (type,
    severity, tier, units, against, against_units, population)."""
    return Check(config).run()


def block_people():
    """People of every LTLA 2021 and MSOA 2011 (the examples' blocks)."""
    lsoa = pd.read_csv(DATA / "population20_lsoa11.csv")
    lookup = pd.read_csv(DATA / "lookup_lsoa11_msoa11_ltla21_utla21.csv")
    ltla = lookup.merge(lsoa, on="lsoa11_code").groupby("ltla21_code").total_population.sum()
    msoa = pd.read_csv(DATA / "population20_msoa11.csv").set_index("msoa11_code")
    return pd.concat([ltla, msoa.total_population])


def unit_people(config):
    """{(tier, unit): people} of a configuration whose blocks are LTLAs or MSOAs."""
    c, tiers, _ = read_config(config)
    people = c.block.map(block_people())
    assert people.notna().all(), "a block that is neither an LTLA nor an MSOA"
    return {(tier, unit): float(p) for tier in tiers
            for unit, p in people.groupby(c[tier]).sum().items()}


def out_of_band(config):
    """(tier, unit) of the units outside their tier's default band."""
    return {k for k, p in unit_people(config).items()
            if k[0] in BANDS and not BANDS[k[0]][0] <= p <= BANDS[k[0]][1]}
