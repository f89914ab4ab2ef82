"""coterm.pcn gives the CLI's numbers; neighbourhoods come back with geometry;
the national figures equal those of an independent re-implementation of the
geometric method (tests/python/oracle/pcn.py)."""
import json

import pytest

import coterm
from conftest import assert_frame_matches_csv, read_csv
from oracle import pcn as oracle


@pytest.fixture(scope="module")
def england(run_cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("pcn")
    rc, _, err = run_cli("pcn", "--out", out)
    assert rc == 0, err
    return out, coterm.pcn()


def test_tables_equal_cli(england):
    out, r = england
    for name in ("pcn", "areas"):
        assert_frame_matches_csv(r.tables[name], read_csv(out / f"{name}.csv"))
    assert r.docs["findings"] == json.loads((out / "findings.json").read_text())


def test_areas_equal_oracle(england):
    # every (LSOA, PCN) share of the geometric method, and the uncertain
    # population (docs/pcn.md: 13.2 M)
    _, r = england
    want, uncertain = oracle.shares()
    got = r.tables["areas"][["area_id", "pcn_code", "share"]]
    both = want.merge(got, on=["area_id", "pcn_code"], how="outer", suffixes=("_oracle", ""))
    diff = (both.share_oracle.fillna(0) - both.share.fillna(0)).abs()
    assert int((diff > 1e-6).sum()) == 0, both[diff > 1e-6].head()
    assert r.summary["population"]["uncertain"] == pytest.approx(uncertain, rel=1e-9)


def test_neighbourhoods_geodataframe(england):
    _, r = england
    nb = r.tables["neighbourhoods"]
    assert nb.crs.to_epsg() == 27700
    # one polygon per PCN that is the main PCN of some small area: the oracle
    # finds 1,250 of the 1,254 PCNs of the membership file (docs/pcn.md)
    pcns = oracle.membership().pcn_code.unique()
    assert len(r.tables["pcn"]) == len(pcns) == 1254
    assert set(nb["pcn_code"]) == oracle.main_pcns()
    assert len(nb) == 1250
    # every person placed once (ONS mid-2020 England, population20_lsoa11.csv)
    assert r.tables["pcn"]["pop"].sum() == pytest.approx(56550138, abs=1)


def test_ccg_agreement_equal_oracle(england):
    # PCNs whose footprint's plurality CCG is their practices' CCG: the oracle
    # places each LSOA in the CCG holding its centroid (docs/pcn.md: 1,251)
    _, r = england
    agree, n = oracle.ccg_agreement()
    assert (agree, n) == (1251, 1254)
    assert r.summary["ccg_agreement"]["agree"] == agree
    assert r.summary["ccg_agreement"]["pcns"] == n


def test_catchment_repairs_equal_oracle(england):
    # the 11 catchments invalid as published or once reprojected were repaired
    # when the data was built (data/england/repair_geometry.sh): shapely (GEOS)
    # finds none invalid in the embedded layer, before or after reprojection
    # to the national grid, and coterm repairs none
    _, r = england
    embedded, projected = oracle.catchment_repairs()
    assert embedded == projected == set()
    assert r.summary["inputs"]["catchments"]["repairs"] == len(projected)


def test_registrations_accounting_equal_oracle():
    # Staffordshire's registration table: codes joined as LSOA 2011 codes,
    # codes bridged through the LSOA 2021 polygons, and every other code's
    # patients by category, counted with pandas (oracle/registrations.py);
    # together the 1,210,283 patients of the table (data/england/README.md)
    from conftest import DATA
    from oracle import registrations
    want = registrations.staffordshire()
    assert want["patients"] == 1210283
    r = coterm.pcn(registrations=str(DATA / "staffs" / "registrations25_practice_lsoa21.csv"))
    reg = r.summary["inputs"]["registrations"]
    assert (reg["codes_exact"]["codes"], reg["codes_exact"]["patients"]) == want["exact"]
    assert (reg["codes_bridged"]["codes"], reg["codes_bridged"]["patients"]) == \
        pytest.approx(want["bridged"])
    for cat, patients in want["not_used"].items():
        assert reg["codes_not_used"][cat]["patients"] == patients, cat


def test_within_one_system_equals_oracle():
    # --within icb22:E54000010 (Staffordshire and Stoke-on-Trent): the PCNs
    # whose oracle footprint lies most in that ICB, by the ONS LSOA -> ICB
    # lookup; every output and finding is about them only, and findings name
    # PCNs by name beside their code
    r = coterm.pcn(within="icb22:E54000010")
    want = oracle.within("E54000010")
    assert len(want) == 25
    assert set(r.tables["pcn"]["pcn_code"]) == want
    assert set(r.tables["neighbourhoods"]["pcn_code"]) <= want
    assert set(r.tables["areas"]["pcn_code"]) == want
    assert set(r.tables["config"]["neighbourhood"]) <= want
    names = dict(zip(r.tables["pcn"]["pcn_code"], r.tables["pcn"]["pcn_name"]))
    for f in r.docs["findings"]["findings"]:
        assert f["units"][0] in want
        assert f["unit_names"] == [names[f["units"][0]]]
    assert r.docs["summary"]["within"] == {
        "layer": "icb22", "unit": "E54000010", "pcns": 25,
        "name": "NHS Staffordshire and Stoke-on-Trent Integrated Care Board"}
    with pytest.raises(coterm.InvalidArgument, match="LAYER:CODE"):
        coterm.pcn(within="icb22")
