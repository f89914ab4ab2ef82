"""coterm.report writes the CLI's report: the same report.json, the page to
open, and nothing at all on bad input."""
import json

import pytest

import coterm


def test_one_board_equals_cli(run_cli, tmp_path):
    r = coterm.report(tmp_path / "py", system="E54000026")
    assert r.page == str(tmp_path / "py" / "systems" / "E54000026.html")
    assert r.data["version"] == 1 and r.data["only"] == "E54000026"
    rc, out, err = run_cli("report", "--system", "E54000026", "--out", tmp_path / "cli", "-q")
    assert rc == 0, err
    cli = json.loads((tmp_path / "cli" / "report.json").read_text())
    for key in ("national", "systems", "councils", "providers"):
        assert r.data[key] == cli[key]
    assert [f["sentence"] for f in r.data["findings"]] == [f["sentence"] for f in cli["findings"]]


def test_bad_input_writes_nothing(tmp_path):
    with pytest.raises(coterm.DataError, match="unknown system 'NOPE'"):
        coterm.report(tmp_path / "bad", system="NOPE")
    assert not (tmp_path / "bad").exists()
    with pytest.raises(coterm.InvalidArgument):
        coterm.report(tmp_path / "bad", config="x.csv", tiers={"system": "icb22"})
