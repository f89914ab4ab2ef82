"""Load libcoterm with ctypes and declare the prototypes of its public API.

The library is looked up in this order: the file named by $COTERM_LIBRARY,
the build directory of the source tree this package sits in
(build/lib/libcoterm.so), then the system loader (libcoterm.so.0).
"""
import ctypes
import os
from ctypes import POINTER, c_char_p, c_double, c_int, c_size_t, c_ubyte, c_void_p
from pathlib import Path

#: Major version of the C API this package is written against.
EXPECTED_MAJOR = 0
#: Oldest minor version (within EXPECTED_MAJOR) that has every function used.
MINIMUM_MINOR = 1

_SONAME = "libcoterm.so.0"


def _candidates():
    env = os.environ.get("COTERM_LIBRARY")
    if env:
        p = Path(env)
        # a directory is accepted too, e.g. COTERM_LIBRARY=build/lib
        return [str(p / "libcoterm.so") if p.is_dir() else str(p)], True
    root = Path(__file__).resolve().parents[3]
    built = root / "build" / "lib" / "libcoterm.so"
    return ([str(built)] if built.exists() else []) + [_SONAME], False


def _load():
    names, from_env = _candidates()
    errors = []
    for name in names:
        try:
            # CDLL (not PyDLL): the GIL is released for the length of each C
            # call, so other Python threads run during a fit
            # (tests/python/test_threads.py)
            return ctypes.CDLL(name), name
        except OSError as e:
            errors.append(f"{name}: {e}")
            if from_env:
                break
    raise ImportError(
        "coterm: cannot load libcoterm (" + "; ".join(errors) + "). Build it "
        "(meson setup build && ninja -C build), install it, or set COTERM_LIBRARY "
        "to the path of libcoterm.so")


def check_version(number):
    """Raise ImportError unless number (major*10000+minor*100+patch) is usable."""
    major, minor = number // 10000, number // 100 % 100
    if major != EXPECTED_MAJOR or minor < MINIMUM_MINOR:
        raise ImportError(
            f"coterm: libcoterm {major}.{minor}.{number % 100} is not compatible with "
            f"these bindings (need {EXPECTED_MAJOR}.x with x >= {MINIMUM_MINOR}); "
            "point COTERM_LIBRARY at a matching build")


lib, path = _load()

# (name, restype, argtypes). Handles are opaque c_void_p; const char * out
# values are c_char_p (copied to bytes on return).
_P = c_void_p
_STR = c_char_p
_STRS = POINTER(c_char_p)
_PROTOTYPES = [
    ("ct_version", _STR, []),
    ("ct_version_number", c_int, []),
    ("ct_ctx_new", c_int, [POINTER(_P), _STRS]),
    ("ct_ctx_free", None, [_P]),
    ("ct_errcode", c_int, [_P]),
    ("ct_errmsg", _STR, [_P]),
    ("ct_status_name", _STR, [c_int]),
    ("ct_diag_count", c_size_t, [_P]),
    ("ct_diag_kind_at", c_int, [_P, c_size_t]),
    ("ct_diag_message", _STR, [_P, c_size_t]),
    ("ct_diag_clear", None, [_P]),
    ("ct_free", None, [_P]),
    ("ct_table_name", _STR, [_P]),
    ("ct_table_nrows", c_size_t, [_P]),
    ("ct_table_ncols", c_size_t, [_P]),
    ("ct_table_colname", _STR, [_P, c_size_t]),
    ("ct_table_coltype", c_int, [_P, c_size_t]),
    ("ct_table_colindex", c_size_t, [_P, _STR]),
    ("ct_table_text", _STR, [_P, c_size_t, c_size_t]),
    ("ct_table_real", c_double, [_P, c_size_t, c_size_t]),
    ("ct_table_real_column", c_int, [_P, c_size_t, POINTER(c_double)]),
    ("ct_table_geom", POINTER(c_ubyte), [_P, c_size_t, c_size_t, POINTER(c_size_t)]),
    ("ct_table_crs", _STR, [_P]),
    ("ct_table_write", c_int, [_P, _P, _STR, _STRS]),
    ("ct_table_free", None, [_P]),
    ("ct_result_ntables", c_size_t, [_P]),
    ("ct_result_table", _P, [_P, c_size_t]),
    ("ct_result_table_by_name", _P, [_P, _STR]),
    ("ct_result_ndocs", c_size_t, [_P]),
    ("ct_result_doc_name", _STR, [_P, c_size_t]),
    ("ct_result_doc", _STR, [_P, _STR]),
    ("ct_result_write", c_int, [_P, _P, _STR, _STRS]),
    ("ct_result_free", None, [_P]),
    ("ct_layer_open", c_int, [_P, POINTER(_P), _STR, _STRS]),
    ("ct_layer_from_wkb", c_int, [_P, POINTER(_P), _STR, c_size_t, _STRS, _STRS, _STRS,
                                  POINTER(c_size_t), _STR, _STRS]),
    ("ct_layer_free", None, [_P]),
    ("ct_layer_size", c_size_t, [_P]),
    ("ct_layer_id", _STR, [_P, c_size_t]),
    ("ct_layer_name", _STR, [_P, c_size_t]),
    ("ct_layer_area", c_double, [_P, c_size_t]),
    ("ct_layer_source", _STR, [_P]),
    ("ct_layer_id_field", _STR, [_P]),
    ("ct_layer_crs", _STR, [_P]),
    ("ct_layer_repairs", c_size_t, [_P]),
    ("ct_pop_open", c_int, [_P, POINTER(_P), _STR, _STRS]),
    ("ct_pop_free", None, [_P]),
    ("ct_pop_size", c_size_t, [_P]),
    ("ct_pop_total", c_double, [_P]),
    ("ct_data_dir", _STR, [_P]),
    ("ct_layers_list", c_int, [_P, POINTER(_P)]),
    ("ct_fit", c_int, [_P, POINTER(_P), _P, _P, _P, _STRS]),
    ("ct_bestfit", c_int, [_P, POINTER(_P), _P, _P, _P, _STRS]),
]

for _name, _res, _args in _PROTOTYPES:
    _f = getattr(lib, _name)
    _f.restype = _res
    _f.argtypes = _args


def optional(name, argtypes, restype=c_int):
    """The function name with its prototype set, or None if this build of
    libcoterm does not export it (a command added in a later version)."""
    f = getattr(lib, name, None)
    if f is not None:
        f.restype = restype
        f.argtypes = argtypes
    return f


check_version(lib.ct_version_number())
version = lib.ct_version().decode()
