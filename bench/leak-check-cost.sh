#!/usr/bin/env bash
# Benchmark: the leak check with its full query on every masked table (before) and screened first by the forms the
# masked and original values could share (after), on the same private copies of each masked table (the demo
# database, the benchmark's app database or Pagila, with their rules), alternating round by round in one session.
# Usage:
#   bench/leak-check-cost.sh sample [users]      the demo database with N users (default 200000)
#   bench/leak-check-cost.sh app [users]         bench/app-db.sql with N users (default 92500, the 250 MB database)
#   bench/leak-check-cost.sh pagila <datasets>   Pagila from <datasets>/pagila
# Needs PGHOST/PGPORT/PGUSER like the demo; compiles the classes (./mvnw test-compile) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
kind="${1:-sample}"
rounds="${ROUNDS:-5}"
db=bench_leak_check
trap 'dropdb --if-exists "$db" >/dev/null' EXIT
[ -f target/test-classes/io/stagingsync/anonymize/LeakCheckCost.class ] || ./mvnw -q -B -o test-compile
cp="target/classes:target/test-classes:$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | sort -V | tail -1)"

dropdb --if-exists "$db"; createdb "$db"
if [ "$kind" = pagila ]; then
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$2/pagila/pagila-schema.sql" >/dev/null
  psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$2/pagila/pagila-data.sql" >/dev/null
elif [ "$kind" = app ]; then
  psql -X -q -v ON_ERROR_STOP=1 -v users="${2:-92500}" -d "$db" -f bench/app-db.sql >/dev/null
else
  psql -X -q -v ON_ERROR_STOP=1 -v users="${2:-200000}" -d "$db" -f demo/sample-app.sql >/dev/null
fi
echo "dataset: $kind, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)"
url="jdbc:postgresql://$PGHOST:$PGPORT/$db?user=$PGUSER${PGPASSWORD:+&password=$PGPASSWORD}"
check() { java -cp "$cp" io.stagingsync.anonymize.LeakCheckCost "$url" "$rounds" "$@"; }

# the rules of src/test/resources/rules/pagila.yaml, bench/app-rules.yaml and anonymization.yaml, one leaf table at a
# time as a run loads them
if [ "$kind" = app ]; then
  check public.users "email='user' || id || '@example.test'" "email_md5=md5('user' || id || '@example.test')" \
    "first_name='Demo'" "last_name='User ' || id" "full_name='Demo User ' || id" "credit_card_last_4='XXXX'" \
    "iban_last4='XXXX'" "stripe_customer_id=NULL" "address_line1='1 Demo Street'" "address_line2=NULL" \
    "city='Demo City'" "postal_code='00000'" "birth_date=NULL" "birth_place=NULL" "billing_extra=NULL" \
    "zendesk_user_id=NULL"
  check public.phone_numbers "number='+999' || lpad(id::text, 9, '0')"
elif [ "$kind" = pagila ]; then
  check public.customer "first_name='Customer'" "last_name='N' || customer_id" \
    "email='customer' || customer_id || '@example.test'"
  check public.staff "first_name='Staff'" "last_name='N' || staff_id" "email='staff' || staff_id || '@example.test'" \
    "username='staff' || staff_id" "password=NULL" "picture=NULL"
  check public.address "address=address_id || ' Demo Street'" "address2=NULL" "district='District ' || address_id" \
    "postal_code='PC' || address_id" "phone='+33 0 00 ' || lpad(address_id::text, 6, '0')"
else
  check public.users "email='user' || id || '@example.test'" "first_name='Demo'" "last_name='User ' || id" "birth_date=NULL"
  check public.addresses "line1=id || ' Demo Street'" "city='Demo City'" "postal_code='00000'"
  check public.phone_numbers "number='+33700' || lpad(id::text, 7, '0')"
  check public.payment_methods "card_last4='****'" "iban=CASE WHEN iban IS NOT NULL THEN 'FR76 XXXX' END"
  for p in payments_2024 payments_2025 payments_2026; do
    check "public.$p" "payer_email='payer' || id || '@example.test'"
  done
  check 'public."AuditTrail"' "UserEmail='user' || \"Id\" || '@example.test'"
  check "ONLY public.legacy_contacts" "name='Contact ' || id" "email='contact' || id || '@example.test'"
  check public.legacy_contacts_2019 "name='Contact ' || id" "email='contact' || id || '@example.test'"
fi
