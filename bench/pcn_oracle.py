"""Independent re-implementation of coterm pcn's geometric method (docs/pcn.md)
with GeoPandas and SciPy (tests/python/oracle/pcn.py, which the Python test
suite also runs), compared row by row with a coterm run.

    build/cli/coterm pcn --out /tmp/pcn
    /usr/bin/python3 bench/pcn_oracle.py /tmp/pcn [data/england]

Prints the number of areas.csv rows that differ by more than 1e-6 (expected 0),
the largest PCN population difference and the uncertain population.
"""
import os
import sys
from pathlib import Path

import pandas as pd

out = sys.argv[1]
if len(sys.argv) > 2:
    os.environ["COTERM_DATA"] = sys.argv[2]
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from oracle import pcn  # noqa: E402 (after the data directory is set)
from oracle.england import centroids  # noqa: E402

mine, unc = pcn.shares()
theirs = pd.read_csv(f"{out}/areas.csv")
both = mine.merge(theirs[["area_id", "pcn_code", "share"]], on=["area_id", "pcn_code"],
                  how="outer", suffixes=("_oracle", ""))
diff = (both.share_oracle.fillna(0) - both.share.fillna(0)).abs()
pops = mine.merge(centroids()[["lsoa11_code", "total_population"]], left_on="area_id",
                  right_on="lsoa11_code")
pcn_pop = (pops.share * pops.total_population).groupby(pops.pcn_code).sum()
coterm_pop = pd.read_csv(f"{out}/pcn.csv").set_index("pcn_code")["pop"]
print("areas.csv rows differing by more than 1e-6:", int((diff > 1e-6).sum()), "of", len(both))
print("largest PCN population difference:",
      float((pcn_pop.reindex(coterm_pop.index).fillna(0) - coterm_pop).abs().max()))
print("uncertain population: %.0f" % unc)
