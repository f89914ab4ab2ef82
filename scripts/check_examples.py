#!/usr/bin/python3
"""Regenerate the coterm check example configurations in data/examples/.

Each configuration is built from the embedded England data (ONS lookup of
LSOA -> MSOA -> LTLA -> UTLA and the MSOA 2011 boundaries), so it can be
checked against the same data. Run with Debian's python3 (needs python3-gdal
for the MSOA positions of the Kent, Cheshire and Merseyside and Surrey examples):

    /usr/bin/python3 scripts/check_examples.py
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data", "england")
OUT = os.path.join(ROOT, "data", "examples")

GM = ["E08000001", "E08000002", "E08000003", "E08000004", "E08000005",
      "E08000006", "E08000007", "E08000008", "E08000009", "E08000010"]

# North East London's places (City and Hackney is one place) and its three
# former local systems ("integrated care partnerships"), each around one
# acute trust: Homerton (City and Hackney), Barking, Havering and Redbridge
# University Hospitals (BHR) and Barts Health (Tower Hamlets, Newham,
# Waltham Forest).
NEL = [  # ltla21, place, subsystem
    ("E09000001", "City and Hackney", "City and Hackney"),
    ("E09000012", "City and Hackney", "City and Hackney"),
    ("E09000002", "Barking and Dagenham", "Barking, Havering and Redbridge"),
    ("E09000016", "Havering", "Barking, Havering and Redbridge"),
    ("E09000026", "Redbridge", "Barking, Havering and Redbridge"),
    ("E09000030", "Tower Hamlets", "Tower Hamlets, Newham and Waltham Forest"),
    ("E09000025", "Newham", "Tower Hamlets, Newham and Waltham Forest"),
    ("E09000031", "Waltham Forest", "Tower Hamlets, Newham and Waltham Forest"),
]

# Kent and Medway's four health and care partnerships. Dartford, Gravesham
# and Swanley takes the MSOAs of Sevenoaks district north of the North Downs
# (Swanley, Hextable, Farningham, West Kingsdown, Hartley, New Ash Green:
# centroid northing above 164,000 m), the rest of Sevenoaks stays in West
# Kent. Medway and Swale joins a unitary council and a Kent district.
KENT = {
    "E07000107": "Dartford, Gravesham and Swanley",
    "E07000109": "Dartford, Gravesham and Swanley",
    "E07000111": "West Kent",
    "E07000115": "West Kent",
    "E07000116": "West Kent",
    "E07000110": "West Kent",
    "E06000035": "Medway and Swale",
    "E07000113": "Medway and Swale",
    "E07000105": "East Kent",
    "E07000106": "East Kent",
    "E07000108": "East Kent",
    "E07000112": "East Kent",
    "E07000114": "East Kent",
}
SEVENOAKS = "E07000111"
SWANLEY_NORTHING = 164000.0

# Cheshire and Merseyside (STP E54000008): its nine councils as places, with
# two slips a planner makes. The MSOA holding Nantwich town centre (British
# National Grid 365200, 352200, in Cheshire East) is put in the Wirral place,
# 40 km away: an exclave. The MSOA of Sefton with the smallest code is
# labelled "Setfon": a typo.
CM = ["E06000049", "E06000050", "E06000006", "E06000007", "E08000011",
      "E08000012", "E08000013", "E08000014", "E08000015"]
NANTWICH = (365200.0, 352200.0)
SEFTON = "E08000014"

# Surrey county (utla21 E10000030) as one system: its eleven districts as
# places labelled by their codes (place_name gives names), except Elmbridge
# (E07000207), divided into two places each inside it by the MSOAs' centroid
# easting (east of 513,000 m: Esher, Claygate, the Dittons; west: Walton,
# Weybridge, Hersham).
SURREY = ["E07000207", "E07000208", "E07000209", "E07000210", "E07000211",
          "E07000212", "E07000213", "E07000214", "E07000215", "E07000216",
          "E07000217"]
ELMBRIDGE = "E07000207"
ELMBRIDGE_EASTING = 513000.0


def ltla_names():
    names = {}
    with open(os.path.join(DATA, "lookup_lsoa11_msoa11_ltla21_utla21.csv"), newline="") as f:
        for r in csv.DictReader(f):
            names[r["ltla21_code"]] = r["ltla21_name"]
    return names


def msoa_ltla():
    out = {}
    with open(os.path.join(DATA, "lookup_lsoa11_msoa11_ltla21_utla21.csv"), newline="") as f:
        for r in csv.DictReader(f):
            out[r["msoa11_code"]] = r["ltla21_code"]
    return out


def msoa_geometries(codes):
    """{code: OGR geometry in British National Grid} of the MSOAs named."""
    from osgeo import ogr, osr
    ds = ogr.Open(os.path.join(DATA, "boundaries.gpkg"))
    layer = ds.GetLayer("msoa11")
    bng = osr.SpatialReference()
    bng.ImportFromEPSG(27700)
    bng.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    src = layer.GetSpatialRef()
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tf = osr.CoordinateTransformation(src, bng)
    out = {}
    for feat in layer:
        code = feat.GetField("msoa11_code")
        if code in codes:
            g = feat.GetGeometryRef().Clone()
            g.Transform(tf)
            out[code] = g
    return out


def msoa_northings(codes):
    return {c: g.Centroid().GetY() for c, g in msoa_geometries(codes).items()}


def msoa_containing(codes, x, y):
    from osgeo import ogr
    pt = ogr.CreateGeometryFromWkt(f"POINT ({x} {y})")
    hits = [c for c, g in msoa_geometries(codes).items() if g.Contains(pt)]
    assert len(hits) == 1, hits
    return hits[0]


def write(name, header, rows, readme):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "config.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    with open(os.path.join(d, "README.md"), "w") as f:
        f.write(readme)
    print(f"{name}: {len(rows)} blocks", file=sys.stderr)


def main():
    names = ltla_names()
    gm = [(c, "Greater Manchester", names[c]) for c in GM]
    write("check_gm_boroughs", ["block", "system", "place"], gm,
          "# Greater Manchester: ten borough places\n\n"
          "Made by `scripts/check_examples.py` from the ONS lookup: the ten metropolitan\n"
          "boroughs (ltla21 E08000001-E08000010) of Greater Manchester (STP E54000007), each\n"
          "its own place. Run: `coterm check config.csv --out out`.\n\n"
          "Expected (default statutory layers utla21, ltla21, sicbl22): places match their\n"
          "councils and their sub-ICB locations; the system is no statutory unit but cuts\n"
          "none (info). With `--against ccg21` (the CCGs of April 2021) the system boundary\n"
          "splits NHS Tameside and Glossop CCG (E38000182), whose Glossop part (High Peak,\n"
          "Derbyshire) lies outside the ten boroughs; Glossop moved to Derbyshire's ICB in\n"
          "July 2022.\n")
    nel = [(c, "North East London", place) for c, place, _ in NEL]
    write("check_nel_places", ["block", "system", "place"], nel,
          "# North East London: borough places\n\n"
          "Made by `scripts/check_examples.py`: the eight ltla21 units of North East London\n"
          "(STP E54000029) as its seven places (City of London and Hackney form one place,\n"
          "City and Hackney). Run: `coterm check config.csv --out out`.\n\n"
          "Expected: only info findings (the system matches NHS North East London CCG, every\n"
          "borough place matches its council; City and Hackney is made of two whole councils).\n")
    sub = [(c, "North East London", s, place) for c, place, s in NEL]
    write("check_nel_subsystems", ["block", "system", "subsystem", "place"], sub,
          "# North East London: a subsystem tier over borough places\n\n"
          "Made by `scripts/check_examples.py`: the places of `check_nel_places` grouped into\n"
          "North East London's three former local systems, each around one acute trust's\n"
          "catchment (Homerton; Barking, Havering and Redbridge; Barts Health).\n"
          "Run: `coterm check config.csv --out out`.\n\n"
          "Expected: `intermediate_tier` for the subsystem tier, which matches no council or\n"
          "CCG while the places below it match councils: the double layer.\n")
    m2l = msoa_ltla()
    kent_msoas = sorted(m for m, l in m2l.items() if l in KENT)
    north = msoa_northings({m for m in kent_msoas if m2l[m] == SEVENOAKS})
    rows = []
    for m in kent_msoas:
        place = KENT[m2l[m]]
        if m2l[m] == SEVENOAKS and north[m] > SWANLEY_NORTHING:
            place = "Dartford, Gravesham and Swanley"
        rows.append((m, "Kent and Medway", place))
    write("check_kent_msoa", ["block", "system", "place"], rows,
          "# Kent and Medway: places drawn across district lines (MSOA blocks)\n\n"
          "Made by `scripts/check_examples.py`: every MSOA (2011) of Kent and Medway (STP\n"
          "E54000032) assigned to one of its four health and care partnerships by its\n"
          "district, except that the MSOAs of Sevenoaks district with a centroid north of\n"
          "northing 164,000 m (Swanley, Hextable, Farningham, West Kingsdown, Hartley, New Ash\n"
          "Green) go to Dartford, Gravesham and Swanley.\n"
          "Run: `coterm check config.csv --blocks msoa11 --out out`.\n\n"
          "Expected: `council_split` (Sevenoaks district; Kent county, which Medway and Swale\n"
          "crosses) and `no_statutory_match` for the places that cut across councils.\n")
    cm_msoas = sorted(m for m, l in m2l.items() if l in CM)
    nantwich = msoa_containing({m for m in cm_msoas if m2l[m] == "E06000049"}, *NANTWICH)
    setfon = min(m for m in cm_msoas if m2l[m] == SEFTON)
    rows = []
    for m in cm_msoas:
        place = names[m2l[m]]
        place = "Wirral" if m == nantwich else "Setfon" if m == setfon else place
        rows.append((m, "Cheshire and Merseyside", place))
    write("check_cm_msoa", ["block", "system", "place"], rows,
          "# Cheshire and Merseyside: council places with two slips (MSOA blocks)\n\n"
          "Made by `scripts/check_examples.py`: every MSOA (2011) of Cheshire and Merseyside\n"
          f"(STP E54000008) in the place of its council, except two slips a planner makes: the\n"
          f"MSOA holding Nantwich town centre ({nantwich}, Cheshire East) is put in the Wirral\n"
          f"place, and the Sefton MSOA {setfon} is labelled \"Setfon\".\n"
          "Run: `coterm check config.csv --blocks msoa11 --out out`.\n\n"
          "Expected: `discontiguous` (the Nantwich MSOA, an exclave of Wirral surrounded by\n"
          "Cheshire East), `possible_typo` (Setfon beside Sefton), one `council_split` for\n"
          "Cheshire East, a unitary council that is a unit of both utla21 and ltla21, and one\n"
          "for Sefton.\n")
    surrey_msoas = sorted(m for m, l in m2l.items() if l in SURREY)
    east = {c: g.Centroid().GetX() for c, g in
            msoa_geometries({m for m in surrey_msoas if m2l[m] == ELMBRIDGE}).items()}
    rows = []
    for m in surrey_msoas:
        code, name = m2l[m], names[m2l[m]]
        if code == ELMBRIDGE:
            side = "E" if east[m] > ELMBRIDGE_EASTING else "W"
            code, name = f"{code}{side}", f"{name} {'East' if side == 'E' else 'West'}"
        rows.append((m, "Surrey", code, name))
    write("check_surrey_msoa", ["block", "system", "place", "place_name"], rows,
          "# Surrey: a district divided between two places (MSOA blocks)\n\n"
          "Made by `scripts/check_examples.py`: every MSOA (2011) of Surrey county's eleven\n"
          "districts in a place labelled by its district's code and named in `place_name`,\n"
          "under one system, Surrey; except Elmbridge (E07000207), divided into Elmbridge\n"
          "East (E07000207E: MSOAs whose centroid lies east of easting 513,000 m) and\n"
          "Elmbridge West (E07000207W), each inside the district.\n"
          "Run: `coterm check config.csv --blocks msoa11 --out out`.\n\n"
          "Expected: `council_split` of Elmbridge between its two places, though neither\n"
          "crosses its boundary; Surrey county divided (info) by the places, a tier meant to\n"
          "be smaller than it; the NHS sub-ICB locations of July 2022 cut across the county\n"
          "(NHS Frimley takes Surrey Heath, Farnham and Ash with parts of Hampshire and\n"
          "Berkshire).\n")


if __name__ == "__main__":
    main()
