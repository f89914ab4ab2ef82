#!/usr/bin/env bash
# Set up, build, and make the national boundary-fit report on the embedded England data:
# every Integrated Care Board against upper- and lower-tier councils and its sub-ICB
# locations, acute patient flows, PCN neighbourhoods, and the findings as sentences.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
out=${1:-out}
# prints where to open it: $out/index.html
./build/cli/coterm report --out "$out"
