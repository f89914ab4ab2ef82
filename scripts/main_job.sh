#!/usr/bin/env bash
# Set up, build, and run the national boundary-fit job on the embedded England data:
# CCGs (2021) against lower-tier councils, and systems (STP 2021) against upper-tier councils.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
out=${1:-out}
./build/cli/coterm fit ccg21 ltla21 --out "$out/ccg21_ltla21"
./build/cli/coterm fit stp21 utla21 --out "$out/stp21_utla21"
echo "results in $out/ (pairs.csv, a_units.csv, b_units.csv, summary.json per job)"
