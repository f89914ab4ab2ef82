#!/usr/bin/env bash
# Build nhs22.gpkg, the current NHS geography (July 2022) coterm embeds:
# layers sicbl22 (106 sub-ICB locations) and icb22 (42 Integrated Care
# Boards), each unit the union of the embedded LSOA 2011 polygons
# (boundaries.gpkg:lsoa11, repaired by repair_geometry.sh) that the official
# ONS lookup (lookup_lsoa11_sicbl22_icb22.csv) puts in it. The LSOAs share
# their edges exactly, so the union has no gaps; the boundaries are those of
# the LSOA layer (the published board outlines, boundaries.gpkg:icb22, are far
# coarser: about 16 vertices a board). Names and NHS codes (_code_h) are
# columns; a sub-ICB location also carries its board. EPSG:4326 as stored.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ogr2ogr -q -f GPKG "$tmp/src.gpkg" boundaries.gpkg lsoa11 -nln lsoa
ogr2ogr -q -update "$tmp/src.gpkg" lookup_lsoa11_sicbl22_icb22.csv -nln lookup -oo AUTODETECT_TYPE=NO
rm -f nhs22.gpkg
ogr2ogr -q -f GPKG nhs22.gpkg "$tmp/src.gpkg" -nln sicbl22 -nlt MULTIPOLYGON -dialect SQLite -sql "
  SELECT k.sicbl22_code AS sicbl22_code, k.sicbl22_code_h AS sicbl22_code_h,
         k.sicbl22_name AS sicbl22_name, k.icb22_code AS icb22_code,
         k.icb22_code_h AS icb22_code_h, k.icb22_name AS icb22_name,
         CastToMultiPolygon(ST_Union(l.geom)) AS geom
  FROM lsoa l JOIN lookup k ON k.lsoa11_code = l.lsoa11_code
  GROUP BY k.sicbl22_code ORDER BY k.sicbl22_code"
ogr2ogr -q -update nhs22.gpkg "$tmp/src.gpkg" -nln icb22 -nlt MULTIPOLYGON -dialect SQLite -sql "
  SELECT k.icb22_code AS icb22_code, k.icb22_code_h AS icb22_code_h,
         k.icb22_name AS icb22_name,
         CastToMultiPolygon(ST_Union(l.geom)) AS geom
  FROM lsoa l JOIN lookup k ON k.lsoa11_code = l.lsoa11_code
  GROUP BY k.icb22_code ORDER BY k.icb22_code"
for l in sicbl22 icb22; do
  ogrinfo -ro -q nhs22.gpkg -sql "SELECT COUNT(*) AS units, SUM(NOT ST_IsValid(geom)) AS invalid
      FROM $l" | sed -n 's/^ *\([a-z]*\) ([A-Za-z]*) = /\1 /p' | paste -sd' ' | sed "s/^/$l: /"
done
