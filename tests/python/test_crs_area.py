"""Layers outside the measuring CRS's area of use: refused by default,
measured right with crs="auto". The expected areas are geodesic areas on
the WGS 84 ellipsoid (pyproj.Geod), independent of coterm and of any
projection; the data ship with Debian's python3-geopandas."""
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyproj
import pytest

import coterm

GPD = Path(gpd.__file__).parent / "datasets"
NYBB = GPD / "nybb_16a.zip"
NE = GPD / "naturalearth_lowres" / "naturalearth_lowres.shp"
GEOD = pyproj.Geod(ellps="WGS84")


def geodesic_areas(gdf):
    ll = gdf.to_crs(4326)
    return np.array([abs(GEOD.geometry_area_perimeter(g)[0]) for g in ll.geometry])


@pytest.fixture(scope="module")
def nybb():
    return gpd.read_file(f"zip://{NYBB}")


@pytest.fixture(scope="module")
def countries():
    return gpd.read_file(NE)


def test_new_york_refused_in_british_national_grid(nybb):
    with pytest.raises(coterm.CRSError) as e:
        coterm.fit(nybb, nybb, a_id="BoroCode", b_id="BoroCode", pop=False)
    assert "lies outside the area of use of the measuring CRS EPSG:27700" in e.value.message
    assert "--crs" in e.value.message


def test_new_york_auto_crs_gives_geodesic_areas(nybb):
    r = coterm.fit(nybb, nybb, a_id="BoroCode", b_id="BoroCode", pop=False, crs="auto")
    want = dict(zip(nybb["BoroCode"].astype(str), geodesic_areas(nybb)))
    got = dict(zip(r.a_units["id"], r.a_units["area_m2"]))
    assert set(got) == set(want)
    for code, area in want.items():
        assert got[code] == pytest.approx(area, rel=1e-6), code
    # Staten Island: 150.9 km2 (British National Grid made it 315)
    assert got["5"] == pytest.approx(150.86e6, rel=1e-3)
    assert (r.a_units["class"] == "coterminous").all()
    assert r.summary["crs"].startswith("+proj=laea")


def test_countries_auto_crs(countries):
    r = coterm.fit(str(NE), str(NE), a_id="name", b_id="name", pop=False, crs="auto")
    assert r.summary["crs"] == "EPSG:6933"
    want = dict(zip(countries["name"], geodesic_areas(countries)))
    got = dict(zip(r.a_units["id"], r.a_units["area_m2"]))
    # straight edges in an equal-area projection vs geodesic edges: within
    # 0.5% for every country, 0.01% for the world
    for name, area in want.items():
        assert got[name] == pytest.approx(area, rel=5e-3), name
    assert sum(got.values()) == pytest.approx(sum(want.values()), rel=1e-4)
    # countries do not overlap (British National Grid "found" 31 million km2)
    assert r.summary["overlap"]["a"]["area_overlapped_m2"] == 0
