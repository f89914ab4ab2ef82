"""coterm pcn's geometric method (docs/pcn.md) re-implemented with GeoPandas
and a SciPy k-d tree, and the national figures derived from it."""
import functools

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .england import DATA, centroids, layer, lsoa_in

FLOOR, FACTOR, MIN_SHARE = 500.0, 2.0, 0.01


@functools.lru_cache(maxsize=None)
def membership():
    """Practices of real PCNs (not the "U" / "Unallocated" placeholders)."""
    m = pd.read_csv(DATA / "practices22_pcn.csv")
    return m[(m.pcn_code != "U") & ~m.pcn_name.str.lower().str.startswith("unallocated")]


@functools.lru_cache(maxsize=None)
def shares():
    """One row per (LSOA, PCN): area_id, pcn_code, share; and the uncertain
    population (docs/pcn.md steps 1-4)."""
    import geopandas as gpd
    pwc = centroids()
    m = membership()
    loc = layer("practices24", "pcn.gpkg")
    catch = layer("pcn_catchments20", "pcn.gpkg").copy()
    catch["geometry"] = catch.geometry.make_valid()
    pr = m[["practice_code", "pcn_code"]].merge(
        loc[["practice_code", "geometry"]].drop_duplicates("practice_code"), on="practice_code")
    P = np.c_[gpd.GeoSeries(pr.geometry).x, gpd.GeoSeries(pr.geometry).y]
    PP = pr.pcn_code.values
    X = np.c_[pwc.geometry.x, pwc.geometry.y]
    catch = catch[catch.pcn20_code.isin(set(m.pcn_code))]
    hits = gpd.sjoin(pwc[["lsoa11_code", "geometry"]], catch[["pcn20_code", "geometry"]],
                     predicate="intersects")
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
    return pd.DataFrame(rows, columns=["area_id", "pcn_code", "share"]), unc


def main_pcns():
    """PCNs that are the main PCN of at least one LSOA (largest share; equal
    shares, from practices in one building, go to the PCN listed first in
    the membership file): those that get a neighbourhood polygon."""
    order = {k: i for i, k in enumerate(membership().pcn_code.drop_duplicates())}
    s = shares()[0]
    s = s.assign(order=s.pcn_code.map(order)).sort_values(["area_id", "share", "order"],
                                                          ascending=[True, False, True])
    return set(s.drop_duplicates("area_id").pcn_code)


def ccg_agreement():
    """PCNs whose footprint's plurality CCG (people by LSOA, each LSOA in the
    CCG holding its centroid) is their practices' plurality CCG."""
    s = shares()[0]
    ccg = lsoa_in("ccg21", "ccg21_code").set_index("lsoa11_code")
    s = s.assign(people=s.share * s.area_id.map(ccg.total_population),
                 ccg=s.area_id.map(ccg.ccg21_code))
    by = s.groupby(["pcn_code", "ccg"]).people.sum().reset_index()
    best = by.sort_values(["pcn_code", "people", "ccg"], ascending=[True, False, True]) \
             .drop_duplicates("pcn_code").set_index("pcn_code").ccg
    m = membership()
    practice_ccg = m.groupby(["pcn_code", "ccg21_code"]).size().reset_index(name="n") \
        .sort_values(["pcn_code", "n", "ccg21_code"], ascending=[True, False, True]) \
        .drop_duplicates("pcn_code").set_index("pcn_code").ccg21_code
    both = best.index.intersection(practice_ccg.index)
    return int((best[both] == practice_ccg[both]).sum()), len(practice_ccg)


def catchment_repairs():
    """Catchments of the 2022 PCNs that GEOS finds invalid as embedded
    (EPSG:4326) and after reprojection to the national grid."""
    import geopandas as gpd
    raw = gpd.read_file(DATA / "pcn.gpkg", layer="pcn_catchments20")
    used = raw[raw.pcn20_code.isin(set(membership().pcn_code))]
    published = set(used.pcn20_code[~used.is_valid])
    projected = set(used.pcn20_code[~used.to_crs(27700).is_valid])
    return published, projected


def within(icb):
    """PCN codes whose footprint's people lie most in ICB icb (July 2022, by the
    ONS LSOA -> ICB lookup): the PCNs --within icb22:ICB keeps."""
    s, _ = shares()
    pop = pd.read_csv(DATA / "population20_lsoa11.csv")[["lsoa11_code", "total_population"]]
    lk = pd.read_csv(DATA / "lookup_lsoa11_sicbl22_icb22.csv")[["lsoa11_code", "icb22_code"]]
    f = s.merge(pop, left_on="area_id", right_on="lsoa11_code").merge(lk, on="lsoa11_code")
    f["people"] = f.share * f.total_population
    by = f.groupby(["pcn_code", "icb22_code"]).people.sum().reset_index()
    best = by.sort_values(["pcn_code", "people", "icb22_code"],
                          ascending=[True, False, True]).drop_duplicates("pcn_code")
    return set(best[best.icb22_code == icb].pcn_code)
