package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SameDatabase;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenStreetMap's real schema (STAGING_SYNC_DATASETS/real-schemas: PostGIS, btree_gist, NOT VALID foreign keys,
 * read from there, never copied here): loaded, seeded with a few people, dumped, then synced by swap and in place over
 * that copy; each time the target equals the source in objects, rows and sequence values.
 */
class OpenStreetMapRunTest {

    private static final String SCHEMA = "real-schemas/openstreetmap-website";

    private static final String[] PEOPLE = {
        "INSERT INTO languages (code, english_name, native_name) VALUES ('en', 'English', 'English'), "
                + "('fr', 'French', 'Français')",
        "INSERT INTO users (email, pass_crypt, creation_time, display_name, description, home_lat, home_lon, "
                + "pass_salt, email_valid, status, auth_uid, auth_provider, creation_address, home_location_name, "
                + "data_public, terms_seen) "
                + "SELECT 'mapper' || i || '@example.org', md5('pw' || i), now() - i * interval '9 days', "
                + "'Mapper ' || i, 'I map the streets of town ' || i, 48.85 + i / 100.0, 2.35 + i / 100.0, "
                + "md5('salt' || i), i % 2 = 0, 'active', 'uid-' || i, 'github', ('192.0.2.' || i)::inet, "
                + "'Rue ' || i || ', Paris', true, true FROM generate_series(1, 12) i",
        "INSERT INTO diary_entries (user_id, title, body, created_at, updated_at, latitude, longitude, language_code) "
                + "SELECT 1 + i % 12, 'Survey ' || i, 'Walked around the block with Mapper ' || (1 + i % 12) "
                + "|| ', added ' || i || ' house numbers.', now() - i * interval '1 day', now(), 48.8 + i / 1000.0, "
                + "2.3 + i / 1000.0, CASE WHEN i % 3 = 0 THEN 'fr' ELSE 'en' END FROM generate_series(1, 30) i",
        // a projection the application added: pg_dump writes it, not PostGIS's own 8,500 rows of the table
        "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                + "VALUES (990002, 'osm', 990002, '', '+proj=longlat +datum=WGS84 +no_defs')",
    };

    @TempDir
    Path dir;

    final PostgresServer pg = PostgresServer.get();

    @Test
    void openStreetMapIsRestoredBySwapThenInPlaceOverItEqualToItsSource() throws IOException {
        Path structure = DatasetAcceptanceTest.datasets(SCHEMA).resolve("structure.sql");
        String source = pg.createDatabase("osm_src");
        String target = pg.createDatabase("osm");
        try {
            pg.psql(source, structure);
            pg.execute(source, PEOPLE);
            Path dump = dir.resolve("osm.pgsql");
            pg.pgDump(source, dump);
            Path rules = Files.writeString(dir.resolve("rules.yaml"), "tables: []\npii_scan: {policy: warn}\n");
            Sync sync = Sync.into(pg.url(target), dump).rules(rules);

            SyncRun plan = sync.run(Command.PLAN);
            assertEquals(SyncRun.Status.SUCCESS, plan.status(), plan::error);
            String planText = Files.readString(sync.reportDir().resolve("plan.txt"));
            assertTrue(planText.contains("public.spatial_ref_sys: about 1 rows"), planText);
            assertTrue(planText.contains("extension-owned: btree_gist or postgis"), planText);

            // a new database restored and published, then the archive's objects cleaned from it and restored again
            for (String mode : new String[] {"swap", "in-place"}) {
                long start = System.nanoTime();
                SyncRun run = sync.with("sync.target-mode", mode).run();
                System.out.printf("openstreetmap %s: %s in %d ms%n", mode, run.status(),
                        (System.nanoTime() - start) / 1_000_000);
                assertEquals(SyncRun.Status.SUCCESS, run.status(), () -> mode + ": " + run.error());
                SameDatabase.assertCopied(source, target, mode, 51);
                assertEquals("12", Rows.single(target, "SELECT count(*) FROM users"));
                String report = Files.readString(sync.reportDir().resolve("report.txt"));
                assertTrue(report.contains("public.spatial_ref_sys: 1 rows, copied as is, extension-owned: postgis"),
                        report);
            }
        } finally {
            pg.dropDatabaseLater(source);
            pg.dropDatabaseLater(target);
        }
    }
}
