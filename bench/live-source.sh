#!/usr/bin/env bash
# Benchmark: a live source (SYNC_SOURCE=postgres://…) read with SYNC_LIVE_SOURCE_MODE=stream (schema dumped in one
# snapshot, rows copied straight into the load) against =dump (pg_dump -Fc to the work directory, then restored), in
# the same session, alternating (the order swaps every round). The source is the app-shaped database restored from
# bench/app-archive.sh's archive. Prints each round (wall time, report.json's stages, peak RSS, the work directory's
# disk high-water mark) and the medians. Every database it creates is dropped.
# Usage: bench/live-source.sh [ARCHIVE]   (default: bench/app-archive.sh 250's); ROUNDS (default 3).
# Needs PGHOST/PGPORT/PGUSER like the demo, python3, /usr/bin/time, and target/staging-sync.jar (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
rounds="${ROUNDS:-3}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a whole number, at least 1 (got '$rounds')" >&2; exit 2; }
archive="${1:-$(bench/app-archive.sh 250)}"
[ -f "$archive" ] || { echo "no archive at $archive" >&2; exit 2; }
rules="${BENCH_RULES:-bench/app-rules.yaml}"
work="$(mktemp -d)"
dbs=(bench_live_source bench_live_target bench_live_target_next bench_live_target_previous)
poller=""
cleanup() {
  [ -n "$poller" ] && kill "$poller" 2>/dev/null
  for d in "${dbs[@]}"; do dropdb --if-exists --force "$d" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
[ -f target/staging-sync.jar ] || ./mvnw -q -B package -DskipTests
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time) for the JVM's peak RSS" >&2; exit 2; }

# shellcheck source=bench/measure.sh
. bench/measure.sh

echo "restoring $archive into bench_live_source…" >&2
dropdb --if-exists --force bench_live_source >/dev/null 2>&1; createdb bench_live_source
tar -C "$work" -xzf "$archive"
pg_restore --no-owner --no-privileges -j 2 -d bench_live_source "$work"/*.pgsql
rm -f "$work"/*.pgsql
psql -X -q -d bench_live_source -c "VACUUM ANALYZE" >/dev/null
echo "source: $(psql -X -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))" -d bench_live_source), $rounds rounds"

run_mode() {
  local mode="$1" load t0 ms
  for d in bench_live_target bench_live_target_next bench_live_target_previous; do dropdb --if-exists --force "$d" >/dev/null 2>&1; done
  createdb bench_live_target
  rm -rf "$work/sync" "$work/report"; mkdir -p "$work/sync"; echo 0 > "$work/disk"
  poll_disk "$work/sync" "$work/disk" & poller=$!
  load=$(load1); t0=$(now)
  if ! DATABASE_URL="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/bench_live_target" \
      SYNC_SOURCE="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/bench_live_source" \
      SYNC_LIVE_SOURCE_MODE="$mode" SYNC_ANONYMIZATION_FILE="$rules" \
      SYNC_WORK_DIR="$work/sync" SYNC_REPORT_DIR="$work/report" \
      /usr/bin/time -f "%M" -o "$work/rss" java -jar target/staging-sync.jar run >"$work/run.log" 2>&1; then
    sed -n '/^staging-sync /,$p' "$work/run.log"; tail -5 "$work/run.log"; exit 1
  fi
  ms=$(( ($(now) - t0) / 1000000 ))
  kill "$poller"; wait "$poller" 2>/dev/null || true; poller=""
  stages=$(python3 -c 'import json, sys
print(" ".join("%s=%d" % (s["name"], s["duration_ms"]) for s in json.load(open(sys.argv[1]))["stages"]))' "$work/report/report.json")
  echo "$mode $ms $(tail -1 "$work/rss") $(cat "$work/disk") load=$load $stages" | tee -a "$work/results"
}

for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) -eq 1 ]; then run_mode stream; run_mode dump; else run_mode dump; run_mode stream; fi
done
echo "mode wall_ms peak_rss_kib work_dir_peak_bytes load stages…"
cat "$work/results"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in stream dump; do
  echo "median $mode: wall $(awk -v m=$mode '$1 == m {print $2}' "$work/results" | median) ms," \
    "work dir peak $(awk -v m=$mode '$1 == m {print $4}' "$work/results" | median) bytes"
done
