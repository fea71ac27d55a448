#!/usr/bin/env bash
# Benchmark: staging-sync's Scalingo download path (API calls, download, gunzip + untar in one pass, size check)
# against `curl <url> | tar xz` of the same archive, both served over loopback by bench/scalingo-stub.py, in the
# same session, as a ratio; with the JVM's peak RSS. The archive (several hundred MB) is built once and kept in
# target/bench-download/. Usage: bench/download-vs-curl.sh [rows]   (default 6,000,000 rows: about 400 MB)
# Needs PGHOST/PGPORT/PGUSER like the demo, python3, curl, and target/staging-sync.jar (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
rows="${1:-6000000}"
rounds="${ROUNDS:-3}"
port="${BENCH_PORT:-18765}"
dir="target/bench-download"
name="20261122000000_bench-app_${rows}"
archive="$dir/$name.tar.gz"
work="$(mktemp -d)"
stub=""
trap '[ -n "$stub" ] && kill "$stub" 2>/dev/null; rm -rf "$work"; dropdb --if-exists bench_dl_target >/dev/null 2>&1' EXIT
[ -f target/staging-sync.jar ] || ./mvnw -q -B package -DskipTests
mkdir -p "$dir"

if [ ! -f "$archive" ]; then
  echo "building $archive ($rows rows)…"
  dropdb --if-exists bench_dl_src; createdb bench_dl_src
  psql -X -q -v ON_ERROR_STOP=1 -d bench_dl_src -c "CREATE TABLE events AS SELECT g AS id,
      md5(g::text) || md5((g * 7)::text) || md5((g * 13)::text) AS payload, now() - g * interval '1 second' AS at
      FROM generate_series(1, $rows) g"
  # an uncompressed custom-format dump, as large as the data; the .tar.gz compresses it like Scalingo's archives
  pg_dump -Fc -Z0 -f "$dir/$name.pgsql" bench_dl_src
  tar -C "$dir" -czf "$archive" "$name.pgsql"
  rm -f "$dir/$name.pgsql"
  dropdb bench_dl_src
fi
size=$(stat -c %s "$archive")
echo "archive: $size bytes ($(( size >> 20 )) MiB), $rounds rounds"

python3 bench/scalingo-stub.py "$archive" "$port" & stub=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/v1/x" && break; sleep 0.1; done
createdb bench_dl_target 2>/dev/null || true
echo "tables: []" > "$work/rules.yaml"

now() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=(); fetch=(); whole=(); rss=()
for i in $(seq 1 "$rounds"); do
  rm -rf "$work/curl"; mkdir -p "$work/curl"
  t0=$(now)
  curl -s "http://127.0.0.1:$port/download/$name.tar.gz?token=bench" | tar xz -C "$work/curl"
  t1=$(now)
  base+=($(( (t1 - t0) / 1000000 )))
  rm -rf "$work/curl"

  t0=$(now)
  DATABASE_URL="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/bench_dl_target" \
  SYNC_SOURCE=scalingo SYNC_SOURCE_APP=bench-app SCALINGO_API_TOKEN=bench \
  SCALINGO_AUTH_URL="http://127.0.0.1:$port/v1" SCALINGO_API_URL="http://127.0.0.1:$port/v1" \
  SCALINGO_DB_API_URL="http://127.0.0.1:$port/api" SYNC_ANONYMIZATION_FILE="$work/rules.yaml" \
  SYNC_WORK_DIR="$work/sync" SYNC_REPORT_DIR="$work/report" \
    /usr/bin/time -f "%M" -o "$work/rss" java -jar target/staging-sync.jar plan >"$work/plan.log" 2>&1 \
    || { tail -20 "$work/plan.log"; exit 1; }
  t1=$(now)
  whole+=($(( (t1 - t0) / 1000000 ))); rss+=($(cat "$work/rss"))
  fetch+=($(python3 -c "import json,sys; print(next(s['duration_ms'] for s in json.load(open(sys.argv[1]))['stages'] if s['name'] == 'fetch-backup'))" "$work/report/plan.json"))
  echo "round $i: curl | tar xz ${base[-1]} ms; staging-sync fetch-backup stage ${fetch[-1]} ms (whole plan command ${whole[-1]} ms), peak RSS ${rss[-1]} KiB"
done
mb=$(median "${base[@]}"); mf=$(median "${fetch[@]}"); mw=$(median "${whole[@]}"); mr=$(median "${rss[@]}")
echo "median: curl | tar xz ${mb} ms, fetch-backup ${mf} ms (ratio $(awk "BEGIN {printf \"%.2f\", $mf / $mb}")), whole plan ${mw} ms (ratio $(awk "BEGIN {printf \"%.2f\", $mw / $mb}")), peak RSS ${mr} KiB"
