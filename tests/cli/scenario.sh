#!/usr/bin/env bash
# coterm compare and whatif end to end on the hand-made grid (tests/cases/check
# and tests/cases/scenario): files, columns, the printed table, exit status
# and messages for bad input.
# usage: scenario.sh COTERM CASES_DIR
COTERM=$1
C=$(cd "$2/check" && pwd)
S=$(cd "$2/scenario" && pwd)
. "$(dirname "$0")/lib.sh"
GRID=(--blocks "$C/blocks.geojson" --against "$C/councils.geojson" --pop "$C/pop.geojson"
      --pop-field people --band system=0:10000 --band place=0:10000)

# compare: B2 moved from P2 to P1 (200 people), one council split introduced
run compare "$C/aligned.csv" "$C/split.csv" "${GRID[@]}" --out "$work/cmp"
expect_rc 0
expect_lines "$work/out" '^    P2 -> P1: 1 block, 200 people$' 1
expect_lines "$work/out" '^findings: 0 resolved, 3 introduced, 1 kept$' 1
expect_lines "$work/out" '^  introduced warning council_split: ' 1
for f in compare.json moves.csv findings_diff.csv units_diff.csv scorecard.csv; do
  checks=$((checks + 1)); [ -s "$work/cmp/$f" ] || fail "missing $f"
done
expect_lines "$work/cmp/moves.csv" '^block,block_name,tier,from,to,pop$' 1
expect_lines "$work/cmp/moves.csv" '^B2,Block 2,place,P2,P1,200$' 1
expect_lines "$work/cmp/findings_diff.csv" '^change,severity,type,tier,units,unit_names,against,against_units,against_names,population,message$' 1
expect_lines "$work/cmp/findings_diff.csv" '^introduced,' 3
expect_lines "$work/cmp/compare.json" '^  "version": 1,$' 1

# a configuration compared with itself: no change
run compare "$C/split.csv" "$C/split.csv" "${GRID[@]}"
expect_rc 0
expect_lines "$work/out" '^no change$' 1
expect_lines "$work/out" '^findings: 0 resolved, 0 introduced, 4 kept$' 1

# polygon layers, one tier each, matched by position
run compare "$C/councils.geojson" "$C/boards.geojson" --blocks "$C/blocks.geojson" \
  --against "$C/councils.geojson" --pop "$C/pop.geojson" --pop-field people
expect_rc 0
expect_lines "$work/out" '^tier councils \(councils -> boards\): 3 -> 2 units: 0 same, 1 renamed, 1 changed, 1 merged' 1

# whatif: the same move without editing files; --out writes the moved configuration
run whatif "$C/aligned.csv" --move B2=place:P1 "${GRID[@]}" --out "$work/wi" -q
expect_rc 0
expect_empty "$work/out"
expect_same "$work/wi/config.csv" "$C/split.csv"
expect_lines "$work/wi/moves.csv" '^B2,Block 2,place,P2,P1,200$' 1

# bad input: exit 1 for usage (a malformed move, an unknown tier), 2 for data
run whatif "$C/aligned.csv" "${GRID[@]}"; expect_rc 1; expect_err "expected at least one --move"
run whatif "$C/aligned.csv" --move B2place "${GRID[@]}"; expect_rc 1
expect_err "coterm: error: move 'B2place': expected BLOCK=TIER:UNIT"
run whatif "$C/aligned.csv" --move B2=ward:P1 "${GRID[@]}"; expect_rc 1
expect_err "has no tier 'ward' (tiers: system, place)"
run whatif "$C/aligned.csv" --move B99=place:P1 "${GRID[@]}"; expect_rc 2
expect_err "lists no block 'B99'"
run whatif "$C/aligned.csv" --move B2=place:P9 "${GRID[@]}"; expect_rc 2
expect_err "tier 'place' has no unit 'P9' (units: P1, P2, P3)"
run compare "$C/aligned.csv" "${GRID[@]}"; expect_rc 1
expect_err "expected two configurations BASE and PROPOSED"
run compare "$C/aligned.csv" "$S/councils_as_blocks.csv" "${GRID[@]}"; expect_rc 2
expect_err "councils_as_blocks.csv: line 2: unknown block code 'C1'"
run compare "$C/aligned.csv" "$C/split.csv" "${GRID[@]}" --band ward=1:2; expect_rc 1
expect_err "BAND_ward=1:2 names no tier"
run compare --help; expect_rc 0; expect_lines "$work/out" '^usage: coterm compare' 1

# suggest: B2 back to P2 mends C2 (docs/scenario.md)
run suggest "$C/split.csv" --tier place "${GRID[@]}" --out "$work/sg"
expect_rc 0
expect_lines "$work/out" '^  before  1 councils split, population fit 0.9556$' 1
expect_lines "$work/out" '^  after   0 councils split, population fit 1.0000$' 1
expect_lines "$work/out" '^   1\. P1 -> P2: 1 block, 200 people of Middle \(C2\); 1 council no longer split' 1
for f in moves.csv suggestions.csv config.csv suggest.json; do
  checks=$((checks + 1)); [ -s "$work/sg/$f" ] || fail "missing $f"
done
expect_lines "$work/sg/moves.csv" '^B2,Block 2,place,P1,P2,200$' 1
expect_same "$work/sg/config.csv" "$C/aligned.csv"
# the improved configuration checks with no council split
run check "$work/sg/config.csv" "${GRID[@]}" -q --out "$work/sgcheck"
expect_rc 0
expect_lines "$work/sgcheck/findings.csv" ',council_split,' 0
# --keep-band and --max-moves reach the library
run suggest "$S/bridge.csv" --tier place "${GRID[@]/place=0:10000/place=1300:3000}" --keep-band \
  --out "$work/sgb" -q
expect_rc 0
expect_lines "$work/sgb/moves.csv" ',place,P2,P1,' 2
run suggest "$S/cutvertex.csv" --tier place "${GRID[@]}" --max-moves 1 --out "$work/sgm" -q
expect_rc 0
expect_lines "$work/sgm/suggestions.csv" '^1,P1,P2,' 1
expect_lines "$work/sgm/suggest.json" '"stopped": "max_moves"' 1
# usage errors: exit 1; an unknown tier is a usage error too
run suggest "$C/split.csv" "${GRID[@]}" --out "$work/x"; expect_rc 1; expect_err "expected --tier TIER"
run suggest "$C/split.csv" --tier place "${GRID[@]}"; expect_rc 1; expect_err "expected --out DIR"
run suggest "$C/split.csv" --tier place "${GRID[@]}" --against "$C/boards.geojson" --out "$work/x"
expect_rc 1; expect_err "expected one --against LAYER"
run suggest "$C/split.csv" --tier ward "${GRID[@]}" --out "$work/x"; expect_rc 1
expect_err "has no tier 'ward' (tiers: system, place)"
run suggest "$C/split.csv" --tier place "${GRID[@]}" --max-moves two --out "$work/x"; expect_rc 1
finish
