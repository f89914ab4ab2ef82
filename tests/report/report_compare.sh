#!/usr/bin/env bash
# coterm report --config CONFIG --compare BASE: the comparison of coterm
# compare in report.json and on the index page (docs/report.md).
# The Greater Manchester example (blocks ltla21) against the same with Bury
# in the Bolton place (tests/cases/scenario/gm_bolton_bury.csv). Bury's
# people, 190,708, are the sum of its LSOAs' in the ONS tables (pandas:
# lookup_lsoa11_msoa11_ltla21_utla21.csv joined with population20_lsoa11.csv);
# Bolton's are 288,248, so the base's Bolton place holds 478,956, matches no
# council (a no_statutory_match resolved), and the new Bury place is below
# the place band of 250,000 (a population_out_of_band introduced).
# Usage: report_compare.sh COTERM SOURCE_ROOT
set -u
COTERM=$1
root=$2
. "$root/tests/cli/lib.sh"
json() { # FILE EXPR: EXPR of the document d (c: its comparison)
    /usr/bin/python3 -c "import json; d=json.load(open('$1')); c=d.get('comparison'); print($2)"
}
expect_json() { # FILE EXPR WANT
    checks=$((checks + 1))
    local got
    got=$(json "$1" "$2")
    [ "$got" = "$3" ] || fail "$(basename "$1"): $2 = $got, want $3"
}
gm="$root/data/examples/check_gm_boroughs/config.csv"
base="$root/tests/cases/scenario/gm_bolton_bury.csv"

run report --config "$gm" --compare "$base" --out "$work/r" -q
expect_rc 0
r="$work/r/report.json"
expect_json "$r" "c['version']" 1
expect_json "$r" "[t['tier'] for t in c['tiers']]" "['system', 'place']"
expect_json "$r" "[c['tiers'][1]['units'][k] for k in ('same', 'changed', 'created')]" \
  "[8, 1, 1]"
expect_json "$r" \
  "[(m['from'], m['to'], m['blocks'], m['population']) for m in c['tiers'][1]['moves']]" \
  "[('Bolton', 'Bury', 1, 190708.0)]"
expect_json "$r" "[(f['type'], f['units']) for f in c['resolved']]" \
  "[('no_statutory_match', ['Bolton'])]"
expect_json "$r" "[(f['type'], f['units']) for f in c['introduced']]" \
  "[('population_out_of_band', ['Bury'])]"
checks=$((checks + 1))
grep -q '<h2 id="compare">Compared with ' "$work/r/index.html" ||
  fail "index.html has no comparison"
checks=$((checks + 1))
grep -q '<td>Bolton</td><td class="text">Bury</td><td[^>]*>1</td><td[^>]*>190,708</td>' \
  "$work/r/index.html" || fail "index.html lacks the move"

# the same comparison as coterm compare's (the command report.json names;
# report.json keeps 12 significant digits, compare.json 17)
run compare "$base" "$gm" --against utla21 --against ltla21 --against sicbl22 --out "$work/c" -q
expect_rc 0
checks=$((checks + 1))
/usr/bin/python3 - "$work/c/compare.json" "$r" <<'PY' ||
  fail "report.json's comparison differs from compare.json"
import json, math, sys
def same(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, float) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-12)
    return a == b
c, r = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
sys.exit(0 if same(c, r["comparison"]) else 1)
PY
expect_json "$r" "d['commands']['compare'].startswith('coterm compare ')" True

# the page loads in headless Chromium without errors
checks=$((checks + 1))
/usr/bin/python3 "$root/tests/report/browser.py" "$work/r/index.html" >"$work/browser.txt" ||
  fail "browser: $(cat "$work/browser.txt")"

# COMPARE needs CONFIG: a usage error
run report --compare "$base" --out "$work/x"
expect_rc 1
expect_err "COMPARE compares a CONFIG with a base configuration"
finish
