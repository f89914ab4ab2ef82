"""coterm.check gives the CLI's numbers, tier geometry as GeoDataFrames; the
examples' populations and band findings equal pandas sums of the ONS tables
(tests/python/oracle/check.py)."""
import json

import pytest

import coterm
from conftest import ROOT, assert_frame_matches_csv, read_csv
from oracle import check as oracle

GM = ROOT / "data" / "examples" / "check_gm_boroughs" / "config.csv"


@pytest.fixture(scope="module")
def gm(run_cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("check_gm")
    rc, _, err = run_cli("check", GM, "--out", out)
    assert rc == 0, err
    return out, coterm.check(GM)


def test_tables_equal_cli(gm):
    out, r = gm
    for name in ("units", "nesting", "findings"):
        assert_frame_matches_csv(r.tables[name], read_csv(out / f"{name}.csv"))


def test_documents_equal_cli(gm):
    out, r = gm
    assert r.docs["findings"] == json.loads((out / "findings.json").read_text())
    types = sorted(f["type"] for f in r.docs["findings"]["findings"])
    # Bury, Manchester, Oldham, Rochdale, Tameside and Trafford (oracle below)
    assert types.count("population_out_of_band") == len(oracle.out_of_band(GM)) == 6
    # against the 2022 sub-ICB locations (each borough is one) nothing is split
    assert "council_split" not in types


def test_against_ccg21_splits_tameside_and_glossop():
    # against the 2021 CCGs the GM system cuts Tameside and Glossop CCG, whose
    # Glossop part lies in Derbyshire (the official 2021 lookup)
    r = coterm.check(GM, against=["utla21", "ltla21", "ccg21"])
    split = [f for f in r.docs["findings"]["findings"] if f["type"] == "council_split"]
    assert [f["against_units"] for f in split] == [["E38000182"]]


def test_tiers_are_geodataframes(gm):
    _, r = gm
    place = r.tables["place"]
    assert len(place) == 10 and len(r.tables["system"]) == 1
    assert place.crs.to_epsg() == 27700
    units = r.tables["units"]
    areas = units[units["tier"] == "place"].set_index("unit")["area_m2"]
    for unit, geom in zip(place["unit"], place.geometry):
        assert geom.area == pytest.approx(areas[unit], rel=1e-9)


def test_tiers_from_layers():
    # the GM system as one polygon tier over its ten boroughs as places
    r = coterm.check(tiers={"system": "stp21", "place": "utla21"}, against=[])
    assert len(r.tables["system"]) == 42 and len(r.tables["place"]) == 152
    assert r.docs["summary"]["version"] == 2


def test_config_xor_tiers():
    with pytest.raises(ValueError):
        coterm.check()


EXAMPLES = ["check_gm_boroughs", "check_nel_places", "check_nel_subsystems", "check_kent_msoa",
            "check_cm_msoa", "check_surrey_msoa"]


@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_equal_oracle(example):
    # every unit's people (its blocks' ONS mid-2020 populations) and every
    # population_out_of_band finding (units outside their tier's band)
    config = ROOT / "data" / "examples" / example / "config.csv"
    blocks = "msoa11" if "msoa" in example else None
    r = coterm.check(config, blocks=blocks)
    units = r.tables["units"]
    got = {(t, u): p for t, u, p in zip(units.tier, units.unit, units["pop"])}
    assert got == pytest.approx(oracle.unit_people(config), abs=1e-6)
    band = {(f["tier"], f["units"][0]) for f in r.docs["findings"]["findings"]
            if f["type"] == "population_out_of_band"}
    assert band == oracle.out_of_band(config)


@pytest.mark.parametrize("example", EXAMPLES)
def test_example_findings_equal_oracle(example):
    # every finding (type, severity, tier, units, against, people), in order,
    # with the default statutory layers (utla21, ltla21, sicbl22), equals the
    # independent re-derivation of docs/check.md's rules from the ONS tables
    config = ROOT / "data" / "examples" / example / "config.csv"
    blocks = "msoa11" if "msoa" in example else None
    r = coterm.check(config, blocks=blocks)
    keys = ("type", "severity", "tier", "units", "against", "against_units")
    got = r.docs["findings"]["findings"]
    want = oracle.findings(config)
    assert [{k: f[k] for k in keys} for f in got] == [{k: f[k] for k in keys} for f in want]
    assert [f["population"] for f in got] == pytest.approx([f["population"] for f in want],
                                                            abs=1e-6)


GRID = ROOT / "tests" / "cases" / "check"
GRID_ARGS = dict(against=[str(GRID / "councils.geojson")], pop=str(GRID / "pop.geojson"),
                 pop_field="people", bands={"system": (0, 10000), "place": (0, 10000)})


def test_dissolve_like_cli(run_cli, tmp_path):
    # blocks_split.geojson has B5 as two features with one id: --dissolve merges them
    blocks = GRID / "blocks_split.geojson"
    with pytest.raises(coterm.DataError):
        coterm.check(GRID / "aligned.csv", blocks=str(blocks), **GRID_ARGS)
    r = coterm.check(GRID / "aligned.csv", blocks=str(blocks), dissolve=True, **GRID_ARGS)
    rc, _, err = run_cli("check", GRID / "aligned.csv", "--blocks", blocks, "--dissolve",
                         "--against", GRID / "councils.geojson", "--pop", GRID / "pop.geojson",
                         "--pop-field", "people", "--band", "system=0:10000", "--band",
                         "place=0:10000", "--out", tmp_path)
    assert rc == 0, err
    assert_frame_matches_csv(r.tables["units"], read_csv(tmp_path / "units.csv"))
    # B5's two halves are one block of P2: 3 blocks, 1,500 people (200 + 500 + 800)
    units = r.tables["units"].set_index("unit")
    assert units.loc["P2", "n_blocks"] == 3 and units.loc["P2", "pop"] == pytest.approx(1500)


def test_ignore_and_names():
    # extra_columns.csv: place_name names the places; population and notes are no tiers
    with pytest.raises(coterm.FormatError, match="column 'population' is not a tier"):
        coterm.check(GRID / "extra_columns.csv", blocks=str(GRID / "blocks.geojson"),
                     **GRID_ARGS)
    r = coterm.check(GRID / "extra_columns.csv", blocks=str(GRID / "blocks.geojson"),
                     ignore=["population", "notes"], **GRID_ARGS)
    assert r.tables["units"]["name"].tolist() == ["S", "West place", "Middle place",
                                                  "East place"]


def test_tiers_gpkg_round_trip(gm):
    # the tiers a check wrote, read back as polygon tiers (ids from 'unit',
    # names from 'name'), give the same units and findings
    out, r = gm
    gpkg = out / "tiers.gpkg"
    back = coterm.check(tiers={"system": f"{gpkg}:system", "place": f"{gpkg}:place"},
                        tier_ids={"place": "unit"}, tier_names={"place": "name"})
    cols = ["tier", "unit", "name", "parent", "n_parents"]
    assert back.tables["units"][cols].equals(r.tables["units"][cols])
    pick = ["severity", "type", "tier", "units", "unit_names", "against", "against_units"]
    assert back.tables["findings"][pick].equals(r.tables["findings"][pick])
    # people of polygon tiers come from the base directly: the same small areas
    a = back.tables["units"]["pop"].to_numpy()
    b = r.tables["units"]["pop"].to_numpy()
    assert abs(a - b).max() < 0.5
