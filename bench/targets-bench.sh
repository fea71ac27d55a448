#!/usr/bin/env bash
# One run into three targets (SYNC_TARGETS) against three separate runs (one per target, DATABASE_URL), same
# backup (the demo's sample database), same machine, alternated round by round. Usage: bench/targets-bench.sh [ROUNDS]
# Needs PGHOST/PGPORT/PGUSER like the demo (a role that may create databases) and target/staging-sync.jar.
# Prints one line per measurement and a summary; drops every database it created.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
work="target/bench-targets"
rm -rf "$work"; mkdir -p "$work"
[ -f target/staging-sync.jar ] || ./mvnw -q -B package -DskipTests

source_db="ss_bench_targets_source"
archive="$(demo/make-backup.sh "$source_db" "$work" 2>/dev/null)"
targets=(ss_bench_targets_a ss_bench_targets_b ss_bench_targets_c)
modes=(swap in-place swap)
cleanup() {
  for db in "${targets[@]}"; do dropdb --if-exists "$db"; dropdb --if-exists "${db}_next"; done
  dropdb --if-exists "$source_db"
}
trap cleanup EXIT
for db in "${targets[@]}"; do dropdb --if-exists "$db"; createdb "$db"; done
url() { echo "postgres://${PGUSER:-postgres}@${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$1"; }
{
  echo "targets:"
  for i in 0 1 2; do
    echo "  - {name: t$i, url: \"$(url "${targets[$i]}")\", mode: ${modes[$i]}, app: bench-staging-$i}"
  done
} >"$work/targets.yaml"

common=(env SYNC_SOURCE="file:$archive" SYNC_ANONYMIZATION_FILE=anonymization.yaml SYNC_WORK_DIR="$work/work"
        SYNC_REPORT_DIR="$work/reports")
now() { date +%s%3N; }
one_run() {
  local start; start=$(now)
  "${common[@]}" SYNC_TARGETS="$work/targets.yaml" java -jar target/staging-sync.jar run >"$work/one.log" 2>&1 \
    || { echo "the run into three targets failed, see $work/one.log" >&2; exit 1; }
  echo $(( $(now) - start ))
}
separate_runs() {
  local start; start=$(now)
  for i in 0 1 2; do
    "${common[@]}" DATABASE_URL="$(url "${targets[$i]}")" SYNC_TARGET_MODE="${modes[$i]}" APP="bench-staging-$i" \
      java -jar target/staging-sync.jar run >"$work/separate-$i.log" 2>&1 \
      || { echo "separate run $i failed, see $work/separate-$i.log" >&2; exit 1; }
  done
  echo $(( $(now) - start ))
}
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(git rev-parse --short HEAD)"
ones=(); separates=()
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then o=$(one_run); s=$(separate_runs); else s=$(separate_runs); o=$(one_run); fi
  ones+=("$o"); separates+=("$s")
  echo "round $r (load $(cut -d' ' -f1 /proc/loadavg)): one run into 3 targets ${o} ms, 3 separate runs ${s} ms"
done
python3 - "${ones[*]}" "${separates[*]}" <<'PY'
import statistics, sys
one = [int(x) for x in sys.argv[1].split()]; sep = [int(x) for x in sys.argv[2].split()]
mo, ms = statistics.median(one), statistics.median(sep)
print(f"median: one run {mo/1000:.1f} s, three runs {ms/1000:.1f} s, one / three = {mo/ms:.2f}")
PY
