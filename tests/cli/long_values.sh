#!/usr/bin/env bash
# Values derived from input are used at their full length, never cut to a
# fixed buffer (the review's cases): a valid 103-character PROJ string to
# pcn --crs (it was cut to 64 bytes and every area silently fell back to the
# nearest practice); option values past 256 bytes (a long id field name, a
# long path); diagnostics past 1,024 bytes (two repairs told apart, not
# merged as one); an error message past 2,048 bytes (every field listed).
# usage: long_values.sh COTERM CASES_DIR
COTERM=$1
CASES=$(cd "$2" && pwd)
C=$CASES/fit
P=$CASES/pcn
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3

# ---- pcn --crs with a valid 103-character PROJ string (British National
# Grid's projection on its ellipsoid): the hand-made world gives the
# same methods and shares as EPSG:27700
CRS="+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +type=crs"
checks=$((checks + 1))
[ ${#CRS} -eq 103 ] || fail "the CRS string has ${#CRS} characters"
hand=(--pop "$P/areas.geojson" --pop-field pop --membership "$P/membership.csv"
      --practices "$P/practices.geojson" --catchments "$P/catchments.geojson"
      --ltla "$P/councils.geojson" --utla NONE --ccg "$P/councils.geojson"
      --system "$P/systems.geojson" --places "$P/places.csv" --band 1000:5000 -q)
run pcn "${hand[@]}" --out "$work/bng"
expect_rc 0
run pcn "${hand[@]}" --crs "$CRS" --out "$work/long"
expect_rc 0
checks=$((checks + 1))
cut -d, -f1-4 "$work/bng/areas.csv" >"$work/bng.methods"
cut -d, -f1-4 "$work/long/areas.csv" >"$work/long.methods"
diff "$work/bng.methods" "$work/long.methods" >"$work/diff" ||
    { fail "areas.csv methods differ with the long CRS"; cat "$work/diff"; }
expect_lines "$work/long/areas.csv" ',catchment\+distance,' "$(grep -c ',catchment+distance,' "$work/bng/areas.csv")"

# ---- an option value past 256 bytes: a 300-character id field name
FIELD=$(printf 'f%.0s' $(seq 1 295))_code
"$PY" - "$C/a.geojson" "$work/longfield.geojson" "$FIELD" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["features"]:
    f["properties"] = {sys.argv[3]: f["properties"]["code"], "name": f["properties"]["name"]}
json.dump(d, open(sys.argv[2], "w"))
EOF
run fit "$work/longfield.geojson" "$C/b.geojson" --a-id "$FIELD" --no-pop
expect_rc 0
expect_lines "$work/out" '^A1,Alpha One,B1,' 1
# ... and a path past 256 bytes, to a pcn input and to --out
deep=$work/$(printf 'd%.0s' $(seq 1 120))/$(printf 'e%.0s' $(seq 1 120))
mkdir -p "$deep"
cp "$P/membership.csv" "$deep/membership.csv"
run pcn "${hand[@]}" --membership "$deep/membership.csv" --out "$deep/out"
expect_rc 0
checks=$((checks + 1))
cmp -s "$deep/out/areas.csv" "$work/bng/areas.csv" || fail "pcn with a long --membership path differs"

# ---- diagnostics past 1,024 bytes: two repairs in a file whose path is
# longer than that are two warnings (compared cut off, they were one)
far=$work/$(printf 'x%.0s' $(seq 1 200))/$(printf 'y%.0s' $(seq 1 200))/$(printf 'z%.0s' $(seq 1 200))/$(printf 'w%.0s' $(seq 1 200))/$(printf 'v%.0s' $(seq 1 200))
mkdir -p "$far"
"$PY" - "$C/bowtie.geojson" "$far/two_bowties.geojson" <<'EOF'
import copy, json, sys
d = json.load(open(sys.argv[1]))
bow = d["features"][0]
second = copy.deepcopy(bow)
second["properties"]["code"] = "BOW2"
for ring in second["geometry"]["coordinates"]:
    for xy in ring:
        xy[1] += 2000
d["features"].append(second)
json.dump(d, open(sys.argv[2], "w"))
EOF
checks=$((checks + 1))
[ ${#far} -gt 1024 ] || fail "the path is only ${#far} characters"
run fit "$far/two_bowties.geojson" "$C/a.geojson" --no-pop -q
expect_rc 0
expect_lines "$work/err" '^coterm: warning: .*two_bowties.geojson:two_bowties: feature BOW: invalid geometry' 1
expect_lines "$work/err" '^coterm: warning: .*two_bowties.geojson:two_bowties: feature BOW2: invalid geometry' 1

# ---- an error message past 2,048 bytes lists every field: a layer with
# 200 fields and no id field
"$PY" - "$C/a.geojson" "$work/wide.geojson" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["features"]:
    f["properties"] = {f"attribute_number_{i:03d}": i for i in range(200)}
json.dump(d, open(sys.argv[2], "w"))
EOF
run fit "$work/wide.geojson" "$C/b.geojson" --no-pop
expect_rc 2
expect_err "id field (*_code, code, id or unit)"
expect_err "attribute_number_000, attribute_number_001,"
expect_err ", attribute_number_198, attribute_number_199)"

finish
