#!/usr/bin/env bash
# The CLI on the embedded data: coterm layers, and the main job (fit of CCGs
# against lower-tier councils) conserving England's 56,550,138 people.
# usage: test_england.sh COTERM   (COTERM_DATA from the test environment)
COTERM=$1
. "$(dirname "$0")/lib.sh"

run layers --csv
expect_rc 0
expect_lines "$work/out" '^name,kind,features,id_field,name_field,source,description$' 1
expect_lines "$work/out" '^ccg21,polygon,106,ccg21_code,ccg21_name,' 1
expect_lines "$work/out" '^stp21,polygon,42,' 1
expect_lines "$work/out" '^utla21,polygon,152,' 1
expect_lines "$work/out" '^ltla21,polygon,309,ltla21_code,' 1
expect_lines "$work/out" '^lsoa11,polygon,32844,' 1
run layers
expect_rc 0
expect_lines "$work/out" '^ccg21 +polygon +106 +ccg21_code ' 1
expect_lines "$work/out" "^data: $COTERM_DATA\$" 1

run fit ccg21 ltla21 --out "$work/fit"
expect_rc 0
expect_lines "$work/err" '^coterm fit: 106 x 309 units, [0-9]+ pairs; coterminous: ' 1
expect_lines "$work/err" '^coterm: warning: ' 0
expect_lines "$work/fit/a_units.csv" '' 107
expect_lines "$work/fit/b_units.csv" '' 310
# Bolton CCG and Bolton: coterminous, 288,248 people
expect_lines "$work/fit/a_units.csv" '^E38000016,NHS Bolton CCG,[0-9.]+,288248,coterminous,E08000001,' 1
checks=$((checks + 1))
/usr/bin/python3 - "$work/fit/summary.json" <<'PY' || fail "summary.json population"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["population"]
assert p["total"] == p["in_a"] == p["in_b"] == p["in_both"] == 56550138, p
assert d["method"] == "auto" and d["crs"] == "EPSG:27700"
PY

finish
