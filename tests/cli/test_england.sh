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

# Ids are not membership: CCGs of April 2021 relabelled with the codes the
# six changed CCGs got as sub-ICB locations in July 2022 (names from
# lookup_lsoa11_sicbl22_icb22.csv), so that every id is a sicbl22 code. The
# sicbl22 lookup puts Glossop in Derby and Derbyshire (E38000261); the
# geometry (2021) puts its 21 LSOAs, 33,604 people, in Tameside and Glossop,
# now labelled E38000263. The geometry must win: High Peak stays split
# 33,604 / 59,029 (the official 2021 figures, tests/adapt/test_england.c).
checks=$((checks + 1))
ogr2ogr -q -f GPKG "$work/ccg22codes.gpkg" "$COTERM_DATA/boundaries.gpkg" -nln ccg -dialect SQLite \
  -sql "SELECT CASE ccg21_code WHEN 'E38000220' THEN 'E38000258' WHEN 'E38000250' THEN 'E38000259'
          WHEN 'E38000026' THEN 'E38000260' WHEN 'E38000229' THEN 'E38000261'
          WHEN 'E38000242' THEN 'E38000262' WHEN 'E38000182' THEN 'E38000263'
          ELSE ccg21_code END AS code, ccg21_name AS name, geom FROM ccg21" \
  || fail "ogr2ogr relabelled CCGs"
run fit "$work/ccg22codes.gpkg" ltla21 --out "$work/relabel"
expect_rc 0
expect_lines "$work/err" '^coterm: warning: .*ccg22codes.gpkg:ccg: its ids are sicbl22 codes, but its geometry contradicts the sicbl22 lookup' 1
expect_lines "$work/relabel/pairs.csv" '^E38000263,NHS Tameside and Glossop CCG,E07000037,High Peak,[0-9.e+-]+,[0-9.e+-]+,[0-9.e+-]+,33604,' 1
expect_lines "$work/relabel/pairs.csv" '^E38000261,NHS Derby and Derbyshire CCG,E07000037,High Peak,[0-9.e+-]+,[0-9.e+-]+,[0-9.e+-]+,59029,' 1
checks=$((checks + 1))
/usr/bin/python3 - "$work/relabel/summary.json" <<'PY' || fail "summary.json says why the lookup was not used"
import json, sys
a = json.load(open(sys.argv[1]))["assignment"]["a"]
assert a["how"] == "centroid+nesting", a["how"]
assert a["lookup"]["level"] == "sicbl22" and a["lookup"]["used"] is False, a["lookup"]
assert a["lookup"]["areas_contradicting"] > 0, a["lookup"]
assert "contradicts the sicbl22 lookup" in a["why"], a["why"]
PY

finish
