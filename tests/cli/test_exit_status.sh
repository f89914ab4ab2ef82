#!/usr/bin/env bash
# Exit status (0 ran, 1 usage, 2 bad input) and the one-line error naming
# file, layer and feature, for every usage error and bad input.
# usage: test_exit_status.sh COTERM CASES_DIR
COTERM=$1
C=$(cd "$2/fit" && pwd)
. "$(dirname "$0")/lib.sh"
A=$C/a.geojson
B=$C/b.geojson
POP=(--pop "$C/pop.geojson" --pop-field pop)

# ---- usage errors: exit 1, a message, nothing on stdout
run; expect_rc 1; expect_err "usage: coterm COMMAND"
run frobnicate; expect_rc 1; expect_err "unknown command 'frobnicate'"
run fit "$A"; expect_rc 1; expect_err "expected two layers A and B"
run fit "$A" "$B" "$B"; expect_rc 1; expect_err "expected two layers A and B"
run fit --frobnicate "$A" "$B"; expect_rc 1; expect_err "see 'coterm fit --help'"
run fit "$A" "$B" --out; expect_rc 1
run bestfit "$A"; expect_rc 1; expect_err "expected two layers SMALL and BIG"
run layers --frobnicate; expect_rc 1
# every command: one line of coterm's naming the option (not getopt's as well)
for cmd in fit bestfit check flows compare whatif suggest pcn report; do
    run $cmd --frobnicate; expect_rc 1
    expect_err "coterm $cmd: unknown option --frobnicate (see 'coterm $cmd --help')"
    expect_lines "$work/err" '' 1
    run $cmd --out; expect_rc 1
    expect_err "coterm $cmd: option --out needs a value"
    expect_lines "$work/err" '' 1
done
run fit "$A" "$B" --no-pop --method nearest; expect_rc 1
expect_err "coterm: error: unknown method 'nearest' (auto, bestfit or areal)"
run fit "$A" "$B" --no-pop --tolerance 0.7; expect_rc 1
expect_err "option TOLERANCE=0.7: expected a number from 0 to 0.49"
run fit "$A" "$B" --no-pop --tolerance abc; expect_rc 1
run fit "$A" "$B" --pop "$C/pop.geojson"; expect_rc 1; expect_err "needs POP_FIELD (--pop-field)"
expect_empty "$work/out"

# ---- help: exit 0 on stdout
run --help; expect_rc 0; expect_empty "$work/err"
run fit --help; expect_rc 0; expect_lines "$work/out" '--assume-crs' 1
run bestfit --help; expect_rc 0
run version; expect_rc 0; expect_lines "$work/out" '^coterm [0-9]+\.[0-9]+\.[0-9]+$' 1

# ---- bad input: exit 2, exactly one "coterm: error:" line, empty stdout
# bad SPEC_AS_A MESSAGE [extra args]
bad() {
    local spec=$1 msg=$2
    shift 2
    run fit "$spec" "$B" --no-pop "$@"
    expect_rc 2
    expect_err "coterm: error: $msg"
    expect_lines "$work/err" '^coterm: error: ' 1
    expect_lines "$work/err" '' 1
    expect_empty "$work/out"
}
bad "$C/nocrs.csv" "$C/nocrs.csv:nocrs: no CRS; give one with --assume-crs EPSG:N"
bad "$C/wgs84_default.geojson" "$C/wgs84_default.geojson:wgs84_default: its CRS is geographic (longitude/latitude) but its coordinates are not"
bad "$C/null_geom.geojson" "$C/null_geom.geojson:null_geom: feature N2 has no geometry"
bad "$C/empty_geom.geojson" "$C/empty_geom.geojson:empty_geom: feature E2 has an empty geometry"
bad "$C/line.geojson" "$C/line.geojson:line: feature L1: not a polygon"
bad "$C/collapsed.geojson" "$C/collapsed.geojson:collapsed: feature Z1: invalid geometry"
bad "$C/dup_ids.geojson" "$C/dup_ids.geojson:dup_ids: duplicate id 'D1' in field code (use --dissolve to merge)"
bad "$C/two_ids.geojson" "$C/two_ids.geojson:two_ids: more than one candidate id field"
bad "$C/no_id.geojson" "$C/no_id.geojson:no_id: no id field"
bad "$C/null_id.geojson" "$C/null_id.geojson:null_id: feature 1 has no code"
bad "$C/empty.geojson" "$C/empty.geojson:empty: layer is empty"
bad "$C/garbage.geojson" "$C/garbage.geojson: cannot read as a vector source"
bad "$C/missing.geojson" "$C/missing.geojson: no such file"
bad ccg99 "'ccg99' is neither a file nor a built-in layer (see 'coterm layers')"
bad "$A:nolayer" "$A: no layer 'nolayer' (layers: a)"
bad "$A" "$A:a: no id field 'nope' (fields: code, name)" --a-id nope
bad "$A" "$B:b: no id field 'code' (fields: b_code, b_name)" --b-id code
bad "$C/bowtie.geojson" "$C/bowtie.geojson:bowtie: feature BOW: invalid geometry (Self-intersection); --strict forbids repair" --strict
bad "$A" "measuring CRS EPSG:4326 is not projected" --crs EPSG:4326
bad "$C/nocrs.csv" "unknown CRS 'EPSG:nope'" --assume-crs EPSG:nope

# B is named in errors too
run fit "$A" "$C/null_geom.geojson" --no-pop; expect_rc 2
expect_err "null_geom.geojson:null_geom: feature N2 has no geometry"

# bad population layer
run fit "$A" "$B" --pop "$C/bad_pop.geojson" --pop-field pop; expect_rc 2
expect_err "bad_pop.geojson:bad_pop: area Q2: population 'many' is not a number >= 0"
run fit "$A" "$B" --pop "$C/pop.geojson" --pop-field people; expect_rc 2
expect_err "pop.geojson:pop: no requested field 'people'"

# an output directory that cannot be made
run fit "$A" "$B" --no-pop --out /dev/null/out; expect_rc 2
expect_err "/dev/null/out: cannot create directory"
run bestfit "$A" "$B" --no-pop --out /dev/null/x.csv; expect_rc 2

finish
