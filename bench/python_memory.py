"""Resident memory of repeated coterm.fit calls through the Python bindings.

    PYTHONPATH=bindings/python COTERM_LIBRARY=build/lib/libcoterm.so \
        /usr/bin/python3 bench/python_memory.py [CALLS] [LIMIT_KIB]

Each call opens two real layers (stp21, utla21: ~40 MB of geometry); a leaked
layer or result would add megabytes per call. Prints the growth of the
process's resident set over CALLS calls (default 50) after 5 warm-up calls,
and exits 1 if it exceeds LIMIT_KIB (default 8192). The test suite checks the
same calls for leaked handles (tests/python/test_handles.py); this limit on
RSS depends on the allocator and the machine, so it lives here.
"""
import gc
import os
import sys
import warnings

import coterm


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


calls = int(sys.argv[1]) if len(sys.argv) > 1 else 50
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 8 * 1024
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for _ in range(5):
        coterm.fit("stp21", "utla21", pop=False)
    gc.collect()
    before = rss_kib()
    for _ in range(calls):
        coterm.fit("stp21", "utla21", pop=False)
    gc.collect()
    grown = rss_kib() - before
print(f"python: RSS grew by {grown} KiB over {calls} calls of coterm.fit (limit {limit} KiB)")
sys.exit(0 if grown < limit else 1)
