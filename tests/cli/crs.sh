#!/usr/bin/env bash
# Measuring outside the CRS's area of use: layers from elsewhere (New York's
# boroughs, Natural Earth's countries, both shipped with Debian's
# python3-geopandas) are refused in the default EPSG:27700 with exit 2 and a
# message naming the layer, its extent and --crs; --crs auto measures them
# in an equal-area CRS chosen for their extent; a measuring CRS not in
# metres is refused. (The areas are checked against geodesic areas in
# tests/python/test_crs_area.py.)
# usage: crs.sh COTERM
COTERM=$1
. "$(dirname "$0")/lib.sh"
GPD=/usr/lib/python3/dist-packages/geopandas/datasets
NYBB=/vsizip/$GPD/nybb_16a.zip
NE=$GPD/naturalearth_lowres/naturalearth_lowres.shp
[ -f "$GPD/nybb_16a.zip" ] && [ -f "$NE" ] ||
    { echo "FAIL: $GPD lacks nybb or naturalearth_lowres (install python3-geopandas)"; exit 1; }
NY=(fit "$NYBB" "$NYBB" --a-id BoroCode --b-id BoroCode --no-pop)

run "${NY[@]}"
expect_rc 2
expect_err "coterm: error: $NYBB:nybb: its extent (longitude -74.257 to -73.699, latitude 40.496 to 40.916) lies outside the area of use of the measuring CRS EPSG:27700"
expect_err "give a CRS for this data with --crs EPSG:N"
expect_err "or --crs auto for an equal-area CRS centred on it"

run fit "$NE" "$NE" --a-id name --b-id name --no-pop
expect_rc 2
expect_err "naturalearth_lowres: its extent (longitude -180.000 to 180.000, latitude -90.000 to 83.645) lies outside"

# the England layers are inside it
run fit stp21 utla21 --no-pop -q
expect_rc 0

# --crs auto: one warning naming the chosen CRS; five boroughs, coterminous
run "${NY[@]}" --crs auto --out "$work/ny" -q
expect_rc 0
expect_lines "$work/err" '^coterm: warning: ' 1
expect_err "nybb: measured in +proj=laea +lat_0=40.7058 +lon_0=-73.9782"
expect_lines "$work/ny/a_units.csv" ',coterminous,' 5
# Staten Island: 150.86 km2, not the 315 km2 British National Grid gave
expect_lines "$work/ny/a_units.csv" '^5,,1508567[0-9][0-9]\.[0-9]*,,coterminous,5,1,,1$' 1
# countries: the global equal-area CRS, and no overlap between them
run fit "$NE" "$NE" --a-id name --b-id name --no-pop --crs auto --out "$work/ne" -q
expect_rc 0
expect_err "naturalearth_lowres: measured in EPSG:6933"
checks=$((checks + 1))
[ "$(/usr/bin/python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["overlap"]["a"]; print(o["overlapping"], o["area_overlapped_m2"])' "$work/ne/summary.json")" = "False 0.0" ] ||
    fail "Natural Earth countries overlap: $(grep -A9 '"overlap"' "$work/ne/summary.json")"

# a measuring CRS in feet would report square feet as square metres
run "${NY[@]}" --crs EPSG:2263
expect_rc 2
expect_err "coterm: error: measuring CRS EPSG:2263 has coordinates in US survey foot: areas are reported in square metres"

finish
