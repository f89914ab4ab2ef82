"""Cut councils on purpose: move N wards of a place configuration, each into a
neighbouring place of the same system, never touching a place twice (so each
move splits one council at most), seeded so the result is reproducible.

    /usr/bin/python3 bench/suggest_perturb.py CONFIG N OUT [BOUNDARIES_GPKG]

CONFIG is block,system,place with ward codes (wards21) as blocks. Prints the
number of wards moved; OUT is the cut configuration."""
import random
import sys

import geopandas as gpd
import pandas as pd
from shapely.strtree import STRtree


def main():
    cfg = pd.read_csv(sys.argv[1])
    n, out = int(sys.argv[2]), sys.argv[3]
    gpkg = sys.argv[4] if len(sys.argv) > 4 else "data/england/boundaries.gpkg"
    wards = gpd.read_file(gpkg, layer="wards21").to_crs(27700).set_index("ward21_code")
    geoms = list(wards.loc[cfg.block].geometry.values)
    where = {id(g): i for i, g in enumerate(geoms)}
    tree = STRtree(geoms)
    place, system = dict(zip(cfg.block, cfg.place)), dict(zip(cfg.block, cfg.system))
    codes = list(cfg.block)
    order = list(range(len(codes)))
    random.Random(14).shuffle(order)
    used, moved = set(), 0
    for i in order:
        if moved == n:
            break
        b = codes[i]
        if place[b] in used:
            continue
        for g in tree.query(geoms[i]):
            c = codes[where[id(g)]]
            if (place[c] != place[b] and system[c] == system[b] and place[c] not in used
                    and g.intersects(geoms[i])):
                used |= {place[b], place[c]}
                place[b] = place[c]
                moved += 1
                break
    cfg["place"] = [place[b] for b in cfg.block]
    cfg.to_csv(out, index=False)
    print(moved)


if __name__ == "__main__":
    main()
