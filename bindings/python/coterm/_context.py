"""Handles over libcoterm objects: the context and what it creates.

Every handle frees its C object exactly once: explicitly (close(), a with
block), when garbage collected, or at interpreter exit (weakref.finalize).
A child (layer, population base, result) keeps its context alive, and closing
a context first frees the children still open, because C objects must not
outlive the context that made them.
"""
import collections
import os
import sys
import warnings
import weakref
from ctypes import byref, c_char_p, c_void_p

from . import _lib
from ._errors import CotermWarning, RepairWarning, error_for

lib = _lib.lib
DIAG_REPAIR = 1
_PKG_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

_live = collections.Counter()


def live_handles():
    """Number of C objects not yet freed, by kind ("ctx", "layer", "pop",
    "result", "table"); for leak checks."""
    return {k: v for k, v in _live.items() if v}


def _free(kind, free_fn, ptr):
    free_fn(ptr)
    _live[kind] -= 1


def _free_ctx(ptr, children):
    for fin in children:
        fin()  # no-op for children already freed
    children.clear()
    _free("ctx", lib.ct_ctx_free, ptr)


def _bytes(s):
    return None if s is None else (s if isinstance(s, bytes) else str(s).encode())


def _str(b):
    return None if b is None else b.decode()


def opt_list(opts):
    """NULL-terminated "KEY=VALUE" array from a dict; None and False values
    are left out, True becomes YES, a list or tuple repeats the key."""
    items = []
    for k, v in (opts or {}).items():
        for x in v if isinstance(v, (list, tuple)) else [v]:
            if x is None or x is False:
                continue
            items.append(f"{k}={'YES' if x is True else x}".encode())
    if not items:
        return None
    return (c_char_p * (len(items) + 1))(*items, None)


def _caller_level():
    """stacklevel for warnings.warn naming the first frame outside coterm."""
    f, level = sys._getframe(1), 1
    while f is not None and f.f_code.co_filename.startswith(_PKG_DIR):
        f, level = f.f_back, level + 1
    return level


class Diagnostic(collections.namedtuple("Diagnostic", "kind message")):
    """A repair or warning recorded by the library (kind "repair" or "warning")."""


class Context:
    """A libcoterm context (ct_ctx): dependency handles, the last error and
    diagnostics. One thread at a time; use one Context per thread.

    >>> with coterm.Context() as ctx:
    ...     a = ctx.layer("ccg21")
    """

    def __init__(self, warn=True, threads=None):
        """warn: issue diagnostics as warnings (they are listed either way).
        threads: overlay worker threads (default: the number of CPUs)."""
        ptr = c_void_p()
        st = lib.ct_ctx_new(byref(ptr), opt_list({"THREADS": threads}))
        if st:
            # the library has no context to hold a message in
            what = f" with THREADS={threads}" if threads is not None else ""
            raise error_for(st, f"cannot create a coterm context{what}",
                            _str(lib.ct_status_name(st)))
        _live["ctx"] += 1
        self._ptr = ptr.value
        self._children = []
        self._finalizer = weakref.finalize(self, _free_ctx, self._ptr, self._children)
        self._seen = 0
        #: every diagnostic seen on this context, in order
        self.diagnostics = []
        self.warn = warn

    @property
    def ptr(self):
        if not self._finalizer.alive:
            raise ValueError("coterm: the context is closed")
        return self._ptr

    @property
    def closed(self):
        return not self._finalizer.alive

    def close(self):
        """Free the context and every layer, population base and result made
        with it that is still open."""
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _adopt(self, fin):
        self._children[:] = [f for f in self._children if f.alive]
        self._children.append(fin)

    def _new_diagnostics(self):
        n = lib.ct_diag_count(self._ptr)
        new = []
        for i in range(self._seen, n):
            kind = "repair" if lib.ct_diag_kind_at(self._ptr, i) == DIAG_REPAIR else "warning"
            new.append(Diagnostic(kind, _str(lib.ct_diag_message(self._ptr, i))))
        self._seen = n
        self.diagnostics.extend(new)
        if self.warn:
            level = _caller_level()
            for d in new:
                warnings.warn(d.message, RepairWarning if d.kind == "repair" else CotermWarning,
                              stacklevel=level)
        return new

    def check(self, status):
        """Report new diagnostics as warnings, then raise for a failed status."""
        self._new_diagnostics()
        if status:
            raise error_for(status, _str(lib.ct_errmsg(self._ptr)),
                            _str(lib.ct_status_name(status)))

    def call(self, fn, *args, free_fn, kind, cls=None):
        """Call fn(ctx, &out, *args) and own *out as a cls (default Handle)."""
        out = c_void_p()
        self.check(fn(self.ptr, byref(out), *args))
        return (cls or Handle)(self, kind, out.value, free_fn)

    # Convenience constructors; see _inputs for the details.
    def layer(self, source, **kw):
        """Open a layer: a path ("file.gpkg:layer"), a built-in name ("ccg21")
        or a GeoDataFrame. Keywords as coterm.fit's a_* options
        (id, name, crs, assume_crs, dissolve, strict, label)."""
        from ._inputs import open_layer
        return open_layer(self, source, **kw)

    def pop(self, spec=None, **kw):
        """Open a population base (None: the embedded LSOA 2011 base)."""
        from ._inputs import open_pop
        return open_pop(self, spec, **kw)

    def run(self, fn, *args, opts=None, since=None):
        """Run a command fn(ctx, &result, *args, opts) and convert its result
        (tables to DataFrames, documents parsed) into a coterm.Result. Handles
        among args are passed as their pointers. The result lists the
        diagnostics recorded since index since of self.diagnostics (default:
        during this call)."""
        from ._tables import result_from_handle
        cargs = [a.ptr if isinstance(a, Handle) else a for a in args]
        start = len(self.diagnostics) if since is None else since
        r = self.call(fn, *cargs, opt_list(opts), free_fn=lib.ct_result_free, kind="result")
        try:
            return result_from_handle(r, self.diagnostics[start:])
        finally:
            r.close()


class Handle:
    """A C object owned by Python (layer, population base, result or table)."""

    def __init__(self, ctx, kind, ptr, free_fn):
        self.ctx = ctx
        self.kind = kind
        self._ptr = ptr
        _live[kind] += 1
        self._finalizer = weakref.finalize(self, _free, kind, free_fn, ptr)
        ctx._adopt(self._finalizer)

    @property
    def ptr(self):
        if not self._finalizer.alive:
            raise ValueError(f"coterm: the {self.kind} is closed")
        return self._ptr

    @property
    def closed(self):
        return not self._finalizer.alive

    def close(self):
        self._finalizer()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def ptr_array(handles):
    """A C array of the pointers of handles (for const ct_layer *const *)."""
    return (c_void_p * max(len(handles), 1))(*[h.ptr for h in handles])

