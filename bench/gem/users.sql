-- The predecessor gem's `user_anonymization` strategy, as it sends it (one statement, whitespace squished), inside
-- the transaction and savepoint it opens per connection and table, with its row-count check (anonymizer, E.7-E.8).
BEGIN;
SAVEPOINT anon_users;
UPDATE users SET email = 'user' || id || '@demo.yespark.fr', email_md5 = MD5(email), first_name = 'Demo', last_name = 'User' || id, full_name = first_name || ' ' || last_name, credit_card_last_4 = '0000', iban_last4 = '0000', stripe_customer_id = NULL, address_line1 = '8 rue du sentier', address_line2 = NULL, city = 'Paris', postal_code = '75002', birth_date = NULL, birth_place = NULL, billing_extra = NULL, zendesk_user_id = NULL;
SELECT COUNT(*) FROM users;
RELEASE SAVEPOINT anon_users;
COMMIT;
