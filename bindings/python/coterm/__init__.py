"""coterm: how well health and care boundaries fit each other, from Python.

A thin ctypes layer over libcoterm: every number comes from the C library,
the same as the coterm CLI's.

    >>> import coterm
    >>> r = coterm.fit("ccg21", "ltla21")
    >>> r.summary["indices"]["pop_fit_a_in_b"]
    >>> r.a_units[r.a_units["class"] == "straddles"]

Inputs are paths ("file.gpkg:layer"), built-in layer names (coterm.layers())
or GeoDataFrames. Errors raise CotermError subclasses carrying the library's
message; repairs and warnings are issued as CotermWarning.
"""
from . import _lib
from ._commands import (Report, bestfit, check, compare, fit, flows, layers, pcn, report,
                        suggest, whatif)
from ._context import Context, Diagnostic, Handle, live_handles
from ._errors import (CotermError, CotermWarning, CRSError, DataError, DependencyError,
                      FormatError, GeometryError, InternalError, InvalidArgument, IOError_,
                      NoMemoryError, RepairWarning)
from ._inputs import Layer, Pop
from ._tables import Result

__version__ = "0.1.0"
#: version of the loaded libcoterm, e.g. "0.1.0"
library_version = _lib.version
#: file the library was loaded from
library_path = _lib.path

__all__ = [
    "fit", "bestfit", "check", "compare", "whatif", "suggest", "flows", "pcn", "report", "Report", "layers", "Context", "Layer", "Pop", "Result", "Handle", "Diagnostic",
    "live_handles", "CotermError", "NoMemoryError", "InvalidArgument", "IOError_",
    "FormatError", "CRSError", "GeometryError", "DataError", "DependencyError",
    "InternalError", "CotermWarning", "RepairWarning", "library_version", "library_path",
]
