-- The predecessor gem's `phone_anonymization` strategy, in its per-connection transaction and savepoint.
BEGIN;
SAVEPOINT anon_phone_numbers;
UPDATE phone_numbers SET number = '060' || LPAD(COALESCE(user_id::text, id::text), 7, '0');
SELECT COUNT(*) FROM phone_numbers;
RELEASE SAVEPOINT anon_phone_numbers;
COMMIT;
