-- People-like rows for Lago's schema (loaded from STAGING_SYNC_DATASETS): a handful per table that holds people's
-- data, with the free text and nested documents a real tenant would have.
SET search_path = public;

INSERT INTO organizations (id, name, created_at, updated_at, hmac_key, slug, email, address_line1, address_line2, city,
        zipcode, state, country, legal_name, legal_number, tax_identification_number, logo, api_key, webhook_url,
        invoice_footer)
SELECT ('00000000-0000-0000-0000-00000000000' || i)::uuid, o.name, now(), now(), md5('hmac' || i), 'org-' || i, o.email,
       o.street, 'Building ' || i, o.city, o.zip, 'Ile-de-France', 'FR', o.legal, o.siren, 'FR' || o.siren, o.logo,
       md5('apikey' || i), 'https://hooks.' || o.host || '/lago/' || md5('w' || i),
       'Thank you for your business. Questions? Write to ' || o.email || ' or call +33 6 12 34 56 7' || i || '.'
FROM (VALUES (1, 'Durand Conseil', 'claire.durand@durand-conseil.fr', '12 rue des Lilas', 'Lyon', '69003',
              'Claire Durand EI', '812345671', 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk', 'durand-conseil.fr'),
             (2, 'Martin & Fils', 'paul.martin@martinfils.com', '3 avenue Foch', 'Paris', '75016',
              'Paul Martin SARL', '903456782', 'https://cdn.martinfils.com/logo.png', 'martinfils.com'),
             (3, 'Studio Nguyen', 'linh@studio-nguyen.io', '48 quai de la Loire', 'Nantes', '44000',
              'Linh Nguyen Studio', '794561233', 'https://studio-nguyen.io/static/linh.jpg', 'studio-nguyen.io'))
     AS o(i, name, email, street, city, zip, legal, siren, logo, host);

INSERT INTO billing_entities (id, organization_id, name, code, created_at, updated_at, email, phone, address_line1,
        address_line2, city, zipcode, state, country, legal_name, legal_number, tax_identification_number, logo,
        invoice_footer, email_settings)
SELECT ('10000000-0000-0000-0000-00000000000' || o.n)::uuid, o.id, o.name, 'be-' || o.n, now(), now(), o.email,
       '+33 6 22 33 44 5' || o.n, o.address_line1, o.address_line2, o.city, o.zipcode, o.state, o.country, o.legal_name,
       o.legal_number, o.tax_identification_number, o.logo, o.invoice_footer,
       ARRAY['invoice.finalized', 'credit_note.created']
FROM (SELECT row_number() OVER (ORDER BY id) AS n, * FROM organizations) o;

INSERT INTO users (id, email, password_digest, created_at, updated_at)
VALUES ('20000000-0000-0000-0000-000000000001', 'claire.durand@durand-conseil.fr',
        '$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', now(), now()),
       ('20000000-0000-0000-0000-000000000002', 'paul.martin@martinfils.com',
        '$2a$12$Hd8Qk2mM1q7n3lZrP0xYjOaBcDeFgHiJkLmNoPqRsTuVwXyZ01234', now(), now()),
       ('20000000-0000-0000-0000-000000000003', 'linh@studio-nguyen.io',
        '$2a$12$zYxWvUtSrQpOnMlKjIhGfOeDcBa9876543210zYxWvUtSrQpOnMlKj', now(), now());

INSERT INTO memberships (organization_id, user_id, created_at, updated_at)
SELECT ('00000000-0000-0000-0000-00000000000' || i)::uuid, ('20000000-0000-0000-0000-00000000000' || i)::uuid, now(), now()
FROM generate_series(1, 3) i;

INSERT INTO invites (organization_id, email, token, created_at, updated_at, roles)
VALUES ('00000000-0000-0000-0000-000000000001', 'julie.bernard@durand-conseil.fr', md5('invite1'), now(), now(), '{admin}'),
       ('00000000-0000-0000-0000-000000000002', 'hugo.petit@martinfils.com', md5('invite2'), now(), now(), '{finance}'),
       ('00000000-0000-0000-0000-000000000003', 'emma.roux@gmail.com', md5('invite3'), now(), now(), '{manager}');

INSERT INTO password_resets (user_id, token, expire_at, created_at, updated_at)
SELECT id, md5('reset' || email), now() + interval '1 day', now(), now() FROM users;

INSERT INTO user_devices (user_id, fingerprint, last_logged_at, created_at, updated_at, browser, os, device_type,
        last_ip_address)
SELECT id, md5('device' || email), now(), now(), now(), 'Firefox 128', 'Ubuntu', 'desktop',
       '82.64.' || (10 + row_number() OVER (ORDER BY id)) || '.17'
FROM users;

INSERT INTO api_keys (organization_id, value, created_at, updated_at, permissions, name)
SELECT id, 'lago_' || md5('key' || name), now(), now(), '{"customer": ["read", "write"]}', 'Production key' FROM organizations;

INSERT INTO webhook_endpoints (organization_id, webhook_url, created_at, updated_at, name)
SELECT id, 'https://api.' || slug || '.example.com/webhooks/lago?token=' || md5(name), now(), now(), 'billing events'
FROM organizations;

INSERT INTO integrations (organization_id, name, code, type, settings, secrets, created_at, updated_at)
SELECT id, 'NetSuite', 'netsuite-' || slug, 'Integrations::NetsuiteIntegration',
       '{"account_id": "TSTDRV1234", "client_id": "a1b2c3"}', md5('client-secret' || name), now(), now()
FROM organizations;

INSERT INTO payment_providers (organization_id, type, settings, secrets, created_at, updated_at, code, name)
SELECT id, 'PaymentProviders::StripeProvider', '{"success_redirect_url": "https://example.com/thanks"}',
       '{"secret_key": "sk_live_' || md5(name) || '"}', now(), now(), 'stripe-' || slug, 'Stripe'
FROM organizations;

INSERT INTO dunning_campaigns (organization_id, name, code, created_at, updated_at, description, bcc_emails)
SELECT id, 'Gentle reminder', 'reminder-' || slug, now(), now(),
       'Sent three days after the due date, then every week until the invoice is paid or disputed.',
       ARRAY[email, 'compta@' || split_part(email, '@', 2)]
FROM organizations;

INSERT INTO customers (id, external_id, organization_id, billing_entity_id, created_at, updated_at, name, firstname,
        lastname, email, phone, address_line1, address_line2, city, zipcode, state, country, legal_name, legal_number,
        tax_identification_number, url, logo_url, shipping_address_line1, shipping_address_line2, shipping_city,
        shipping_zipcode, shipping_state, shipping_country, external_salesforce_id, slug, currency, timezone)
SELECT ('30000000-0000-0000-0000-00000000000' || c.i)::uuid, 'cust_' || c.i,
       ('00000000-0000-0000-0000-00000000000' || (1 + c.i % 3))::uuid,
       ('10000000-0000-0000-0000-00000000000' || (1 + c.i % 3))::uuid, now(), now(),
       c.first || ' ' || c.last, c.first, c.last, lower(c.first) || '.' || lower(c.last) || '@' || c.domain,
       c.phone, c.street, 'Apt ' || (c.i * 7), c.city, c.zip, 'Occitanie', 'FR', c.first || ' ' || c.last || ' EURL',
       (812000000 + c.i * 1111)::text, 'FR' || (40 + c.i) || (812000000 + c.i * 1111),
       'https://www.linkedin.com/in/' || lower(c.first) || '-' || lower(c.last),
       'https://avatars.example.net/' || lower(c.first) || '.png', c.street, 'Door code ' || (1000 + c.i), c.city,
       c.zip, 'Occitanie', 'FR', '0035g00000' || c.i || 'AbCdE', lower(c.first) || '-' || c.i, 'EUR', 'Europe/Paris'
FROM (VALUES (1, 'Camille', 'Lefebvre', 'orange.fr', '+33 6 11 22 33 44', '5 impasse des Tilleuls', 'Toulouse', '31000'),
             (2, 'Lucas', 'Moreau', 'free.fr', '06 98 76 54 32', '27 boulevard Carnot', 'Montpellier', '34000'),
             (3, 'Sofia', 'Garcia', 'gmail.com', '+34 612 345 678', '9 chemin du Moulin', 'Perpignan', '66000'),
             (4, 'Noah', 'Fischer', 'web.de', '+49 1512 3456789', '14 rue Pasteur', 'Albi', '81000'),
             (5, 'Chloé', 'Dubois', 'laposte.net', '07 45 12 89 63', '2 place du Marché', 'Nîmes', '30000'))
     AS c(i, first, last, domain, phone, street, city, zip);

INSERT INTO customer_metadata (customer_id, organization_id, key, value, created_at, updated_at)
SELECT id, organization_id, 'contact', firstname || ' ' || lastname || ', ' || phone, now(), now() FROM customers;

INSERT INTO payment_provider_customers (customer_id, organization_id, type, provider_customer_id, settings, created_at,
        updated_at)
SELECT id, organization_id, 'PaymentProviderCustomers::StripeCustomer', 'cus_' || left(md5(email), 14),
       jsonb_build_object('provider_payment_methods', jsonb_build_array('card', 'sepa_debit'), 'sync_with_provider', true),
       now(), now()
FROM customers;

INSERT INTO payment_requests (customer_id, organization_id, amount_cents, amount_currency, email, created_at, updated_at)
SELECT id, organization_id, 12900, 'EUR', email, now(), now() FROM customers;

INSERT INTO pending_vies_checks (organization_id, billing_entity_id, customer_id, tax_identification_number,
        created_at, updated_at)
SELECT organization_id, billing_entity_id, id, tax_identification_number, now(), now() FROM customers;

INSERT INTO versions (item_type, item_id, event, whodunnit, object, object_changes, created_at)
SELECT 'Customer', id::text, 'update', '20000000-0000-0000-0000-000000000001',
       jsonb_build_object('email', email, 'name', name),
       jsonb_build_object('phone', jsonb_build_array(NULL, phone)), now()
FROM customers;
