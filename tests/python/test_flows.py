"""coterm.flows gives the CLI's numbers; catchments come back with geometry."""
import json

import pytest

import coterm
from conftest import assert_frame_matches_csv, read_csv


@pytest.fixture(scope="module")
def england(run_cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("flows")
    rc, _, err = run_cli("flows", "--out", out)
    assert rc == 0, err
    return out, coterm.flows()


def test_tables_equal_cli(england):
    out, r = england
    for name in ("providers", "systems", "flows"):
        assert_frame_matches_csv(r.tables[name], read_csv(out / f"{name}.csv"))
    assert r.docs["findings"] == json.loads((out / "findings.json").read_text())


def test_catchments_and_facts(england):
    _, r = england
    assert r.tables["catchments"].crs.to_epsg() == 27700
    prov = r.tables["providers"].set_index("provider_id")
    # University Hospitals of Derby and Burton draws from two systems
    assert prov.loc["RTG", "n_systems"] >= 2
    assert len(r.tables["systems"]) == 42
