#!/usr/bin/env bash
# Builds the benchmark's app-shaped database (bench/app-db.sql) at about SIZE_MB on disk, dumps it with
# `pg_dump -Fc` and wraps the dump like a Scalingo backup (<timestamp>_<app>.tar.gz holding <same name>.pgsql).
# The archive is kept in DIR and reused while bench/app-db.sql is unchanged; the source database is dropped.
# Usage: bench/app-archive.sh SIZE_MB [DIR]   (DIR default target/bench-app). Prints the archive's path last.
# Needs PGHOST/PGPORT/PGUSER like the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
size_mb="${1:?usage: bench/app-archive.sh SIZE_MB [DIR]}"
dir="${2:-target/bench-app}"
[[ "$size_mb" =~ ^[0-9]+$ ]] && [ "$size_mb" -ge 5 ] || { echo "SIZE_MB must be a whole number of megabytes, at least 5 (got '$size_mb')" >&2; exit 2; }
# about 2.8 KB on disk per user with everything that hangs off it (measured on PostgreSQL 15)
users=$(( size_mb * 370 ))
sql_sha=$(sha256sum bench/app-db.sql | cut -c1-12)
app="bench-app-${size_mb}mb-${sql_sha}"
mkdir -p "$dir"

existing=$(ls "$dir"/*_"$app".tar.gz 2>/dev/null | head -1 || true)
if [ -n "$existing" ] && [ -f "${existing%.tar.gz}.info" ]; then
  echo "reusing $existing ($(cat "${existing%.tar.gz}.info"))" >&2
  echo "$existing"
  exit 0
fi

rm -f "$dir"/*_bench-app-"${size_mb}"mb-*.tar.gz "$dir"/*_bench-app-"${size_mb}"mb-*.info   # built from an older app-db.sql
db="bench_app_source"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
name="$(date -u +%Y%m%d%H%M%S)_$app"
echo "generating $db: $users users (about $size_mb MB)…" >&2
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
t0=$(date +%s%N)
psql -X -q -v ON_ERROR_STOP=1 -v users="$users" -d "$db" -f bench/app-db.sql >/dev/null
t1=$(date +%s%N)
db_bytes=$(psql -X -Atc "SELECT pg_database_size(current_database())" -d "$db")
pii_bytes=$(psql -X -Atc "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['users', 'phone_numbers', 'payment_methods']::regclass[]) AS c" -d "$db")
pg_dump -Fc -f "$dir/$name.pgsql" "$db"
t2=$(date +%s%N)
tar -C "$dir" -czf "$dir/$name.tar.gz.part" "$name.pgsql"
dump_bytes=$(stat -c %s "$dir/$name.pgsql")
rm -f "$dir/$name.pgsql"
mv "$dir/$name.tar.gz.part" "$dir/$name.tar.gz"
info="users=$users db_bytes=$db_bytes pii_bytes=$pii_bytes dump_bytes=$dump_bytes archive_bytes=$(stat -c %s "$dir/$name.tar.gz")"
echo "$info" > "$dir/$name.info"
echo "built $dir/$name.tar.gz ($info; generated in $(( (t1 - t0) / 1000000 )) ms, dumped in $(( (t2 - t1) / 1000000 )) ms)" >&2
echo "$dir/$name.tar.gz"
