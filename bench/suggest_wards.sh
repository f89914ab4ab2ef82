#!/bin/bash
# Time `coterm suggest` on a national ward-level configuration (7,026 wards;
# places = lower-tier councils, systems = STPs, each ward in the unit holding
# most of its people, as coterm bestfit) in which 100 wards were moved into a
# neighbouring place on purpose (bench/suggest_perturb.py).
#
#   bench/suggest_wards.sh        Env: COTERM_BIN, COTERM_DATA, RUNS (default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${COTERM_BIN:-$root/build/cli/coterm}
runs=${RUNS:-3}
export COTERM_DATA=${COTERM_DATA:-$root/data/england}
tmp=$(mktemp -d /tmp/coterm-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

"$bin" bestfit wards21 ltla21 --out "$tmp/place.csv"
"$bin" bestfit wards21 stp21 --out "$tmp/system.csv"
/usr/bin/python3 - "$tmp" <<'PY'
import sys, pandas as pd
t = sys.argv[1]
p = pd.read_csv(f"{t}/place.csv")[["small_id", "big_id"]]
s = pd.read_csv(f"{t}/system.csv")[["small_id", "big_id"]]
c = s.merge(p, on="small_id")
c.columns = ["block", "system", "place"]
c.to_csv(f"{t}/wards.csv", index=False)
PY
moved=$(/usr/bin/python3 "$root/bench/suggest_perturb.py" "$tmp/wards.csv" 100 "$tmp/cut.csv" \
        "$COTERM_DATA/boundaries.gpkg" 2>/dev/null)
echo "configuration: $(($(wc -l <"$tmp/cut.csv") - 1)) wards, $moved moved into a neighbouring place"
best=
for i in $(seq "$runs"); do
    rm -rf "$tmp/out"
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$bin" suggest "$tmp/cut.csv" --tier place \
        --against ltla21 --blocks wards21 --out "$tmp/out" -q
    read -r w u s m <"$tmp/time"
    echo "run $i: $w s wall, $(awk "BEGIN{print $u + $s}") s CPU, peak RSS $((m / 1024)) MB"
    if [ -z "$best" ] || awk "BEGIN{exit !($w < $best)}"; then best=$w; fi
done
/usr/bin/python3 - "$tmp/out/suggest.json" "$best" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b, a = d["before"], d["after"]
print(f"suggest: best of runs {sys.argv[2]} s; councils split {b['council_splits']} -> "
      f"{a['council_splits']}, population fit {b['fit']:.4f} -> {a['fit']:.4f}, "
      f"{d['moved']['moves']} moves")
PY
