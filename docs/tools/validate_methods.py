#!/usr/bin/python3
"""Regenerate the measured figures of docs/methods.md.

Runs the built coterm on the embedded England data with each population
method and compares the answers with the official ONS best-fit lookup
(data/england/validation/, used here only to measure error) and with the
exact LSOA -> MSOA -> LTLA -> UTLA nesting.

Usage, from the repository root after building (Debian's python3, which has
pandas and geopandas):

    /usr/bin/python3 docs/tools/validate_methods.py [--coterm build/cli/coterm]
        [--data data/england] [--work DIR] [--methods auto,bestfit,areal]
        [--no-ltla] [--no-other]

It takes about three minutes; the areal runs are the slow ones.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import pandas as pd

TOL = 0.01  # coterm's default --tolerance


def run(cmd):
    t0 = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(f"failed ({res.returncode}): {' '.join(cmd)}\n{res.stderr}")
    return dt


def classify(pairs, self_col, other_col, self_pop, other_pop, tol=TOL):
    """The classes of docs/metrics.md from population-only pairs.

    pairs: DataFrame with self_col, other_col and pop; self_pop/other_pop map
    unit id -> population. Every unit here has people, so the share that
    decides is the population share and slivers are pairs below tol on both
    sides. Returns {unit: (class, n_parts)} for units present in pairs."""
    out = {}
    for u, grp in pairs.groupby(self_col):
        best_s = best_r = None
        parts = 0
        all_inside = True
        for o, pop in sorted(zip(grp[other_col], grp["pop"])):
            s = pop / self_pop[u]
            r = pop / other_pop[o]
            if s < tol and r < tol:
                continue  # sliver
            parts += 1
            all_inside &= r >= 1 - tol
            if best_s is None or s > best_s or (s == best_s and r > best_r):
                best_s, best_r = s, r
        if best_s is None:
            cls = "unmatched"
        elif best_s >= 1 - tol and best_r >= 1 - tol:
            cls = "coterminous"
        elif best_s >= 1 - tol:
            cls = "nested"
        elif all_inside:
            cls = "contains"
        else:
            cls = "straddles"
        out[u] = (cls, parts)
    return out


def lsoa_agreement(args, data, official, methods, work, times):
    print("## 1. LSOA best fit against the official lookup "
          f"({len(official)} LSOAs, {official.ccg21_code.nunique()} CCGs, "
          f"{official.stp21_code.nunique()} STPs)\n")
    print("| method | big | LSOAs | different big unit | % | no big unit | LSOAs that differ |")
    print("|---|---|---:|---:|---:|---:|---|")
    for m in methods:
        for big, col in (("ccg21", "ccg21_code"), ("stp21", "stp21_code")):
            out = os.path.join(work, f"bestfit_lsoa11_{big}_{m}.csv")
            times[f"bestfit lsoa11 {big} {m}"] = run(
                [args.coterm, "bestfit", "lsoa11", big, "--method", m, "--out", out])
            b = pd.read_csv(out, dtype={"big_id": str}).fillna({"big_id": ""})
            j = official.merge(b, left_on="lsoa11_code", right_on="small_id", how="left")
            bad = j[j[col] != j.big_id]
            none = (j.big_id == "").sum()
            names = ", ".join(bad.lsoa11_name.head(6)) + (" ..." if len(bad) > 6 else "")
            print(f"| {m} | {big} | {len(j)} | {len(bad)} | {100 * len(bad) / len(j):.3f} "
                  f"| {none} | {names} |")
            unmatched_all = b[b.big_id == ""]
            if len(unmatched_all):
                print(f"|  |  | (all England: {len(unmatched_all)} LSOAs in no {big}: "
                      f"{', '.join(unmatched_all.small_name)}) | | | | |")
    print()


def national_counts(args, data, methods, work, times):
    print("## 2. National headline counts (fit ccg21 ltla21, fit stp21 utla21)\n")
    print("| method | CCGs coterminous with an LTLA | LTLAs straddling CCGs "
          "| UTLAs straddling systems | STPs coterminous with a UTLA | pairs (slivers) CCGxLTLA "
          "| pop_fit_b_in_a CCGxLTLA | pop_fit_b_in_a STPxUTLA |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    res = {}
    for m in methods:
        for a, b in (("ccg21", "ltla21"), ("stp21", "utla21")):
            out = os.path.join(work, f"fit_{a}_{b}_{m}")
            times[f"fit {a} {b} {m}"] = run([args.coterm, "fit", a, b, "--method", m,
                                             "--out", out, "--quiet"])
            res[(a, m)] = {
                "a": pd.read_csv(os.path.join(out, "a_units.csv")),
                "b": pd.read_csv(os.path.join(out, "b_units.csv")),
                "pairs": pd.read_csv(os.path.join(out, "pairs.csv")),
                "summary": pd.read_json(os.path.join(out, "summary.json"), typ="series"),
            }
        c, s = res[("ccg21", m)], res[("stp21", m)]
        print(f"| {m} | {(c['a']['class'] == 'coterminous').sum()} "
              f"| {(c['b']['class'] == 'straddles').sum()} "
              f"| {(s['b']['class'] == 'straddles').sum()} "
              f"| {(s['a']['class'] == 'coterminous').sum()} "
              f"| {len(c['pairs'])} ({int(c['pairs'].sliver.sum())}) "
              f"| {c['summary']['indices']['pop_fit_b_in_a']:.4f} "
              f"| {s['summary']['indices']['pop_fit_b_in_a']:.4f} |")
    print()
    for m in methods:
        u = res[("stp21", m)]["b"]
        names = sorted(u[u["class"] == "straddles"].name)
        print(f"- {m}: {len(names)} UTLAs straddle systems: {', '.join(names)}")
    print()
    if "auto" in methods:
        ref = res[("stp21", "auto")]["b"].set_index("id")
        pairs_by = {m: res[("stp21", m)]["pairs"] for m in methods}
        for m in methods:
            if m == "auto":
                continue
            u = res[("stp21", m)]["b"].set_index("id")
            extra = u[(u["class"] == "straddles") & (ref["class"] != "straddles")]
            rows = []
            for uid, row in extra.iterrows():
                p = pairs_by[m]
                none = 1 - p[p.b_id == uid].b_pop_share.sum()  # people in no system
                p = p[(p.b_id == uid) & (p.sliver == 0)].sort_values("b_pop_share")
                rows.append(f"{row['name']} ({p.b_pop_share.iloc[0] * 100:.1f}% in "
                            f"{p.a_name.iloc[0]}"
                            + (f", {none * 100:.1f}% in no system" if none > 1e-9 else "")
                            + ")")
            print(f"- {m}: {len(extra)} UTLAs straddle that do not under auto: "
                  f"{'; '.join(rows)}")
            c = res[("ccg21", m)]["a"].set_index("id")
            cref = res[("ccg21", "auto")]["a"].set_index("id")
            lost = c[(cref["class"] == "coterminous") & (c["class"] != "coterminous")]
            print(f"  {m}: {len(lost)} CCGs coterminous under auto are not: "
                  f"{', '.join(f'{n} ({k})' for n, k in zip(lost.name, lost['class']))}")
        print()
        for m in methods:
            for a in ("ccg21", "stp21"):
                asg = res[(a, m)]["summary"]["assignment"]["a"]
                pop = res[(a, m)]["summary"]["population"]
                print(f"- {m}, {a} side: assignment {asg}; population in {a} "
                      f"{pop['in_a']:.0f}, in both {pop['in_both']:.0f} of {pop['total']:.0f}")
        print()
    return res


def sample_truth(data, official, methods, res):
    print("## 3. Headline classes inside the validation regions: official lookup vs methods\n")
    lk = pd.read_csv(os.path.join(data, "lookup_lsoa11_msoa11_ltla21_utla21.csv"))
    pop = pd.read_csv(os.path.join(data, "population20_lsoa11.csv"))
    lk = lk.merge(pop[["lsoa11_code", "total_population"]], on="lsoa11_code")
    lk = lk.rename(columns={"total_population": "pop"})
    ltla_pop = lk.groupby("ltla21_code")["pop"].sum()
    utla_pop = lk.groupby("utla21_code")["pop"].sum()
    s = official[["lsoa11_code", "ccg21_code", "stp21_code"]].merge(lk, on="lsoa11_code")
    in_sample = set(s.lsoa11_code)
    lk["in_sample"] = lk.lsoa11_code.isin(in_sample)
    whole_ltla = set(lk.groupby("ltla21_code").in_sample.all().loc[lambda x: x].index)
    whole_utla = set(lk.groupby("utla21_code").in_sample.all().loc[lambda x: x].index)
    edge_utla = set(lk.groupby("utla21_code").in_sample.any().loc[lambda x: x].index) - whole_utla
    ccg_pop = s.groupby("ccg21_code")["pop"].sum()
    stp_pop = s.groupby("stp21_code")["pop"].sum()
    cl = s.groupby(["ccg21_code", "ltla21_code"], as_index=False)["pop"].sum()
    su = s.groupby(["stp21_code", "utla21_code"], as_index=False)["pop"].sum()
    truth = {
        "CCG (A of ccg21 x ltla21)": (classify(cl, "ccg21_code", "ltla21_code", ccg_pop, ltla_pop),
                                      "ccg21", "a"),
        "LTLA wholly in region (B)": ({k: v for k, v in classify(
            cl, "ltla21_code", "ccg21_code", ltla_pop, ccg_pop).items() if k in whole_ltla},
            "ccg21", "b"),
        "STP (A of stp21 x utla21)": (classify(su, "stp21_code", "utla21_code", stp_pop, utla_pop),
                                      "stp21", "a"),
        "UTLA wholly in region (B)": ({k: v for k, v in classify(
            su, "utla21_code", "stp21_code", utla_pop, stp_pop).items() if k in whole_utla},
            "stp21", "b"),
    }
    print("| units | n | official: coterminous / straddles | "
          + " | ".join(f"{m}: class differs (coterminous / straddles)" for m in methods) + " |")
    print("|---|---:|---|" + "---|" * len(methods))
    for label, (t, a, side) in truth.items():
        off = pd.Series({k: v[0] for k, v in t.items()})
        cells = []
        for m in methods:
            got = res[(a, m)][side].set_index("id")["class"].reindex(off.index)
            diff = off.index[got != off]
            cells.append(f"{len(diff)} ({(got == 'coterminous').sum()} / "
                         f"{(got == 'straddles').sum()})"
                         + (f": {', '.join(res[(a, m)][side].set_index('id').name[diff])}"
                            if len(diff) else ""))
        print(f"| {label} | {len(off)} | {(off == 'coterminous').sum()} / "
              f"{(off == 'straddles').sum()} | " + " | ".join(cells) + " |")
    names = lk.drop_duplicates("utla21_code").set_index("utla21_code").utla21_name
    print(f"\nUTLAs crossing the edge of the validation regions (split between a sample "
          f"system and one outside it): {', '.join(sorted(names[list(edge_utla)]))}\n")


def read_fit(out):
    return {
        "a": pd.read_csv(os.path.join(out, "a_units.csv")),
        "summary": pd.read_json(os.path.join(out, "summary.json"), typ="series"),
    }


def ltla_calibration(args, data, methods, work, times):
    """Centroid error on a layer that is exactly the councils, with ids that
    the lookup does not know, so coterm must place centroids geometrically."""
    import geopandas as gpd
    print("## 4. Centroids against the council layer (ltla21 with unknown ids)\n")
    gpkg = os.path.join(data, "boundaries.gpkg")
    ltla = gpd.read_file(gpkg, layer="ltla21")
    ltla["code"] = "X" + ltla["ltla21_code"]
    layer = os.path.join(work, "ltla_renamed.gpkg")
    ltla[["code", "ltla21_name", "geometry"]].to_file(layer, layer="ltla", driver="GPKG")
    lk = pd.read_csv(os.path.join(data, "lookup_lsoa11_msoa11_ltla21_utla21.csv"))
    pwc = gpd.read_file(gpkg, layer="lsoa11_pwc").to_crs(27700).set_index("lsoa11_code")
    ltla27 = ltla.to_crs(27700).set_index("ltla21_code")
    print("| method | LSOAs | wrong council | % | of which in no council | max distance to "
          "true council (m): in another council / in none |")
    print("|---|---:|---:|---:|---:|---|")
    for m in methods:
        out = os.path.join(work, f"bestfit_lsoa11_ltla_renamed_{m}.csv")
        times[f"bestfit lsoa11 ltla-renamed {m}"] = run(
            [args.coterm, "bestfit", "lsoa11", layer + ":ltla", "--method", m, "--out", out])
        b = pd.read_csv(out, dtype={"big_id": str}).fillna({"big_id": ""})
        j = lk.merge(b, left_on="lsoa11_code", right_on="small_id")
        bad = j[("X" + j.ltla21_code) != j.big_id]
        dmax = {True: 0.0, False: 0.0}  # key: in no council
        for _, r in bad.iterrows():
            d = pwc.geometry[r.lsoa11_code].distance(ltla27.geometry[r.ltla21_code])
            dmax[r.big_id == ""] = max(dmax[r.big_id == ""], d)
        none = (bad.big_id == "").sum()
        print(f"| {m} | {len(j)} | {len(bad)} | {100 * len(bad) / len(j):.3f} | {none} "
              f"| {dmax[False]:.0f} / {dmax[True]:.0f} |")
    if "auto" in methods:  # the counters are in the fit summary only
        out = os.path.join(work, "fit_lsoa11_ltla_renamed_auto")
        times["fit lsoa11 ltla-renamed auto"] = run(
            [args.coterm, "fit", "lsoa11", layer + ":ltla", "--method", "auto", "--out", out,
             "--quiet"])
        asg = read_fit(out)["summary"]["assignment"]["b"]
        print(f"\n- auto, council layer: assignment {asg}")
    # how many centroids lie near a council boundary at all
    bnd = ltla27.boundary
    lsoa_ltla = lk.set_index("lsoa11_code").ltla21_code
    d = [pt.distance(bnd[lsoa_ltla[c]]) for c, pt in pwc.geometry.items() if c in lsoa_ltla]
    d = pd.Series(d)
    print(f"\nCentroids within 400 m of their own council's boundary: {(d < 400).sum()} "
          f"of {len(d)}\n")


def split_shares(path, layer, lk, pwc):
    """Which levels auto uses for a layer: the share of groups (MSOAs,
    councils) with confident centroids whose confident centroids lie in more
    than one unit (a level above CT__FINER_SHARE = 25% is not used). Confident:
    inside the unit's polygon shrunk by 400 m (CT__AMBIGUOUS_M, two segments
    per quarter circle), as lib/adapt/ct_geos.c tests it."""
    import geopandas as gpd
    from shapely.prepared import prep
    units = gpd.read_file(path, layer=layer).to_crs(27700)
    units = units[["geometry"]].reset_index(drop=True)
    units["geometry"] = units.buffer(0)
    j = gpd.sjoin(pwc.reset_index(), units, how="left", predicate="intersects")
    j = j[~j.index.duplicated()]  # a point on a shared edge: one unit is enough here
    inner = units.buffer(-400, resolution=2)
    cache = {}
    conf = []
    for _, r in j.iterrows():
        u = r["index_right"]
        if pd.isna(u):
            conf.append(False)
            continue
        u = int(u)
        if u not in cache:
            cache[u] = prep(inner[u])
        conf.append(cache[u].contains(r.geometry))
    c = j[conf]
    msoa = lk.set_index("lsoa11_code").msoa11_code
    out = j[j["index_right"].isna()]
    cells = [f"{len(out)} ({out.lsoa11_code.map(msoa).isin(set(c.lsoa11_code.map(msoa))).sum()})"]
    for lv in ("msoa11_code", "ltla21_code", "utla21_code"):
        n = c.groupby(c.lsoa11_code.map(lk.set_index("lsoa11_code")[lv]))["index_right"].nunique()
        cells.append(f"{(n > 1).sum()} of {len(n)} ({100 * (n > 1).mean():.1f}%)")
    return len(j) - len(c), cells


def other_layers(args, data, methods, work, times):
    """Layers that are not CCGs, systems or councils: two councils under ids the
    lookup does not know (a layer with gaps), wards (finer than MSOAs) and the
    LSOA 2021 layer of one ICB's patients (small units scattered over England)."""
    import geopandas as gpd
    print("## 5. Other layers\n")
    gpkg = os.path.join(data, "boundaries.gpkg")
    lk = pd.read_csv(os.path.join(data, "lookup_lsoa11_msoa11_ltla21_utla21.csv"))
    pop = pd.read_csv(os.path.join(data, "population20_lsoa11.csv"))
    truth = lk.merge(pop, on="lsoa11_code").groupby("ltla21_code").total_population.sum()
    ltla = gpd.read_file(gpkg, layer="ltla21")
    places = ltla[ltla.ltla21_name.isin(["Stoke-on-Trent", "Cornwall"])].copy()
    places["code"] = "P" + places["ltla21_code"]
    layer = os.path.join(work, "places.gpkg")
    places = places.rename(columns={"ltla21_name": "name"})
    places[["code", "name", "geometry"]].to_file(layer, layer="places", driver="GPKG")
    print("Stoke-on-Trent and Cornwall under ids the lookup does not know "
          "(fit places ltla21; true population from the lookup):\n")
    print("| method | Stoke-on-Trent | Cornwall | assignment of the places layer |")
    print("|---|---:|---:|---|")
    for m in methods:
        out = os.path.join(work, f"fit_places_ltla21_{m}")
        times[f"fit places ltla21 {m}"] = run(
            [args.coterm, "fit", layer + ":places", "ltla21", "--method", m, "--out", out,
             "--quiet"])
        r = read_fit(out)
        p = r["a"].set_index("name")["pop"]
        asg = r["summary"]["assignment"]["a"]
        print(f"| {m} | {p['Stoke-on-Trent']:,.0f} | {p['Cornwall']:,.0f} | {asg} |")
    t = places.set_index("name").ltla21_code.map(truth)
    print(f"| truth | {t['Stoke-on-Trent']:,.0f} | {t['Cornwall']:,.0f} | |\n")
    pwc = gpd.read_file(gpkg, layer="lsoa11_pwc").to_crs(27700)
    print("Groups whose confident centroids lie in several units (auto does not use a "
          "level above 25%):\n")
    print("| layer | ambiguous centroids | in no unit (of which with a confident LSOA in "
          "their MSOA) | MSOAs | lower-tier councils | upper-tier councils |")
    print("|---|---:|---|---|---|---|")
    for name, path, layer in (
            ("ccg21", gpkg, "ccg21"), ("wards21", gpkg, "wards21"),
            ("lsoa21_staffs", os.path.join(data, "staffs", "lsoa21.gpkg"), "lsoa21")):
        amb, cells = split_shares(path, layer, lk, pwc)
        print(f"| {name} | {amb} | " + " | ".join(cells) + " |")
    print()
    print("| layer | method | units | largest unit (people) | units with nobody "
          "| units over 5,000 | people in the layer | assignment |")
    print("|---|---|---:|---|---:|---:|---:|---|")
    for a in ("wards21", "lsoa21_staffs"):
        for m in methods:
            out = os.path.join(work, f"fit_{a}_ltla21_{m}")
            times[f"fit {a} ltla21 {m}"] = run(
                [args.coterm, "fit", a, "ltla21", "--method", m, "--out", out, "--quiet"])
            r = read_fit(out)
            u = r["a"].sort_values("pop")
            asg = r["summary"]["assignment"]["a"]
            print(f"| {a} | {m} | {len(u)} | {u['name'].iloc[-1]} ({u['pop'].iloc[-1]:,.0f}) "
                  f"| {(u['pop'] == 0).sum()} | {(u['pop'] > 5000).sum()} "
                  f"| {u['pop'].sum():,.0f} | {asg} |")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--coterm", default="build/cli/coterm")
    ap.add_argument("--data", default=os.environ.get("COTERM_DATA", "data/england"))
    ap.add_argument("--work", default=None, help="keep outputs here (default: a temp dir)")
    ap.add_argument("--methods", default="auto,bestfit,areal")
    ap.add_argument("--no-ltla", action="store_true", help="skip the council-layer check")
    ap.add_argument("--no-other", action="store_true",
                    help="skip the places, wards and LSOA 2021 layers")
    args = ap.parse_args()
    methods = args.methods.split(",")
    work = args.work or tempfile.mkdtemp(prefix="coterm_validate_")
    os.makedirs(work, exist_ok=True)
    official = pd.read_csv(os.path.join(
        args.data, "validation", "official_bestfit_lsoa11_ccg21_stp21_sample.csv"))
    times = {}
    print(f"# coterm population methods, measured ({args.coterm}, data {args.data})\n")
    lsoa_agreement(args, args.data, official, methods, work, times)
    res = national_counts(args, args.data, methods, work, times)
    sample_truth(args.data, official, methods, res)
    if not args.no_ltla:
        ltla_calibration(args, args.data, methods, work, times)
    if not args.no_other:
        other_layers(args, args.data, methods, work, times)
    print("## Wall time of each run (s)\n")
    for k, v in times.items():
        print(f"- {k}: {v:.1f}")
    print(f"\noutputs in {work}")


if __name__ == "__main__":
    main()
