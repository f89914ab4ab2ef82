"""Numbers do not depend on the host's locale: after locale.setlocale to
German (decimal comma), tolerance=0.05 is accepted, the results equal those
under "C", and coterm leaves the process's locale as it was, GeoPackage
opens included."""
import locale

import pandas as pd
import pytest

import coterm
from conftest import ROOT

FIT = ROOT / "tests" / "cases" / "fit"
GERMAN = "de_DE.UTF-8"


def _fit():
    return coterm.fit(str(FIT / "a.geojson"), str(FIT / "b.geojson"),
                      pop=str(FIT / "pop.geojson"), pop_field="pop", method="areal",
                      tolerance=0.05)


@pytest.fixture
def german():
    old = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, GERMAN)
    except locale.Error:
        pytest.fail(f"locale {GERMAN} is missing (scripts/setup.sh generates it)")
    assert locale.localeconv()["decimal_point"] == ","
    yield
    locale.setlocale(locale.LC_ALL, old)


def test_fit_under_german_locale(german):
    r = _fit()
    assert r.summary["tolerance"] == 0.05
    assert locale.setlocale(locale.LC_NUMERIC) == GERMAN
    # a GeoPackage (the built-in layers) is opened without touching LC_NUMERIC
    assert len(coterm.Context().layer("stp21")) == 42
    assert locale.setlocale(locale.LC_NUMERIC) == GERMAN
    assert locale.str(0.5) == "0,5"
    locale.setlocale(locale.LC_ALL, "C")
    c = _fit()
    locale.setlocale(locale.LC_ALL, GERMAN)
    for name in ("pairs", "a_units", "b_units"):
        pd.testing.assert_frame_equal(getattr(r, name), getattr(c, name))
    assert r.summary == c.summary


def test_bad_number_message_under_german_locale(german):
    with pytest.raises(coterm.CotermError) as e:
        coterm.fit(str(FIT / "a.geojson"), str(FIT / "b.geojson"), pop=False, tolerance=0.7)
    assert "from 0 to 0.49" in e.value.message
