"""coterm.flows gives the CLI's numbers; catchments come back with geometry;
the England figures equal a second computation (tests/python/oracle/flows.py)."""
import json

import pytest

import coterm
from conftest import assert_frame_matches_csv, read_csv
from oracle import flows as oracle


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


def test_reconstruction_equal_oracle(england):
    # scipy.optimize.nnls on the same shares and council populations: 138
    # trusts, 4 left with no patients, residual 42,056.35 (docs/flows.md)
    _, r = england
    T, resid = oracle.reconstruction()
    assert len(T) == 138 and int((T == 0).sum()) == 4
    assert r.summary["reconstruction"]["residual_l2"] == pytest.approx(resid, rel=1e-9)
    prov = r.tables["providers"].set_index("provider_id")
    assert prov["patients"].reindex(T.index).to_numpy() == pytest.approx(T.to_numpy(), abs=1e-3)


def test_home_systems_equal_oracle(england):
    # each trust's home system from its shares and LSOA centroids in systems,
    # its headquarters' system by a spatial join: 135 of the 138 trusts have
    # both in one system, the 4 the reconstruction gives no patients included
    # (their basis is 'shares'; docs/flows.md)
    _, r = england
    home, hq = oracle.home_and_hq()
    both = home.index.intersection(hq.index)
    same = both[(home[both] == hq[both]).to_numpy()]
    assert (len(both), len(same)) == (138, 135)
    prov = r.tables["providers"].set_index("provider_id")
    got = prov[(prov.home_system != "") & (prov.hq_system != "")]
    assert set(got.index) == set(both)
    assert (got.home_system == home[got.index]).all()
    assert set(got.index[got.home_system == got.hq_system]) == set(same)
    T, _ = oracle.reconstruction()
    assert set(prov.index[prov.basis == "shares"]) == set(T.index[T == 0])
    assert set(prov.basis) == {"flows", "shares"}
