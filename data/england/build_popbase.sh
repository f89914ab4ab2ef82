#!/usr/bin/env bash
# Rebuild popbase_lsoa11.gpkg, the one-table population base coterm reads by
# default, from the published files in this folder: LSOA population
# (population20_lsoa11.csv), the ONS nesting lookup
# (lookup_lsoa11_msoa11_ltla21_utla21.csv), the ONS lookup to the NHS
# geography of July 2022 (lookup_lsoa11_sicbl22_icb22.csv) and the
# population-weighted centroids (boundaries.gpkg:lsoa11_pwc, EPSG:27700).
# Nothing is computed: it is a join, so that the default run reads one table
# instead of four.
# tests/adapt checks it still equals the sources.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
ogr2ogr -q -f GPKG "$tmp/src.gpkg" population20_lsoa11.csv -nln pop -oo AUTODETECT_TYPE=NO
ogr2ogr -q -update "$tmp/src.gpkg" lookup_lsoa11_msoa11_ltla21_utla21.csv -nln lookup -oo AUTODETECT_TYPE=NO
ogr2ogr -q -update "$tmp/src.gpkg" lookup_lsoa11_sicbl22_icb22.csv -nln nhs -oo AUTODETECT_TYPE=NO
ogr2ogr -q -update "$tmp/src.gpkg" boundaries.gpkg lsoa11_pwc -nln pwc
rm -f popbase_lsoa11.gpkg
ogr2ogr -q -f GPKG popbase_lsoa11.gpkg "$tmp/src.gpkg" -nln popbase_lsoa11 -dialect SQLite -sql "
  SELECT p.lsoa11_code AS lsoa11_code, p.lsoa11_name AS lsoa11_name,
         CAST(p.total_population AS REAL) AS population,
         l.msoa11_code AS msoa11_code, l.ltla21_code AS ltla21_code, l.utla21_code AS utla21_code,
         ST_X(c.geom) AS pwc_x, ST_Y(c.geom) AS pwc_y,
         n.sicbl22_code AS sicbl22_code, n.icb22_code AS icb22_code
  FROM pop p LEFT JOIN lookup l ON l.lsoa11_code = p.lsoa11_code
             LEFT JOIN nhs n ON n.lsoa11_code = p.lsoa11_code
             LEFT JOIN pwc c ON c.lsoa11_code = p.lsoa11_code
  ORDER BY p.lsoa11_code"
ogrinfo -q -so popbase_lsoa11.gpkg popbase_lsoa11 | grep -E "Feature Count" || true
