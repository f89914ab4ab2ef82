"""ct_table -> pandas DataFrame (GeoDataFrame with geometry); ct_result -> Result."""
import collections.abc
import ctypes
import json
from ctypes import POINTER, c_double, c_size_t

import numpy as np
import pandas as pd

from . import _lib

lib = _lib.lib
COL_TEXT, COL_REAL, COL_INT, COL_GEOM = 1, 2, 3, 4


def _numeric(t, j, n, integer):
    v = np.empty(n, dtype=np.float64)
    if n and lib.ct_table_real_column(t, j, v.ctypes.data_as(POINTER(c_double))):
        raise RuntimeError("coterm: ct_table_real_column refused a numeric column")
    if not integer:
        return v
    # integers travel as doubles; give pandas integers, nullable where missing
    if np.isfinite(v).all():
        return v.astype(np.int64)
    return pd.array([None if np.isnan(x) else int(x) for x in v], dtype="Int64")


def _text(t, j, n):
    return np.array([lib.ct_table_text(t, i, j).decode() for i in range(n)], dtype=object)


def _geoms(t, j, n):
    from shapely import wkb
    size = c_size_t()
    out = []
    for i in range(n):
        p = lib.ct_table_geom(t, i, j, ctypes.byref(size))
        out.append(wkb.loads(ctypes.string_at(p, size.value)) if p and size.value else None)
    return out


def table_to_frame(t):
    """Copy a borrowed ct_table pointer into a DataFrame with its column names
    and order; text -> str, real -> float64, int -> int64 (Int64 with gaps),
    geometry -> a GeoDataFrame in the table's CRS."""
    n, ncols = lib.ct_table_nrows(t), lib.ct_table_ncols(t)
    cols, geom_col = {}, None
    for j in range(ncols):
        name = lib.ct_table_colname(t, j).decode()
        kind = lib.ct_table_coltype(t, j)
        if kind == COL_TEXT:
            cols[name] = _text(t, j, n)
        elif kind in (COL_REAL, COL_INT):
            cols[name] = _numeric(t, j, n, kind == COL_INT)
        elif kind == COL_GEOM:
            cols[name] = _geoms(t, j, n)
            geom_col = geom_col or name
        else:
            raise RuntimeError(f"coterm: column {name} has unknown type {kind}")
    df = pd.DataFrame(cols, columns=list(cols), index=pd.RangeIndex(n))
    if geom_col is None:
        return df
    import geopandas as gpd
    crs = lib.ct_table_crs(t).decode() or None
    return gpd.GeoDataFrame(df, geometry=geom_col, crs=crs)


class Result(collections.abc.Mapping):
    """What one command produced: tables as DataFrames (GeoDataFrames when
    they carry geometry) and JSON documents as dicts, by name, e.g.
    r["pairs"] or r.pairs, r.summary. Nothing in it refers to C memory.

    diagnostics lists the repairs and warnings the library recorded."""

    def __init__(self, tables, docs, diagnostics):
        self.tables = tables
        self.docs = docs
        self.diagnostics = list(diagnostics)

    def __getitem__(self, name):
        if name in self.tables:
            return self.tables[name]
        return self.docs[name]

    def __iter__(self):
        yield from self.tables
        yield from self.docs

    def __len__(self):
        return len(self.tables) + len(self.docs)

    def __getattr__(self, name):
        if name.startswith("_") or name in ("tables", "docs", "diagnostics"):
            raise AttributeError(name)  # not set yet (copy, pickle): no recursion
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"this result has no table or document '{name}' "
                                 f"(it has {', '.join(self)})") from None

    def __dir__(self):
        return list(super().__dir__()) + list(self)

    def __repr__(self):
        parts = [f"{k}: {len(v)} rows" for k, v in self.tables.items()]
        parts += [f"{k}: document" for k in self.docs]
        return f"<coterm.Result {'; '.join(parts)}>"


def result_from_handle(r, diagnostics):
    """Copy every table and document of a result handle into a Result."""
    p = r.ptr
    tables = {}
    for i in range(lib.ct_result_ntables(p)):
        t = lib.ct_result_table(p, i)
        tables[lib.ct_table_name(t).decode()] = table_to_frame(t)
    docs = {}
    for i in range(lib.ct_result_ndocs(p)):
        name = lib.ct_result_doc_name(p, i)
        docs[name.decode()] = json.loads(lib.ct_result_doc(p, name).decode())
    return Result(tables, docs, diagnostics)
