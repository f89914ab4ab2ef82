"""The commands: each opens its inputs, runs one C function, converts the result.

A new command is a short function here: open layers with _Inputs, call
io.run(<C function declared with _lib.optional>, inputs..., opts={...}) and
return the Result (or one of its tables).
"""
import contextlib

from . import _lib
from ._context import Context, Handle
from ._inputs import Pop
from ._tables import table_to_frame

lib = _lib.lib


class _Inputs(contextlib.ExitStack):
    """Opens inputs in a context (the caller's, or a new one) and frees what it
    opened when the command is done; caller-made Layers and Pops stay open."""

    def __init__(self, ctx, crs=None, assume_crs=None, strict=False, threads=None):
        super().__init__()
        if ctx is not None and threads is not None:
            raise ValueError("coterm: give threads to the Context, not with ctx=")
        self.ctx = ctx if ctx is not None else self.enter_context(Context(threads=threads))
        self.common = {"crs": crs, "assume_crs": assume_crs, "strict": strict}
        self.since = len(self.ctx.diagnostics)

    def run(self, fn, *args, opts=None):
        """ctx.run, listing the diagnostics of opening the inputs too."""
        return self.ctx.run(fn, *args, opts=opts, since=self.since)

    def _own(self, h, given):
        if h is not given:
            self.callback(h.close)
        return h

    def layer(self, source, label, id=None, name=None, dissolve=False):
        h = self.ctx.layer(source, id=id, name=name, dissolve=dissolve,
                           label=f"GeoDataFrame {label}", **self.common)
        return self._own(h, source)

    def pop(self, pop, pop_field=None, pop_id=None):
        """pop: None for the embedded base, False for none (area only), a
        layer spec with pop_field, or a Pop of this context."""
        if pop is False:
            return None
        h = self.ctx.pop(None if pop is True else pop, pop_field=pop_field, id=pop_id,
                         **self.common)
        return self._own(h, pop if isinstance(pop, Pop) else None)


def fit(a, b, method="auto", tolerance=0.01, pop=None, pop_field=None, a_id=None,
        b_id=None, crs=None, assume_crs=None, dissolve=False, strict=False, *,
        a_name=None, b_name=None, pop_id=None, threads=None, ctx=None):
    """Overlay layers a and b and measure how well they fit (coterm fit).

    a, b: "PATH[:LAYER]", a built-in name ("ccg21"), a GeoDataFrame or a Layer.
    method: auto, bestfit or areal. tolerance: sliver tolerance as a share.
    pop: None for the embedded LSOA 2011 base, False for area only, or a
    polygon layer spec with the population field pop_field (ids pop_id).
    a_id, b_id / a_name, b_name: id and name fields. crs: projected measuring
    CRS in metres (default EPSG:27700; "auto": an equal-area CRS chosen for the
    inputs' extent); assume_crs: CRS for inputs that have none.
    dissolve: merge features sharing an id; strict: invalid geometry is an error.
    threads: overlay worker threads (default: the number of CPUs). ctx: run in
    this Context (and use Layers and Pops opened with it) instead of a new one.

    Returns a Result with DataFrames pairs, a_units, b_units (the columns of
    the CLI's CSVs) and the dict summary (summary.json). Raises a CotermError
    subclass on bad input; repairs and warnings are issued as CotermWarning
    and listed in result.diagnostics."""
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        la = io.layer(a, "a", a_id, a_name, dissolve)
        lb = io.layer(b, "b", b_id, b_name, dissolve)
        p = io.pop(pop, pop_field, pop_id)
        return io.run(lib.ct_fit, la, lb, p, opts={"METHOD": method, "TOLERANCE": tolerance})


def bestfit(small, big, method="auto", tolerance=0.01, pop=None, pop_field=None,
            small_id=None, big_id=None, crs=None, assume_crs=None, dissolve=False,
            strict=False, *, small_name=None, big_name=None, pop_id=None, threads=None,
            ctx=None):
    """ONS-style best-fit lookup of each unit of small to one unit of big
    (coterm bestfit). Arguments as fit (small_id/big_id for a_id/b_id).

    Returns the DataFrame of the CLI's CSV (small_id, small_name, big_id,
    big_name, pop, share, method, basis, class); df.attrs holds "summary" and
    "diagnostics"."""
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        ls = io.layer(small, "small", small_id, small_name, dissolve)
        lb = io.layer(big, "big", big_id, big_name, dissolve)
        p = io.pop(pop, pop_field, pop_id)
        r = io.run(lib.ct_bestfit, ls, lb, p, opts={"METHOD": method, "TOLERANCE": tolerance})
    df = r.bestfit
    df.attrs.update(summary=r.summary, diagnostics=r.diagnostics)
    return df


def layers(ctx=None):
    """The built-in layers (coterm layers --csv): name, kind, features,
    id_field, name_field, source, description."""
    with _Inputs(ctx) as io:
        with io.ctx.call(lib.ct_layers_list, free_fn=lib.ct_table_free, kind="table",
                         cls=Handle) as t:
            return table_to_frame(t.ptr)


def _ptr_array(handles):
    """A C array of the handles' pointers (one NULL slot when empty, so that
    an empty list is a non-NULL pointer: 'no layers', not 'the defaults')."""
    import ctypes
    ptrs = [h.ptr for h in handles] or [None]
    return (ctypes.c_void_p * len(ptrs))(*ptrs)


def check(config=None, tiers=None, blocks=None, against=None, method="auto", tolerance=0.01,
          bands=None, pop=None, pop_field=None, blocks_id=None, crs=None, assume_crs=None,
          strict=False, *, blocks_name=None, pop_id=None, dissolve=False, ignore=None,
          tier_ids=None, tier_names=None, threads=None, ctx=None):
    """Check a place configuration (coterm check).

    config: CSV path (block,TIER1,TIER2,...; top tier first; TIER_name right
    after a tier names its units) whose block column holds ids of blocks
    (default: the built-in ltla21). Or tiers: a dict {name: layer} of polygon
    layers, top first (paths, built-in names, GeoDataFrames or Layers), e.g.
    the layers of the tiers.gpkg a check wrote, instead of config.
    against: list of statutory layers (None: the defaults of docs/check.md;
    []: none). bands: {tier: (min, max)} expected unit populations (None for
    an open side). ignore: columns of config to leave out. tier_ids,
    tier_names: {tier: field} id and name fields of tier layers.
    dissolve: merge features sharing an id (as the CLI's --dissolve).
    Other arguments as fit.

    Returns a Result with DataFrames units, nesting, findings, one
    GeoDataFrame per tier (named by the tier) and the dicts findings and
    summary (findings.json, summary.json)."""
    import ctypes
    if (config is None) == (tiers is None):
        raise ValueError("coterm.check: give either config or tiers")
    if tiers is None and (tier_ids or tier_names):
        raise ValueError("coterm.check: tier_ids and tier_names apply to tiers")
    if config is None and ignore:
        raise ValueError("coterm.check: ignore applies to config")
    opts = {"METHOD": method, "TOLERANCE": tolerance,
            "IGNORE": [ignore] if isinstance(ignore, str) else list(ignore or [])}
    for tier, (lo, hi) in (bands or {}).items():
        opts[f"BAND_{tier}"] = f"{'' if lo is None else lo}:{'' if hi is None else hi}"
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        ag = None if against is None else [io.layer(x, f"against {i}", dissolve=dissolve)
                                           for i, x in enumerate(against)]
        ag_arr, n_ag = (None, 0) if ag is None else (_ptr_array(ag), len(ag))
        if config is not None:
            # blocks_id and blocks_name also apply to the default ltla21
            if blocks is None and (blocks_id or blocks_name or dissolve):
                blocks = "ltla21"
            bl = None if blocks is None else io.layer(blocks, "blocks", blocks_id, blocks_name,
                                                      dissolve)
            p = io.pop(pop, pop_field, pop_id)
            fn = _lib.optional("ct_check", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                                            ctypes.c_size_t, ctypes.c_void_p,
                                            ctypes.POINTER(ctypes.c_char_p)])
            return io.run(fn, str(config).encode(), bl, ag_arr, n_ag, p, opts=opts)
        names = list(tiers)
        for d, what in ((tier_ids, "tier_ids"), (tier_names, "tier_names")):
            for k in d or {}:
                if k not in tiers:
                    raise ValueError(f"coterm.check: {what} names {k!r}, which is not a tier")
        layers_ = [io.layer(tiers[n], n, (tier_ids or {}).get(n), (tier_names or {}).get(n),
                            dissolve) for n in names]
        p = io.pop(pop, pop_field, pop_id)
        name_arr = (ctypes.c_char_p * len(names))(*[n.encode() for n in names])
        fn = _lib.optional("ct_check_tiers", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                              ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                              ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
                                              ctypes.POINTER(ctypes.c_char_p)])
        return io.run(fn, name_arr, _ptr_array(layers_), len(layers_), ag_arr, n_ag, p,
                      opts=opts)


def pcn(membership=None, practices=None, catchments=None, registrations=None, places=None,
        tolerance=0.05, band=None, pop=None, *, reg_area_field=None, reg_pcn_field=None,
        reg_areas=None, ltla=None, utla=None, ccg=None, system=None, within=None, crs=None,
        threads=None, ctx=None):
    """PCN neighbourhood footprints and their fit in councils, CCGs, systems
    and places (coterm pcn). Paths or built-in names as the CLI's options;
    band: (low, high) PCN population band; within: "LAYER:CODE" (e.g.
    "icb22:E54000010") keeps the PCNs whose footprint lies mostly in that unit.

    Returns a Result with the GeoDataFrame neighbourhoods, the DataFrames
    pcn, areas, config (a check configuration), validation (with
    registrations) and the dicts findings and summary."""
    import ctypes
    opts = {"MEMBERSHIP": membership, "PRACTICES": practices, "CATCHMENTS": catchments,
            "REGISTRATIONS": registrations, "REG_AREA_FIELD": reg_area_field,
            "REG_PCN_FIELD": reg_pcn_field, "REG_AREAS": reg_areas, "LTLA": ltla,
            "UTLA": utla, "CCG": ccg, "SYSTEM": system, "PLACES": places, "WITHIN": within,
            "TOLERANCE": tolerance, "BAND": None if band is None else f"{band[0]}:{band[1]}"}
    opts = {k: str(v) for k, v in opts.items() if v is not None}
    with _Inputs(ctx, crs, None, False, threads) as io:
        p = io.pop(pop)
        fn = _lib.optional("ct_pcn", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                      ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p)])
        return io.run(fn, p, opts=opts)


def flows(flows=None, origins="ltla21", systems="stp21", threshold=0.05, places=None,
          orgs=None, pop=None, *, places_blocks=None, providers_csv=None, sites=None,
          min_containment=None, share_tolerance=None, renormalise=False, drop_unknown=False, orgs_units=None,
          councils=None, commissioners=None, tolerance=None, crs=None, threads=None,
          ctx=None):
    """Patient flows and multi-system membership (coterm flows).

    flows: CSV (provider_id, origin_id and patients or share), None for the
    embedded OHID acute trust catchments; origins, systems: layers (paths,
    built-in names, GeoDataFrames or Layers). Other options as the CLI's.

    Returns a Result with DataFrames providers, systems, flows, origins (and
    places, orgs when given), the GeoDataFrame catchments and the dicts
    findings and summary."""
    import ctypes
    opts = {"THRESHOLD": threshold, "PLACES": places, "PLACES_BLOCKS": places_blocks,
            "ORGS": orgs,
            "PROVIDERS_CSV": providers_csv, "SITES": sites, "MIN_CONTAINMENT": min_containment,
            "SHARE_TOLERANCE": share_tolerance, "RENORMALISE": "YES" if renormalise else None,
            "DROP_UNKNOWN": "YES" if drop_unknown else None, "ORGS_UNITS": orgs_units,
            "COUNCILS": councils, "COMMISSIONERS": commissioners, "TOLERANCE": tolerance}
    opts = {k: str(v) for k, v in opts.items() if v is not None}
    with _Inputs(ctx, crs, None, False, threads) as io:
        lo = io.layer(origins, "origins")
        ls = io.layer(systems, "systems")
        p = io.pop(pop)
        fn = _lib.optional("ct_flows", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                        ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                                        ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p)])
        return io.run(fn, None if flows is None else str(flows).encode(), lo, ls, p,
                      opts=opts)


def _config(io, spec, blocks, pop, tier=None, opts=None):
    """A configuration (ct_config) of blocks: a CSV path, a DataFrame with a
    block column and one column per tier (top first), or a polygon layer (a
    spec other than *.csv, a GeoDataFrame or a Layer; one tier, named tier or
    after the layer)."""
    import ctypes
    import os
    import tempfile
    import pandas as pd
    from ._context import _bytes, opt_list
    from ._inputs import Layer, _is_geo
    read = _lib.optional("ct_config_read", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                            ctypes.c_char_p, ctypes.c_void_p,
                                            ctypes.POINTER(ctypes.c_char_p)])
    free = _lib.optional("ct_config_free", [ctypes.c_void_p], None)
    if isinstance(spec, pd.DataFrame) and not _is_geo(spec):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "config.csv")
            spec.to_csv(path, index=False)
            return io.ctx.call(read, _bytes(path), blocks.ptr, None, free_fn=free,
                               kind="config")
    if isinstance(spec, (str, os.PathLike)) and os.fspath(spec).lower().endswith(".csv"):
        return io.ctx.call(read, _bytes(os.fspath(spec)), blocks.ptr, None, free_fn=free,
                           kind="config")
    units = spec if isinstance(spec, Layer) else io.layer(spec, "configuration")
    make = _lib.optional("ct_config_from_layer",
                         [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p), ctypes.c_char_p,
                          ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                          ctypes.POINTER(ctypes.c_char_p)])
    return io.ctx.call(make, _bytes(tier) if tier else None, units.ptr, blocks.ptr,
                       pop.ptr if pop is not None else None, opt_list(opts), free_fn=free,
                       kind="config")


def _band_opts(bands, method, tolerance):
    opts = {"METHOD": method, "TOLERANCE": tolerance}
    for tier, (lo, hi) in (bands or {}).items():
        opts[f"BAND_{tier}"] = f"{'' if lo is None else lo}:{'' if hi is None else hi}"
    return opts


def _scenario_inputs(io, blocks, against, pop, pop_field, pop_id, blocks_id, blocks_name):
    bl = io.layer("ltla21" if blocks is None else blocks, "blocks", blocks_id, blocks_name)
    ag = None if against is None else [io.layer(x, f"against {i}")
                                       for i, x in enumerate(against)]
    return bl, ag, io.pop(pop, pop_field, pop_id)


def compare(base, proposed, blocks=None, against=None, method="auto", tolerance=0.01,
            bands=None, pop=None, pop_field=None, blocks_id=None, crs=None, assume_crs=None,
            strict=False, *, base_tier=None, proposed_tier=None, blocks_name=None,
            pop_id=None, threads=None, ctx=None):
    """Compare two configurations (coterm compare).

    base, proposed: configuration CSV paths, DataFrames (block, then one
    column per tier, top first), or polygon layers of one tier each (paths,
    built-in names such as "stp21", GeoDataFrames or Layers; base_tier and
    proposed_tier name their tiers). blocks: the block layer of both
    (default ltla21). against, bands and the other arguments as check.

    Returns a Result with DataFrames moves (block, block_name, tier, from,
    to, pop), units_diff, findings_diff, scorecard and the dict compare
    (compare.json; docs/scenario.md)."""
    import ctypes
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        bl, ag, p = _scenario_inputs(io, blocks, against, pop, pop_field, pop_id, blocks_id,
                                     blocks_name)
        fit = {"METHOD": method, "TOLERANCE": tolerance}
        a = io.enter_context(_config(io, base, bl, p, base_tier, fit))
        b = io.enter_context(_config(io, proposed, bl, p, proposed_tier, fit))
        fn = _lib.optional("ct_compare", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                          ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p,
                                          ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p,
                                          ctypes.POINTER(ctypes.c_char_p)])
        ag_arr, n_ag = (None, 0) if ag is None else (_ptr_array(ag), len(ag))
        return io.run(fn, a, b, bl, ag_arr, n_ag, p, opts=_band_opts(bands, method, tolerance))


def whatif(config, moves, blocks=None, against=None, method="auto", tolerance=0.01,
           bands=None, pop=None, pop_field=None, blocks_id=None, crs=None, assume_crs=None,
           strict=False, *, tier=None, blocks_name=None, pop_id=None, threads=None,
           ctx=None):
    """Apply moves to a configuration and compare (coterm whatif).

    moves: "BLOCK=TIER:UNIT" strings or (block, tier, unit) tuples, applied in
    order; a block takes its new unit's parents in the tiers above. Other
    arguments as compare (tier names a polygon layer's tier).

    Returns the Result of compare plus the DataFrame config (the moved
    configuration)."""
    import ctypes
    from ._context import _bytes
    from ._inputs import _str_array
    texts = [m if isinstance(m, str) else f"{m[0]}={m[1]}:{m[2]}" for m in moves]
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        bl, ag, p = _scenario_inputs(io, blocks, against, pop, pop_field, pop_id, blocks_id,
                                     blocks_name)
        c = io.enter_context(_config(io, config, bl, p, tier,
                                     {"METHOD": method, "TOLERANCE": tolerance}))
        fn = _lib.optional("ct_whatif", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                         ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                                         ctypes.c_size_t, ctypes.c_void_p, ctypes.c_void_p,
                                         ctypes.c_size_t, ctypes.c_void_p,
                                         ctypes.POINTER(ctypes.c_char_p)])
        ag_arr, n_ag = (None, 0) if ag is None else (_ptr_array(ag), len(ag))
        return io.run(fn, c, _str_array([_bytes(t) for t in texts]), len(texts), bl, ag_arr,
                      n_ag, p, opts=_band_opts(bands, method, tolerance))


def suggest(config, tier, against, blocks=None, keep_band=False, max_moves=None,
            method="auto", tolerance=0.01, bands=None, pop=None, pop_field=None,
            blocks_id=None, crs=None, assume_crs=None, strict=False, *, blocks_name=None,
            pop_id=None, threads=None, ctx=None):
    """Moves of blocks that most improve a tier's fit with a statutory layer
    (coterm suggest): fewer councils split, then a higher population-weighted
    fit; units stay contiguous and within their parent, units of the tier
    below move whole, and with keep_band units stay within their band.

    config: as compare's base. tier: the tier to improve. against: the
    statutory layer (a path, built-in name, GeoDataFrame or Layer).
    max_moves: at most this many moves (None: while one improves).

    Returns a Result with DataFrames moves, suggestions and config (the
    improved configuration) and the dict suggest (suggest.json)."""
    import ctypes
    from ._context import _bytes
    with _Inputs(ctx, crs, assume_crs, strict, threads) as io:
        bl, ag, p = _scenario_inputs(io, blocks, [against], pop, pop_field, pop_id, blocks_id,
                                     blocks_name)
        c = io.enter_context(_config(io, config, bl, p, None,
                                     {"METHOD": method, "TOLERANCE": tolerance}))
        fn = _lib.optional("ct_suggest", [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p),
                                          ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p,
                                          ctypes.c_void_p, ctypes.c_void_p,
                                          ctypes.POINTER(ctypes.c_char_p)])
        opts = _band_opts(bands, method, tolerance)
        opts.update({"KEEP_BAND": bool(keep_band),
                     "MAX_MOVES": None if max_moves is None else int(max_moves)})
        return io.run(fn, c, _bytes(tier), ag[0], bl, p, opts=opts)


class Report(tuple):
    """What coterm.report made: out (the directory), page (the page to open,
    a path) and data (report.json as a dict)."""

    __slots__ = ()

    def __new__(cls, out, page, data):
        return super().__new__(cls, (out, page, data))

    out = property(lambda self: self[0])
    page = property(lambda self: self[1])
    data = property(lambda self: self[2])

    def __repr__(self):
        return f"Report(out={self.out!r}, page={self.page!r})"


def report(out="report", config=None, blocks=None, tiers=None, system=None, *, systems=None,
           subs=None, upper=None, lower=None, title=None, pdf=False, chromium=None,
           method="auto", tolerance=0.01, compare=None, threads=None, ctx=None):
    """Make the boundary-fit report (coterm report) in the directory out.

    config: a coterm check configuration CSV (blocks: its block layer), or
    tiers: a dict {name: layer spec} of polygon tiers, top first, instead of
    the national boards. system: one system's pages only (code or name).
    systems, subs, upper, lower: the layers of the national report (default
    icb22, sicbl22, utla21, ltla21). pdf: also print report.pdf with headless
    Chromium (chromium: its path). compare: with config, a base configuration
    (CSV, or a polygon layer for its top tier) to compare it with, as
    coterm.compare (data["comparison"]). Files are written only when every figure
    was computed; bad input raises a CotermError and writes nothing.

    Returns a Report: out, page (the path of the page to open) and data
    (report.json as a dict)."""
    import ctypes
    import json
    import os
    opts = {"CONFIG": config, "BLOCKS": blocks, "SYSTEM": system, "SYSTEMS": systems,
            "SUBS": subs, "UPPER": upper, "LOWER": lower, "TITLE": title, "PDF": bool(pdf),
            "CHROMIUM": chromium, "METHOD": method, "TOLERANCE": tolerance,
            "COMPARE": None if compare is None else str(compare)}
    items = [f"{k}={'YES' if v is True else v}".encode() for k, v in opts.items()
             if v is not None and v is not False]
    items += [f"TIER={name}={spec}".encode() for name, spec in (tiers or {}).items()]
    arr = (ctypes.c_char_p * (len(items) + 1))(*items, None)
    p = ctypes.c_void_p
    new = _lib.optional("ct_report_job_new", [p, ctypes.POINTER(p), ctypes.c_char_p,
                                              ctypes.POINTER(ctypes.c_char_p)])
    nsteps = _lib.optional("ct_report_job_nsteps", [p], ctypes.c_size_t)
    step = _lib.optional("ct_report_job_step", [p, p])
    page = _lib.optional("ct_report_job_page", [p], ctypes.c_char_p)
    free = _lib.optional("ct_report_job_free", [p], None)
    with _Inputs(ctx, threads=threads) as io:
        job = p()
        io.ctx.check(new(io.ctx.ptr, ctypes.byref(job), str(out).encode(), arr))
        try:
            for _ in range(nsteps(job)):
                io.ctx.check(step(io.ctx.ptr, job))
            where = os.path.join(str(out), page(job).decode())
        finally:
            free(job)
    with open(os.path.join(str(out), "report.json"), encoding="utf-8") as f:
        return Report(str(out), where, json.load(f))
