#!/usr/bin/env bash
# coterm fit on the hand-made case: pairs.csv, a_units.csv, b_units.csv
# against tests/cli/golden/ (whose numbers test_fit_cases.c derives by
# hand), summary.json's keys, and the one-line report.
# usage: test_golden.sh COTERM CASES_DIR GOLDEN_DIR   (UPDATE_GOLDEN=1 rewrites)
COTERM=$1
C=$(cd "$2/fit" && pwd)
G=$3
. "$(dirname "$0")/lib.sh"

run fit "$C/a.geojson" "$C/b.geojson" --pop "$C/pop.geojson" --pop-field pop --out "$work/fit"
expect_rc 0
expect_empty "$work/out"
expect_lines "$work/err" '' 1
expect_err "coterm fit: 5 x 7 units, 8 pairs; coterminous: 1 of A, 1 of B; population fit A in B 0.5532, B in A 0.7832; wrote $work/fit"
for f in pairs a_units b_units; do
    expect_same "$work/fit/$f.csv" "$G/$f.csv"
done
checks=$((checks + 1))
ls "$work/fit" | sort | tr '\n' ' ' | grep -qx 'a_units.csv b_units.csv pairs.csv summary.json ' ||
    fail "files written: $(ls "$work/fit" | tr '\n' ' ')"

# summary.json: the keys the issue names
checks=$((checks + 1))
/usr/bin/python3 - "$work/fit/summary.json" <<'PY' || fail "summary.json"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1
for k in ("inputs", "crs", "method", "tolerance", "population", "repairs", "classes", "indices"):
    assert k in d, k
assert d["crs"] == "EPSG:27700" and d["method"] == "auto" and d["tolerance"] == 0.01
p = d["population"]
assert (p["total"], p["in_both"], p["in_a_not_b"], p["in_b_not_a"], p["outside_both"]) == \
    (15100, 13600, 500, 700, 300), p
i = d["indices"]
assert abs(i["pop_fit_a_in_b"] - 7800 / 14100) < 1e-9 and abs(i["pop_fit_b_in_a"] - 11200 / 14300) < 1e-9
assert abs(i["share_units_coterminous"] - 2 / 12) < 1e-9
assert d["classes"]["a"] == {"coterminous": 1, "nested": 0, "contains": 1, "straddles": 2, "unmatched": 1}
assert d["classes"]["b"] == {"coterminous": 1, "nested": 4, "contains": 0, "straddles": 1, "unmatched": 1}
PY

# the same run again replaces the files identically
run fit "$C/a.geojson" "$C/b.geojson" --pop "$C/pop.geojson" --pop-field pop --out "$work/fit" -q
expect_rc 0
expect_empty "$work/err"
expect_same "$work/fit/pairs.csv" "$G/pairs.csv"

finish
