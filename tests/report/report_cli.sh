#!/usr/bin/env bash
# coterm report: one board's pages, a configuration on real geography, the
# PDF, and bad input (exit status, message, no half-written report).
# Usage: report_cli.sh COTERM SOURCE_ROOT
set -u
COTERM=$1
root=$2
. "$root/tests/cli/lib.sh"
browser="$root/tests/report/browser.py"
expect_out() {
    checks=$((checks + 1))
    grep -qF -- "$1" "$work/out" || fail "stdout lacks '$1': $(head -c 300 "$work/out")"
}
json() { /usr/bin/python3 -c "import json,sys; d=json.load(open('$1')); print($2)"; }

# --system: one board's page only, a board pack; --pdf prints it (Chromium)
run report --system E54000026 --pdf --out "$work/one" -q
expect_rc 0
checks=$((checks + 1))
head -c 5 "$work/one/report.pdf" 2>/dev/null | grep -q '%PDF-' ||
  fail "no report.pdf (chromium is installed by scripts/setup.sh)"
checks=$((checks + 2))
[ -f "$work/one/systems/E54000026.html" ] || fail "no page for E54000026"
[ ! -e "$work/one/index.html" ] && [ "$(ls "$work/one/systems" | wc -l)" -eq 1 ] ||
  fail "--system wrote other pages: $(ls "$work/one" "$work/one/systems")"
checks=$((checks + 1))
[ "$(json "$work/one/report.json" "d['only']")" = E54000026 ] || fail "report.json only"
# by name, case-insensitively; the page to open is named; --pdf without
# Chromium: a clear warning, and the pages are written
run report --system "nhs frimley integrated care board" --pdf --chromium /nonexistent/chromium \
  --out "$work/byname"
expect_rc 0
expect_out "open $work/byname/systems/E54000034.html"
expect_err "no PDF: /nonexistent/chromium was not found"
checks=$((checks + 1))
[ -f "$work/byname/systems/E54000034.html" ] && [ ! -e "$work/byname/report.pdf" ] ||
  fail "--pdf without chromium"

# --config on real geography: the configuration's findings, its system page
gm="$root/data/examples/check_gm_boroughs/config.csv"
run report --config "$gm" --out "$work/gm" -q
expect_rc 0
run check "$gm" --against utla21 --against ltla21 --against sicbl22 --out "$work/gm_check" -q
expect_rc 0
checks=$((checks + 2))
want=$(json "$work/gm_check/findings.json" "len(d['findings'])")
got=$(json "$work/gm/report.json" "len([f for f in d['findings'] if f['source'] == 'check'])")
[ "$want" = "$got" ] || fail "config findings: report $got, check $want"
[ "$(json "$work/gm/report.json" "d['mode'] + ' ' + d['systems'][0]['page']")" = \
  "config systems/Greater_Manchester.html" ] || fail "config page name"
checks=$((checks + 1))
/usr/bin/python3 "$browser" "$work/gm/index.html" "$work/gm/systems/Greater_Manchester.html" \
  >"$work/browser.txt" || fail "browser: $(cat "$work/browser.txt")"

# bad input: exit 2, a message, nothing written (an old report stays as it was)
mkdir -p "$work/old" && echo keep >"$work/old/index.html"
run report --system NOPE --out "$work/old"
expect_rc 2
expect_err "unknown system 'NOPE'"
checks=$((checks + 1))
[ "$(cat "$work/old/index.html")" = keep ] && [ "$(ls "$work/old")" = index.html ] &&
  [ -z "$(ls -d "$work"/old.partial-* 2>/dev/null)" ] || fail "a failed report changed $work/old"
printf 'block,system,place\nE08000001,S,P\nNOTACODE,S,P\n' >"$work/bad.csv"
run report --config "$work/bad.csv" --out "$work/bad"
expect_rc 2
expect_err "unknown block code 'NOTACODE'"
checks=$((checks + 1))
[ ! -e "$work/bad" ] || fail "a failed report left $work/bad"
printf 'block,system\nE08000001,S\nE08000001,T\n' >"$work/twice.csv"
run report --config "$work/twice.csv" --out "$work/twice"
expect_rc 2
checks=$((checks + 1))
[ ! -e "$work/twice" ] || fail "a failed report left $work/twice"
run report --config nosuch.csv --out "$work/nosuch"
expect_rc 2
run report --config "$gm" --tier system=icb22 --out "$work/x"
expect_rc 1
expect_err "not both"
run report --tolerance 0.7 --out "$work/x"
expect_rc 1
run report extra --out "$work/x"
expect_rc 1
run report --bogus
expect_rc 1

finish
