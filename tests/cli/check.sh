#!/usr/bin/env bash
# coterm check end to end: the Greater Manchester example, polygon tiers,
# exit codes and messages for bad input.
# Usage: check.sh COTERM SOURCE_ROOT (its time limit is in bench/limits.sh)
set -euo pipefail
coterm=$1
root=$2
cases=$root/tests/cases/check
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# run "$@" expecting exit status $1 (shifted off); stderr into $out/err
expect_rc() {
  local want=$1 rc
  shift
  set +e
  "$@" 2>"$out/err"
  rc=$?
  set -e
  [ "$rc" -eq "$want" ] || fail "$* exited $rc, want $want: $(cat "$out/err")"
}

# the GM example exits 0 with findings and writes every output. Its findings
# (docs/check.md), against the default utla21, ltla21 and sicbl22: the system
# is no unit of them but cuts none (each of the ten boroughs is exactly one
# sub-ICB location in the ONS lookup of July 2022, counted with pandas; Glossop
# had moved to Derbyshire's): one no_statutory_match (info); and one
# population_out_of_band (info) per borough outside 250,000-500,000 people,
# counted with pandas from the ONS tables (tests/python/oracle/check.py)
gm=$root/data/examples/check_gm_boroughs/config.csv
"$coterm" check "$gm" --out "$out/gm" >"$out/gm.txt"
band=$(PYTHONPATH=$root/tests/python COTERM_DATA=$root/data/england /usr/bin/python3 -c \
  "import sys; from oracle import check; print(len(check.out_of_band(sys.argv[1])))" "$gm")
[ "$band" -eq 6 ] || fail "the oracle counts $band GM boroughs outside the place band"
grep -q "findings: 0 errors, 0 warnings, $((1 + band)) info" "$out/gm.txt" || fail "summary: $(cat "$out/gm.txt")"
grep -q "place          in sicbl22         10 of  10 coterminous" "$out/gm.txt" || fail "sicbl22 line"
grep -q "place          in ltla21          10 of  10 coterminous" "$out/gm.txt" || fail "nesting line"
for f in findings.json findings.csv units.csv nesting.csv tiers.gpkg summary.json; do
  [ -s "$out/gm/$f" ] || fail "missing $f"
done
[ "$(grep -c '"type":' "$out/gm/findings.json")" -eq $((1 + band)) ] || fail "findings.json count"
grep -q '"version": 2' "$out/gm/findings.json" || fail "findings version"
head -1 "$out/gm/findings.csv" | grep -q '^severity,type,tier,units,unit_names,against,against_units,against_names,population,message$' \
  || fail "findings.csv header: $(head -1 "$out/gm/findings.csv")"
head -1 "$out/gm/units.csv" | grep -q '^tier,unit,name,parent,parent_share,n_parents,pop,area_m2,n_blocks,utla21_best,' \
  || fail "units.csv header: $(head -1 "$out/gm/units.csv")"
head -1 "$out/gm/nesting.csv" | grep -q '^tier,layer,kind,units,coterminous,nested,contains,straddling,unmatched,pop_fit' \
  || fail "nesting.csv header"
[ "$(wc -l <"$out/gm/units.csv")" -eq 12 ] || fail "units.csv rows"
if command -v ogrinfo >/dev/null; then
  layers=$(ogrinfo -q "$out/gm/tiers.gpkg" | tr -d '\n')
  echo "$layers" | grep -q "1: system (Multi Polygon)" || fail "tiers.gpkg: $layers"
  echo "$layers" | grep -q "2: place (Multi Polygon)" || fail "tiers.gpkg: $layers"
  ogrinfo -q -sql "SELECT COUNT(*) AS n FROM place" "$out/gm/tiers.gpkg" | grep -q "n (Integer) = 10" \
    || fail "tiers.gpkg place rows"
fi

# tiers.gpkg read back as polygon tiers (ids from 'unit', names from 'name'):
# the same units and findings (round trip)
"$coterm" check --tier system="$out/gm/tiers.gpkg:system" --tier place="$out/gm/tiers.gpkg:place" \
  --tier-id place=unit --tier-name place=name --out "$out/back" -q
diff <(cut -d, -f1-3 "$out/gm/units.csv") <(cut -d, -f1-3 "$out/back/units.csv") >/dev/null \
  || fail "round trip units: $(diff <(cut -d, -f1-3 "$out/gm/units.csv") <(cut -d, -f1-3 "$out/back/units.csv"))"
diff <(cut -d, -f1-7 "$out/gm/findings.csv") <(cut -d, -f1-7 "$out/back/findings.csv") >/dev/null \
  || fail "round trip findings"

# --blocks-id applies to the default block layer (ltla21)
expect_rc 2 "$coterm" check "$root/data/examples/check_gm_boroughs/config.csv" --blocks-id no_such_field -q
grep -q "no_such_field" "$out/err" || fail "--blocks-id ignored: $(cat "$out/err")"
"$coterm" check "$root/data/examples/check_gm_boroughs/config.csv" --blocks-id ltla21_code -q

# columns that are not tiers: an error naming the column and --ignore; then ignored
expect_rc 2 "$coterm" check "$cases/extra_columns.csv" --blocks "$cases/blocks.geojson" --no-pop -q
grep -q "column 'population' is not a tier .*--ignore 'population'" "$out/err" || fail "$(cat "$out/err")"
"$coterm" check "$cases/extra_columns.csv" --blocks "$cases/blocks.geojson" --no-pop -q \
  --ignore population --ignore notes --out "$out/extra"
grep -q "^place,P2,Middle place," "$out/extra/units.csv" || fail "place_name"

# Windows-1252 text is converted (one warning), never written as invalid UTF-8
"$coterm" check "$cases/cp1252.csv" --blocks "$cases/blocks.geojson" --no-pop -q --out "$out/cp" 2>"$out/cp.err"
grep -q "cp1252.csv is not UTF-8" "$out/cp.err" || fail "cp1252 warning"
iconv -f UTF-8 -t UTF-8 "$out/cp/units.csv" >/dev/null || fail "units.csv is not UTF-8"
grep -q "Ynys Môn – west" "$out/cp/units.csv" || fail "cp1252 name"

# polygon tiers, bands and a custom population base
"$coterm" check --tier system="$cases/tier_system.geojson" --tier place="$cases/tier_overlap.geojson" \
  --against "$cases/councils.geojson" --pop "$cases/pop.geojson" --pop-field people \
  --band system=0:10000 --band place=0:10000 --out "$out/poly" >"$out/poly.txt"
grep -q "error   coverage_overlap: place units 'P1' and 'P2' overlap: 1.50 km2 with 750 people" "$out/poly.txt" \
  || fail "overlap: $(cat "$out/poly.txt")"

# a repeated row is a warning on stderr, not an error
"$coterm" check "$cases/repeat.csv" --blocks "$cases/blocks.geojson" --against "$cases/councils.geojson" \
  --pop "$cases/pop.geojson" --pop-field people -q 2>"$out/repeat.err"
grep -q "^coterm: warning: .*block B4 is listed twice" "$out/repeat.err" || fail "repeat warning"

# bad input: exit 2 with the library's message
expect_rc 2 "$coterm" check "$cases/bad_unknown.csv" --blocks "$cases/blocks.geojson" --no-pop -q
grep -q "^coterm: error: .*line 3: unknown block code 'B10'" "$out/err" || fail "message: $(cat "$out/err")"
expect_rc 1 "$coterm" check "$cases/aligned.csv" --blocks "$cases/blocks.geojson" --no-pop --band plac=1:2 -q

# --out without a value: one message
expect_rc 1 "$coterm" check "$cases/aligned.csv" --out
[ "$(wc -l <"$out/err")" -eq 1 ] || fail "--out without a value: $(cat "$out/err")"
grep -q "option --out needs a value" "$out/err" || fail "$(cat "$out/err")"

# usage errors: exit 1
for args in "" "--band place" "--tier place" "a.csv b.csv" "a.csv --tier x=y" "a.csv --a-id x" \
  "--tier p=x.gpkg --tier-id q=unit" "--tier p=x.gpkg --ignore c"; do
  set +e
  # shellcheck disable=SC2086
  "$coterm" check $args >/dev/null 2>&1
  rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "usage '$args': exit $rc"
done
"$coterm" check --help | grep -q "usage: coterm check CONFIG" || fail "help"
echo "ok"
