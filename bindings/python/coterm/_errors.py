"""Exceptions for ct_status codes and warnings for diagnostics."""


class CotermError(Exception):
    """A libcoterm call failed. status is the ct_status code, status_name its
    C name (e.g. "CT_EDATA") and message the library's message, which names
    the file, layer, feature id and offending value."""

    status = None

    def __init__(self, message, status=None, status_name=None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.status_name = status_name


class NoMemoryError(CotermError, MemoryError):
    """CT_ENOMEM: an allocation failed."""
    status = 1


class InvalidArgument(CotermError, ValueError):
    """CT_EINVAL: an invalid argument or option."""
    status = 2


class IOError_(CotermError, OSError):
    """CT_EIO: a file could not be read or written."""
    status = 3


class FormatError(CotermError):
    """CT_EFORMAT: a file or layer is not in the expected form."""
    status = 4


class CRSError(CotermError):
    """CT_ECRS: a missing, unknown or unsuitable coordinate system."""
    status = 5


class GeometryError(CotermError):
    """CT_EGEOM: null, empty or unrepairable geometry."""
    status = 6


class DataError(CotermError, ValueError):
    """CT_EDATA: bad data such as duplicate or unknown ids."""
    status = 7


class DependencyError(CotermError):
    """CT_EDEP: GDAL, GEOS or PROJ failed."""
    status = 8


class InternalError(CotermError):
    """CT_EINTERNAL: a bug in coterm."""
    status = 9


_BY_STATUS = {c.status: c for c in (NoMemoryError, InvalidArgument, IOError_, FormatError,
                                    CRSError, GeometryError, DataError, DependencyError,
                                    InternalError)}


def error_for(status, message, status_name=None):
    """The exception for a ct_status (CotermError for an unknown code)."""
    return _BY_STATUS.get(status, CotermError)(message, status, status_name)


class CotermWarning(UserWarning):
    """A diagnostic recorded by libcoterm (CT_DIAG_WARNING)."""


class RepairWarning(CotermWarning):
    """libcoterm repaired its input, e.g. an invalid geometry (CT_DIAG_REPAIR)."""
