#!/usr/bin/env bash
# The national report end to end: wall time, CPU time and peak memory of
# `coterm report` (best of RUNS), and the time of each step (from the progress
# bar, drawn on a pseudo-terminal by script(1)). Run from the repository root
# after building.
#   bench/report.sh [RUNS]
set -euo pipefail
coterm=${COTERM_BIN:-build/cli/coterm}
runs=${1:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  /usr/bin/time -f "run $i: %e s wall, %U s user, %S s system, %M KB peak" \
    "$coterm" report --out "$out/r$i" -q 2>&1 | grep '^run '
done
echo "steps (start of each, cumulative seconds):"
script -qc "$coterm report --out $out/steps" /dev/null | tr '\r' '\n' |
  grep -o '[0-9]*/[0-9]* *[0-9.]* s .*' | sed 's/^/  /'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
