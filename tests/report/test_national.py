#!/usr/bin/env python3
"""The national report end to end (docs/report.md).

usage: test_national.py COTERM [SHOT_DIR]

Runs `coterm report` on the embedded data, then the individual commands it
is built on, and checks that report.json holds their numbers: the national
figures as they print them, and every per-system figure recomputed here from
their CSV tables by the definitions of docs/report.md (an independent
implementation). Then checks the files, the HTML against report.json, and
loads pages in headless Chromium (tests/report/browser.py), keeping the
screenshots in SHOT_DIR.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser  # noqa: E402

OFFICIAL_SPLIT = {"Cumbria", "Essex", "Hampshire", "Surrey", "Suffolk", "North Yorkshire",
                  "Hertfordshire", "Buckinghamshire"}
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def close(a, b, tol=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def run(coterm, *args):
    p = subprocess.run([coterm, *args], capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"FAIL: coterm {' '.join(args)}: exit {p.returncode}: {p.stderr[-2000:]}")
    return p


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(x):
    return float(x) if x not in ("", None) else None


def fit_figures(d):
    """Per-system figures of docs/report.md from coterm fit's tables."""
    a = {r["id"]: r for r in rows(f"{d}/a_units.csv")}
    b = {r["id"]: r for r in rows(f"{d}/b_units.csv")}
    pairs = rows(f"{d}/pairs.csv")
    out = {}
    for s, ar in a.items():
        mine = [p for p in pairs if p["a_id"] == s and p["sliver"] == "0"]
        split = [p for p in mine if b[p["b_id"]]["class"] == "straddles"]
        split_pop = sum(float(p["pop"]) for p in split)
        based = [c for c in b.values() if c["best_id"] == s]
        units_pop = sum(float(c["pop"]) for c in based)
        fit_in = (sum(float(c["pop"]) * float(c["best_pop_share"]) for c in based) / units_pop
                  if units_pop > 0 else None)
        pop = float(ar["pop"])
        out[s] = {"units": len(mine), "split": len(split), "split_pop": split_pop,
                  "whole_share": 1 - split_pop / pop, "fit_in": fit_in,
                  "fit_out": float(ar["best_pop_share"]), "units_pop": units_pop}
    return out, b


class Cells(HTMLParser):
    """The systems table of index.html: data-v of each cell, by row."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside = [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "systems-table":
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag == "td" and self.rows:
            self.rows[-1].append(a.get("data-v"))

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False


def main():
    coterm = os.path.abspath(sys.argv[1])
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    work = tempfile.mkdtemp(prefix="coterm-report-")
    out = f"{work}/report"
    t0 = time.time()
    p = run(coterm, "report", "--out", out)
    secs = time.time() - t0
    print(f"report: {secs:.1f} s")
    check("open " + out + "/index.html" in p.stdout, f"says where to open it: {p.stdout!r}")
    check("\r" not in p.stderr and "[###" not in p.stderr, "no progress bar when not a terminal")
    rep = json.load(open(f"{out}/report.json"))
    check(rep["version"] == 1 and rep["command"] == "report", "report.json version 1")
    systems = {s["code"]: s for s in rep["systems"]}
    check(len(systems) == 42, f"42 boards, not {len(systems)}")

    # fit: national figures as coterm fit prints them, per-system recomputed
    for key, layer in (("upper", "utla21"), ("lower", "ltla21"), ("subs", "sicbl22")):
        d = f"{work}/fit_{layer}"
        run(coterm, "fit", "icb22", layer, "--out", d, "-q")
        summary = json.load(open(f"{d}/summary.json"))
        nat = rep["national"][key]
        check(nat["split"] == summary["classes"]["b"]["straddles"],
              f"{key}: split {nat['split']} vs fit's straddles")
        check(close(nat["pop_fit_units_in_systems"], summary["indices"]["pop_fit_b_in_a"]),
              f"{key}: pop_fit_b_in_a")
        check(close(nat["pop_fit_systems_in_units"], summary["indices"]["pop_fit_a_in_b"]),
              f"{key}: pop_fit_a_in_b")
        figs, b = fit_figures(d)
        for code, want in figs.items():
            got = systems[code][key]
            for k, v in want.items():
                check(close(got[k], v), f"{key} {code} {k}: report {got[k]}, recomputed {v}")
        if key == "upper":
            names = {c["name"] for c in b.values() if c["class"] == "straddles"}
            check(names == OFFICIAL_SPLIT, f"the 8 official split councils, got {sorted(names)}")
            reported = {c["name"] for c in rep["councils"] if c["layer"] == "upper" and c["split"]}
            check(reported == OFFICIAL_SPLIT, f"councils list: {sorted(reported)}")
            # the national index is the per-system fits weighted by units_pop
            w = sum(f["units_pop"] for f in figs.values())
            agg = sum(f["fit_in"] * f["units_pop"] for f in figs.values() if f["fit_in"]) / w
            check(close(agg, summary["indices"]["pop_fit_b_in_a"], 1e-9), "fit_in aggregates")

    # flows
    d = f"{work}/flows"
    run(coterm, "flows", "--systems", "icb22", "--councils", "utla21", "--commissioners",
        "none", "--out", d, "-q")
    fsum = json.load(open(f"{d}/summary.json"))
    check(rep["national"]["flows"]["multi_system"] == fsum["counts"]["multi_system_providers"],
          "multi-system providers")
    check(rep["national"]["flows"]["low_containment"] == fsum["counts"]["low_containment_systems"],
          "low-containment systems")
    prov = {r["provider_id"]: r for r in rows(f"{d}/providers.csv")}
    flows = rows(f"{d}/flows.csv")
    thr = rep["options"]["threshold"]
    for r in rows(f"{d}/systems.csv"):
        s = systems[r["system_id"]]
        check(close(s["flows"]["containment"], num(r["containment"])), f"containment {r['system_id']}")
        multi = sum(1 for f in flows if f["system_id"] == r["system_id"]
                    and float(f["provider_share"]) >= thr
                    and float(prov[f["provider_id"]]["n_systems"]) >= 2)
        check(s["flows"]["multi_system"] == multi, f"multi-system providers of {r['system_id']}")
    contained = sum(float(r["contained"]) for r in rows(f"{d}/systems.csv"))
    total = sum(float(r["flows"]) for r in rows(f"{d}/systems.csv"))
    check(close(rep["national"]["flows"]["contained_share"], contained / total), "contained share")

    # pcn
    d = f"{work}/pcn"
    run(coterm, "pcn", "--system", "icb22", "--ltla", "ltla21", "--utla", "utla21", "--ccg",
        "none", "--places", "sicbl22", "--out", d)
    tol = rep["options"]["pcn_tolerance"]
    pcns = rows(f"{d}/pcn.csv")
    for code, s in systems.items():
        mine = [r for r in pcns if r["best_system"] == code]
        crossing = [r for r in mine if float(r["best_ltla_share"]) < 1 - tol]
        check(s["pcn"]["pcns"] == len(mine), f"PCNs of {code}")
        check(s["pcn"]["crossing_lower"] == len(crossing), f"PCNs crossing councils in {code}")
        check(close(s["pcn"]["outside_lower"], sum(float(r["ltla_pop_outside"]) for r in crossing),
                    1e-6), f"people outside in {code}")
    pf = json.load(open(f"{d}/findings.json"))["findings"]
    ltla = [f for f in pf if f["type"] == "straddles_parent" and f["parent_tier"] == "ltla"]
    check(rep["national"]["pcn"]["crossing_lower"] == len(ltla), "crossing = pcn's findings")

    # check: the same findings
    d = f"{work}/check"
    run(coterm, "check", "--tier", "system=icb22", "--tier", "sub_icb=sicbl22", "--against",
        "utla21", "--against", "ltla21", "--out", d, "-q")

    def key(f):
        return (f["type"], f["tier"], tuple(f["units"]), f["against"], tuple(f["against_units"]))
    want = sorted(key(f) for f in json.load(open(f"{d}/findings.json"))["findings"])
    got = sorted(key(f["finding"]) for f in rep["findings"] if f["source"] == "check")
    check(want == got, f"check findings: {len(got)} in the report, {len(want)} from check")
    for f in rep["findings"]:
        check(f["sentence"] and isinstance(f["systems"], list), f"finding without a sentence: {f}")
    order = [({"error": 0, "warning": 1, "info": 2}[f["severity"]],
              -(f["population"] if f["population"] is not None else -1)) for f in rep["findings"]]
    check(order == sorted(order), "findings by severity, then people")

    # files
    for name, head in (("systems.csv", "code,name,pop,area_km2,upper_units,upper_split"),
                       ("councils.csv", "layer,code,name,pop,class,split,n_parts,systems"),
                       ("findings.csv", "severity,type,source,topic,population,systems,sentence"),
                       ("providers.csv", "code,name,patients,home_system")):
        with open(f"{out}/{name}", encoding="utf-8") as f:
            check(f.readline().startswith(head), f"{name} header")
    layers = subprocess.run(["ogrinfo", "-q", f"{out}/report.gpkg"], capture_output=True,
                            text=True).stdout
    for layer in ("systems", "upper_councils", "lower_councils", "subs", "catchments",
                  "neighbourhoods"):
        check(f": {layer} (" in layers, f"report.gpkg layer {layer}: {layers}")
    size = os.path.getsize(f"{out}/index.html")
    check(size < 5e6, f"index.html is {size} bytes")
    pages = os.listdir(f"{out}/systems")
    check(len(pages) == 42, f"{len(pages)} system pages")
    big = max(os.path.getsize(f"{out}/systems/{p}") for p in pages)
    check(big < 1e6, f"largest system page {big} bytes")
    print(f"sizes: index.html {size} bytes, largest system page {big} bytes")

    # the HTML shows report.json's numbers
    html = open(f"{out}/index.html", encoding="utf-8").read()
    check(f'<div class="num">{rep["national"]["upper"]["split"]} <span class="of">of 152</span>'
          in html, "headline: split upper-tier councils")
    cells = Cells()
    cells.feed(html)
    check(len(cells.rows) == 43, f"{len(cells.rows) - 1} rows in the systems table")
    for row, s in zip(cells.rows[1:], rep["systems"]):
        check(row[0] == s["name"] and close(float(row[1]), s["pop"], 1e-6) and
              close(float(row[8]), s["flows"]["containment"], 1e-6), f"table row {s['code']}")

    # in a browser
    b = browser.Browser()
    try:
        for page, png in (("index.html", "report_index.png"),
                          ("systems/E54000026.html", "report_system.png")):
            problems, facts = browser.check_page(
                b, f"{out}/{page}", os.path.join(shots, png) if shots else None)
            print(f"browser: {page}: {json.dumps(facts)}")
            for x in problems:
                check(False, f"{page}: {x}")
    finally:
        b.close()
    subprocess.run(["rm", "-rf", work])
    print(f"{'FAIL' if failures else 'ok'}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
