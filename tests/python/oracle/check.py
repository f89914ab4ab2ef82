"""coterm check's populations and band findings for a configuration CSV
(docs/check.md), summed with pandas from the ONS population tables."""
import pandas as pd

from .england import DATA

# docs/check.md: NHS England's guidance bands, in people
BANDS = {"system": (1e6, 3e6), "place": (2.5e5, 5e5), "neighbourhood": (3e4, 5e4)}


def block_people():
    """People of every LTLA 2021 and MSOA 2011 (the examples' blocks)."""
    lsoa = pd.read_csv(DATA / "population20_lsoa11.csv")
    lookup = pd.read_csv(DATA / "lookup_lsoa11_msoa11_ltla21_utla21.csv")
    ltla = lookup.merge(lsoa, on="lsoa11_code").groupby("ltla21_code").total_population.sum()
    msoa = pd.read_csv(DATA / "population20_msoa11.csv").set_index("msoa11_code")
    return pd.concat([ltla, msoa.total_population])


def unit_people(config):
    """{(tier, unit): people} of a configuration whose blocks are LTLAs or MSOAs."""
    c = pd.read_csv(config, dtype=str)
    people = c.block.map(block_people())
    assert people.notna().all(), "a block that is neither an LTLA nor an MSOA"
    return {(tier, unit): float(p) for tier in c.columns[1:]
            for unit, p in people.groupby(c[tier]).sum().items()}


def out_of_band(config):
    """(tier, unit) of the units outside their tier's default band."""
    return {k for k, p in unit_people(config).items()
            if k[0] in BANDS and not BANDS[k[0]][0] <= p <= BANDS[k[0]][1]}
