#!/usr/bin/env bash
# Benchmark on an app-shaped database (bench/app-db.sql, built by bench/app-archive.sh): for each size, in one
# session, on the same Scalingo-shaped archive, these variants alternated round by round (the order rotates):
#   floor-j2, floor-j4  bare `pg_restore -j 2` / `-j 4` of the dump into an empty database, no anonymization
#                       (the faster median of the two is the floor)
#   gem                 the predecessor gem's method: its `pg_restore --jobs=4`, then its UPDATEs (bench/gem/*.sql)
#                       on three connections at once, with the indexes and foreign keys present
#   sync                `java -jar target/staging-sync.jar run` from SYNC_SOURCE=file:<archive> with the equivalent
#                       rules (bench/app-rules.yaml) and default settings (swap mode, parallelism chosen for the machine)
#   sync-base           only with BASELINE_JAR=<path to another staging-sync.jar>: the same run with that jar, so that
#                       a change is measured against the version before it in the same rounds (the summary gives
#                       sync / sync-base)
# Prints every round, then the medians: wall times, staging-sync / floor, gem / staging-sync, staging-sync's stages
# (report.json), the JVM's peak RSS and the work directory's disk high-water mark; writes them into
# bench/BENCHMARKS.md (BENCHMARKS_MD=- leaves it alone); the last staging-sync log and report of each size stay in
# target/bench-app/. Every database it creates is dropped.
# Usage: bench/app-bench.sh [SIZE_MB ...]   (default: 250 1000); ROUNDS (default 3); BASELINE_JAR (optional).
# Needs PGHOST/PGPORT/PGUSER like the demo, python3, /usr/bin/time, and target/staging-sync.jar (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
[ $# -gt 0 ] || set -- 250 1000
rounds="${ROUNDS:-3}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a whole number, at least 1 (got '$rounds')" >&2; exit 2; }
for size in "$@"; do
  [[ "$size" =~ ^[0-9]+$ ]] || { echo "sizes are whole numbers of megabytes (got '$size')" >&2; exit 2; }
done
rules="$(realpath "${BENCH_RULES:-bench/app-rules.yaml}")"
baseline="${BASELINE_JAR:-}"
[ -z "$baseline" ] || [ -f "$baseline" ] || { echo "BASELINE_JAR names no file: '$baseline'" >&2; exit 2; }
notes="${BENCHMARKS_MD:-bench/BENCHMARKS.md}"
# absolute: the baseline runs from the directory of its own routes
cache="$(realpath -m "${BENCH_DIR:-target/bench-app}")"
work="$(mktemp -d)"
dbs=(bench_app_floor bench_app_gem bench_app_sync bench_app_sync_next bench_app_sync_previous)
poller=""
cleanup() {
  [ -n "$poller" ] && kill "$poller" 2>/dev/null
  for d in "${dbs[@]}"; do dropdb --if-exists --force "$d" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ -f target/staging-sync.jar ] || ./mvnw -q -B package -DskipTests
if [ -n "$baseline" ]; then
  # the jar names its dependencies in lib/ beside it: the baseline's own when it has them, else this checkout's
  mkdir -p "$work/base"; cp "$baseline" "$work/base/staging-sync.jar"
  lib="$(dirname "$baseline")/lib"; [ -d "$lib" ] || lib="$PWD/target/lib"
  ln -s "$(cd "$lib" && pwd)" "$work/base/lib"
  # and it runs with the routes and application.properties of its checkout, when it has one
  home="$(cd "$(dirname "$baseline")/.." && pwd)"
  if [ -d "$home/routes" ]; then
    for f in routes application.properties; do [ -e "$home/$f" ] && cp -r "$home/$f" "$work/$f"; done
  fi
  baseline="$work/base/staging-sync.jar"
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time) for the JVM's peak RSS" >&2; exit 2; }
if env | grep -q '^SYNC_'; then
  echo "note: SYNC_* variables are set and apply to the staging-sync runs: $(env | grep '^SYNC_' | cut -d= -f1 | xargs)" >&2
fi

# shellcheck source=bench/measure.sh
. bench/measure.sh
# size round variant ms rss_kib disk_bytes load1 details
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$round" "$@" >> "$work/results.tsv"; }

run_floor() {
  local jobs=$1 load t0 ms
  fresh_db bench_app_floor
  load=$(load1); t0=$(now)
  pg_restore --no-owner --no-privileges -j "$jobs" -d bench_app_floor "$dump"
  ms=$(ms_since "$t0")
  dropdb --force bench_app_floor
  record "floor-j$jobs" "$ms" "" "" "$load" ""
  echo "  floor pg_restore -j $jobs: $ms ms"
}

run_gem() {
  local load t0 t1 ms pids=() p
  fresh_db bench_app_gem
  load=$(load1); t0=$(now)
  # the gem's argument vector (--verbose left out: its output only fills a buffer)
  pg_restore --no-owner --no-acl --no-privileges --no-subscriptions --no-security-labels --no-publications \
    --no-comments --no-tablespaces --exclude-schema=pghero --exclude-schema=heroku_ext --jobs=4 -d bench_app_gem "$dump"
  t1=$(now)
  # three connections, one table each (the gem's round-robin of its three tables)
  for t in users phone_numbers payment_methods; do
    psql -X -q -v ON_ERROR_STOP=1 -d bench_app_gem -f "bench/gem/$t.sql" >/dev/null & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  ms=$(ms_since "$t0")
  dropdb --force bench_app_gem
  record gem "$ms" "" "" "$load" "restore=$(( (t1 - t0) / 1000000 )),update=$(( ms - (t1 - t0) / 1000000 ))"
  echo "  gem method: $ms ms (pg_restore $(( (t1 - t0) / 1000000 )) ms, then the UPDATEs)"
}

# The folder a jar runs from: its own checkout when it has routes/ (a baseline jar reads the routes it was built
# with, not this checkout's), else this one.
jar_home() {
  local home
  home=$(cd "$(dirname "$1")/.." && pwd)
  if [ -d "$home/routes" ]; then echo "$home"; else pwd; fi
}

# run_sync VARIANT JAR
run_sync() {
  local variant=$1 jar=$2 load t0 ms rss disk stages
  for d in bench_app_sync_next bench_app_sync_previous; do dropdb --if-exists --force "$d" >/dev/null 2>&1; done
  fresh_db bench_app_sync
  rm -rf "$work/sync" "$work/report"; mkdir -p "$work/sync"; echo 0 > "$work/disk"
  poll_disk "$work/sync" "$work/disk" & poller=$!
  load=$(load1); t0=$(now)
  if ! DATABASE_URL="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/bench_app_sync" \
      SYNC_SOURCE="file:$archive" SYNC_ANONYMIZATION_FILE="$rules" \
      SYNC_WORK_DIR="$work/sync" SYNC_REPORT_DIR="$work/report" \
      /usr/bin/time -f "%M" -o "$work/rss" bash -c 'cd "$1" && exec java -jar "$2" run' _ "$(jar_home "$jar")" "$(realpath "$jar")" \
      >"$work/run.log" 2>&1; then
    sed -n '/^staging-sync /,$p' "$work/run.log"; tail -5 "$work/run.log"; exit 1
  fi
  ms=$(ms_since "$t0")
  kill "$poller"; wait "$poller" 2>/dev/null || true; poller=""
  rss=$(tail -1 "$work/rss"); disk=$(cat "$work/disk")
  # the last run's log and report, to see where its time went
  cp "$work/run.log" "$cache/last-$variant-${size}mb.log"; cp "$work/report/report.json" "$cache/last-$variant-${size}mb.json"
  stages=$(python3 -c 'import json, sys
print(",".join("%s=%d" % (s["name"], s["duration_ms"]) for s in json.load(open(sys.argv[1]))["stages"]))' "$work/report/report.json")
  for d in bench_app_sync bench_app_sync_next bench_app_sync_previous; do dropdb --if-exists --force "$d" >/dev/null 2>&1; done
  record "$variant" "$ms" "$rss" "$disk" "$load" "$stages"
  echo "  $variant: staging-sync run: $ms ms, JVM peak RSS $(( rss / 1024 )) MiB, work dir peak $(( disk >> 20 )) MiB; $stages"
}

: > "$work/results.tsv"; : > "$work/sizes.tsv"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
for size in "$@"; do
  # absolute: a baseline jar runs from its own checkout
  archive=$(realpath "$(bench/app-archive.sh "$size" "$cache" | tail -1)")
  printf '%s\t%s\n' "$size" "$(cat "${archive%.tar.gz}.info")" >> "$work/sizes.tsv"
  rm -rf "$work/dump"; mkdir -p "$work/dump"
  tar -C "$work/dump" -xzf "$archive"
  dump=$(ls "$work"/dump/*.pgsql)
  echo "== $size MB: $(cat "${archive%.tar.gz}.info"), $rounds rounds"
  variants=(floor-j2 floor-j4 gem sync)
  [ -z "$baseline" ] || variants+=(sync-base)
  n=${#variants[@]}
  for round in $(seq 1 "$rounds"); do
    echo " round $round (load average $(load1))"
    for k in $(seq 0 $(( n - 1 ))); do
      case "${variants[$(( (round - 1 + k) % n ))]}" in
        floor-j2) run_floor 2 ;;
        floor-j4) run_floor 4 ;;
        gem) run_gem ;;
        sync) run_sync sync target/staging-sync.jar ;;
        sync-base) run_sync sync-base "$baseline" ;;
      esac
    done
  done
done

python3 bench/app-bench-summary.py "$work/results.tsv" "$work/sizes.tsv" "$started" "$rounds" "$notes"
