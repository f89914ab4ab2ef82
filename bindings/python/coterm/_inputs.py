"""Inputs: layers from paths, built-in names or GeoDataFrames; population bases."""
import os
from ctypes import c_char_p, c_size_t

import numpy as np
import pandas as pd

from . import _lib
from ._context import Handle, _bytes, _str, opt_list
from ._errors import FormatError

lib = _lib.lib


class Layer(Handle):
    """A polygon layer (ct_layer): units with ids, names and areas in the
    measuring CRS. Made by Context.layer()."""

    def __len__(self):
        return lib.ct_layer_size(self.ptr)

    @property
    def source(self):
        return _str(lib.ct_layer_source(self.ptr))

    @property
    def id_field(self):
        return _str(lib.ct_layer_id_field(self.ptr))

    @property
    def crs(self):
        return _str(lib.ct_layer_crs(self.ptr))

    @property
    def repairs(self):
        return lib.ct_layer_repairs(self.ptr)

    @property
    def units(self):
        """DataFrame of the units: id, name, area_m2."""
        p, n = self.ptr, len(self)
        return pd.DataFrame({
            "id": [_str(lib.ct_layer_id(p, i)) for i in range(n)],
            "name": [_str(lib.ct_layer_name(p, i)) for i in range(n)],
            "area_m2": np.array([lib.ct_layer_area(p, i) for i in range(n)]),
        })

    def __repr__(self):
        if self.closed:
            return "<coterm.Layer (closed)>"
        return f"<coterm.Layer {self.source}: {len(self)} units, id {self.id_field}>"


class Pop(Handle):
    """A population base (ct_pop). Made by Context.pop()."""

    def __len__(self):
        return lib.ct_pop_size(self.ptr)

    @property
    def total(self):
        return lib.ct_pop_total(self.ptr)

    def __repr__(self):
        if self.closed:
            return "<coterm.Pop (closed)>"
        return f"<coterm.Pop {len(self)} areas, total {self.total:.0f}>"


def _is_geo(obj):
    try:
        import geopandas as gpd
    except ImportError:
        return False
    return isinstance(obj, (gpd.GeoDataFrame, gpd.GeoSeries))


def _crs_text(crs):
    if crs is None:
        return None
    code = crs.to_epsg(min_confidence=100)
    return f"EPSG:{code}" if code else crs.to_wkt()


def _pick_columns(frame, label, id, name):
    """The id and name columns by the library's rule for files: the single
    *_code / code / id column (else unit, as in coterm check's tiers.gpkg),
    and X_name for X_code, else name."""
    cols = [c for c in frame.columns if c != frame.geometry.name]
    if id is not None:
        if id not in cols:
            raise FormatError(f"{label}: no id field '{id}' (fields: {', '.join(map(str, cols))})",
                              4, "CT_EFORMAT")
    else:
        found = [c for c in cols if isinstance(c, str) and
                 (c.lower().endswith("_code") or c.lower() in ("code", "id"))]
        if not found:
            found = [c for c in cols if isinstance(c, str) and c.lower() == "unit"][:1]
        if len(found) != 1:
            raise FormatError(
                f"{label}: {'several' if found else 'no'} id field (*_code, code, id or unit); "
                f"choose one with an id argument (fields: {', '.join(map(str, cols))})",
                4, "CT_EFORMAT")
        id = found[0]
    if name is None:
        want = id[:-5] + "_name" if id.lower().endswith("_code") else None
        name = want if want in cols else "name" if "name" in cols else None
    elif name not in cols:
        raise FormatError(f"{label}: no name field '{name}' (fields: {', '.join(map(str, cols))})",
                          4, "CT_EFORMAT")
    return id, name


def _cells(values):
    return [None if v is None or (isinstance(v, float) and np.isnan(v)) else _bytes(v)
            for v in values]


def _str_array(values):
    """const char *const * (also used for WKB: bytes may hold NULs)."""
    return (c_char_p * max(len(values), 1))(*values)


def _from_geo(ctx, geo, label, id, name, crs, opts):
    from shapely import wkb
    import geopandas as gpd
    if isinstance(geo, gpd.GeoSeries):
        ids, names, geoms = _cells(geo.index), None, geo
    else:
        id, name = _pick_columns(geo, label, id, name)
        ids = _cells(geo[id])
        names = _cells(geo[name]) if name else None
        geoms = geo.geometry
    n = len(geoms)
    # missing geometries go as NULL: the library names the feature in its error
    blobs = [None if g is None else wkb.dumps(g, output_dimension=2) for g in geoms]
    lens = (c_size_t * max(n, 1))(*[len(b) if b else 0 for b in blobs])
    src = crs if crs is not None else geo.crs
    src_text = src if isinstance(src, str) else _crs_text(src)
    return ctx.call(lib.ct_layer_from_wkb, _bytes(label), n, _str_array(ids),
                    _str_array(names) if names else None, _str_array(blobs), lens,
                    _bytes(src_text), opt_list(opts), free_fn=lib.ct_layer_free,
                    kind="layer", cls=Layer)


def open_layer(ctx, source, id=None, name=None, crs=None, assume_crs=None, dissolve=False,
               strict=False, label=None, source_crs=None):
    """Open source as a Layer.

    source: "PATH[:LAYER]", a built-in name, a GeoDataFrame (ids from column
    id, else the single *_code/code/id column; names from name, else X_name or
    name) or GeoSeries (ids from the index), or a Layer of this context.
    crs: the projected measuring CRS (default EPSG:27700). assume_crs: CRS for
    a source that has none. source_crs: override a GeoDataFrame's own CRS."""
    if isinstance(source, Layer):
        if source.ctx is not ctx:
            raise ValueError("coterm: a Layer can only be used with the Context that made it")
        return source
    opts = {"ASSUME_CRS": assume_crs, "CRS": crs, "DISSOLVE": bool(dissolve),
            "STRICT": bool(strict)}
    if _is_geo(source):
        return _from_geo(ctx, source, label or "GeoDataFrame", id, name, source_crs, opts)
    if isinstance(source, (str, os.PathLike)):
        opts.update({"ID_FIELD": id, "NAME_FIELD": name})
        return ctx.call(lib.ct_layer_open, _bytes(os.fspath(source)), opt_list(opts),
                        free_fn=lib.ct_layer_free, kind="layer", cls=Layer)
    raise TypeError("coterm: a layer is a path, a built-in layer name or a GeoDataFrame, "
                    f"not {type(source).__name__}")


def open_pop(ctx, spec=None, pop_field=None, id=None, crs=None, assume_crs=None,
             strict=False):
    """Open a population base: None or "lsoa11" for the embedded LSOA 2011
    base, else a polygon layer spec with a population field pop_field."""
    if isinstance(spec, Pop):
        if spec.ctx is not ctx:
            raise ValueError("coterm: a Pop can only be used with the Context that made it")
        return spec
    if spec is not None and not isinstance(spec, (str, os.PathLike)):
        raise TypeError("coterm: a population base is a layer spec (\"PATH[:LAYER]\" with "
                        f"pop_field) or None for the embedded one, not {type(spec).__name__}")
    opts = {"ASSUME_CRS": assume_crs, "CRS": crs, "STRICT": bool(strict),
            "POP_FIELD": pop_field, "ID_FIELD": id}
    return ctx.call(lib.ct_pop_open, None if spec is None else _bytes(os.fspath(spec)),
                    opt_list(opts), free_fn=lib.ct_pop_free, kind="pop", cls=Pop)

