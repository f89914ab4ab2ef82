"""GeoDataFrames in: hand-computed answers for a few squares, the same numbers
as the CLI on the same squares in GeoJSON, CRS handed over correctly."""
import math

import geopandas as gpd
import numpy as np
import pytest

import coterm
from conftest import CASES, DATA, assert_frame_matches_csv, read_csv

# tests/cases/python: A1, A2, A3 are 100 m squares side by side from
# (400000, 300000) in EPSG:27700; B1 covers A1 and half of A2 (150 x 100 m),
# B2 the other half of A2 (50 x 100 m); A3 touches no B.
A = CASES / "squares_a.geojson"
B = CASES / "squares_b.geojson"


@pytest.fixture
def frames():
    return gpd.read_file(A), gpd.read_file(B)


def test_squares_hand_computed(frames):
    a, b = frames
    assert a.crs.to_epsg() == 27700
    r = coterm.fit(a, b, pop=False)
    p = r.pairs
    assert list(zip(p.a_id, p.b_id)) == [("A1", "B1"), ("A2", "B1"), ("A2", "B2")]
    assert p.area_m2.tolist() == pytest.approx([10000, 5000, 5000], rel=1e-12)
    assert p.a_area_share.tolist() == pytest.approx([1, 0.5, 0.5], rel=1e-12)
    assert p.b_area_share.tolist() == pytest.approx([2 / 3, 1 / 3, 1], rel=1e-12)
    assert p.sliver.tolist() == [0, 0, 0] and p.sliver.dtype == np.int64
    assert p["pop"].isna().all()  # pop=False: area only
    au = r.a_units.set_index("id")
    assert au.name.to_dict() == {"A1": "Square one", "A2": "Square two", "A3": "Square three"}
    assert au["class"].to_dict() == {"A1": "nested", "A2": "straddles", "A3": "unmatched"}
    assert au.best_id.to_dict() == {"A1": "B1", "A2": "B2", "A3": ""}
    assert au.n_parts.to_dict() == {"A1": 1, "A2": 2, "A3": 0}
    bu = r.b_units.set_index("id")
    assert bu.area_m2.to_dict() == pytest.approx({"B1": 15000, "B2": 5000}, rel=1e-12)
    assert bu["class"].to_dict() == {"B1": "straddles", "B2": "nested"}
    ix = r.summary["indices"]
    # (10000*1 + 10000*0.5 + 10000*0) / 30000 and (15000*2/3 + 5000*1) / 20000
    assert ix["area_fit_a_in_b"] == pytest.approx(0.5)
    assert ix["area_fit_b_in_a"] == pytest.approx(0.75)
    assert r.summary["classes"]["a"] == {"coterminous": 0, "nested": 1, "contains": 0,
                                         "straddles": 1, "unmatched": 1}
    # invariant: the pieces of every B unit add up to its area
    assert p.groupby("b_id").area_m2.sum().to_dict() == pytest.approx(
        bu.area_m2.to_dict(), rel=1e-12)


def test_frames_equal_cli_on_the_same_files(frames, run_cli, tmp_path):
    rc, _, err = run_cli("fit", A, B, "--no-pop", "--out", tmp_path, "-q")
    assert rc == 0, err
    r = coterm.fit(*frames, pop=False)
    for name in ("pairs", "a_units", "b_units"):
        assert_frame_matches_csv(r[name], read_csv(tmp_path / f"{name}.csv"))
    assert r.summary["indices"] == coterm.fit(str(A), str(B), pop=False).summary["indices"]


def test_frame_in_another_crs_is_reprojected(frames):
    a, b = frames
    # both sides through the same transformation (pyproj's and PROJ's choice of
    # pipeline for 27700 <-> 4326 may differ by millimetres); straight edges
    # through round-tripped vertices: areas unchanged to ~1e-6
    r = coterm.fit(a.to_crs("EPSG:4326"), b.to_crs("EPSG:4326"), pop=False)
    assert r.a_units.area_m2.tolist() == pytest.approx([10000] * 3, rel=1e-6)
    assert r.pairs.b_area_share.tolist() == pytest.approx([2 / 3, 1 / 3, 1], rel=1e-6)
    assert r.summary["crs"] == "EPSG:27700"


def test_measuring_crs_option_changes_areas(frames):
    # in Web Mercator at latitude ~52.6 N areas are inflated by about 1/cos^2(lat)
    a, b = frames
    r = coterm.fit(a, b, pop=False, crs="EPSG:3857")
    lat = math.radians(a.to_crs("EPSG:4326").geometry.iloc[0].centroid.y)
    assert r.a_units.area_m2[0] == pytest.approx(10000 / math.cos(lat) ** 2, rel=0.01)


def test_geoseries_takes_ids_from_its_index(frames):
    a, b = frames
    s = a.set_index("sq_code").geometry
    r = coterm.fit(s, b, pop=False)
    assert r.a_units.id.tolist() == ["A1", "A2", "A3"]
    assert r.a_units.name.tolist() == ["", "", ""]


def test_real_ccgs_as_a_geodataframe_equal_the_builtin_layer():
    ccg = gpd.read_file(DATA / "boundaries.gpkg", layer="ccg21")
    assert len(ccg) == 106
    with coterm.Context() as ctx:
        pop = ctx.pop()  # opened once, used twice
        r_frame = coterm.fit(ccg, "ltla21", pop=pop, ctx=ctx)
        r_builtin = coterm.fit("ccg21", "ltla21", pop=pop, ctx=ctx)
        assert not pop.closed  # a caller's Pop stays open
    for name in ("pairs", "a_units", "b_units"):
        got, want = r_frame[name], r_builtin[name]
        assert got.columns.tolist() == want.columns.tolist()
        for col in got.columns:
            if got[col].dtype == object:
                assert got[col].tolist() == want[col].tolist(), (name, col)
            else:
                np.testing.assert_allclose(got[col], want[col], rtol=1e-9, atol=1e-6,
                                           err_msg=f"{name}.{col}")
    assert r_frame.summary["indices"] == pytest.approx(r_builtin.summary["indices"], rel=1e-9)
    assert r_frame.summary["inputs"]["a"]["source"] == "GeoDataFrame a"


def test_custom_population_base_hand_computed(frames, run_cli, tmp_path):
    # six 50 x 100 m cells over A1..A3 with 100, 200, ..., 600 people: A1 holds
    # cells 1-2 (300), A2 cells 3-4 (700), A3 cells 5-6 (1,100); B1 cells 1-3
    # (600), B2 cell 4 (400); cells 5 and 6 are in no B unit
    cells = CASES / "pop_cells.geojson"
    r = coterm.fit(*frames, pop=str(cells), pop_field="people", pop_id="cell_code")
    p = r.pairs
    assert p["pop"].tolist() == [300, 300, 400]
    assert p.a_pop_share.tolist() == pytest.approx([1, 3 / 7, 4 / 7], rel=1e-12)
    assert p.b_pop_share.tolist() == pytest.approx([0.5, 0.5, 1], rel=1e-12)
    assert r.summary["population"]["in_a_not_b"] == 1100
    assert r.a_units["pop"].sum() == r.summary["population"]["total"] == 2100  # conserved
    # (300*1 + 700*4/7 + 1100*0) / 2100 and (600*0.5 + 400*1) / 1000
    assert r.summary["indices"]["pop_fit_a_in_b"] == pytest.approx(1 / 3)
    assert r.summary["indices"]["pop_fit_b_in_a"] == pytest.approx(0.7)
    rc, _, err = run_cli("fit", A, B, "--pop", cells, "--pop-field", "people", "--out", tmp_path,
                         "-q")
    assert rc == 0, err
    for name in ("pairs", "a_units", "b_units"):
        assert_frame_matches_csv(r[name], read_csv(tmp_path / f"{name}.csv"))
    with pytest.raises(coterm.FormatError, match="residents"):
        coterm.fit(*frames, pop=str(cells), pop_field="residents")
