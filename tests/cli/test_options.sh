#!/usr/bin/env bash
# Options end to end: one warning line per repair (also in summary.json),
# --strict, --dissolve, --assume-crs, --crs, --method, --tolerance, pairs.csv
# on stdout without --out, bestfit --out FILE.
# usage: test_options.sh COTERM CASES_DIR GOLDEN_DIR
COTERM=$1
C=$(cd "$2/fit" && pwd)
G=$3
. "$(dirname "$0")/lib.sh"
A=$C/a.geojson
B=$C/b.geojson
POP=(--pop "$C/pop.geojson" --pop-field pop)
PY=/usr/bin/python3

# json FILE EXPR: print a value of summary.json (d is the document)
json() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- a repair: exit 0, one warning line naming file, layer and feature;
# listed in summary.json; the report line still follows
run fit "$C/bowtie.geojson" "$A" --no-pop --out "$work/rep"
expect_rc 0
expect_lines "$work/err" '^coterm: warning: ' 1
expect_err "coterm: warning: $C/bowtie.geojson:bowtie: feature BOW: invalid geometry (Self-intersection) repaired"
expect_lines "$work/err" '^coterm fit: 2 x 5 units' 1
checks=$((checks + 1))
[ "$(json "$work/rep/summary.json" 'len(d["repairs"]), d["inputs"]["a"]["repairs"]')" = "1 1" ] ||
    fail "summary.json repairs"
# the same repair met twice (as A and as B) is still one line
run fit "$C/bowtie.geojson" "$C/bowtie.geojson" --no-pop
expect_rc 0
expect_lines "$work/err" '^coterm: warning: ' 1
# --strict turns it into an error (exit 2) and prints no warning
run fit "$C/bowtie.geojson" "$A" --no-pop --strict
expect_rc 2
expect_lines "$work/err" '^coterm: warning: ' 0
expect_err "--strict forbids repair"

# ---- --dissolve merges the two D1 features into one 2 km2 unit
run fit "$C/dup_ids.geojson" "$A" --no-pop --dissolve
expect_rc 0
expect_lines "$work/out" '^D1,west half,A1,Alpha One,2000000,1,0.5,,,,0$' 1
expect_lines "$work/out" '^D2,top,A1,Alpha One,2000000,1,0.5,,,,0$' 1

# ---- --assume-crs gives a CRS-less CSV its CRS; the WKT squares are A1, A2
run fit "$C/nocrs.csv" "$A" --no-pop --assume-crs EPSG:27700
expect_rc 0
expect_lines "$work/out" '^A1,Alpha One,A1,Alpha One,4000000,1,1,,,,0$' 1
expect_lines "$work/out" '^A2,Alpha Two,A2,Alpha Two,4000000,1,1,,,,0$' 1
# GeoJSON's implicit WGS 84 with grid coordinates: --assume-crs supplies the
# real CRS, with one warning line (wgs84_default.geojson: W1 is a 1 km square)
run fit "$C/wgs84_default.geojson" "$C/wgs84_default.geojson" --no-pop --assume-crs EPSG:27700
expect_rc 0
expect_lines "$work/out" '^W1,.*,1000000,1,1,,,,0$' 1
expect_lines "$work/err" 'coordinates out of longitude/latitude range: read as EPSG:27700' 1
# --assume-crs does not override a CRS the file has (a.geojson is 27700)
run fit "$A" "$A" --no-pop --assume-crs EPSG:4326
expect_rc 0
expect_lines "$work/out" '^A1,Alpha One,A1,Alpha One,4000000,' 1

# ---- --crs: a projected CRS measures there; a geographic one is an error
run fit "$A" "$B" --no-pop --crs EPSG:3857 --out "$work/merc"
expect_rc 0
checks=$((checks + 1))
[ "$(json "$work/merc/summary.json" 'd["crs"]')" = "EPSG:3857" ] || fail "crs in summary.json"
run fit "$A" "$B" --no-pop --crs EPSG:4326
expect_rc 2
expect_err "measuring CRS EPSG:4326 is not projected: areas need a projected CRS such as EPSG:27700"
run fit "$A" "$B" --no-pop --crs EPSG:4258
expect_rc 2

# ---- without --out: pairs.csv on stdout, nothing on stderr, no files
(cd "$work" && "$COTERM" fit "$A" "$B" "${POP[@]}" >"$work/stdout.csv" 2>"$work/err")
rc=$?
last="coterm fit A B (stdout)"
expect_rc 0
expect_empty "$work/err"
expect_same "$work/stdout.csv" "$G/pairs.csv"
checks=$((checks + 1))
[ ! -e "$work/pairs.csv" ] || fail "wrote pairs.csv into the working directory"

# ---- --method areal and --tolerance reach the library (see test_fit_cases.c:
# the A2 x B1 strip holds 10 people: a sliver at 1%, not at 0.5%)
run fit "$A" "$B" "${POP[@]}" --method areal
expect_rc 0
expect_lines "$work/out" '^A2,Alpha Two,B1,Beta One,20000,0.005,0.00497512437810945,10,0.00454545454545455,0.00709219858156028,1$' 1
run fit "$A" "$B" "${POP[@]}" --method areal --tolerance 0.005
expect_rc 0
expect_lines "$work/out" '^A2,Alpha Two,B1,.*,0$' 1

# ---- numbers do not depend on the locale: under a German one (decimal
# comma; scripts/setup.sh generates it) --tolerance 0.05 is read, and every
# file and the report line are as under C
LC_ALL=de_DE.UTF-8 run fit "$A" "$B" "${POP[@]}" --method areal --tolerance 0.05 --out "$work/de"
expect_rc 0
cp "$work/err" "$work/err.de"
LC_ALL=C run fit "$A" "$B" "${POP[@]}" --method areal --tolerance 0.05 --out "$work/c"
expect_rc 0
checks=$((checks + 1))
diff -r "$work/c" "$work/de" >"$work/diff" || { fail "German-locale outputs differ"; cat "$work/diff"; }
checks=$((checks + 1))
[ "$(sed "s|$work/de|DIR|" "$work/err.de")" = "$(sed "s|$work/c|DIR|" "$work/err")" ] ||
    fail "German-locale report line differs: $(cat "$work/err.de")"
expect_err "population fit A in B 0."

# ---- bestfit --out FILE writes that file (whatever its extension)
run bestfit "$C/pop.geojson" "$B" "${POP[@]}" --out "$work/lookup.txt"
expect_rc 0
expect_lines "$work/err" '^coterm: warning: bestfit: 2 of 19 units of .* fall in no unit of ' 1
checks=$((checks + 1))
[ -f "$work/lookup.txt" ] || fail "lookup.txt is not a file"
expect_same "$work/lookup.txt" "$G/bestfit.csv"
run bestfit "$C/pop.geojson" "$B" "${POP[@]}"
expect_same "$work/out" "$G/bestfit.csv"

finish
