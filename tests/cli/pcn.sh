#!/usr/bin/env bash
# coterm pcn from the command line: outputs, exit codes, warnings (docs/pcn.md).
# usage: pcn.sh COTERM CASES_DIR
set -u
coterm=$1
cases=$2/pcn
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

hand=(--pop "$cases/areas.geojson" --pop-field pop --membership "$cases/membership.csv"
      --practices "$cases/practices.geojson" --catchments "$cases/catchments.geojson"
      --ltla "$cases/councils.geojson" --utla NONE --ccg "$cases/councils.geojson"
      --system "$cases/systems.geojson" --places "$cases/places.csv" --band 1000:5000)

# usage errors: exit 1
"$coterm" pcn 2>/dev/null; [ $? -eq 1 ] || fail "no --out should be a usage error"
"$coterm" pcn --out "$out/x" --method areal 2>/dev/null; [ $? -eq 1 ] || fail "--method is not a pcn option"
"$coterm" pcn --out "$out/x" extra 2>/dev/null; [ $? -eq 1 ] || fail "positional argument accepted"
"$coterm" pcn --help | grep -q "usage: coterm pcn" || fail "--help"

# bad input: exit 2 with the file, row and value named
"$coterm" pcn "${hand[@]}" --membership "$cases/bad_membership.csv" --out "$out/bad" 2>"$out/err"
[ $? -eq 2 ] || fail "bad membership should exit 2"
grep -q "^coterm: error: .*bad_membership.csv: row 4: practice 'P1' is listed twice" "$out/err" ||
    fail "error message: $(cat "$out/err")"

# a run: exit 0, every file, exact headers, one warning line per diagnostic
"$coterm" pcn "${hand[@]}" --out "$out/run" 2>"$out/err" || fail "run failed: $(cat "$out/err")"
for f in neighbourhoods.gpkg pcn.csv areas.csv config.csv findings.json summary.json; do
    [ -s "$out/run/$f" ] || fail "missing $f"
done
head -1 "$out/run/pcn.csv" | grep -q "^pcn_code,pcn_name,pop,n_practices,ccg_code,stp_code,best_ltla,best_ltla_share,class,uncertain_pop," ||
    fail "pcn.csv header: $(head -1 "$out/run/pcn.csv")"
[ "$(head -1 "$out/run/areas.csv")" = "area_id,pcn_code,share,method,pop,uncertain" ] || fail "areas.csv header"
[ "$(head -1 "$out/run/config.csv")" = "block,system,place,neighbourhood" ] || fail "config.csv header"
grep -q '^a4,S1,PB,Y$' "$out/run/config.csv" || fail "config.csv row a4"
grep -q '^a2,Y,0.307692307692308,catchment+distance,' "$out/run/areas.csv" || fail "areas.csv share of a2"
grep -q '"version": 2' "$out/run/findings.json" || fail "findings version"
# three warnings, one per defect planted in the inputs (tests/cases/pcn,
# docs/pcn.md): P6 has no location, catchment W is a bow-tie (repaired) and
# W is no PCN of the membership
[ "$(grep -c '^coterm: warning: ' "$out/err")" -eq 3 ] || fail "expected 3 warnings: $(cat "$out/err")"
grep -q "^coterm: warning: .*P6" "$out/err" || fail "warning for P6"
grep -q "^coterm: warning: .*feature W: invalid geometry" "$out/err" || fail "warning for W"
# X, Y and Z; the five areas' 1000 + 2000 + 3000 + 4000 + 500 people
grep -q "^coterm pcn: 3 PCNs with footprints, 10500 people" "$out/err" || fail "summary line"
ogrinfo -so "$out/run/neighbourhoods.gpkg" neighbourhoods | grep -q "Feature Count: 2" ||
    fail "neighbourhoods.gpkg should hold 2 footprints"

# with registrations: validation.csv appears
"$coterm" pcn "${hand[@]}" --registrations "$cases/registrations.csv" \
    --reg-areas "$cases/reg_areas.geojson" --out "$out/reg" -q 2>/dev/null || fail "registrations run"
grep -q '^Y,PCN Y,8085,7670,' "$out/reg/validation.csv" || fail "validation.csv: $(cat "$out/reg/validation.csv")"
# the neighbourhood tier as the bottom tier of a coterm check configuration:
# with a2 in place PB, PCN X (a1, a2, a5) lies in two places
"$coterm" pcn "${hand[@]}" --places "$cases/places_split.csv" --out "$out/cfg" -q 2>/dev/null ||
    fail "pcn with places_split"
[ "$(head -1 "$out/cfg/config.csv")" = "block,system,place,neighbourhood" ] || fail "config header"
"$coterm" check "$out/cfg/config.csv" --blocks "$cases/areas.geojson" --pop "$cases/areas.geojson" \
    --pop-field pop --against "$cases/councils.geojson" --out "$out/chk" >/dev/null 2>"$out/err" ||
    fail "check on config.csv: $(cat "$out/err")"
/usr/bin/python3 - "$out/chk/findings.json" <<'PY' || fail "check findings"
import json, sys
f = json.load(open(sys.argv[1]))["findings"]
s = [x for x in f if x["type"] == "straddles_parent"]
assert len(s) == 1 and s[0]["tier"] == "neighbourhood" and s[0]["units"] == ["X"], s
assert [p["unit"] for p in s[0]["parents"]] == ["PB", "PA"], s
assert abs(s[0]["parents"][0]["population"] - 2000) < 1e-6, s
PY
echo ok
