"""Handles are freed: by the commands, by with blocks, by garbage collection,
and nothing leaks over repeated calls."""
import gc
import warnings

import pytest

import coterm
from conftest import CASES

A = str(CASES / "squares_a.geojson")
B = str(CASES / "squares_b.geojson")


def test_commands_free_everything():
    gc.collect()
    assert coterm.live_handles() == {}
    for _ in range(50):
        coterm.fit(A, B, pop=False)
        with pytest.warns(coterm.CotermWarning, match="1 of 3 units"):
            coterm.bestfit(A, B, pop=False)
    assert coterm.live_handles() == {}


def test_quiet_context_lists_diagnostics_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with coterm.Context(warn=False) as ctx:
            df = coterm.bestfit(A, B, pop=False, ctx=ctx)
            assert [d.kind for d in ctx.diagnostics] == ["warning"]
    assert df.attrs["diagnostics"] == ctx.diagnostics
    assert df.big_id.tolist() == ["B1", "B2", ""]  # A3 falls in no unit of B


def test_failed_calls_free_everything():
    for _ in range(20):
        with pytest.raises(coterm.IOError_):
            coterm.fit(A, "no_such_file.gpkg", pop=False)
        with pytest.raises(coterm.InvalidArgument):
            coterm.fit(A, B, pop=False, method="bogus")
    assert coterm.live_handles() == {}


def test_repeated_real_calls_free_everything():
    # real layers (the RSS over repeated calls is measured in
    # bench/python_memory.py: a limit on it fails on a loaded machine)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(5):
            coterm.fit("stp21", "utla21", pop=False)
    gc.collect()
    assert coterm.live_handles() == {}


def test_context_manager_and_gc_free_handles():
    with coterm.Context() as ctx:
        a, b = ctx.layer(A), ctx.layer(B)
        assert coterm.live_handles() == {"ctx": 1, "layer": 2}
        assert (len(a), len(b), a.id_field, a.crs) == (3, 2, "sq_code", "EPSG:27700")
        assert a.units.area_m2.tolist() == pytest.approx([10000] * 3)
        r = coterm.fit(a, b, pop=False, ctx=ctx)
        assert len(r.pairs) == 3
        assert coterm.live_handles() == {"ctx": 1, "layer": 2}  # caller's layers stay
        b.close()
        b.close()  # idempotent
        assert coterm.live_handles() == {"ctx": 1, "layer": 1}
    assert coterm.live_handles() == {}  # closing the context freed layer a
    assert a.closed and b.closed and ctx.closed

    ctx = coterm.Context()
    layer = ctx.layer(A)
    del ctx  # the layer keeps its context alive
    assert coterm.live_handles() == {"ctx": 1, "layer": 1}
    del layer
    gc.collect()
    assert coterm.live_handles() == {}


def test_result_holds_no_c_memory():
    r = coterm.fit(A, B, pop=False)
    assert coterm.live_handles() == {}
    assert set(r) == {"pairs", "a_units", "b_units", "summary"}
    assert r.pairs is r["pairs"] and r.summary["version"] == 1
    with pytest.raises(AttributeError, match="no table or document 'findings'"):
        r.findings
