#!/usr/bin/env bash
# Benchmark of the read paths against the database floor, on a synthetic registry (issue 6).
#
#   src/bench/run.sh [100k|1m] [items] [paging] [tiles] [export]
#
# Size 100k (default) or 1m parcels; no section named = all four. BENCH_SECONDS (default 15) is the
# length of each timed run. Needs target/tierra.jar (mvn package), wrk, pgbench, psql, curl, jq,
# hyperfine, ogr2ogr (gdal-bin) and python3.
#
# The registry is generated once per size by generate-registry.sql into target/bench-<size> (Tierra's
# own embedded cluster, kept between runs; delete the folder to start again). The service runs on
# port 7081 with --demo false. Items and tiles first check that the service and the floor give the
# same features, and stop the script if they do not: a fast wrong answer is not a result.
# EXPORT_PATH overrides the export's path (default /api/v1/exports/parcels.geojson).
# Results are printed as Markdown table rows for src/bench/README.md, and appended to
# target/bench-<size>/results.md.
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) stops the script too
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

usage() { echo "usage: src/bench/run.sh [100k|1m] [items] [paging] [tiles] [export]" >&2; exit 2; }
size=100k
sections=()
for arg in "$@"; do
  case $arg in
    100k | 1m) size=$arg ;;
    items | paging | tiles | export) sections+=("$arg") ;;
    *) usage ;;
  esac
done
[[ ${#sections[@]} -gt 0 ]] || sections=(items paging tiles export)
case $size in
  100k) parcels=100000 ;;
  1m) parcels=1000000 ;;
esac
seconds=${BENCH_SECONDS:-15}
data_dir=target/bench-$size
port=7081
base=http://127.0.0.1:$port
bench=src/bench
results=$data_dir/results.md
mkdir -p "$data_dir"
for tool in java wrk pgbench psql curl jq hyperfine ogr2ogr python3; do
  command -v $tool >/dev/null || { echo "run.sh needs $tool" >&2; exit 1; }
done
[[ -f target/tierra.jar ]] || { echo "target/tierra.jar is missing: mvn -o -q -DskipTests package" >&2; exit 1; }

# --- the service -----------------------------------------------------------------------------------

tierra=
stop_service() {
  if [[ -n $tierra ]]; then
    kill "$tierra" 2>/dev/null || true
    wait "$tierra" 2>/dev/null || true
    tierra=
  fi
}
trap stop_service EXIT

# start_service [JVM options...]: the jar on this size's data directory; waits until it answers, then
# reads the database port (the embedded cluster may pick another one at each start).
start_service() {
  if curl -s -o /dev/null "$base/"; then
    echo "port $port is taken by another process: stop it first" >&2
    exit 1
  fi
  java "$@" -jar target/tierra.jar --data-dir "$data_dir" --port $port --demo false >"$data_dir/tierra.log" 2>&1 &
  tierra=$!
  until grep -q "is up at" "$data_dir/tierra.log"; do
    kill -0 "$tierra" 2>/dev/null || { cat "$data_dir/tierra.log" >&2; tierra=; exit 1; }
    sleep 0.5
  done
  pg_port=$(awk '/^port =/ { print $3 }' "$data_dir/postgres/tierra.conf")
  PGPASSWORD=$(cat "$data_dir/postgres-password")
  export PGPASSWORD
}

psql_tierra() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U tierra -d tierra "$@"; }
pgbench_tierra() { pgbench -n -M prepared -h 127.0.0.1 -p "$pg_port" -U tierra "$@" tierra; }

# A floor script for psql: pgbench's \set lines dropped (psql gets the values with -v instead).
psql_floor() {
  local file=$1
  shift
  sed '/^\\set/d' "$file" | psql_tierra -At "$@"
}

start_service

# --- the registry ----------------------------------------------------------------------------------

if [[ $(psql_tierra -At -c "SELECT to_regclass('bench.registry') IS NOT NULL") == t ]]; then
  have=$(psql_tierra -At -c "SELECT parcels FROM bench.registry")
  [[ $have -eq $parcels ]] || { echo "$data_dir holds a registry of $have parcels, not $parcels" >&2; exit 1; }
else
  [[ $(psql_tierra -At -c "SELECT count(*) FROM parcel") -eq 0 ]] ||
    { echo "$data_dir holds parcels that generate-registry.sql did not make: delete the folder" >&2; exit 1; }
  echo "generating $parcels parcels (once, kept in $data_dir)..."
  started=$(date +%s)
  psql_tierra -v parcels=$parcels -f $bench/generate-registry.sql
  echo "generated in $(($(date +%s) - started)) s"
fi
count=$(psql_tierra -At -c "SELECT count(*) FROM parcel WHERE status <> 'retired'")
# The instant the service pins a first page to; the floor binds the same.
snapshot=$(psql_tierra -At -c "SELECT to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM registry_generation")
{
  echo
  echo "### $(date -u +%Y-%m-%d) — $size: $count parcels, $(nproc) cores, $(java -version 2>&1 | head -1 | tr -d '"'),"
  echo "$(psql_tierra -At -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', PostGIS ' || postgis_lib_version()"), BENCH_SECONDS=$seconds"
} | tee -a "$results"

# report LINE: a result row, shown now and kept in results.md.
report() { echo "$1" | tee -a "$results"; }

# wrk_run THREADS CONNECTIONS [VAR=value...]: runs wrk with paths.lua for $seconds and prints
# "p50 p95 requests/s requests errors" (milliseconds). Non-2xx answers count as errors and stop the run.
# Percentiles come from paths.lua's own timing of a single client (not from wrk's histogram, which
# wrk pads with made-up samples: see paths.lua); with more clients they are nan.
wrk_run() {
  local threads=$1 connections=$2 out one_client=0
  shift 2
  [[ $threads -ne 1 || $connections -ne 1 ]] || one_client=1
  out=$(env ONE_CLIENT=$one_client "$@" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 60s \
    -s $bench/paths.lua "$base" | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }')
  if [[ -z $out || ${out##* } -ne 0 ]]; then
    echo "wrk failed or saw errors ($*): $out" >&2
    exit 1
  fi
  echo "$out"
}

# warm DURATION [VAR=value...]: an untimed wrk run, so that the JIT has compiled the path.
warm() {
  local duration=$1
  shift
  env "$@" wrk -t2 -c8 -d"${duration}s" --timeout 60s -s $bench/paths.lua "$base" >/dev/null
}

# pgbench_latency SCRIPT [pgbench options...]: one client for $seconds, every transaction logged;
# prints "p50 p95" in milliseconds, from the log (pgbench's summary has no percentiles).
pgbench_latency() {
  local script=$1
  shift
  rm -f "$data_dir"/pgbench_log.*
  pgbench_tierra -c1 -T"$seconds" -l --log-prefix="$data_dir/pgbench_log" -f "$script" "$@" >/dev/null
  cat "$data_dir"/pgbench_log.* | awk '{ print $3 }' | sort -n |
    awk 'function rank(p,   i) { i = int(p * NR); if (i < p * NR) i++; return i < 1 ? 1 : i }
         { v[NR] = $1 } END { printf "%.3f %.3f\n", v[rank(0.50)] / 1000, v[rank(0.95)] / 1000 }'
}

# pgbench_throughput SCRIPT [pgbench options...]: 8 clients on 2 threads for $seconds; prints tps.
pgbench_throughput() {
  local script=$1
  shift
  pgbench_tierra -c8 -j2 -T"$seconds" -f "$script" "$@" | awk '/^tps = .*without initial connection time/ { print $3 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- items: random windows around the towns --------------------------------------------------------

# The towns as paths.lua reads them: lon lat deg-lon-per-km deg-lat-per-km spread-km.
towns_file=$data_dir/towns.txt
psql_tierra -At -F' ' -c "SELECT lon, lat, 1 / (111.320 * cos(radians(lat))), 1 / 110.574, spread_m / 1000
                          FROM bench.town ORDER BY id" >"$towns_file"

# pick_column FILE COLUMN VARIABLE INDEX: a pgbench \set of VARIABLE to the COLUMN of line :INDEX of
# FILE, as CASEs nested in halves (pgbench has no arrays; a flat CASE would cost the client a test per
# line on every transaction).
pick_column() {
  awk -v c="$2" -v name="$3" -v index_var="$4" '
    function pick(lo, hi,   mid) {
      if (lo == hi) return v[lo]
      mid = int((lo + hi) / 2)
      return "(case when :" index_var " <= " mid " then " pick(lo, mid) " else " pick(mid + 1, hi) " end)"
    }
    { v[NR] = $c }
    END { print "\\set " name " " pick(1, NR) }' "$1"
}

# The same draw for pgbench: a town at random, the window's centre moved by up to 1.5 spreads each
# way, evenly; :window_km and :limit come with -D.
items_floor=$data_dir/items-floor.pgbench
{
  echo "\\set town random(1, $(wc -l <"$towns_file"))"
  pick_column "$towns_file" 1 lon town
  pick_column "$towns_file" 2 lat town
  pick_column "$towns_file" 3 perkmlon town
  pick_column "$towns_file" 4 perkmlat town
  pick_column "$towns_file" 5 spread town
  echo '\set dx (random(0, 2000000) / 1000000.0 - 1) * 1.5 * :spread'
  echo '\set dy (random(0, 2000000) / 1000000.0 - 1) * 1.5 * :spread'
  echo '\set west :lon + (:dx - :window_km / 2.0) * :perkmlon'
  echo '\set south :lat + (:dy - :window_km / 2.0) * :perkmlat'
  echo '\set east :west + :window_km * :perkmlon'
  echo '\set north :south + :window_km * :perkmlat'
  cat $bench/items-floor.sql
} >"$items_floor"

# check_items WEST SOUTH EAST NORTH LIMIT: the service's features and the floor's, text for text.
check_items() {
  local west=$1 south=$2 east=$3 north=$4 limit=$5 service floor
  service=$(curl -sf "$base/ogc/collections/parcels/items?bbox=$west,$south,$east,$north&limit=$limit" |
    sed -e 's/^{"type":"FeatureCollection","features":\[//' -e 's/\],"numberReturned".*$//')
  floor=$(psql_floor $bench/items-floor.sql -v west="$west" -v south="$south" -v east="$east" -v north="$north" \
    -v limit="$limit" -v rows=$((limit + 1)) -v snapshot="'$snapshot'" |
    sed -e 's/^{"type":"FeatureCollection","features":\[//' -e 's/\],"numberReturned".*$//')
  if [[ -z $service || "$service" != "$floor" ]]; then
    echo "items: the service and the floor disagree for bbox=$west,$south,$east,$north&limit=$limit" >&2
    diff <(grep -o '"type":"Feature","id":[0-9]*' <<<"$service" | cut -d: -f3) \
      <(grep -o '"type":"Feature","id":[0-9]*' <<<"$floor" | cut -d: -f3) | head -5 >&2 || true
    exit 1
  fi
  echo "items: service and floor agree on $(grep -o '"type":"Feature"' <<<"$service" | wc -l) features (bbox=$west,$south,$east,$north, limit=$limit)"
}

items() {
  local case window_km limit out
  # One window of each size at the first town, a little off its centre.
  read -r lon lat perkmlon perkmlat _ <"$towns_file"
  for case in "1 100" "5 1000"; do
    read -r window_km limit <<<"$case"
    check_items "$(awk -v a="$lon" -v k="$perkmlon" -v w="$window_km" 'BEGIN { printf "%.9f", a + (0.3 - w / 2) * k }')" \
      "$(awk -v a="$lat" -v k="$perkmlat" -v w="$window_km" 'BEGIN { printf "%.9f", a + (0.2 - w / 2) * k }')" \
      "$(awk -v a="$lon" -v k="$perkmlon" -v w="$window_km" 'BEGIN { printf "%.9f", a + (0.3 + w / 2) * k }')" \
      "$(awk -v a="$lat" -v k="$perkmlat" -v w="$window_km" 'BEGIN { printf "%.9f", a + (0.2 + w / 2) * k }')" "$limit"
  done
  report ""
  report "| size | window, limit | service p50 / p95 | floor p50 / p95 | p50 ratio | service 8 clients | floor 8 clients | throughput ratio |"
  report "|---|---|---|---|---|---|---|---|"
  for case in "1 100" "5 1000"; do
    read -r window_km limit <<<"$case"
    local vars=(PATHS_MODE=windows TOWNS_FILE="$towns_file" WINDOW_KM="$window_km" LIMIT="$limit")
    warm $((seconds / 3 + 1)) "${vars[@]}"
    out=$(wrk_run 1 1 "${vars[@]}")
    read -r s50 s95 _ _ _ <<<"$out"
    out=$(pgbench_latency "$items_floor" -D window_km="$window_km" -D limit="$limit" -D snapshot="$snapshot")
    read -r f50 f95 <<<"$out"
    out=$(wrk_run 2 8 "${vars[@]}")
    read -r _ _ srps _ _ <<<"$out"
    ftps=$(pgbench_throughput "$items_floor" -D window_km="$window_km" -D limit="$limit" -D snapshot="$snapshot")
    report "| $size | $((window_km * window_km)) km², limit $limit | $s50 / $s95 ms | $f50 / $f95 ms | $(ratio "$s50" "$f50") | $srps req/s | $(printf '%.1f' "$ftps") tx/s | $(ratio "$srps" "$ftps") |"
  done
}

# --- paging: page 1 and page 1000 of the whole collection, 50 a page --------------------------------

paging() {
  local first="/ogc/collections/parcels/items?limit=50" url page out
  url=$base$first
  echo "paging: following 999 next links..."
  for ((page = 1; page < 1000; page++)); do
    url=$(curl -sf "$url" | jq -r '.links[] | select(.rel == "next") | .href')
    [[ -n $url && $url != null ]] || { echo "paging: page $page has no next link" >&2; exit 1; }
  done
  local returned
  returned=$(curl -sf "$url" | jq '.numberReturned')
  [[ $returned -eq 50 ]] || { echo "paging: page 1000 holds $returned features, not 50" >&2; exit 1; }
  local thousandth=${url#"$base"}
  warm $((seconds / 3 + 1)) PATHS_MODE=fixed FIXED_PATH="$first"
  out=$(wrk_run 1 1 PATHS_MODE=fixed FIXED_PATH="$first")
  read -r p1_50 p1_95 _ _ _ <<<"$out"
  out=$(wrk_run 1 1 PATHS_MODE=fixed FIXED_PATH="$thousandth")
  read -r p1000_50 p1000_95 _ _ _ <<<"$out"
  report ""
  report "| size | page 1 p50 / p95 | page 1000 p50 / p95 | page 1000 / page 1 (p50) |"
  report "|---|---|---|---|"
  report "| $size | $p1_50 / $p1_95 ms | $p1000_50 / $p1000_95 ms | $(ratio "$p1000_50" "$p1_50") |"
}

# --- tiles: cold (each tile requested once), warm (one tile again and again), floor ------------------

# tile_list Z N: N tiles of zoom Z that hold a parcel (the tile of some parcel's point on surface),
# in a fixed pseudo-random order, as "z x y" lines.
tile_list() {
  psql_tierra -At -F' ' -c "
    SELECT DISTINCT $1, floor((ST_X(m) + 20037508.342789244) / (40075016.68557849 / 2 ^ $1))::int,
                        floor((20037508.342789244 - ST_Y(m)) / (40075016.68557849 / 2 ^ $1))::int,
                        md5($1 || '/' || floor((ST_X(m) + 20037508.342789244) / (40075016.68557849 / 2 ^ $1))
                               || '/' || floor((20037508.342789244 - ST_Y(m)) / (40075016.68557849 / 2 ^ $1)))
    FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS m FROM parcel WHERE status <> 'retired') p
    ORDER BY 4 LIMIT $2" | cut -d' ' -f1-3
}

# tiles_floor_script LIST SQL: pgbench picks a tile of LIST at random, then runs SQL.
tiles_floor_script() {
  echo "\\set i random(1, $(wc -l <"$1"))"
  pick_column "$1" 1 z i
  pick_column "$1" 2 x i
  pick_column "$1" 3 y i
  cat "$2"
}

# check_tile Z X Y SQL: the service's tile and the SQL's hold the same features (mvt-features.py: the
# bytes themselves depend on the order rows reach ST_AsMVT, which the query plan decides; an empty tile
# is a 204).
check_tile() {
  local z=$1 x=$2 y=$3 sql=$4 pixel
  pixel=$(awk -v z="$z" 'BEGIN { printf "%.17g", 40075016.686 / 2 ^ z / 4096 }')
  curl -sf -o "$data_dir/check.mvt" "$base/tiles/parcels/$z/$x/$y.mvt"
  psql_floor "$sql" -v z="$z" -v x="$x" -v y="$y" -v pixel="$pixel" >"$data_dir/check.hex"
  if ! cmp -s <(python3 $bench/mvt-features.py "$data_dir/check.mvt") \
    <(python3 $bench/mvt-features.py --hex "$data_dir/check.hex"); then
    echo "tiles: the service and $sql disagree on tile $z/$x/$y" >&2
    exit 1
  fi
  [[ -s $data_dir/check.mvt ]] || { echo "tiles: tile $z/$x/$y is empty" >&2; exit 1; }
}

tiles() {
  local z service_sql= out
  # tiles-service.sql applies once the service reads a stored Mercator column.
  if [[ $(psql_tierra -At -c "SELECT count(*) FROM information_schema.columns
                              WHERE table_name = 'parcel' AND column_name = 'geom_3857'") -eq 1 ]] &&
    unzip -p target/tierra.jar org/tierra/tiles/TileRoutes.class | grep -aq geom_3857; then
    service_sql=$bench/tiles-service.sql
  else
    echo "tiles: no column parcel.geom_3857 in use; tiles-service.sql skipped"
  fi
  # Warm the JIT on zooms that are not measured, so that the cold runs meet no tile twice.
  for z in 13 15; do
    tile_list $z 200 | awk '{ print "/tiles/parcels/" $1 "/" $2 "/" $3 ".mvt" }' >"$data_dir/tiles-warmup.txt"
    env PATHS_MODE=list PATHS_FILE="$data_dir/tiles-warmup.txt" wrk -t1 -c1 -d"${seconds}s" --timeout 60s \
      -s $bench/paths.lua "$base" >/dev/null
  done
  report ""
  if [[ -n $service_sql ]]; then
    report "| size | zoom | cold p50 / p95 (tiles) | warm p50 / p95 | floor p50 / p95 | service SQL p50 / p95 | cold / floor (p50) | cold / warm (p50) |"
    report "|---|---|---|---|---|---|---|---|"
  else
    report "| size | zoom | cold p50 / p95 (tiles) | warm p50 / p95 | floor p50 / p95 | cold / floor (p50) | cold / warm (p50) |"
    report "|---|---|---|---|---|---|---|"
  fi
  for z in 12 14 16; do
    local list=$data_dir/tiles-z$z.txt paths=$data_dir/tiles-z$z.paths
    tile_list $z 2000 >"$list"
    awk '{ print "/tiles/parcels/" $1 "/" $2 "/" $3 ".mvt" }' "$list" >"$paths"
    tiles_floor_script "$list" $bench/tiles-floor.sql >"$data_dir/tiles-floor-z$z.pgbench"
    # cold: each tile once, until the list or the time runs out
    out=$(wrk_run 1 1 PATHS_MODE=list PATHS_FILE="$paths")
    read -r c50 c95 _ cold_requests _ <<<"$out"
    # the same tiles, now in the service's cache, must hold what PostGIS alone makes of them
    while read -r tz tx ty; do
      check_tile "$tz" "$tx" "$ty" $bench/tiles-floor.sql
      [[ -z $service_sql ]] || check_tile "$tz" "$tx" "$ty" "$service_sql"
    done < <(head -5 "$list")
    echo "tiles: service and floor agree on the features of 5 tiles of zoom $z"
    read -r tz tx ty <"$list"
    out=$(wrk_run 1 1 PATHS_MODE=fixed FIXED_PATH="/tiles/parcels/$tz/$tx/$ty.mvt")
    read -r w50 w95 _ _ _ <<<"$out"
    out=$(pgbench_latency "$data_dir/tiles-floor-z$z.pgbench")
    read -r f50 f95 <<<"$out"
    if [[ -n $service_sql ]]; then
      tiles_floor_script "$list" "$service_sql" >"$data_dir/tiles-service-z$z.pgbench"
      out=$(pgbench_latency "$data_dir/tiles-service-z$z.pgbench")
      read -r q50 q95 <<<"$out"
      report "| $size | $z | $c50 / $c95 ms ($cold_requests) | $w50 / $w95 ms | $f50 / $f95 ms | $q50 / $q95 ms | $(ratio "$c50" "$f50") | $(ratio "$c50" "$w50") |"
    else
      report "| $size | $z | $c50 / $c95 ms ($cold_requests) | $w50 / $w95 ms | $f50 / $f95 ms | $(ratio "$c50" "$f50") | $(ratio "$c50" "$w50") |"
    fi
  done
  encoding_bench
}

# encoding_bench: the parcels layer cut and encoded by PostGIS (ST_AsMVT) against the same done in
# Java (JTS + mapbox-vector-tile-java, the library the tests decode tiles with), for tiles at the towns.
encoding_bench() {
  local mvt_jar protobuf_version protobuf_jar
  mvt_jar=$(ls ~/.m2/repository/io/github/sebasbaumh/mapbox-vector-tile-java/*/mapbox-vector-tile-java-*.jar 2>/dev/null | tail -1)
  if [[ -z $mvt_jar ]]; then
    echo "tiles: mapbox-vector-tile-java is not in ~/.m2 (mvn test-compile fetches it): encoding comparison skipped"
    return
  fi
  protobuf_version=$(grep -A1 '<artifactId>protobuf-java</artifactId>' "${mvt_jar%.jar}.pom" | grep -o '[0-9][0-9.]*' | head -1)
  protobuf_jar=$HOME/.m2/repository/com/google/protobuf/protobuf-java/$protobuf_version/protobuf-java-$protobuf_version.jar
  report ""
  java -cp "target/tierra.jar:$mvt_jar:$protobuf_jar" $bench/TileEncodingBench.java \
    "jdbc:postgresql://127.0.0.1:$pg_port/tierra" tierra "$PGPASSWORD" 20 2>/dev/null | tee -a "$results"
}

# --- export: the whole registry as one GeoJSON file --------------------------------------------------

# The public parcels, for ogr2ogr (GDAL writes its own GeoJSON from the rows; -sql @file spares the
# quoting).
public_select=$data_dir/public-parcels.sql
cat >"$public_select" <<'SQL'
SELECT p.id, p.code, p.name, t.code AS trust, p.tenure_category AS "tenureCategory", p.land_use AS "landUse",
       p.status, p.version, round(p.area_m2::numeric, 2) AS "areaSquareMetres",
       round((p.area_m2 / 10000)::numeric, 4) AS "areaHectares", round(p.perimeter_m::numeric, 2) AS "perimeterMetres",
       p.geom
FROM parcel p
JOIN trust t ON t.id = p.trust_id
WHERE p.status <> 'retired'
ORDER BY p.id
SQL

export_section() {
  # The service again, with the heap the budget allows and every collection logged: between two
  # collections the heap only grows, so the most it held while exporting is the larger of the "used
  # before" figures of the collections during the export runs and what it holds when they end.
  stop_service
  local gc_log=$data_dir/gc-export.log
  rm -f "$gc_log"
  start_service -Xmx256m "-Xlog:gc:file=$gc_log"
  local url=$base${EXPORT_PATH:-/api/v1/exports/parcels.geojson} out=$data_dir/ogr2ogr.geojson status
  local service=missing heap=n/a floor ogr gpkg=n/a
  # (this first export also warms the service up)
  status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
  if [[ $status == 404 ]]; then
    echo "export endpoint missing"
  elif [[ $status != 200 ]]; then
    echo "export: the service answered $status" >&2
    exit 1
  else
    local gc_lines now
    gc_lines=$(wc -l <"$gc_log")
    if hyperfine --style basic --runs 5 --export-json "$data_dir/export-service.json" \
      "curl -sf -o /dev/null '$url'" >/dev/null; then
      service=$(jq -r '.results[0].median' "$data_dir/export-service.json" | xargs printf '%.2f')
    else
      service="failed (see $data_dir/tierra.log)"
    fi
    now=$(jcmd "$tierra" GC.heap_info | awk '/garbage-first heap/ { for (i = 1; i < NF; i++) if ($i == "used") print int(int($(i + 1)) / 1024) }')
    heap=$(tail -n +"$((gc_lines + 1))" "$gc_log" | grep -o '[0-9]*M->[0-9]*M' | cut -dM -f1 |
      awk -v now="${now:-0}" 'BEGIN { max = now } $1 > max { max = $1 } END { printf "%d MB", max }')
    heap="$heap ($(tail -n +"$((gc_lines + 1))" "$gc_log" | grep -c 'M->') collections)"
    # the same registry as a GeoPackage (written to a temporary file by the service, then sent)
    if hyperfine --style basic --runs 3 --export-json "$data_dir/export-gpkg.json" \
      "curl -sf -o /dev/null '$base/api/v1/exports/parcels.gpkg'" >/dev/null; then
      gpkg=$(jq -r '.results[0].median' "$data_dir/export-gpkg.json" | xargs printf '%.2f')
    fi
  fi
  local floor_bytes
  floor_bytes=$(psql_tierra -f $bench/export-floor.sql | wc -c)
  echo "export: the floor's FeatureCollection is $((floor_bytes / 1000000)) MB"
  hyperfine --style basic --runs 3 --prepare "rm -f $out" \
    --export-json "$data_dir/export-floors.json" \
    "psql -X -q -h 127.0.0.1 -p $pg_port -U tierra -d tierra -f $bench/export-floor.sql >/dev/null" \
    "ogr2ogr -f GeoJSON $out PG:'host=127.0.0.1 port=$pg_port dbname=tierra user=tierra' -sql @$public_select" \
    >/dev/null
  floor=$(jq -r '.results[0].median' "$data_dir/export-floors.json" | xargs printf '%.2f')
  ogr=$(jq -r '.results[1].median' "$data_dir/export-floors.json" | xargs printf '%.2f')
  rm -f "$out"
  report ""
  report "| size | service | floor (COPY) | ogr2ogr | service / floor | ogr2ogr / service | service peak heap (-Xmx256m) | GeoPackage |"
  report "|---|---|---|---|---|---|---|---|"
  if [[ $service =~ ^[0-9.]+$ ]]; then
    report "| $size | $service s | $floor s | $ogr s | $(ratio "$service" "$floor") | $(ratio "$ogr" "$service") | $heap | $gpkg s |"
  else
    report "| $size | $service | $floor s | $ogr s | n/a | n/a | $heap | $gpkg |"
  fi
}

for section in "${sections[@]}"; do
  case $section in
    items) items ;;
    paging) paging ;;
    tiles) tiles ;;
    export) export_section ;;
  esac
done
