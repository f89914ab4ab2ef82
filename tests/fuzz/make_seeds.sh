#!/usr/bin/env bash
# Seed corpus of a fuzz target, made from the test cases.
# usage: make_seeds.sh TARGET DIR
set -euo pipefail
target=$1 out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
C=$root/tests/cases
mkdir -p "$out"
n=0
# seed FILE [SELECTOR]: copy FILE, with a selector byte first if given
seed() {
    n=$((n + 1))
    if [ $# -gt 1 ]; then
        { printf "\\x$(printf %02x "$2")"; cat "$1"; } >"$out/seed-$n"
    else
        cp "$1" "$out/seed-$n"
    fi
}
text() { n=$((n + 1)); printf '%b' "$1" >"$out/seed-$n"; }
case $target in
config)
    for f in "$C"/check/*.csv "$root"/data/examples/*/config.csv; do seed "$f"; done ;;
flows)
    for f in "$C"/flows/flows_*.csv; do seed "$f" 0; done
    seed "$C/flows/places.csv" 1; seed "$C/flows/places_config.csv" 1
    seed "$C/flows/orgs.csv" 2; seed "$C/flows/providers.csv" 3 ;;
pcn)
    seed "$C/pcn/membership.csv" 0; seed "$C/pcn/bad_membership.csv" 0
    for f in "$C"/pcn/*registrations.csv "$C/pcn/reg_unknown_pcn.csv"; do seed "$f" 1; done
    for f in "$C"/pcn/*places*.csv; do seed "$f" 2; done ;;
options)
    text 'METHOD=areal\nTOLERANCE=0.05'
    text 'METHOD=bestfit\nTOLERANCE=0\nTHREADS=2'
    text 'CRS=EPSG:27700\nASSUME_CRS=EPSG:4326\nSTRICT=YES'
    text 'DISSOLVE=YES\nPOP_FIELD=pop\nID_FIELD=id\nNAME_FIELD=name'
    text 'FORMAT=GPKG'
    text 'CRS=auto'
    text 'TOLERANCE=0,05\nMETHOD='
    text 'THREADS=64\nFORMAT=CSV' ;;
spec)
    for s in a.geojson ./a.geojson two.gpkg two.gpkg:a two.gpkg:b two.gpkg:c nocrs.csv \
             empty.geojson nosuch nosuch.gpkg ccg21 lsoa11 lsoa11_pwc 'PG:dbname=none:places' \
             'PG:dbname=none port=1' a.geojson:a ':' 'a:b:c'; do
        text "$s"
    done ;;
bands)
    text 'system\nplace\n--\nBAND_system=0:10000\nBAND_place=:5000'
    text 'system\n--\nBAND_system=5000:\nBAND=100:200'
    text 'place\n--\nBAND_place=1e3:2e3\nBAND=30000:50000'
    text 'system\nsystem\n--\nBAND_system=-1:x' ;;
wkb)
    /usr/bin/python3 - "$C/fit" "$out" <<'PY'
import json, struct, sys
from pathlib import Path
from shapely.geometry import shape
src, out = Path(sys.argv[1]), Path(sys.argv[2])
for k, f in enumerate(sorted(src.glob("*.geojson"))):
    try:
        feats = [x for x in json.loads(f.read_text())["features"] if x.get("geometry")]
    except (ValueError, KeyError):
        continue
    blobs = [shape(x["geometry"]).wkb for x in feats[:16]]
    if not blobs:
        continue
    head = bytes([(len(blobs) // 2) | (0x80 if "dup" in f.name else 0)])
    data = head + b"".join(struct.pack("<H", len(b)) + b for b in blobs)
    (out / f"seed-wkb-{k}").write_bytes(data)
PY
    ;;
*) echo "make_seeds.sh: unknown target $target" >&2; exit 1 ;;
esac
