#!/usr/bin/python3
"""Regenerate the coterm check example configurations in data/examples/.

Each configuration is built from the embedded England data (ONS lookup of
LSOA -> MSOA -> LTLA -> UTLA and the MSOA 2011 boundaries), so it can be
checked against the same data. Run with Debian's python3 (needs python3-gdal
only for the Kent example's MSOA positions):

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


def msoa_northings(codes):
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
            out[code] = g.Centroid().GetY()
    return out


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


if __name__ == "__main__":
    main()
