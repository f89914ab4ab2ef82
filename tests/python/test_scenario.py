"""coterm.compare, coterm.whatif and coterm.suggest give the CLI's files, on
the hand-made grid (tests/cases/check, tests/cases/scenario)."""
import json

import pandas as pd
import pytest

import coterm
from conftest import ROOT, assert_frame_matches_csv, read_csv

C = ROOT / "tests" / "cases" / "check"
S = ROOT / "tests" / "cases" / "scenario"
GRID = dict(blocks=str(C / "blocks.geojson"), against=[str(C / "councils.geojson")],
            pop=str(C / "pop.geojson"), pop_field="people",
            bands={"system": (0, 10000), "place": (0, 10000)})
CLI = ["--blocks", C / "blocks.geojson", "--against", C / "councils.geojson",
       "--pop", C / "pop.geojson", "--pop-field", "people",
       "--band", "system=0:10000", "--band", "place=0:10000"]


def same_files(r, out, tables, doc):
    for name in tables:
        assert_frame_matches_csv(r.tables[name], read_csv(out / f"{name}.csv"))
    assert r.docs[doc] == json.loads((out / f"{doc}.json").read_text())


def test_compare_equals_cli(run_cli, tmp_path):
    rc, _, err = run_cli("compare", C / "aligned.csv", C / "split.csv", *CLI, "--out", tmp_path)
    assert rc == 0, err
    r = coterm.compare(str(C / "aligned.csv"), str(C / "split.csv"), **GRID)
    same_files(r, tmp_path, ("moves", "units_diff", "findings_diff", "scorecard"), "compare")
    # B2 (200 people) moved from P2 to P1 (docs/scenario.md)
    assert r.moves[["block", "from", "to", "pop"]].values.tolist() == [["B2", "P2", "P1", 200]]


def test_compare_dataframes_and_layers():
    # the same configurations as DataFrames
    a = pd.read_csv(C / "aligned.csv")
    r = coterm.compare(a, a, **GRID)
    assert r.moves.empty and not r.docs["compare"]["changed"]
    # polygon layers, one tier each: councils C1..C3 against boards D1 = C1 + C2,
    # D2 = C3 (matched by position; C3 -> D2 renamed)
    r = coterm.compare(str(C / "councils.geojson"), str(C / "boards.geojson"),
                       **{**GRID, "bands": None})
    u = r.units_diff.set_index("base_unit")
    assert u.loc["C3", "change"] == "renamed" and u.loc["C3", "unit"] == "D2"
    assert u.loc["C1", "change"] == "merged"


def test_whatif_equals_cli(run_cli, tmp_path):
    rc, _, err = run_cli("whatif", C / "aligned.csv", "--move", "B2=place:P1", *CLI,
                         "--out", tmp_path)
    assert rc == 0, err
    r = coterm.whatif(str(C / "aligned.csv"), [("B2", "place", "P1")], **GRID)
    same_files(r, tmp_path, ("moves", "config", "findings_diff"), "compare")
    assert r.config["place"].tolist() == pd.read_csv(C / "split.csv")["place"].tolist()


def test_suggest_equals_cli(run_cli, tmp_path):
    rc, _, err = run_cli("suggest", S / "cutvertex.csv", "--tier", "place", *CLI,
                         "--out", tmp_path)
    assert rc == 0, err
    g = {**GRID, "against": GRID["against"][0]}
    r = coterm.suggest(str(S / "cutvertex.csv"), "place", **g)
    same_files(r, tmp_path, ("moves", "suggestions", "config"), "suggest")
    # B6 (600) first, B5 (500) then: B5 joins B6 to the rest of P1 (docs/scenario.md)
    assert r.suggestions["council"].tolist() == ["C3", "C2"]
    assert r.suggestions["pop"].tolist() == [600, 500]
    r1 = coterm.suggest(str(S / "cutvertex.csv"), "place", max_moves=1, **g)
    assert len(r1.suggestions) == 1 and r1.docs["suggest"]["stopped"] == "max_moves"


def test_errors():
    with pytest.raises(coterm.InvalidArgument, match="no tier 'ward'"):
        coterm.whatif(str(C / "aligned.csv"), ["B2=ward:P1"], **GRID)
    with pytest.raises(coterm.DataError, match="lists no block 'B99'"):
        coterm.whatif(str(C / "aligned.csv"), ["B99=place:P1"], **GRID)
    with pytest.raises(coterm.InvalidArgument, match="no tier 'ward'"):
        coterm.suggest(str(C / "split.csv"), "ward", GRID["against"][0],
                       **{k: v for k, v in GRID.items() if k != "against"})
    assert coterm.live_handles().get("config", 0) == 0


def test_report_compare_needs_config(tmp_path):
    # the comparison itself is tested through the CLI (tests/report/report_compare.sh)
    with pytest.raises(coterm.InvalidArgument, match="COMPARE compares a CONFIG"):
        coterm.report(tmp_path / "r", compare=str(S / "bridge.csv"))
