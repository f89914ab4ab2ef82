"""Python results equal the CLI's on the embedded England data: same rows,
same columns, same numbers, same summary."""
import json
import warnings

import pytest

import coterm
from conftest import assert_frame_matches_csv, read_csv


def cli_fit(run_cli, tmp_path, *args):
    out = tmp_path / "out"
    rc, _, err = run_cli("fit", *args, "--out", out, "-q")
    assert rc == 0, err
    return out


def assert_fit_equal(r, out):
    assert sorted(r.tables) == ["a_units", "b_units", "pairs"]
    for name in r.tables:
        assert_frame_matches_csv(r[name], read_csv(out / f"{name}.csv"))
    with open(out / "summary.json") as f:
        assert r.summary == json.load(f)


def test_fit_ccg21_ltla21_equals_cli(run_cli, tmp_path):
    out = cli_fit(run_cli, tmp_path, "ccg21", "ltla21")
    r = coterm.fit("ccg21", "ltla21")
    assert_fit_equal(r, out)
    # known public facts: 106 CCGs and 309 councils in April 2021, the whole
    # mid-2020 population of England (56,550,138) attributed on both sides
    assert len(r.a_units) == 106 and len(r.b_units) == 309
    assert r.summary["population"]["in_both"] == 56550138
    assert r.a_units["pop"].sum() == pytest.approx(56550138)
    assert r.b_units["pop"].sum() == pytest.approx(56550138)
    # every CCG's population shares over its pairs add up to 1
    shares = r.pairs.groupby("a_id")["a_pop_share"].sum()
    assert shares.to_numpy() == pytest.approx(1.0, abs=1e-9)


def test_fit_options_equal_cli(run_cli, tmp_path):
    out = cli_fit(run_cli, tmp_path, "stp21", "utla21", "--no-pop", "--tolerance", "0.05",
                  "--threads", "1")
    r = coterm.fit("stp21", "utla21", pop=False, tolerance=0.05, threads=1)
    assert_fit_equal(r, out)
    assert r.pairs["pop"].isna().all()
    assert r.summary["tolerance"] == 0.05


def test_fit_method_and_file_path_equal_cli(run_cli, tmp_path):
    gpkg = coterm.layers().set_index("name").loc["ccg21", "source"].rsplit(":", 1)[0]
    out = cli_fit(run_cli, tmp_path, f"{gpkg}:ccg21", "stp21", "--method", "bestfit",
                  "--a-id", "ccg21_code")
    r = coterm.fit(f"{gpkg}:ccg21", "stp21", method="bestfit", a_id="ccg21_code")
    assert_fit_equal(r, out)
    assert r.summary["method"] == "bestfit"
    # CCGs nest in STPs (2021): every CCG is nested or coterminous by population
    assert set(r.a_units["class"]) <= {"nested", "coterminous"}


def test_bestfit_lsoa11_ccg21_equals_cli(run_cli):
    rc, text, err = run_cli("bestfit", "lsoa11", "ccg21")
    assert rc == 0, err
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = coterm.bestfit("lsoa11", "ccg21")
    assert_frame_matches_csv(df, read_csv(text=text))
    assert len(df) == 32844
    assert df["pop"].sum() == pytest.approx(56550138)
    assert df.attrs["summary"]["command"] == "bestfit"
    # the embedded layers were repaired when the data was built
    # (data/england/repair_geometry.sh): neither prints a warning
    assert "warning" not in err
    assert [w for w in caught if issubclass(w.category, coterm.CotermWarning)] == []
    assert df.attrs["diagnostics"] == []


def test_layers_equal_cli(run_cli):
    rc, text, err = run_cli("layers", "--csv")
    assert rc == 0, err
    df = coterm.layers()
    assert_frame_matches_csv(df, read_csv(text=text))
    counts = dict(zip(df["name"], df["features"]))
    assert counts["ccg21"] == 106 and counts["ltla21"] == 309 and counts["lsoa11"] == 32844


def test_version_equals_cli(run_cli):
    rc, text, _ = run_cli("version")
    assert rc == 0 and text.strip() == f"coterm {coterm.library_version}"
