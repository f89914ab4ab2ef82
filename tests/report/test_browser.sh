#!/usr/bin/env bash
# The browser check itself (tests/report/browser.py): a good page passes; a
# page with a console error, an uncaught exception, a network request, no
# map and an empty table fails, naming each.
set -u
dir=$(cd "$(dirname "$0")" && pwd)
out=$(/usr/bin/python3 "$dir/browser.py" "$dir/pages/good.html")
rc=$?
fails=0
[ $rc -eq 0 ] || { echo "FAIL: the good page failed: $out"; fails=$((fails + 1)); }
out=$(/usr/bin/python3 "$dir/browser.py" "$dir/pages/bad.html")
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: the bad page passed: $out"; fails=$((fails + 1)); }
for want in "console error: something broke" "uncaught exception" \
            "network request: http://fonts.example.invalid/font.css" "no map" "table 0 is empty"; do
  grep -qF -- "$want" <<<"$out" || { echo "FAIL: not reported: $want"; fails=$((fails + 1)); }
done
echo "$out"
echo "browser check: $fails failed"
[ $fails -eq 0 ]
