#!/usr/bin/env bash
# Benchmark: a full staging-sync `run` (unpack, restore, masking, leak check, verification) against a bare
# `pg_restore -j N` of the same dump into an empty database (no anonymization), in the same session, as a ratio.
# Also the JVM's peak RSS. Usage:
#   bench/run-vs-pg_restore.sh sample [users]      the demo database with N users (default 200000)
#   bench/run-vs-pg_restore.sh pagila <datasets>   Pagila from <datasets>/pagila
# Needs PGHOST/PGPORT/PGUSER like the demo, and target/staging-sync.jar (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
kind="${1:-sample}"
rounds="${ROUNDS:-3}"
jobs="${SYNC_PARALLELISM:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"; dropdb --if-exists bench_src >/dev/null; dropdb --if-exists bench_base >/dev/null; dropdb --if-exists bench_sync >/dev/null' EXIT
[ -f target/staging-sync.jar ] || ./mvnw -q -B package -DskipTests

dropdb --if-exists bench_src; createdb bench_src
if [ "$kind" = pagila ]; then
  psql -X -q -v ON_ERROR_STOP=1 -d bench_src -f "$2/pagila/pagila-schema.sql" >/dev/null
  psql -X -q -v ON_ERROR_STOP=1 -d bench_src -f "$2/pagila/pagila-data.sql" >/dev/null
  rules=src/test/resources/rules/pagila.yaml
else
  psql -X -q -v ON_ERROR_STOP=1 -v users="${2:-200000}" -d bench_src -f demo/sample-app.sql
  rules=anonymization.yaml
fi
pg_dump -Fc -f "$work/bench.pgsql" bench_src
tar -C "$work" -czf "$work/bench.tar.gz" bench.pgsql
echo "dataset: $kind, dump $(stat -c %s "$work/bench.pgsql") bytes, archive $(stat -c %s "$work/bench.tar.gz") bytes, jobs $jobs, $rounds rounds"

now() { date +%s%N; }
base=(); sync=(); rss=()
for i in $(seq 1 "$rounds"); do
  dropdb --if-exists bench_base; createdb bench_base
  t0=$(now); pg_restore --no-owner --no-privileges -j "$jobs" -d bench_base "$work/bench.pgsql"; t1=$(now)
  base+=($(( (t1 - t0) / 1000000 )))

  dropdb --if-exists bench_sync; createdb bench_sync
  t0=$(now)
  DATABASE_URL="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/bench_sync" \
  SYNC_SOURCE="file:$work/bench.tar.gz" SYNC_ANONYMIZATION_FILE="$rules" SYNC_PARALLELISM="$jobs" \
  SYNC_REPORT_DIR="$work/report" \
    /usr/bin/time -f "%M" -o "$work/rss" java -jar target/staging-sync.jar run >"$work/run.log" 2>&1 \
    || { sed -n '/^staging-sync /,$p' "$work/run.log"; exit 1; }
  t1=$(now)
  sync+=($(( (t1 - t0) / 1000000 ))); rss+=($(cat "$work/rss"))
  echo "round $i: pg_restore ${base[-1]} ms, staging-sync run ${sync[-1]} ms, peak RSS ${rss[-1]} KiB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mb=$(median "${base[@]}"); ms=$(median "${sync[@]}"); mr=$(median "${rss[@]}")
echo "median: pg_restore ${mb} ms, staging-sync ${ms} ms, ratio $(awk "BEGIN {printf \"%.2f\", $ms / $mb}"), peak RSS ${mr} KiB"
