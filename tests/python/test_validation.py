"""The naive methods' error against the official best-fit lookup, derived
with GeoPandas (tests/python/oracle/validation.py): the figures that the slow
suite asserts for coterm (tests/adapt/test_validation.c) and docs/methods.md
quotes."""
import pytest

import coterm
from oracle import validation as oracle


@pytest.mark.parametrize("method, big, want", [
    ("bestfit", "ccg21", (27, 13)), ("bestfit", "stp21", (14, 13)),
    ("areal", "ccg21", (13, 0)), ("areal", "stp21", (1, 0))])
def test_oracle_figures(method, big, want):
    # (LSOAs of the sample placed wrongly, of which in no unit)
    assert oracle.disagreements(method, big) == want


def test_bestfit_method_equal_oracle():
    # the centroid-only method: coterm misplaces the same LSOAs
    mine = oracle.placed("bestfit", "ccg21")
    r = coterm.bestfit("lsoa11", "ccg21", method="bestfit").set_index("small_id")
    got = r.big_id.reindex(mine.index)
    assert (got == mine.fillna("")).all(), got[got != mine.fillna("")]
