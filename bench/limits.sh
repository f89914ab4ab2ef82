#!/bin/bash
# Time and memory limits that the test suite does not assert (they fail on a
# loaded machine): run them on a quiet one.
#
#   bench/limits.sh            (after bash scripts/build.sh build)
#
# Env: COTERM_BIN (default build/cli/coterm), COTERM_DATA (default the
# repository's data/england), CHECK_MAX_MS (default 5000).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${COTERM_BIN:-$root/build/cli/coterm}
export COTERM_DATA=${COTERM_DATA:-$root/data/england}
max_ms=${CHECK_MAX_MS:-5000}
out=$(mktemp -d /tmp/coterm-limits.XXXXXX)
trap 'rm -rf "$out"' EXIT
[ -x "$bin" ] || { echo "no $bin: bash scripts/build.sh build" >&2; exit 2; }
failed=0

# coterm check on the Greater Manchester example (10 boroughs, 3 statutory
# layers, the LSOA population base): an interactive command, under 5 s
start=$(date +%s%N)
"$bin" check "$root/data/examples/check_gm_boroughs/config.csv" --out "$out/gm" -q || exit 2
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "check GM example: $ms ms (limit $max_ms ms)"
[ "$ms" -lt "$max_ms" ] || failed=1

# the Python bindings: repeated calls do not grow the process
lib=${COTERM_LIBRARY:-$(dirname "$bin")/../lib/libcoterm.so}
PYTHONPATH=$root/bindings/python COTERM_LIBRARY=$lib COTERM_BIN=$bin \
  /usr/bin/python3 "$root/bench/python_memory.py" || failed=1

exit $failed
