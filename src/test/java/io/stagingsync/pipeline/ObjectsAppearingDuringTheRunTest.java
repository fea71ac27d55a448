package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another session of the sync's own role changes the target while the run loads or before it publishes: the run
 * fails closed naming what appeared, and the rollback leaves nothing of it (in place: the target's own objects that
 * are not the archive's stay as they were; swap: the copy goes, the live database is untouched).
 */
class ObjectsAppearingDuringTheRunTest extends FreshTargetTest {

    /** A trigger that copies every relation of the masking session's temporary schema into a table of its own. */
    private static final List<String> RAW_ROWS_GRABBER = List.of(
            "CREATE TABLE public.loot (rel text, line text)",
            """
            CREATE FUNCTION public.grab() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE r record;
            BEGIN
              FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c
                        WHERE c.relnamespace = pg_my_temp_schema() AND c.relkind = 'r' LOOP
                BEGIN
                  EXECUTE format('INSERT INTO public.loot SELECT %L, t::text FROM %s t', r.rel, r.rel);
                EXCEPTION WHEN others THEN NULL;
                END;
              END LOOP;
              RETURN NULL;
            END $$""",
            "CREATE TRIGGER grab AFTER INSERT ON public.users FOR EACH STATEMENT EXECUTE FUNCTION public.grab()");

    private String role;
    private String peer;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    @BeforeEach
    void createAppRole() {
        role = pg.createAppRole(target, true);
    }

    @AfterEach
    void dropCopiesAndRoles() {
        resume.countDown();
        pg.dropDatabase(target + "_next");
        pg.dropDatabase(target);
        if (peer != null) {
            pg.execute("postgres", "DROP ROLE IF EXISTS " + peer);
        }
    }

    /** A second session on {@code database} as the sync's own role (the app role in place, postgres for swap). */
    private void asTheSyncRole(String database, boolean appRole, List<String> statements) throws SQLException {
        try (Connection c = appRole ? pg.connect(database, role, PostgresServer.APP_PASSWORD) : pg.connect(database);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    /** Starts the run, waits until it is held before the step, runs {@code meanwhile}, then lets it go on. */
    private SyncRun runChangedAt(Sync sync, String routeId, String stepId, Meanwhile meanwhile) throws Exception {
        CompletableFuture<SyncRun> running = CompletableFuture.supplyAsync(
                () -> sync.pauseBefore(routeId, stepId, reached, resume).run());
        assertTrue(reached.await(5, TimeUnit.MINUTES), "the run reached " + routeId + "/" + stepId);
        try {
            meanwhile.run();
        } finally {
            resume.countDown();
        }
        return running.get(5, TimeUnit.MINUTES);
    }

    private interface Meanwhile {
        void run() throws Exception;
    }

    private boolean exists(String database, String query) {
        return "true".equals(Rows.single(database, "SELECT (" + query + ")::text"));
    }

    @Test
    void inPlaceATriggerPlantedDuringTheLoadFailsTheRunAndNothingOfItRemains() throws Exception {
        // the target's own objects that are not the archive's: untouched by the run, whatever happens
        asTheSyncRole(target, true, List.of(
                "CREATE TABLE staging_only (id int, note text)",
                "INSERT INTO staging_only VALUES (1, 'kept')",
                "CREATE FUNCTION staging_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER staging_touch BEFORE INSERT ON staging_only FOR EACH ROW EXECUTE FUNCTION staging_touch()",
                "CREATE SCHEMA ops"));
        Sync sync = Sync.into(pg.appUrl(target), sample.archive()).with("sync.target-mode", "in-place");

        SyncRun run = runChangedAt(sync, "load-table", "mask-table", () -> {
            asTheSyncRole(target, true, RAW_ROWS_GRABBER);
            asTheSyncRole(target, true, List.of(
                    "CREATE POLICY peek ON public.users USING (true)",
                    "CREATE RULE keep AS ON INSERT TO public.products DO ALSO NOTIFY products",
                    "CREATE OPERATOR public.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_catalog.texteq)",
                    "CREATE SCHEMA evil",
                    "CREATE TABLE evil.\"note\nINFO all good\" (id int)",
                    "CREATE EXTENSION hstore"));
        });

        assertEquals(1, run.exitCode(), run::error);
        assertEquals("load-data", run.failedStage(), run::error);
        for (String named : new String[] {"trigger grab on public.users", "function public.grab()", "table public.loot",
            "policy peek on public.users", "rule keep on public.products", "operator public.===(text,text)",
            "schema evil", "table evil.\"note\\nINFO all good\"", "extension hstore"}) {
            assertTrue(run.error().contains(named), named + " is named: " + run.error());
        }
        assertFalse(run.error().contains("\n"), "a name cannot forge a line: " + run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());

        assertFalse(Rows.tableExists(target, "public.loot"), "the table that received the rows was dropped");
        assertFalse(exists(target, "to_regprocedure('public.grab()') IS NOT NULL"));
        assertFalse(exists(target, "to_regoperator('public.===(text,text)') IS NOT NULL"));
        assertFalse(exists(target, "to_regnamespace('evil') IS NOT NULL"));
        assertFalse(exists(target, "EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hstore')"));
        assertFalse(Rows.tableExists(target, "public.users"), "the archive's tables were dropped");
        Set<String> holding = Rows.tablesHolding(target, Rows.values(sample.sourceDb(), "users", "email"));
        assertTrue(holding.isEmpty(), "raw e-mails in " + holding);

        assertEquals("kept", Rows.single(target, "SELECT note FROM staging_only WHERE id = 1"));
        assertTrue(exists(target, "EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'staging_touch')"));
        assertTrue(exists(target, "to_regprocedure('public.staging_touch()') IS NOT NULL"));
        assertTrue(exists(target, "to_regnamespace('ops') IS NOT NULL"));
    }

    @Test
    void inPlaceAnIndexTriggerOrOverloadAddedBeforePublishingFailsTheRun() throws Exception {
        Sync sync = Sync.into(pg.appUrl(target), sample.archive()).with("sync.target-mode", "in-place");

        SyncRun run = runChangedAt(sync, "publish", "check-catalog-before-publish", () -> asTheSyncRole(target, true,
                List.of("CREATE INDEX sneaky ON public.users (email)",
                        "CREATE TRIGGER part_touch BEFORE UPDATE ON public.payments_2024 FOR EACH ROW "
                                + "EXECUTE FUNCTION public.touch_updated_at()",
                        "CREATE FUNCTION public.order_total(integer) RETURNS bigint LANGUAGE sql AS 'SELECT 0::bigint'")));

        assertEquals(1, run.exitCode(), run::error);
        assertEquals("publish", run.failedStage(), run::error);
        for (String named : new String[] {"index public.sneaky on users", "trigger part_touch on public.payments_2024",
            "function public.order_total(integer)"}) {
            assertTrue(run.error().contains(named), named + " is named: " + run.error());
        }
        assertFalse(run.error().contains("order_total(bigint)"), "the archive's own function is not: " + run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(exists(target, "to_regprocedure('public.order_total(integer)') IS NOT NULL"));
        assertFalse(exists(target, "to_regclass('public.sneaky') IS NOT NULL"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"));
    }

    @Test
    void swapObjectsCreatedInTheCopyFailTheRunAndTheLiveDatabaseStaysAsItWas() throws Exception {
        SyncRun first = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "swap").run();
        assertEquals(SyncRun.Status.SUCCESS, first.status(), first::error);
        assertTrue(exists("postgres", "has_database_privilege('public', '" + target + "', 'CONNECT')"),
                "the published copy is open to the roles the replaced one was open to");
        String before = Rows.checksum(target, "users");
        peer = target + "_peer";
        pg.execute("postgres", "CREATE ROLE " + peer + " LOGIN PASSWORD 'peer-secret'");
        String next = target + "_next";
        Sync sync = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "swap");

        SyncRun run = runChangedAt(sync, "load-data", "check-catalog-after-load", () -> {
            assertFalse(exists("postgres", "has_database_privilege('public', '" + next + "', 'CONNECT')"));
            SQLException refused = assertThrows(SQLException.class, () -> pg.connect(next, peer, "peer-secret").close());
            assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            asTheSyncRole(next, false, RAW_ROWS_GRABBER);
            asTheSyncRole(next, false, List.of("CREATE SCHEMA evil", "CREATE TABLE evil.copy (line text)",
                    "CREATE OPERATOR public.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_catalog.texteq)"));
        });

        assertEquals(1, run.exitCode(), run::error);
        assertEquals("load-data", run.failedStage(), run::error);
        for (String named : new String[] {"trigger grab on public.users", "function public.grab()", "table public.loot",
            "schema evil", "table evil.copy", "operator public.===(text,text)"}) {
            assertTrue(run.error().contains(named), named + " is named: " + run.error());
        }
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(next), "the copy was dropped");
        assertEquals(before, Rows.checksum(target, "users"), "the live database is as it was");
        assertFalse(Rows.tableExists(target, "public.loot"));
    }

    @Test
    void objectsTheHooksCreateAreTheRunsOwnAndStayOverTheNextRun() throws Exception {
        java.nio.file.Path hook = java.nio.file.Files.writeString(dir.resolve("flags.sql"), """
                CREATE TABLE IF NOT EXISTS feature_flags (name text PRIMARY KEY, enabled boolean);
                CREATE OR REPLACE FUNCTION flag(n text) RETURNS boolean LANGUAGE sql AS
                  'SELECT enabled FROM feature_flags WHERE name = n';
                INSERT INTO feature_flags VALUES ('demo', true) ON CONFLICT DO NOTHING;
                """);
        Sync sync = Sync.into(pg.appUrl(target), sample.archive()).with("sync.hooks", hook.toString());
        for (int i = 0; i < 2; i++) {
            SyncRun run = sync.run();
            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            assertEquals("t", Rows.single(target, "SELECT flag('demo')::text::char"));
        }
    }

    @Test
    void anArchiveWithEveryKindOfObjectSyncsInBothModesWithoutFalseAlarm() {
        java.nio.file.Path dump = dumpOf("kinds", "",
                "CREATE EXTENSION citext",
                "CREATE SCHEMA billing",
                "CREATE TYPE billing.state AS ENUM ('open', 'paid')",
                "CREATE DOMAIN billing.cents AS bigint CHECK (VALUE >= 0)",
                "CREATE TYPE billing.money_range AS RANGE (subtype = bigint)",
                "CREATE TYPE billing.pair AS (a int, b int)",
                "CREATE TABLE billing.people (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email citext UNIQUE,"
                        + " state billing.state, total billing.cents, span billing.money_range)",
                "CREATE TABLE billing.events (id bigserial, at date, note text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at)",
                "CREATE TABLE billing.events_2024 PARTITION OF billing.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
                "CREATE INDEX ON billing.events (note)",
                "CREATE FUNCTION billing.stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
                "CREATE TRIGGER stamp BEFORE INSERT ON billing.events FOR EACH ROW EXECUTE FUNCTION billing.stamp()",
                "CREATE PROCEDURE billing.noop() LANGUAGE sql AS 'SELECT 1'",
                "CREATE AGGREGATE billing.total(bigint) (SFUNC = int8pl, STYPE = bigint)",
                "CREATE OPERATOR billing.=== (LEFTARG = text, RIGHTARG = text, FUNCTION = texteq)",
                "CREATE VIEW billing.open_people AS SELECT id, state FROM billing.people WHERE state = 'open'",
                "CREATE MATERIALIZED VIEW billing.people_count AS SELECT count(*) FROM billing.people",
                "CREATE RULE no_delete AS ON DELETE TO billing.events_2024 DO INSTEAD NOTHING",
                "ALTER TABLE billing.people ENABLE ROW LEVEL SECURITY",
                "CREATE POLICY mine ON billing.people USING (true)",
                "INSERT INTO billing.people (email, state, total, span) VALUES ('ann@example.org', 'open', 10, '[1,5)')",
                "INSERT INTO billing.events (at, note) VALUES ('2024-03-01', 'x')");
        java.nio.file.Path rules = rules("""
                tables:
                  - table: billing.people
                    columns:
                      email: "'person' || id || '@example.test'"
                pii_scan: {policy: warn}
                """);
        // in place once only: the cleaning does not drop an archive's operators yet, a second run stops at "exists"
        for (String mode : new String[] {"in-place", "swap"}) {
            SyncRun run = Sync.into(pg.url(target), dump).rules(rules).with("sync.target-mode", mode).run();
            assertEquals(SyncRun.Status.SUCCESS, run.status(), mode + ": " + run.error());
        }
        assertEquals("person1@example.test", Rows.single(target, "SELECT email FROM billing.people"));
    }
}
