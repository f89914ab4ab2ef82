"""The naive best-fit methods of coterm bestfit (docs/methods.md) done with
GeoPandas on the LSOAs of the official best-fit sample, and how often each
disagrees with the official lookup (the sample is used only to measure)."""
import geopandas as gpd
import pandas as pd

from .england import DATA, centroids, layer


def sample():
    return pd.read_csv(DATA / "validation" / "official_bestfit_lsoa11_ccg21_stp21_sample.csv")


def placed(method, big):
    """Each sample LSOA's unit of big (ccg21 or stp21; NaN: none) by method
    "bestfit" (the unit holding the population-weighted centroid, none if
    outside every unit) or "areal" (the unit holding the largest part of the
    LSOA's area)."""
    s = sample()
    key = f"{big}_code"
    units = layer(big)[[key, "geometry"]]
    if method == "bestfit":
        pts = centroids()
        pts = pts[pts.lsoa11_code.isin(s.lsoa11_code)][["lsoa11_code", "geometry"]]
        got = gpd.sjoin(pts, units, predicate="within", how="left")
    else:
        polys = layer("lsoa11")
        polys = polys[polys.lsoa11_code.isin(s.lsoa11_code)][["lsoa11_code", "geometry"]]
        pieces = gpd.overlay(polys, units, how="intersection", keep_geom_type=True)
        pieces["area"] = pieces.area
        got = pieces.sort_values("area", ascending=False).drop_duplicates("lsoa11_code")
    got = got.drop_duplicates("lsoa11_code").set_index("lsoa11_code")[key]
    return s.set_index("lsoa11_code").index.to_series().map(got)


def disagreements(method, big):
    """(LSOAs placed in another unit than the official one, of which in no unit)."""
    official = sample().set_index("lsoa11_code")[f"{big}_code"]
    mine = placed(method, big)
    return int((mine.ne(official) | mine.isna()).sum()), int(mine.isna().sum())
