"""Python threads: the bindings call libcoterm through ctypes.CDLL, which
releases the GIL for the length of each C call, so another thread runs
while a fit is computed; and two threads running fits at once (one context
each, as the library requires) get exactly the results of one thread."""
import threading
import time

import numpy as np
import pandas as pd

import coterm


def test_gil_released_during_a_long_call():
    with coterm.Context(threads=1, warn=False) as ctx:
        a, b, pop = ctx.layer("msoa11"), ctx.layer("ltla21"), ctx.pop()
        t0 = time.perf_counter()
        coterm.fit(a, b, pop=pop, ctx=ctx)
        alone = time.perf_counter() - t0
        done = threading.Event()

        def work():
            coterm.fit(a, b, pop=pop, ctx=ctx)
            done.set()

        ticks = [time.perf_counter()]
        worker = threading.Thread(target=work)
        worker.start()
        while not done.is_set():  # this thread runs only when it has the GIL
            time.sleep(0.002)
            ticks.append(time.perf_counter())
        worker.join()
    longest_gap = float(np.diff(ticks).max())
    # the fit holds the GIL only between its C calls (building DataFrames):
    # had ct_fit kept it, this thread would have stopped for all of ct_fit
    assert alone > 0.3, f"the fit took {alone:.2f} s, too short to tell"
    assert longest_gap < alone / 3, (longest_gap, alone)


def _fits(jobs):
    return [coterm.fit(a, b) for a, b in jobs]


def test_two_threads_give_the_results_of_one():
    jobs = [("ccg21", "ltla21"), ("stp21", "utla21")]
    want = _fits(jobs)
    got = [None, None]
    errors = []
    start = threading.Barrier(2)

    def run(k):
        try:
            start.wait()
            got[k] = coterm.fit(*jobs[k])
        except Exception as e:  # reported below, in the main thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for w, g in zip(want, got):
        for name in ("pairs", "a_units", "b_units"):
            pd.testing.assert_frame_equal(getattr(g, name), getattr(w, name))
        assert g.summary == w.summary
