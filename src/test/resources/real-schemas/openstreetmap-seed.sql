-- People-like rows for OpenStreetMap's schema (loaded from STAGING_SYNC_DATASETS): mappers, their home, diary,
-- messages, traces, notes and moderation, with the free text people write there.
SET search_path = public;

INSERT INTO users (id, email, pass_crypt, pass_salt, creation_time, display_name, description, home_lat, home_lon,
        home_zoom, home_location_name, creation_address, auth_provider, auth_uid, new_email, company, languages,
        preferred_editor, email_valid, status)
VALUES (1, 'anna.schmidt@posteo.de', 'Xo9bq1kq0L3Wc2xg5R0ZkA==', 'sha512!10000!c2FsdHlzYWx0', '2021-03-04 10:11:12',
        'anna_maps', 'I map cycle paths around Freiburg. Reach me at anna.schmidt@posteo.de or on Mastodon.',
        47.99901, 7.84214, 12, 'Freiburg-Wiehre, Baden-Württemberg', '91.64.22.13', 'google', '104532887123456789012',
        'anna@schmidt-family.de', 'Schmidt Kartografie', 'de en', 'id', true, 'confirmed'),
       (2, 'j.okafor@yahoo.com', 'mQ2Jc8vN7t1Rz4Pp6Lk0Hw==', 'sha512!10000!b2thZm9yc2FsdA==', '2022-07-19 08:00:00',
        'Jide Okafor', 'Surveying Lagos Island on foot, weekends. Call me on +234 803 123 4567 for mapathons.',
        6.45407, 3.39467, 14, 'Lagos Island, near Tinubu Square', '105.112.40.7', 'github', '5823471',
        NULL, 'HOT volunteer', 'en yo', 'josm', true, 'active'),
       (3, 'marie.lambert@orange.fr', 'pL4Vb9sE2aW6Qx3Tn8Ry1g==', 'sha512!10000!bWFyaWVzYWx0', '2023-01-02 18:30:00',
        'mlambert', 'Retraitée, je cartographie les sentiers du Vercors avec mon petit-fils Théo.',
        45.06132, 5.55471, 13, 'Villard-de-Lans, rue du Lycée', '90.12.77.201', 'openstreetmap', NULL,
        NULL, NULL, 'fr', 'id', false, 'pending');

INSERT INTO user_preferences (user_id, k, v)
VALUES (1, 'gps.trace.visibility', 'identifiable'), (2, 'diary.default_language', 'en'),
       (3, 'getting_started', 'true');

INSERT INTO languages (code, english_name, native_name)
VALUES ('de', 'German', 'Deutsch'), ('en', 'English', 'English'), ('fr', 'French', 'Français');

INSERT INTO social_links (user_id, url, created_at, updated_at)
VALUES (1, 'https://en.osm.town/@anna_maps', now(), now()), (2, 'https://github.com/jideokafor', now(), now()),
       (3, 'https://www.facebook.com/marie.lambert.vercors', now(), now());

INSERT INTO diary_entries (id, user_id, title, body, created_at, updated_at, latitude, longitude, language_code)
VALUES (1, 1, 'New cycle lane on Schwarzwaldstraße',
        'Rode it this morning from my flat on Günterstalstraße 31 to work: finally no cars parked on the lane!',
        now(), now(), 47.98765, 7.85432, 'de'),
       (2, 2, 'Mapathon recap', 'Twelve students joined at Unilag. Ngozi (ngozi.eze@unilag.edu.ng) will lead the next one.',
        now(), now(), 6.51578, 3.38901, 'en'),
       (3, 3, 'Sentier des Bruyères',
        'Balade avec Théo (8 ans) depuis la maison, on a ajouté trois bancs et la fontaine du hameau des Geymonds.',
        now(), now(), 45.05111, 5.56222, 'fr');

INSERT INTO diary_comments (diary_entry_id, user_id, body, created_at, updated_at)
VALUES (1, 2, 'Great work Anna, I cycle there too, usually around 8 with my daughter.', now(), now()),
       (2, 1, 'Congrats! Send me the invite for the next one: anna.schmidt@posteo.de', now(), now()),
       (3, 1, 'Schöner Weg, wir waren letzten Sommer mit den Kindern dort.', now(), now());

INSERT INTO messages (from_user_id, to_user_id, title, body, sent_on)
VALUES (1, 2, 'Mapathon in Freiburg?', 'Hi Jide, would you join us on 14 March? My number is +49 176 2345 6789.', now()),
       (2, 1, 'Re: Mapathon in Freiburg?', 'Happy to! I land on the 13th and stay with my cousin Emeka in Basel.', now()),
       (3, 1, 'Sentiers', 'Bonjour Anna, mon petit-fils adore vos cartes. Mon fixe : 04 76 95 12 34.', now());

INSERT INTO gpx_files (id, user_id, name, timestamp, description, inserted, latitude, longitude, size)
VALUES (1, 1, 'home-to-office-2024-05-02.gpx', now(), 'Morning commute from home, Wiehre to Stühlinger', true,
        47.99901, 7.84214, 3),
       (2, 2, 'lagos-island-walk.gpx', now(), 'Walk from my aunt''s house on Broad Street', true, 6.45407, 3.39467, 3),
       (3, 3, 'vercors-rando.gpx', now(), 'Randonnée du dimanche avec Théo', true, 45.06132, 5.55471, 3);

INSERT INTO gps_points (gpx_id, trackid, latitude, longitude, altitude, tile, timestamp)
SELECT g, t, (lat * 10000000)::int + t * 37, (lon * 10000000)::int - t * 53, 250 + t, 1000 + t, now()
FROM (VALUES (1, 47.99901, 7.84214), (2, 6.45407, 3.39467), (3, 45.06132, 5.55471)) AS p(g, lat, lon),
     generate_series(1, 4) t;

INSERT INTO changesets (id, user_id, created_at, closed_at, min_lat, max_lat, min_lon, max_lon, num_changes)
VALUES (1, 1, now(), now(), 479870000, 479990000, 78420000, 78540000, 3),
       (2, 2, now(), now(), 64540000, 65150000, 33890000, 33940000, 5);

INSERT INTO changeset_tags (changeset_id, k, v)
VALUES (1, 'comment', 'Added cycle lane'), (1, 'created_by', 'iD 2.27'), (2, 'comment', 'Sidewalks Lagos Island');

INSERT INTO changeset_comments (changeset_id, author_id, body, created_at, visible)
VALUES (1, 3, 'Merci Anna ! Est-ce que la piste continue jusqu''à la gare ?', now(), true),
       (2, 1, 'Looks good Jide, please check the tags near your office at 12 Marina Road.', now(), true);

INSERT INTO current_nodes (id, latitude, longitude, changeset_id, visible, timestamp, tile, version)
VALUES (1, 479901000, 78421000, 1, true, now(), 2000, 1), (2, 64541000, 33947000, 2, true, now(), 2001, 1);
INSERT INTO nodes (node_id, latitude, longitude, changeset_id, visible, timestamp, tile, version)
SELECT id, latitude, longitude, changeset_id, visible, timestamp, tile, version FROM current_nodes;
INSERT INTO current_node_tags (node_id, k, v) VALUES (1, 'highway', 'cycleway'), (2, 'amenity', 'bench');
INSERT INTO node_tags (node_id, version, k, v) VALUES (1, 1, 'highway', 'cycleway'), (2, 1, 'amenity', 'bench');

INSERT INTO notes (id, latitude, longitude, tile, updated_at, created_at, status, description, user_id, user_ip)
VALUES (1, 479905000, 78430000, 3000, now(), now(), 'open',
        'The bakery moved next door to my house, Hildastraße 7. Ask for Mrs Keller.', 1, '91.64.22.13'),
       (2, 64550000, 33950000, 3001, now(), now(), 'open', 'Road closed since March, I live here.', NULL, '105.112.40.9');

INSERT INTO note_comments (note_id, visible, created_at, author_ip, author_id, body, event)
VALUES (1, true, now(), '91.64.22.13', 1, 'The bakery moved next door to my house, Hildastraße 7. Ask for Mrs Keller.', 'opened'),
       (2, true, now(), '105.112.40.9', NULL, 'Road closed since March, I live here.', 'opened'),
       (2, true, now(), '105.112.40.7', 2, 'Confirmed by phone with my neighbour Tunde, reopening in May.', 'commented');

INSERT INTO user_blocks (user_id, creator_id, reason, ends_at, needs_view, created_at, updated_at)
VALUES (3, 1, 'Repeated imports over the footpaths near your house in Villard; please read the import guidelines '
        || 'and answer my message before editing again.', now() + interval '7 days', true, now(), now());

INSERT INTO issues (id, reportable_type, reportable_id, reported_user_id, status, assigned_role, created_at, updated_at)
VALUES (1, 'User', 3, 3, 'open', 'moderator', now(), now());
INSERT INTO reports (issue_id, user_id, details, category, created_at, updated_at)
VALUES (1, 1, 'This user added her home phone 04 76 95 12 34 and her grandson''s school as a note.', 'spam', now(), now());
INSERT INTO issue_comments (issue_id, user_id, body, created_at, updated_at)
VALUES (1, 2, 'Spoke with Marie by phone, she will remove the note about Théo''s school.', now(), now());

INSERT INTO user_roles (user_id, role, granter_id, created_at, updated_at) VALUES (1, 'moderator', 1, now(), now());
INSERT INTO friends (user_id, friend_user_id, created_at) VALUES (1, 2, now()), (2, 1, now());
INSERT INTO user_mutes (owner_id, subject_id, created_at, updated_at) VALUES (2, 3, now(), now());

INSERT INTO oauth_applications (id, owner_type, owner_id, name, uid, secret, redirect_uri, scopes, created_at, updated_at)
VALUES (1, 'User', 2, 'Jide''s field app', 'k3Jd9sLq0PzR5wX2', '$2a$12$O1cXr9LmN3pQ7sT5vW8yZ.secrethashAbCdEfGhIjKlMnO',
        'https://jideokafor.github.io/fieldapp/callback', 'read_prefs write_api', now(), now());
INSERT INTO oauth_access_grants (resource_owner_id, application_id, token, expires_in, redirect_uri, created_at, scopes)
VALUES (1, 1, 'b5d1f3a7c9e2', 600, 'https://jideokafor.github.io/fieldapp/callback', now(), 'read_prefs');
INSERT INTO oauth_access_tokens (resource_owner_id, application_id, token, refresh_token, created_at, scopes)
VALUES (1, 1, 'f0e1d2c3b4a5968778695a4b3c2d1e0f', '0a1b2c3d4e5f60718293a4b5c6d7e8f9', now(), 'read_prefs');

INSERT INTO acls (address, k, v, domain) VALUES ('203.0.113.45', 'no_account_creation', 'spam wave', NULL),
       (NULL, 'no_account_creation', NULL, 'mailinator.com');

INSERT INTO redactions (title, description, user_id, created_at, updated_at)
VALUES ('Private address', 'Removed the home address and phone number a user added to a shop node.', 1, now(), now());
