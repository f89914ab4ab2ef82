#!/usr/bin/env bash
# Repair, once and in place, the embedded polygons that are invalid as
# published, so that runs on the embedded data print no repair warnings:
# boundaries.gpkg:lsoa11 (1 feature) and pcn.gpkg:pcn_catchments20 (11).
# A feature is repaired if it is invalid in EPSG:4326 (as stored) or in
# EPSG:27700 (where coterm measures and checks validity). The repair is the
# one coterm makes when reading (GEOS make-valid in EPSG:27700, polygon parts
# kept), stored back in EPSG:4326; only those features' geometries change
# (same fid, same attributes). Running it again finds nothing to repair.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# repair FILE LAYER IDFIELD
repair() {
  local file=$1 layer=$2 id=$3
  ogr2ogr -q -f GPKG "$tmp/bng.gpkg" "$file" "$layer" -nln bng -t_srs EPSG:27700
  local ids
  ids=$( { ogrinfo -ro -q "$file" -sql "SELECT $id FROM $layer WHERE NOT ST_IsValid(geom)"
           ogrinfo -ro -q "$tmp/bng.gpkg" -sql "SELECT $id FROM bng WHERE NOT ST_IsValid(geom)"
         } 2>/dev/null | sed -n "s/^ *$id (String) = //p" | sort -u)
  rm -f "$tmp/bng.gpkg"
  if [ -z "$ids" ]; then echo "$file:$layer: nothing to repair"; return; fi
  local list
  list=$(printf "'%s'," $ids); list=${list%,}
  ogr2ogr -q -f GPKG "$tmp/fixed_bng.gpkg" "$file" "$layer" -nln fixed -t_srs EPSG:27700 \
    -where "$id IN ($list)" -makevalid -nlt MULTIPOLYGON
  ogr2ogr -q -f GPKG "$tmp/fixed.gpkg" "$tmp/fixed_bng.gpkg" fixed -nln fixed -t_srs EPSG:4326
  ogr2ogr -q -update -append "$file" "$tmp/fixed.gpkg" fixed -nln _repaired
  ogrinfo -q "$file" -sql "UPDATE $layer SET geom = (SELECT r.geom FROM _repaired r
      WHERE r.$id = $layer.$id) WHERE $id IN (SELECT $id FROM _repaired)" >/dev/null
  ogrinfo -q "$file" -sql "DROP TABLE _repaired" >/dev/null
  ogrinfo -q "$file" -sql "VACUUM" >/dev/null
  rm -f "$tmp"/fixed*.gpkg
  echo "$file:$layer: repaired" $ids
}

repair boundaries.gpkg lsoa11 lsoa11_code
repair pcn.gpkg pcn_catchments20 pcn20_code
