#!/usr/bin/env bash
# coterm flows on the hand-made world (tests/cases/flows, docs/flows.md):
# output files and columns, the worked example's numbers, exit codes and
# warning lines.
set -euo pipefail
coterm=$1
cases=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
W=(--origins "$cases/origins.geojson" --systems "$cases/systems.geojson"
   --pop "$cases/areas.geojson" --pop-field pop
   --councils "$cases/councils.geojson" --commissioners none)
n=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { n=$((n + 1)); }
# value of column $3 in the row of $2 (first column) of CSV $1, via python's csv
cell() { /usr/bin/python3 - "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(next(r[sys.argv[3]] for r in rows if list(r.values())[0] == sys.argv[2]))
PY
}
near() { /usr/bin/python3 -c "import sys; sys.exit(abs(float('$1') - $2) > 1e-6)" || fail "$3: $1, expected $2"; }

"$coterm" flows --out "$out/a" --flows "$cases/flows_exact.csv" "${W[@]}" \
  --providers "$cases/providers.csv" --places "$cases/places.csv" -q
for f in providers.csv systems.csv flows.csv origins.csv places.csv catchments.gpkg \
         findings.json summary.json; do
  test -s "$out/a/$f" || fail "missing $f"
done; ok
head -1 "$out/a/providers.csv" | grep -q '^provider_id,provider_name,patients,home_system,home_share,n_systems,systems,n_places,li' \
  || fail "providers.csv columns"; ok
head -1 "$out/a/systems.csv" | grep -q '^system_id,system_name,pop,containment,n_providers,intensity' \
  || fail "systems.csv columns"; ok
head -1 "$out/a/flows.csv" | grep -q '^provider_id,provider_name,system_id,system_name,patients,provider_share,system_share' \
  || fail "flows.csv columns"; ok
near "$(cell "$out/a/providers.csv" B patients)" 5000 "B patients"; ok
near "$(cell "$out/a/providers.csv" B home_share)" 0.72 "B home_share"; ok
test "$(cell "$out/a/providers.csv" B systems)" = "S2:0.7200;S1:0.2800" || fail "B systems"; ok
near "$(cell "$out/a/providers.csv" C li)" 0.82 "C li"; ok
near "$(cell "$out/a/systems.csv" S1 containment)" 0.5714285714 "S1 containment"; ok
test "$(cell "$out/a/systems.csv" S1 intensity)" = 5 || fail "S1 intensity"; ok
test "$(grep -c '"type": "multi_system_member"' "$out/a/findings.json")" = 2 || fail "findings"; ok
grep -q '"version": 2' "$out/a/findings.json" || fail "findings version"; ok

# a higher threshold: C's 10% from S1 no longer counts
"$coterm" flows --out "$out/b" --flows "$cases/flows_exact.csv" "${W[@]}" --threshold 0.2 -q
test "$(cell "$out/b/providers.csv" C n_systems)" = 1 || fail "threshold"; ok

# without --out: providers.csv on standard output
"$coterm" flows --flows "$cases/flows_patients.csv" "${W[@]}" >"$out/stdout.csv"
head -1 "$out/stdout.csv" | grep -q '^provider_id,' || fail "stdout"; ok

# one warning line per diagnostic
"$coterm" flows --out "$out/c" --flows "$cases/flows_inconsistent.csv" "${W[@]}" -q 2>"$out/err"
grep -q '^coterm: warning: .*1 providers get no patients' "$out/err" || fail "warning line"; ok

# places from a check configuration of MSOA blocks (Kent and Medway's four
# partnerships): each place's people are its MSOAs' ONS mid-2020 people, the
# figures test_check_examples asserts (e.g. East Kent 671,072)
examples=$(dirname "$cases")/../../data/examples
"$coterm" flows --out "$out/k" --places "$examples/check_kent_msoa/config.csv" -q 2>/dev/null
test "$(cell "$out/k/places.csv" "East Kent" pop)" = 671072 || fail "MSOA places"; ok
test "$(cell "$out/k/places.csv" "Medway and Swale" pop)" = 430157 || fail "MSOA places"; ok

# exit codes: 1 usage, 2 bad input
set +e
"$coterm" flows --frobnicate 2>/dev/null; rc=$?
test $rc = 1 || fail "unknown option exit $rc"; ok
"$coterm" flows --no-pop 2>/dev/null; rc=$?
test $rc = 1 || fail "--no-pop exit $rc"; ok
"$coterm" flows --out "$out/d" --threshold lots "${W[@]}" --flows "$cases/flows_exact.csv" 2>/dev/null; rc=$?
test $rc = 1 || fail "bad threshold exit $rc"; ok
"$coterm" flows --out "$out/e" --flows "$cases/bad/negative.csv" "${W[@]}" 2>"$out/err"; rc=$?
test $rc = 2 || fail "bad input exit $rc"; ok
grep -q '^coterm: error: .*negative.csv: row 2: share -0.5 is negative' "$out/err" || fail "error message"; ok
"$coterm" flows --out "$out/f" --flows "$cases/flows_exact.csv" "${W[@]}" \
  --places "$cases/bad/places_twice.csv" 2>/dev/null; rc=$?
test $rc = 2 || fail "bad places exit $rc"; ok
set -e
echo "cli flows: $n passed, 0 failed"
