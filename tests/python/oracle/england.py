"""The published inputs, read once per process."""
import functools
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

DATA = Path(os.environ.get("COTERM_DATA", Path(__file__).resolve().parents[3] / "data" / "england"))
BNG = 27700


@functools.lru_cache(maxsize=None)
def layer(name, gpkg="boundaries.gpkg"):
    """A layer of the data's GeoPackages, in the national grid."""
    return gpd.read_file(DATA / gpkg, layer=name).to_crs(BNG)


@functools.lru_cache(maxsize=None)
def centroids():
    """LSOA 2011 population-weighted centroids with their mid-2020 people."""
    pwc = layer("lsoa11_pwc")
    pop = pd.read_csv(DATA / "population20_lsoa11.csv")
    return pwc.merge(pop[["lsoa11_code", "total_population"]], on="lsoa11_code")


@functools.lru_cache(maxsize=None)
def lsoa_in(polygons, id_field):
    """Each LSOA's unit of a polygon layer: the unit holding its centroid, else
    (a few coastal centroids outside generalised boundaries) the nearest."""
    pts = centroids()[["lsoa11_code", "total_population", "geometry"]]
    units = layer(polygons)[[id_field, "geometry"]]
    hit = gpd.sjoin(pts, units, predicate="intersects", how="left")
    hit = hit.sort_values(id_field).drop_duplicates("lsoa11_code")  # boundary: smaller id
    for i in hit.index[hit[id_field].isna()]:
        d = units.distance(hit.geometry[i])
        hit.loc[i, id_field] = units[id_field].iat[int(d.values.argmin())]
    return hit[["lsoa11_code", "total_population", id_field]].reset_index(drop=True)
