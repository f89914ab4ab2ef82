"""coterm flows on the embedded OHID table (docs/flows.md) by a second route:
the reconstruction with scipy.optimize.nnls, LSOAs placed in systems by
their centroids, each trust's home system from its shares, and the system
holding its headquarters by a GeoPandas spatial join."""
import functools

import geopandas as gpd
import numpy as np
import pandas as pd
from scipy.optimize import nnls

from .england import DATA, layer, lsoa_in


@functools.lru_cache(maxsize=None)
def table():
    """Shares s[p, o] of each trust's patients by council (rows of the
    published table, each trust's shares scaled to sum to 1)."""
    t = pd.read_csv(DATA / "trust_catchment22_ltla21.csv")
    t = t.rename(columns={"nhs_trust22_code": "p", "ltla21_code": "o",
                          "proportion_trust_came_from_ltla": "s"})
    t["s"] = t.s / t.groupby("p").s.transform("sum")
    return t


@functools.lru_cache(maxsize=None)
def reconstruction():
    """(T by trust, residual norm): minimise ||S T - N|| over the councils
    with rows, T >= 0, N the councils' people (ONS LSOA lookup)."""
    t = table()
    lookup = pd.read_csv(DATA / "lookup_lsoa11_msoa11_ltla21_utla21.csv")
    pop = pd.read_csv(DATA / "population20_lsoa11.csv")
    people = lookup.merge(pop, on="lsoa11_code").groupby("ltla21_code").total_population.sum()
    S = t.pivot_table(index="o", columns="p", values="s", fill_value=0.0)
    T, resid = nnls(S.to_numpy(), people.reindex(S.index).to_numpy(dtype=float))
    return pd.Series(T, index=S.columns), resid


def home_and_hq():
    """Per trust: its home system (the system with most of its patients by
    its own shares, so also for the trusts the reconstruction gives none;
    ties: smaller code) and the system holding its headquarters."""
    t = table()
    lookup = pd.read_csv(DATA / "lookup_lsoa11_msoa11_ltla21_utla21.csv")
    stp = lsoa_in("stp21", "stp21_code").merge(lookup[["lsoa11_code", "ltla21_code"]])
    w = stp.groupby(["ltla21_code", "stp21_code"]).total_population.sum()
    w = (w / w.groupby(level=0).transform("sum")).rename("w").reset_index()
    g = t.merge(w, left_on="o", right_on="ltla21_code")
    g = g.assign(x=g.s * g.w).groupby(["p", "stp21_code"]).x.sum().reset_index()
    home = g.sort_values(["p", "x", "stp21_code"], ascending=[True, False, True]) \
            .drop_duplicates("p").set_index("p").stp21_code
    hq = gpd.sjoin(layer("trusts22")[["nhs_trust22_code", "geometry"]],
                   layer("stp21")[["stp21_code", "geometry"]], predicate="intersects")
    hq = hq.drop_duplicates("nhs_trust22_code").set_index("nhs_trust22_code").stp21_code
    return home, hq
