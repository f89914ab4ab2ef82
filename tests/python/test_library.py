"""The loaded library: its exported symbols, its version, how it is found, and
installing the package with pip without network access."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coterm
from coterm import _lib
from conftest import ROOT

# Defined by the linker in every shared object, not by coterm.
LINKER_SYMBOLS = {"__bss_start", "_edata", "_end", "_init", "_fini"}


def test_library_exports_only_ct_symbols():
    out = subprocess.run(["nm", "-D", "--defined-only", coterm.library_path],
                         capture_output=True, text=True, check=True).stdout
    names = {line.split()[-1] for line in out.splitlines() if line.strip()}
    names -= LINKER_SYMBOLS
    assert names, "nm found no symbols"
    assert sorted(n for n in names if not n.startswith("ct_")) == []
    # everything the bindings declare is there
    assert {name for name, _, _ in _lib._PROTOTYPES} <= names


def test_abi_script_agrees():
    script = ROOT / "tests" / "abi" / "check_exports.sh"
    p = subprocess.run(["sh", str(script), coterm.library_path, str(ROOT / "include")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr


def test_version_check():
    assert coterm.library_version.count(".") == 2
    _lib.check_version(_lib.lib.ct_version_number())
    _lib.check_version(_lib.EXPECTED_MAJOR * 10000 + 99 * 100 + 7)
    with pytest.raises(ImportError, match="1.0.0 is not compatible"):
        _lib.check_version((_lib.EXPECTED_MAJOR + 1) * 10000)
    with pytest.raises(ImportError, match="not compatible"):
        _lib.check_version(_lib.EXPECTED_MAJOR * 10000 + (_lib.MINIMUM_MINOR - 1) * 100)


def run_python(code, env, cwd):
    return subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True,
                          env=env, cwd=cwd)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COTERM_LIBRARY")}
    env.update(extra)
    return env


def test_bad_library_path_fails_at_import(tmp_path):
    env = clean_env(PYTHONPATH=str(ROOT / "bindings" / "python"),
                    COTERM_LIBRARY=str(tmp_path / "libcoterm.so"))
    p = run_python("import coterm", env, tmp_path)
    assert p.returncode != 0
    assert "ImportError: coterm: cannot load libcoterm" in p.stderr


def test_source_tree_finds_the_build_directory(tmp_path):
    # with no COTERM_LIBRARY the package looks in <repo>/build/lib
    if not (ROOT / "build" / "lib" / "libcoterm.so").exists():
        pytest.skip("no build/ directory in the source tree")
    env = clean_env(PYTHONPATH=str(ROOT / "bindings" / "python"))
    p = run_python("import coterm; print(coterm.library_path)", env, tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == str(ROOT / "build" / "lib" / "libcoterm.so")


def test_pip_install_without_network(tmp_path):
    # a copy, because pip builds in the source directory
    src = tmp_path / "src"
    shutil.copytree(ROOT / "bindings" / "python", src,
                    ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    p = subprocess.run(["/usr/bin/python3", "-m", "pip", "install", "--no-build-isolation",
                        "--no-deps", "--no-index", "--target", str(target), str(src)],
                       capture_output=True, text=True, env=clean_env(PIP_NO_INPUT="1"))
    assert p.returncode == 0, p.stdout + p.stderr
    env = clean_env(PYTHONPATH=str(target), COTERM_LIBRARY=coterm.library_path)
    code = ("import coterm; print(coterm.__file__); "
            "print(coterm.layers().set_index('name').loc['ccg21', 'features'])")
    p = run_python(code, env, tmp_path)
    assert p.returncode == 0, p.stderr
    where, features = p.stdout.split()
    assert Path(where).parent == target / "coterm"
    assert features == "106"
