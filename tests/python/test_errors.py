"""Failed calls raise the CotermError subclass of their ct_status, carrying the
library's message (the same text the CLI prints)."""
import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

import coterm
from conftest import CASES


def cli_error(run_cli, status, *args):
    rc, _, err = run_cli(*args)
    # an invalid option value is a usage error (1); bad input is 2
    assert rc == (1 if status == "CT_EINVAL" else 2), err
    lines = [x for x in err.splitlines() if x.startswith("coterm: error: ")]
    assert len(lines) == 1, err
    return lines[0][len("coterm: error: "):]


@pytest.mark.parametrize("args, kwargs, exc, status", [
    (["no_such_file.gpkg", "ltla21"], {}, coterm.IOError_, "CT_EIO"),
    (["no_such_layer_name", "ltla21"], {}, coterm.IOError_, "CT_EIO"),
    (["ccg21", "ltla21", "--method", "bogus"], {"method": "bogus"}, coterm.InvalidArgument,
     "CT_EINVAL"),
    (["ccg21", "ltla21", "--tolerance", "0.7"], {"tolerance": 0.7}, coterm.InvalidArgument,
     "CT_EINVAL"),
    (["ccg21", "ltla21", "--crs", "EPSG:4326"], {"crs": "EPSG:4326"}, coterm.CRSError,
     "CT_ECRS"),
    (["ccg21", "ltla21", "--a-id", "nope"], {"a_id": "nope"}, coterm.FormatError,
     "CT_EFORMAT"),
])
def test_errors_match_cli(run_cli, args, kwargs, exc, status):
    msg = cli_error(run_cli, status, "fit", *args, "--no-pop")
    with pytest.raises(exc) as e:
        coterm.fit(args[0], args[1], pop=False, **kwargs)
    assert isinstance(e.value, coterm.CotermError)
    assert e.value.status_name == status
    assert e.value.message == str(e.value) == msg


def test_error_classes_are_python_conventions():
    assert issubclass(coterm.IOError_, OSError)
    assert issubclass(coterm.InvalidArgument, ValueError)
    assert issubclass(coterm.DataError, ValueError)
    assert issubclass(coterm.NoMemoryError, MemoryError)
    statuses = [coterm.NoMemoryError, coterm.InvalidArgument, coterm.IOError_,
                coterm.FormatError, coterm.CRSError, coterm.GeometryError, coterm.DataError,
                coterm.DependencyError, coterm.InternalError]
    assert [c.status for c in statuses] == list(range(1, 10))  # ct_status values


def squares(ids, crs="EPSG:27700"):
    return gpd.GeoDataFrame({"code": ids},
                            geometry=[box(100 * i, 0, 100 * i + 100, 100) for i in range(len(ids))],
                            crs=crs)


def test_duplicate_ids_are_a_data_error_naming_the_id():
    with pytest.raises(coterm.DataError, match="duplicate id 'X1'") as e:
        coterm.fit(squares(["X1", "X2", "X1"]), squares(["B"]), pop=False)
    assert e.value.status == 7


def test_dissolve_merges_duplicate_ids():
    r = coterm.fit(squares(["X1", "X2", "X1"]), squares(["B", "C", "D"]), pop=False,
                   dissolve=True)
    assert r.a_units.set_index("id")["area_m2"].to_dict() == pytest.approx(
        {"X1": 20000.0, "X2": 10000.0})


def test_missing_crs_is_a_crs_error_unless_assumed():
    a = squares(["A"], crs=None)
    with pytest.raises(coterm.CRSError, match="no CRS"):
        coterm.fit(a, squares(["B"]), pop=False)
    r = coterm.fit(a, squares(["B"]), pop=False, assume_crs="EPSG:27700")
    assert r.pairs["area_m2"].tolist() == [10000.0]


def test_null_geometry_is_a_geometry_error():
    a = gpd.GeoDataFrame({"code": ["A", "Z"]}, geometry=[box(0, 0, 1, 1), None],
                         crs="EPSG:27700")
    with pytest.raises(coterm.GeometryError, match="Z"):
        coterm.fit(a, squares(["B"]), pop=False)


def test_invalid_geometry_is_repaired_with_a_warning_or_refused_when_strict():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])
    a = gpd.GeoDataFrame({"code": ["BOW"]}, geometry=[bowtie], crs="EPSG:27700")
    with pytest.warns(coterm.RepairWarning, match="BOW"):
        r = coterm.fit(a, squares(["B"]), pop=False)
    assert [d.kind for d in r.diagnostics] == ["repair"]
    assert r.a_units["area_m2"][0] == pytest.approx(5000.0)  # two triangles of 2,500 m2
    with pytest.raises(coterm.GeometryError, match="BOW"):
        coterm.fit(a, squares(["B"]), pop=False, strict=True)


def test_frame_without_id_column_names_the_columns():
    a = gpd.GeoDataFrame({"label": ["A"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:27700")
    with pytest.raises(coterm.FormatError, match="no id field.*label"):
        coterm.fit(a, squares(["B"]), pop=False)
    r = coterm.fit(a, squares(["B"]), pop=False, a_id="label")
    assert r.a_units["id"].tolist() == ["A"]


def test_bad_input_types_and_closed_handles():
    with pytest.raises(TypeError):
        coterm.fit(42, "ltla21")
    ctx = coterm.Context()
    layer = ctx.layer(str(CASES / "squares_a.geojson"))
    ctx.close()
    assert layer.closed
    with pytest.raises(ValueError, match="closed"):
        len(layer)
    with pytest.raises(ValueError, match="closed"):
        coterm.fit("ccg21", "ltla21", ctx=ctx)
    with coterm.Context() as c1, coterm.Context() as c2:
        with pytest.raises(ValueError, match="Context that made it"):
            coterm.fit(c1.layer(str(CASES / "squares_a.geojson")), "ltla21", ctx=c2)


def test_bad_context_option():
    with pytest.raises(coterm.InvalidArgument, match="THREADS=0"):
        coterm.Context(threads=0)
    with pytest.raises(coterm.InvalidArgument, match="THREADS=0"):
        coterm.fit("ccg21", "ltla21", threads=0)
    assert coterm.live_handles() == {}
