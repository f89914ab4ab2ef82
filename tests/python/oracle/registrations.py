"""The Staffordshire registration table's accounting (docs/pcn.md,
"Registrations"), counted with pandas: codes that are LSOA 2011 codes, codes
bridged through the LSOA 2021 polygons, and the patients of every other code
by category."""
import geopandas as gpd
import pandas as pd

from .england import DATA

CATEGORIES = ["EMPTY", "CLOSED", "L99", "M99", "wales", "scotland", "northern_ireland",
              "england_unknown", "other"]


def category(code):
    for name, test in [("EMPTY", code == "EMPTY"), ("CLOSED", code == "CLOSED"),
                       ("L99", code.startswith("L99")), ("M99", code.startswith("M99")),
                       ("wales", code.startswith("W")), ("scotland", code.startswith("S")),
                       ("northern_ireland", code[:1] in ("N", "9")),
                       ("england_unknown", code.startswith("E"))]:
        if test:
            return name
    return "other"


def staffordshire():
    """{"exact": (codes, patients), "bridged": (codes, patients),
    "not_used": {category: patients}, "patients": total}."""
    reg = pd.read_csv(DATA / "staffs" / "registrations25_practice_lsoa21.csv",
                      dtype={"lsoa21_code": str})
    lsoa11 = set(pd.read_csv(DATA / "population20_lsoa11.csv").lsoa11_code)
    lsoa21 = set(gpd.read_file(DATA / "staffs" / "lsoa21.gpkg", layer="lsoa21").lsoa21_code)
    exact = reg[reg.lsoa21_code.isin(lsoa11)]
    bridged = reg[~reg.lsoa21_code.isin(lsoa11) & reg.lsoa21_code.isin(lsoa21)]
    rest = reg[~reg.lsoa21_code.isin(lsoa11) & ~reg.lsoa21_code.isin(lsoa21)]
    by_cat = rest.groupby(rest.lsoa21_code.map(category)).patients.sum()
    return {"exact": (exact.lsoa21_code.nunique(), exact.patients.sum()),
            "bridged": (bridged.lsoa21_code.nunique(), bridged.patients.sum()),
            "not_used": {c: int(by_cat.get(c, 0)) for c in CATEGORIES},
            "patients": int(reg.patients.sum())}
