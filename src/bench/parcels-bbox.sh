#!/usr/bin/env bash
# Benchmark: GET /api/v1/parcels?bbox against the database floor, on a synthetic registry.
#
#   src/bench/parcels-bbox.sh [parcels]      (default 250000; needs target/tierra.jar: mvn package)
#
# Starts Tierra on its own embedded cluster under target/bench-data (created once, kept between runs),
# fills it with a grid of irregular quadrilateral parcels over 0.45° x 0.45° near Oaxaca, then runs
# ParcelsBboxBench for boxes that hold about 1000 and about 100 parcels. Figures go to stdout; the
# README in this folder keeps the latest ones.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

parcels=${1:-250000}
data_dir=target/bench-data
port=7079
log=$data_dir/tierra.log
mkdir -p "$data_dir"

java -jar target/tierra.jar --data-dir "$data_dir" --port "$port" --demo false >"$log" 2>&1 &
tierra=$!
trap 'kill $tierra 2>/dev/null; wait $tierra 2>/dev/null' EXIT
until grep -q "is up at" "$log"; do
  kill -0 $tierra 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.5
done

pg_port=$(awk '/^port =/ { print $3 }' "$data_dir/postgres/tierra.conf")
export PGPASSWORD; PGPASSWORD=$(cat "$data_dir/postgres-password")
psql_tierra() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U tierra -d tierra "$@"; }

side=$(awk -v n="$parcels" 'BEGIN { printf "%d", sqrt(n) }')
have=$(psql_tierra -At -c "SELECT count(*) FROM parcel")
if [[ $have -ne 0 && $have -ne $((side * side)) ]]; then
  echo "target/bench-data holds $have parcels, not $((side * side)): delete it (parcels are never deleted) and run again" >&2
  exit 1
fi
if [[ $have -eq 0 ]]; then
  echo "loading $((side * side)) synthetic parcels (once)..."
  psql_tierra <<SQL
SELECT set_config('tierra.actor', 'benchmark', false), set_config('tierra.reason', 'synthetic registry', false) \\g /dev/null
INSERT INTO trust (code, name, kind) VALUES ('bench', 'Registro sintético', 'ejido');
SELECT setseed(0.42) \\g /dev/null
-- One parcel per grid cell of 0.45/side degrees: a quadrilateral whose corners are pulled inwards at
-- random, so that no two shapes are alike and neighbours never overlap.
INSERT INTO parcel (trust_id, code, name, tenure_category, land_use, geom)
SELECT (SELECT id FROM trust), 'B-' || i || '-' || j, 'Parcela ' || i || '-' || j, 'parcela_ejidal', 'agricultural',
       ST_SetSRID(ST_Multi(ST_MakePolygon(ST_MakeLine(ARRAY[a, b, c, e, a]))), 4326)
FROM (SELECT i, j,
             ST_MakePoint(x + d * (0.05 + 0.2 * random()), y + d * (0.05 + 0.2 * random())) AS a,
             ST_MakePoint(x + d * (0.75 + 0.2 * random()), y + d * (0.05 + 0.2 * random())) AS b,
             ST_MakePoint(x + d * (0.75 + 0.2 * random()), y + d * (0.75 + 0.2 * random())) AS c,
             ST_MakePoint(x + d * (0.05 + 0.2 * random()), y + d * (0.75 + 0.2 * random())) AS e
      FROM (SELECT i, j, 0.45 / $side AS d, -97.0 + i * 0.45 / $side AS x, 16.5 + j * 0.45 / $side AS y
            FROM generate_series(0, $side - 1) i, generate_series(0, $side - 1) j) cells) corners;
VACUUM ANALYZE parcel;
SQL
fi
count=$(psql_tierra -At -c "SELECT count(*) FROM parcel")
# a box side that holds about 1000 (and 100) parcels on average
side_1000=$(awk -v n="$count" 'BEGIN { printf "%.5f", 0.45 * sqrt(1000 / n) }')
side_100=$(awk -v n="$count" 'BEGIN { printf "%.5f", 0.45 * sqrt(100 / n) }')

# The service and the floor must give the same answer: compare their features for one box.
east=$(awk -v s="$side_1000" 'BEGIN { printf "%.5f", -96.8 + s }')
north=$(awk -v s="$side_1000" 'BEGIN { printf "%.5f", 16.7 + s }')
service_features=$(curl -sf "http://127.0.0.1:$port/api/v1/parcels?bbox=-96.8,16.7,$east,$north&limit=1000" |
  sed -e 's/^{"type":"FeatureCollection","features":\[//' -e 's/\],"numberReturned".*$//')
floor_features=$(sed '/^\\set/d' src/bench/floor.sql |
  psql_tierra -At -F' ' -v west=-96.8 -v south=16.7 -v east="$east" -v north="$north" -v rows=1000 |
  cut -d' ' -f3- | paste -sd,)
if [[ -z $service_features || "$service_features" != "$floor_features" ]]; then
  echo "the service and the floor disagree for bbox -96.8,16.7,$east,$north" >&2
  exit 1
fi

echo "registry: $count parcels; $(nproc) cores; $(java -version 2>&1 | head -1); $(psql_tierra -At -c 'SELECT postgis_lib_version()')"
# Latency of one client at a time: wrk over HTTP, pgbench over the PostgreSQL protocol (prepared).
measure() {
  local label=$1 side=$2 limit=$3
  local service floor
  service=$(BOX_SIDE=$side LIMIT=$limit wrk -t1 -c1 -d15s --latency -s src/bench/boxes.lua "http://127.0.0.1:$port" \
    | awk '/^ +50%/ { print $2 }')
  rm -f "$data_dir"/pgbench_log.*
  (cd "$data_dir" && pgbench -n -M prepared -c1 -T15 -l -D side="$side" -D limit="$limit" \
    -f ../../src/bench/floor.sql -h 127.0.0.1 -p "$pg_port" -U tierra tierra >/dev/null)
  floor=$(cut -d' ' -f3 "$data_dir"/pgbench_log.* | sort -n | awk '{ v[NR] = $1 } END { printf "%.2fms", v[int(NR / 2)] / 1000 }')
  awk -v l="$label" -v s="$service" -v f="$floor" 'function ms(x) { if (x ~ /us$/) return x / 1000; if (x ~ /ms$/) return x + 0; return x * 1000 }
    BEGIN { printf "%-34s service median %7.2f ms   floor median %7.2f ms   ratio %.2f\n", l, ms(s), ms(f), ms(s) / ms(f) }'
}
measure "bbox of ~1000 parcels, limit 1000" "$side_1000" 1000
measure "bbox of ~100 parcels, limit 1000" "$side_100" 1000
