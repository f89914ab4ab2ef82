"""coterm.pcn gives the CLI's numbers; neighbourhoods come back with geometry."""
import json

import pytest

import coterm
from conftest import assert_frame_matches_csv, read_csv


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


def test_neighbourhoods_geodataframe(england):
    _, r = england
    nb = r.tables["neighbourhoods"]
    assert nb.crs.to_epsg() == 27700
    # one polygon per PCN that is the main PCN of some small area: 4 of the
    # 1,254 PCNs get people only as second choices (docs/pcn.md)
    assert len(r.tables["pcn"]) == 1254 and len(nb) == 1250
    assert set(nb["pcn_code"]) <= set(r.tables["pcn"]["pcn_code"])
    # every person placed once (ONS mid-2020 England)
    assert r.tables["pcn"]["pop"].sum() == pytest.approx(56550138, abs=1)
