#!/usr/bin/env bash
# Rebuild the coarse test layers: the embedded stp21 and ccg21 simplified
# with mapshaper (npm; not needed to run the tests) at a 500 m and a 1 km
# Douglas-Peucker interval, shared edges kept (mapshaper simplifies each
# shared arc once), islands kept (each part simplified as a feature of its
# own, keep-shapes, then the parts dissolved back by code). Output: GeoJSON
# in British National Grid, coordinates to 0.1 m.
# usage: make_coarse.sh [MAPSHAPER]   (default: npx mapshaper)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../../../data/england
ms=${1:-npx mapshaper}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for l in stp21 ccg21; do
  ogr2ogr -f GeoJSON -t_srs EPSG:27700 -lco RFC7946=NO "$tmp/$l.json" "$data/boundaries.gpkg" $l
  for iv in 500 1000; do
    $ms "$tmp/$l.json" -explode -simplify dp interval=$iv keep-shapes \
      -dissolve ${l}_code copy-fields=${l}_name -o "$tmp/${l}_$iv.json" force
    rm -f "$here/${l}_dp$iv.geojson"
    ogr2ogr -f GeoJSON -a_srs EPSG:27700 -lco RFC7946=NO -lco COORDINATE_PRECISION=1 \
      -nln ${l}_dp$iv "$here/${l}_dp$iv.geojson" "$tmp/${l}_$iv.json"
  done
done
ls -l "$here"/*.geojson
