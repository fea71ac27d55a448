-- The predecessor gem's `payment_anonymization` strategy, in its per-connection transaction and savepoint.
BEGIN;
SAVEPOINT anon_payment_methods;
UPDATE payment_methods SET card_last4 = '0000';
SELECT COUNT(*) FROM payment_methods;
RELEASE SAVEPOINT anon_payment_methods;
COMMIT;
