package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A schema with PostGIS and btree_gist: CREATE EXTENSION fills spatial_ref_sys with the extension's own 8,500 rows,
 * pg_dump writes only the rows added to it since; the run restores and verifies exactly those, in both modes.
 */
class ExtensionTablesTest extends FreshTargetTest {

    private static final String OWN_SRS = "SELECT count(*) FROM spatial_ref_sys WHERE srid = 990001";
    private static final String NO_RULES = "tables: []\npii_scan: {policy: warn}\n";

    private Path postgisDump() {
        return dumpOf("postgis", "",
                "CREATE EXTENSION postgis",
                "CREATE EXTENSION btree_gist",
                "CREATE TABLE places (id bigserial PRIMARY KEY, name text NOT NULL, geom geometry(Point, 4326), "
                        + "open_hours int4range, EXCLUDE USING gist (name WITH =, open_hours WITH &&))",
                "INSERT INTO places (name, geom, open_hours) SELECT 'place ' || i, "
                        + "ST_SetSRID(ST_MakePoint(i, i), 4326), int4range(8, 18) FROM generate_series(1, 25) i",
                // a projection the application added itself: pg_dump writes this row, not the extension's own
                "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) "
                        + "VALUES (990001, 'staging', 990001, '', '+proj=longlat +datum=WGS84 +no_defs')");
    }

    private long extensionsRows() {
        return Long.parseLong(Rows.single(target, "SELECT count(*) FROM spatial_ref_sys"));
    }

    @Test
    void swapThenInPlaceRestoreTheUserAddedRowsBesideTheExtensionsOwn() throws IOException {
        Path dump = postgisDump();
        Sync sync = Sync.into(pg.url(target), dump).rules(rules(NO_RULES));

        SyncRun swap = sync.with("sync.target-mode", "swap").run();
        assertEquals(SyncRun.Status.SUCCESS, swap.status(), swap::error);
        long afterSwap = extensionsRows();
        assertEquals("1", Rows.single(target, OWN_SRS));
        assertEquals(25, Rows.count(target, "places"));
        String report = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(report.contains("public.spatial_ref_sys: 1 rows, copied as is, extension-owned: postgis"), report);
        JsonNode json = new ObjectMapper().readTree(sync.reportDir().resolve("report.json").toFile());
        assertEquals("postgis", json.at("/extensions/tables/public.spatial_ref_sys").asText(), json.toString());

        // over the copy a run published: the archive's extensions dropped and created again with their own rows
        SyncRun inPlace = sync.with("sync.target-mode", "in-place").run();
        assertEquals(SyncRun.Status.SUCCESS, inPlace.status(), () -> "in place: " + inPlace.error());
        assertEquals(afterSwap, extensionsRows(), "the extension's own rows once, the archive's row once");
        assertEquals("1", Rows.single(target, OWN_SRS));
        assertEquals(25, Rows.count(target, "places"));
        assertEquals("26", Rows.single(target, "SELECT nextval('places_id_seq')"));
    }

    @Test
    void anExtensionTableCanBeExcludedButNotMasked() throws IOException {
        Path dump = postgisDump();
        Sync plan = Sync.into(pg.url(target), dump)
                .rules(rules("tables:\n  - table: spatial_ref_sys\n    columns: {proj4text: \"''\"}\n"));
        SyncRun refused = plan.run(Command.PLAN);
        assertEquals(SyncRun.Status.REFUSED, refused.status());
        assertTrue(refused.error().contains("public.spatial_ref_sys (extension-owned: btree_gist or postgis) cannot be masked"), refused.error());
        assertTrue(refused.error().contains("exclude_tables"), refused.error());

        Sync sync = Sync.into(pg.url(target), dump)
                .rules(rules("exclude_tables: [spatial_ref_sys]\npii_scan: {policy: warn}\n"));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals("0", Rows.single(target, OWN_SRS));
        assertTrue(extensionsRows() > 1000, "the extension's own rows are there: " + extensionsRows());
        String report = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(report.contains("public.spatial_ref_sys: excluded (extension-owned: postgis"), report);
    }

    @Test
    void aFailedRunInPlaceLeavesNeitherTheArchivesExtensionsNorTheirTables() {
        pg.execute(target, "CREATE TABLE staging_only (id int)");
        SyncRun run = Sync.into(pg.url(target), postgisDump()).rules(rules(NO_RULES))
                .with("sync.target-mode", "in-place")
                .failAt("load-data", "check-catalog-after-load", true).run();
        assertEquals(SyncRun.Status.FAILED, run.status());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql'"));
        assertFalse(Rows.tableExists(target, "public.spatial_ref_sys"));
        assertFalse(Rows.tableExists(target, "public.places"));
        assertTrue(Rows.tableExists(target, "public.staging_only"), "the target's own table is left alone");
    }

    @Test
    void anExtensionTheTargetsOwnTablesUseIsKeptAndTheRunsRowsReplacedEachTime() {
        pg.execute(target, "CREATE EXTENSION postgis", "CREATE TABLE staging_areas (area geometry)",
                "INSERT INTO staging_areas VALUES (ST_MakePoint(1, 2))");
        Sync sync = Sync.into(pg.url(target), postgisDump()).rules(rules(NO_RULES)).with("sync.target-mode", "in-place");
        SyncRun last = null;
        for (int run = 1; run <= 2; run++) {
            SyncRun inPlace = sync.run();
            assertEquals(SyncRun.Status.SUCCESS, inPlace.status(), inPlace::error);
            assertEquals("1", Rows.single(target, OWN_SRS));
            assertEquals(1, Rows.count(target, "staging_areas"), "the target's own table keeps its geometry");
            last = inPlace;
        }
        // the second run found the first run's row beside the extension's own
        assertTrue(last.results().notes().stream().anyMatch(n -> n.startsWith("extension postgis kept: objects that are not the "
                + "archive's use it") && n.contains("public.spatial_ref_sys: 1 user-added rows deleted")),
                last.results().notes().toString());
    }

    @Test
    void anExtensionTheRoleCannotDropIsKeptWithoutTheRowsARunAdded() {
        // as on a managed server: the extension was created for the database by a superuser, the app role owns nothing
        String role = pg.createAppRole(target, true);
        pg.execute(target, "CREATE EXTENSION postgis", "CREATE EXTENSION btree_gist",
                "GRANT SELECT, INSERT, DELETE ON spatial_ref_sys TO " + role);
        syncTwiceAndFailOnceAs();
    }

    private void syncTwiceAndFailOnceAs() {
        long own = extensionsRows();
        Sync sync = Sync.into(pg.appUrl(target), postgisDump()).rules(rules(NO_RULES));
        for (int run = 1; run <= 2; run++) {
            SyncRun inPlace = sync.run();
            assertEquals(SyncRun.Status.SUCCESS, inPlace.status(), inPlace::error);
            assertEquals(own + 1, extensionsRows());
            assertTrue(inPlace.results().notes().stream().anyMatch(n -> n.startsWith("extension postgis kept: the role cannot "
                    + "drop it (its owner is ")), inPlace.results().notes().toString());
        }
        SyncRun failed = sync.failAt("load-data", "check-catalog-after-load", true).run();
        assertEquals(SyncRun.Status.FAILED, failed.status());
        assertEquals(SyncRun.TargetState.EMPTIED, failed.targetState());
        assertEquals(own, extensionsRows(), "the rollback deleted the row the run added, kept the extension's own");
        assertTrue(failed.results().notes().stream().anyMatch(n -> n.startsWith("rollback: extension postgis kept")
                && n.contains("public.spatial_ref_sys: 1 user-added rows deleted")), failed.results().notes().toString());
    }

    @Test
    void anExtensionTheServerLacksIsRefusedBeforeAnythingIsTouched() throws IOException {
        Path dump = dumpOf("trgm", "", "CREATE EXTENSION pg_trgm", "CREATE TABLE words (w text)",
                "INSERT INTO words VALUES ('staging')");
        // the same archive, its extension renamed in the table of contents (same length: offsets unchanged)
        byte[] bytes = Files.readAllBytes(dump);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(latin.contains("pg_trgm"));
        Path crafted = Files.write(dir.resolve("no_such.pgsql"),
                latin.replace("pg_trgm", "no_such").getBytes(StandardCharsets.ISO_8859_1));
        pg.execute(target, "CREATE TABLE staging_only (id int)", "INSERT INTO staging_only VALUES (1)");

        for (String mode : new String[] {"in-place", "swap"}) {
            SyncRun run = Sync.into(pg.url(target), crafted).rules(rules(NO_RULES)).with("sync.target-mode", mode).run();
            assertEquals(SyncRun.Status.REFUSED, run.status(), run::error);
            assertEquals(2, run.exitCode());
            assertTrue(run.error().contains("the archive creates the extension no_such, which the target's server "
                    + "(PostgreSQL "), run.error());
            assertTrue(run.error().contains("Nothing was touched"), run.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
            assertEquals("1", Rows.single(target, "SELECT count(*) FROM staging_only"));
            assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"));
        }
    }
}
