#!/usr/bin/python3
"""Baseline for `coterm fit A B`: the same job written the way an analyst
would in GeoPandas 0.12 (Debian python3-geopandas, shapely 1.8, no pygeos).

    /usr/bin/python3 bench/geopandas_fit.py OUT.csv [A_LAYER B_LAYER] [--areal]

Default method (matches coterm): each LSOA's population goes wholly to the A
and B polygons containing its population-weighted centroid (layer lsoa11_pwc).
--areal: the common analyst shortcut instead: overlay LSOA polygons (layer
lsoa11) with the AxB pieces and split each LSOA's population by area.

Data dir: $COTERM_DATA, default the repository's data/england.
Prints a population check to stderr (England total 56,550,138).
"""
import argparse
import os
import sys

import geopandas as gpd
import pandas as pd

BNG = 27700  # British National Grid: metres, good for areas in England


def id_name_cols(df):
    """The layer's id and name fields, e.g. ccg21_code / ccg21_name."""
    code = next(c for c in df.columns if c.endswith("_code"))
    name = next(c for c in df.columns if c.endswith("_name"))
    return code, name


def load_polygons(gpkg, layer, prefix=None):
    """Read a layer, reproject to BNG, repair invalid geometry."""
    df = gpd.read_file(gpkg, layer=layer).to_crs(BNG)
    bad = ~df.geometry.is_valid
    # make_valid may return GeometryCollections with stray lines/points;
    # buffer(0) keeps only the polygonal part so areas stay meaningful.
    df.loc[bad, "geometry"] = df.geometry[bad].make_valid().buffer(0)
    if prefix is None:
        return df
    code, name = id_name_cols(df)
    return df[[code, name, "geometry"]].set_axis(
        [f"{prefix}_id", f"{prefix}_name", "geometry"], axis=1)


def centroid_pop(gpkg, pop, a, b):
    """Population per (a_id, b_id) from LSOA population-weighted centroids."""
    pts = gpd.read_file(gpkg, layer="lsoa11_pwc").to_crs(BNG)
    pts = pts[["lsoa11_code", "geometry"]].merge(pop, on="lsoa11_code")
    for side in (a, b):
        hit = gpd.sjoin(pts, side[[side.columns[0], "geometry"]],
                        how="left", predicate="within")
        # a centroid on a sliver where two polygons overlap counts once
        hit = hit[~hit.index.duplicated(keep="first")]
        pts[side.columns[0]] = hit[side.columns[0]]
    missed = pts["a_id"].isna() | pts["b_id"].isna()
    print(f"centroids outside A or B: {int(missed.sum())} "
          f"(pop {int(pts.loc[missed, 'pop'].sum()):,})", file=sys.stderr)
    return pts[~missed].groupby(["a_id", "b_id"], as_index=False)["pop"].sum()


def areal_pop(gpkg, pop, pieces):
    """Population per (a_id, b_id) by area-weighting LSOA polygons."""
    lsoa = load_polygons(gpkg, "lsoa11")[["lsoa11_code", "geometry"]]
    lsoa = lsoa.merge(pop, on="lsoa11_code")
    lsoa["lsoa_area"] = lsoa.geometry.area
    bits = gpd.overlay(lsoa, pieces[["a_id", "b_id", "geometry"]],
                       how="intersection", keep_geom_type=True)
    bits["pop"] = bits["pop"] * bits.geometry.area / bits["lsoa_area"]
    return bits.groupby(["a_id", "b_id"], as_index=False)["pop"].sum()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("a_layer", nargs="?", default="ccg21")
    ap.add_argument("b_layer", nargs="?", default="ltla21")
    ap.add_argument("--areal", action="store_true",
                    help="area-weight LSOA polygons instead of centroids")
    args = ap.parse_args()

    data = os.environ.get("COTERM_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "england"))
    gpkg = os.path.join(data, "boundaries.gpkg")
    pop = pd.read_csv(os.path.join(data, "population20_lsoa11.csv"),
                      usecols=["lsoa11_code", "total_population"])
    pop = pop.rename(columns={"total_population": "pop"})

    a = load_polygons(gpkg, args.a_layer, "a")
    b = load_polygons(gpkg, args.b_layer, "b")
    a_area = a.set_index("a_id").geometry.area
    b_area = b.set_index("b_id").geometry.area

    # Every A x B intersection; keep_geom_type drops line/point touches.
    pieces = gpd.overlay(a, b, how="intersection", keep_geom_type=True)
    pieces["area_m2"] = pieces.geometry.area

    pp = areal_pop(gpkg, pop, pieces) if args.areal else \
        centroid_pop(gpkg, pop, a, b)

    out = pd.DataFrame(pieces.drop(columns="geometry")).merge(
        pp, on=["a_id", "b_id"], how="outer")
    # A pair holding population but no overlay piece cannot happen (a point
    # in both polygons means they intersect); fill names defensively anyway.
    out["a_name"] = out["a_name"].fillna(
        out["a_id"].map(a.set_index("a_id")["a_name"]))
    out["b_name"] = out["b_name"].fillna(
        out["b_id"].map(b.set_index("b_id")["b_name"]))
    out[["area_m2", "pop"]] = out[["area_m2", "pop"]].fillna(0)
    if not args.areal:  # whole LSOAs: population stays a count
        out["pop"] = out["pop"].astype("int64")
    out["a_area_share"] = out["area_m2"] / out["a_id"].map(a_area)
    out["b_area_share"] = out["area_m2"] / out["b_id"].map(b_area)
    # Shares of each polygon's attributed population (not its census total).
    out["a_pop_share"] = out["pop"] / out.groupby("a_id")["pop"].transform("sum")
    out["b_pop_share"] = out["pop"] / out.groupby("b_id")["pop"].transform("sum")
    out = out.fillna({"a_pop_share": 0, "b_pop_share": 0})
    cols = ["a_id", "a_name", "b_id", "b_name", "area_m2", "a_area_share",
            "b_area_share", "pop", "a_pop_share", "b_pop_share"]
    out.sort_values(["a_id", "b_id"])[cols].to_csv(args.out, index=False)

    total = int(pop["pop"].sum())
    print(f"pairs: {len(out)}; population attributed: {out['pop'].sum():,.0f}"
          f" of {total:,} ({100 * out['pop'].sum() / total:.3f}%)",
          file=sys.stderr)


if __name__ == "__main__":
    main()
