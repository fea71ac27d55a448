#!/usr/bin/env bash
# The demo: builds a sample "production" database, backs it up the way Scalingo does (pg_dump -Fc in a .tar.gz),
# and syncs it into a local staging database with the example rules (anonymization.yaml).
# Needs Java 17+ and a PostgreSQL server with its client tools; connection from PGHOST/PGPORT/PGUSER/PGPASSWORD.
set -euo pipefail
cd "$(dirname "$0")/.."

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
source_db="${DEMO_SOURCE_DB:-staging_sync_demo_production}"
target_db="${DEMO_TARGET_DB:-staging_sync_demo}"
# the backup is kept here, to try `check` and `plan` on it afterwards
work=target/demo
mkdir -p "$work"

echo "== building staging-sync"
./mvnw -q -B package -DskipTests

backup="$(demo/make-backup.sh "$source_db" "$work")"

echo "== 3/4 syncing it into '$target_db' with anonymization.yaml"
createdb "$target_db" 2>/dev/null || true
status=0
DATABASE_URL="postgres://$PGUSER${PGPASSWORD:+:$PGPASSWORD}@$PGHOST:$PGPORT/$target_db" \
SYNC_SOURCE="file:$backup" \
SYNC_REPORT_DIR="${SYNC_REPORT_DIR:-reports}" \
  java -jar target/staging-sync.jar run || status=$?

if [ "$status" -eq 0 ]; then
  echo "== 4/4 the staging copy: same rows, no real person"
  psql -X -d "$target_db" -c "SELECT id, email, first_name, last_name, full_name, birth_date FROM users ORDER BY id LIMIT 5"
  echo "Report: ${SYNC_REPORT_DIR:-reports}/report.txt and report.json"
  echo "Backup kept for check/plan: SYNC_SOURCE=file:$PWD/$backup"
fi
exit "$status"
