#!/usr/bin/env bash
# Builds the sample "production" database (fake people only) and backs it up like Scalingo: a .tar.gz holding one
# pg_dump -Fc file. Usage: demo/make-backup.sh [SOURCE_DB [DIR]]; prints the backup's path on stdout, the rest on stderr.
# Connection from PGHOST/PGPORT/PGUSER/PGPASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 3>&1 1>&2

source_db="${1:-staging_sync_demo_production}"
work="${2:-target/demo}"
mkdir -p "$work"

echo "== 1/4 creating the sample production database '$source_db' (fake people only)"
dropdb --if-exists "$source_db"
createdb "$source_db"
psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" -f demo/sample-app.sql

echo "== 2/4 backing it up like Scalingo: a .tar.gz holding one pg_dump -Fc file"
name="$(date -u +%Y%m%d%H%M%S)_demo-production_1"
rm -f "$work"/*_demo-production_1.tar.gz
pg_dump -Fc -f "$work/$name.pgsql" "$source_db"
tar -C "$work" -czf "$work/$name.tar.gz" "$name.pgsql"
rm "$work/$name.pgsql"
echo "$work/$name.tar.gz" >&3
