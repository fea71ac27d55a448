#!/usr/bin/env bash
# MongoDB source load: documents per second and the JVM's peak RSS of `run` on one large collection, copied as it
# is and with three paths masked, the two variants alternated in one session. The source is mongo-java-server (an
# in-memory MongoDB wire-protocol server, in its own JVM): it answers faster than a real mongod reading from disk
# would, so the rates are staging-sync's and PostgreSQL's side of the load, not a real server's.
# Usage: bench/mongodb-load.sh [DOCUMENTS=1000000] [BYTES_PER_DOCUMENT=300] [ROUNDS=1]
# Needs PGHOST/PGPORT/PGUSER like the demo, python3, /usr/bin/time, and ./mvnw -o package -DskipTests (the jar,
# target/lib, and the test classes with target/mongo-server).
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-1000000}
bytes=${2:-300}
rounds=${3:-1}
[[ "$documents" =~ ^[0-9]+$ && "$bytes" =~ ^[0-9]+$ && "$rounds" =~ ^[1-9][0-9]*$ ]] \
  || { echo "usage: bench/mongodb-load.sh [DOCUMENTS] [BYTES_PER_DOCUMENT] [ROUNDS]: whole numbers" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian: apt-get install time) for the JVM's peak RSS" >&2; exit 2; }
[ -f target/staging-sync.jar ] && [ -d target/mongo-server ] && [ -d target/test-classes ] \
  || { echo "build first: ./mvnw -o package -DskipTests" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mongodb-bench.XXXXXX")
db=ss_bench_mongo_$$
server=
cleanup() {
  exec 9>&- 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/server-input"
java -Xmx8g -cp "target/mongo-server/*:target/test-classes" io.stagingsync.testing.MongoServerMain \
  <"$work/server-input" >"$work/server.log" 2>&1 &
server=$!
exec 9>"$work/server-input"   # the server stops when this closes
for _ in $(seq 1 600); do grep -q '^port ' "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/^port //p' "$work/server.log")
[ -n "$port" ] || { echo "the MongoDB test server did not start: $(cat "$work/server.log")" >&2; exit 1; }
url="mongodb://127.0.0.1:$port/bench"

start=$(date +%s%N)
java -cp "target/test-classes:target/lib/*" io.stagingsync.testing.MongoBenchSeed "$url" people "$documents" "$bytes" \
  >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }
echo "seeded $documents documents of ~$bytes bytes in $(( ($(date +%s%N) - start) / 1000000 )) ms"

cat >"$work/as-is.yaml" <<'YAML'
tables: []
pii_scan:
  policy: warn
YAML
cat >"$work/masked.yaml" <<'YAML'
tables:
  - table: people
    columns:
      doc.email: "'person' || _id || '@example.test'"
      doc.address.city: "'Springfield'"
      doc.phones: "'+00 ' || md5(value::text)"
      doc.address.zip: "'00000'"
YAML

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
for round in $(seq 1 "$rounds"); do
  for variant in as-is masked; do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$db" SYNC_SOURCE="$url" SYNC_TARGET_MODE=in-place \
      SYNC_ANONYMIZATION_FILE="$work/$variant.yaml" SYNC_REPORT_DIR="$work/reports" SYNC_WORK_DIR="$work/work" \
      /usr/bin/time -f "%M" -o "$work/rss" java -jar target/staging-sync.jar run >"$work/run.log" 2>&1 \
      || { tail -30 "$work/run.log" >&2; exit 1; }
    python3 - "$work/reports/report.json" "$documents" "$(cat "$work/rss")" "$variant" "$round" "$load" <<'PY'
import json, sys
report, documents, rss, variant, round_, load = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:]
r = json.load(open(report))
stages = {s["name"]: s["duration_ms"] for s in r["stages"]}
load_ms = stages["load-documents"]
total = sum(stages.values())
print(f"round {round_} {variant}: load-documents {load_ms} ms = {documents * 1000 // max(load_ms, 1)} documents/s; "
      f"whole run {total} ms = {documents * 1000 // max(total, 1)} documents/s; JVM peak RSS {rss // 1024} MiB; "
      f"load average {load}; stages {stages}")
PY
  done
done
