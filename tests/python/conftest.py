"""Shared fixtures for the Python binding tests.

Run by meson (COTERM_LIBRARY, COTERM_BIN, COTERM_DATA and PYTHONPATH set),
or by hand from the repository root after building:
    PYTHONPATH=bindings/python /usr/bin/python3 -m pytest tests/python
"""
import io
import os
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases" / "python"
DATA = Path(os.environ.get("COTERM_DATA", ROOT / "data" / "england"))


@pytest.fixture(scope="session")
def coterm_bin():
    path = os.environ.get("COTERM_BIN", str(ROOT / "build" / "cli" / "coterm"))
    if not os.access(path, os.X_OK):
        pytest.skip(f"no coterm CLI at {path}; build first or set COTERM_BIN")
    return path


@pytest.fixture(scope="session")
def run_cli(coterm_bin):
    """Run the CLI; returns (exit status, stdout, stderr)."""
    def run(*args):
        p = subprocess.run([coterm_bin, *map(str, args)], capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr
    return run


def read_csv(path=None, text=None):
    """A CLI CSV (a file, or text from standard output) with every cell as
    text ("" for empty), as written."""
    return pd.read_csv(io.StringIO(text) if text is not None else path, dtype=str,
                       keep_default_na=False)


def assert_frame_matches_csv(df, csv):
    """The Python frame has the CLI CSV's columns and rows, text equal and
    numbers equal to the precision the CSV carries (15 significant digits)."""
    assert list(df.columns) == list(csv.columns)
    assert len(df) == len(csv)
    for col in csv.columns:
        got = df[col]
        if got.dtype == object:
            assert got.tolist() == csv[col].tolist(), col
            continue
        # float() parses exactly; pandas' own parsers may be off in the last bits
        want = np.array([float(v) if v else np.nan for v in csv[col]])
        np.testing.assert_allclose(got.to_numpy(dtype=float, na_value=np.nan), want,
                                   rtol=1e-14, atol=0, equal_nan=True, err_msg=col)
