"""Independent re-implementation of coterm pcn's geometric method (docs/pcn.md)
with GeoPandas and SciPy, compared row by row with a coterm run.

    build/cli/coterm pcn --out /tmp/pcn
    /usr/bin/python3 bench/pcn_oracle.py /tmp/pcn [data/england]

Prints the number of areas.csv rows that differ by more than 1e-6 (expected 0),
the largest PCN population difference and the uncertain population.
"""
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

FLOOR, FACTOR, MIN_SHARE = 500.0, 2.0, 0.01

out = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else "data/england"
pwc = gpd.read_file(f"{data}/boundaries.gpkg", layer="lsoa11_pwc").to_crs(27700)
pop = pd.read_csv(f"{data}/population20_lsoa11.csv")
pwc = pwc.merge(pop[["lsoa11_code", "total_population"]], on="lsoa11_code")
m = pd.read_csv(f"{data}/practices22_pcn.csv")
m = m[(m.pcn_code != "U") & ~m.pcn_name.str.lower().str.startswith("unallocated")]
loc = gpd.read_file(f"{data}/pcn.gpkg", layer="practices24").to_crs(27700)
catch = gpd.read_file(f"{data}/pcn.gpkg", layer="pcn_catchments20").to_crs(27700)
catch["geometry"] = catch.geometry.make_valid()

pr = m[["practice_code", "pcn_code"]].merge(
    loc[["practice_code", "geometry"]].drop_duplicates("practice_code"), on="practice_code")
P = np.c_[gpd.GeoSeries(pr.geometry).x, gpd.GeoSeries(pr.geometry).y]
PP = pr.pcn_code.values
X = np.c_[pwc.geometry.x, pwc.geometry.y]
catch = catch[catch.pcn20_code.isin(set(m.pcn_code))]
pts = gpd.GeoDataFrame(pwc[["lsoa11_code"]], geometry=pwc.geometry, crs=27700)
hits = gpd.sjoin(pts, catch[["pcn20_code", "geometry"]], predicate="intersects")
cand = hits.groupby("lsoa11_code").pcn20_code.apply(list).to_dict()
by_pcn = {k: P[PP == k] for k in set(PP)}
tree = cKDTree(P)

rows, unc = [], 0.0
for i, code in enumerate(pwc.lsoa11_code):
    x = X[i]
    d1, _ = tree.query(x)
    cs = list(cand.get(code, []))
    if cs:  # plus every PCN with a practice at the nearest distance
        for q in tree.query_ball_point(x, d1 * (1 + 1e-9) + 1e-6):
            if PP[q] not in cs:
                cs.append(PP[q])
    else:
        cs = list(set(PP[tree.query_ball_point(x, FACTOR * max(d1, FLOOR))]))
    d = np.array([np.sqrt(((by_pcn[k] - x) ** 2).sum(1)).min() if k in by_pcn else np.inf
                  for k in cs])
    w = np.where(np.isfinite(d), 1 / np.maximum(d, FLOOR) ** 2, 0)
    w = w / w.sum() if w.sum() > 0 else np.ones(len(cs)) / len(cs)
    unc += pwc.total_population.iat[i] * (1 - w.max())
    w = np.where(w >= MIN_SHARE, w, 0)
    w = w / w.sum()
    rows += [(code, k, wk) for k, wk in zip(cs, w) if wk > 0]

mine = pd.DataFrame(rows, columns=["area_id", "pcn_code", "share_oracle"])
theirs = pd.read_csv(f"{out}/areas.csv")
both = mine.merge(theirs[["area_id", "pcn_code", "share"]], on=["area_id", "pcn_code"],
                  how="outer")
diff = (both.share_oracle.fillna(0) - both.share.fillna(0)).abs()
pops = mine.merge(pwc[["lsoa11_code", "total_population"]], left_on="area_id",
                  right_on="lsoa11_code")
pcn_pop = (pops.share_oracle * pops.total_population).groupby(pops.pcn_code).sum()
coterm_pop = pd.read_csv(f"{out}/pcn.csv").set_index("pcn_code")["pop"]
print("areas.csv rows differing by more than 1e-6:", int((diff > 1e-6).sum()), "of", len(both))
print("largest PCN population difference:",
      float((pcn_pop.reindex(coterm_pop.index).fillna(0) - coterm_pop).abs().max()))
print("uncertain population: %.0f" % unc)
