#!/bin/bash
# Baseline for `coterm fit A B` in PostGIS: the same centroid method as
# coterm and bench/geopandas_fit.py, run in a throwaway PostgreSQL cluster.
#
#   bench/postgis_fit.sh OUT.csv [A_LAYER B_LAYER]
#
# Needs (installs nothing): postgresql (15), postgresql-15-postgis-3, gdal-bin.
# Data dir: $COTERM_DATA, default the repository's data/england.  Port: $PGBENCH_PORT
# (default 54329).  The server listens on a unix socket in a temp dir only
# (listen_addresses=''), so nothing is reachable from the network.
#
# Prints "load_s=..." (ogr2ogr + CSV + GiST indexes) and "query_s=..."
# (reproject + repair + overlay + centroid population + \copy CSV) separately.
# The postmaster runs as a child of this script (not daemonised by pg_ctl) so
# /usr/bin/time around the script sees the server processes' peak RSS too.
set -euo pipefail

out=$(realpath -m "${1:?usage: postgis_fit.sh OUT.csv [A_LAYER B_LAYER]}")
A=${2:-ccg21}
B=${3:-ltla21}
data=${COTERM_DATA:-$(cd "$(dirname "$0")/.." && pwd)/data/england}
port=${PGBENCH_PORT:-54329}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

dir=$(mktemp -d /tmp/coterm-pgbench.XXXXXX)
chmod 755 "$dir"
# The server refuses to run as root: run it (and initdb) as postgres then.
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

pg_pid=
cleanup() {
    if [ -n "$pg_pid" ]; then
        as_pg "$pgbin/pg_ctl" -D "$dir/db" stop -m fast -w >/dev/null 2>&1 || true
        wait "$pg_pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# --- setup (untimed): fresh cluster, unix socket only -------------------
as_pg "$pgbin/initdb" -D "$dir/db" -U postgres -A trust >"$dir/initdb.log"
as_pg "$pgbin/postgres" -D "$dir/db" -p "$port" -k "$dir" \
    -c listen_addresses='' >"$dir/server.log" 2>&1 &
pg_pid=$!
for _ in $(seq 100); do
    "$pgbin/pg_isready" -q -h "$dir" -p "$port" && break
    sleep 0.1
done
export PGHOST=$dir PGPORT=$port PGUSER=postgres PGDATABASE=bench
"$pgbin/createdb" bench
psql="psql -X -q -v ON_ERROR_STOP=1"
$psql -c 'CREATE EXTENSION postgis'

# --- (a) load: layers as published (EPSG:4326), population, indexes -----
t0=$(now)
for layer in "$A" "$B" lsoa11_pwc; do
    # -lco SPATIAL_INDEX=NONE: we build the GiST indexes ourselves below.
    ogr2ogr -f PostgreSQL "PG:dbname=bench host=$dir port=$port user=postgres" \
        "$data/boundaries.gpkg" "$layer" -nln "$layer" -overwrite \
        -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE
done
$psql <<SQL
CREATE TABLE pop (lsoa11_code text PRIMARY KEY, lsoa11_name text,
                  total_population bigint);
\copy pop FROM '$data/population20_lsoa11.csv' CSV HEADER
CREATE INDEX ON "$A" USING gist (geom);
CREATE INDEX ON "$B" USING gist (geom);
CREATE INDEX ON lsoa11_pwc USING gist (geom);
ANALYZE;
SQL
t1=$(now)

# id/name fields, e.g. ccg21_code / ccg21_name
col() { $psql -Atc "SELECT column_name FROM information_schema.columns
    WHERE table_name = '$1' AND column_name LIKE '%\\_$2' LIMIT 1"; }
Aid=$(col "$A" code) Aname=$(col "$A" name)
Bid=$(col "$B" code) Bname=$(col "$B" name)

# --- (b) query: reproject + repair, overlay areas, centroid population ---
# Reprojected layers are new geometries, so they get their own GiST indexes
# (the 4326 ones cannot serve 27700 predicates); that cost is in the query.
$psql <<SQL
CREATE TEMP TABLE a AS
  SELECT "$Aid" AS id, "$Aname" AS name,
         ST_CollectionExtract(ST_MakeValid(ST_Transform(geom, 27700)), 3) AS geom
  FROM "$A";
CREATE TEMP TABLE b AS
  SELECT "$Bid" AS id, "$Bname" AS name,
         ST_CollectionExtract(ST_MakeValid(ST_Transform(geom, 27700)), 3) AS geom
  FROM "$B";
CREATE INDEX ON a USING gist (geom);
CREATE INDEX ON b USING gist (geom);
ANALYZE a; ANALYZE b;

-- every A x B intersection with positive area
CREATE TEMP TABLE pieces AS
  SELECT a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name,
         ST_Area(ST_Intersection(a.geom, b.geom)) AS area_m2,
         ST_Area(a.geom) AS a_area, ST_Area(b.geom) AS b_area
  FROM a JOIN b ON ST_Intersects(a.geom, b.geom);
DELETE FROM pieces WHERE area_m2 = 0;

-- each LSOA wholly to the A and B polygon containing its centroid
-- (LIMIT 1: a centroid on an overlap sliver counts once)
CREATE TEMP TABLE pts AS
  SELECT p.lsoa11_code, pop.total_population AS pop,
         (SELECT id FROM a WHERE ST_Contains(a.geom, p.geom)
          ORDER BY id LIMIT 1) AS a_id,
         (SELECT id FROM b WHERE ST_Contains(b.geom, p.geom)
          ORDER BY id LIMIT 1) AS b_id
  FROM lsoa11_pwc p JOIN pop USING (lsoa11_code);

CREATE TABLE result AS
  WITH pp AS (SELECT a_id, b_id, sum(pop) AS pop FROM pts
              WHERE a_id IS NOT NULL AND b_id IS NOT NULL GROUP BY 1, 2),
  j AS (SELECT pieces.*, coalesce(pp.pop, 0) AS pop
        FROM pieces LEFT JOIN pp USING (a_id, b_id))
  SELECT a_id, a_name, b_id, b_name, area_m2,
         area_m2 / a_area AS a_area_share, area_m2 / b_area AS b_area_share,
         pop,
         coalesce(pop / nullif(sum(pop) OVER (PARTITION BY a_id), 0), 0)::float8
           AS a_pop_share,
         coalesce(pop / nullif(sum(pop) OVER (PARTITION BY b_id), 0), 0)::float8
           AS b_pop_share
  FROM j;
\copy (SELECT * FROM result ORDER BY a_id, b_id) TO '$out' CSV HEADER
SQL
t2=$(now)

# population check (England total 56,550,138)
$psql -Atc "SELECT 'pairs: ' || count(*) || '; population attributed: ' ||
    sum(pop) || ' of ' || (SELECT sum(total_population) FROM pop)
    FROM result" >&2
echo "load_s=$(secs "$t0" "$t1") query_s=$(secs "$t1" "$t2")"
