package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Swap mode: the verified copy replaces the live database by renaming, and its sessions are ended first. */
class SwapModeTest extends FreshTargetTest {

    @AfterEach
    void dropCopies() {
        pg.dropDatabase(target + "_next");
        pg.dropDatabase(target + "_previous");
    }

    private Set<String> databases() {
        return Rows.strings("postgres", "SELECT datname FROM pg_database");
    }

    @Test
    void autoSwapsForARoleThatCanAndEndsTheLiveSessions() throws Exception {
        pg.execute(target, "CREATE TABLE staging_only (id int)");
        Sync sync = Sync.into(pg.url(target), sample.archive());
        try (Connection app = pg.connect(target)) {
            SyncRun run = sync.run();
            assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
            assertFalse(app.isValid(2), "the staging app's session on the replaced database was ended");
        }
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertFalse(Rows.tableExists(target, "public.staging_only"), "the target is the restored copy, whole");
        assertFalse(databases().contains(target + "_next") || databases().contains(target + "_previous"),
                "neither the copy's name nor the replaced database is left");
        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals("swap", report.at("/target/mode").asText());
        assertTrue(report.at("/target/mode_reason").asText().startsWith("auto: the role"), report.toString());
        assertEquals("anonymized", report.at("/target/state").asText());
    }

    @Test
    void theReplacedCopyIsKeptWhenAskedUntilTheNextSwap() {
        pg.execute(target, "CREATE TABLE yesterday (id int)");
        Sync keep = Sync.into(pg.url(target), sample.dump()).with("sync.swap.keep-previous", "true");
        assertEquals(SyncRun.Status.SUCCESS, keep.run().status());
        assertTrue(Rows.tableExists(target + "_previous", "public.yesterday"), "the replaced database is kept");
        SyncRun again = keep.run();
        assertEquals(SyncRun.Status.SUCCESS, again.status(), again::error);
        assertFalse(Rows.tableExists(target + "_previous", "public.yesterday"), "only the last replaced copy is kept");
        assertTrue(Rows.tableExists(target + "_previous", "public.users"));
    }

    @Test
    void aCopyLeftByAKilledRunIsDroppedByTheNextRun() {
        pg.execute("postgres", "CREATE DATABASE " + target + "_next");
        pg.execute(target + "_next", "CREATE TABLE half_restored (id int)");
        SyncRun run = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "swap").run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertFalse(Rows.tableExists(target, "public.half_restored"));
        assertFalse(databases().contains(target + "_next"));
    }

    @Test
    void aRenameThatFailsLeavesTheLiveDatabaseAsItWasAndOpen() throws Exception {
        targetHoldsAPreviousSync();
        String before = Rows.checksum(target, "users");
        // the run held in its hooks, its copy loaded and verified, until someone is looking at the copy: its rename
        // cannot happen (held rather than slowed down, so that the visitor is there whatever the machine's load)
        CountDownLatch inHooks = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<SyncRun> second = CompletableFuture.supplyAsync(() -> Sync.into(pg.url(target), sample.dump())
                .pauseBefore("hooks", "run-post-sync-hooks", inHooks, resume).run());
        SyncRun run;
        try {
            assertTrue(inHooks.await(5, TimeUnit.MINUTES), "the run reached its hooks");
            assertTrue(Rows.tableExists(target + "_next", "public.users"), "the copy is loaded");
            try (Connection peek = pg.connect(target + "_next")) {
                resume.countDown();
                run = second.get();
            }
        } finally {
            resume.countDown();
        }
        assertEquals(1, run.exitCode());
        assertEquals("publish", run.failedStage(), run::error);
        assertTrue(run.error().contains("the live database is unchanged"), run.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertEquals(before, Rows.checksum(target, "users"));
        assertEquals("t", Rows.single("postgres", "SELECT datallowconn::text::char FROM pg_database WHERE datname = '"
                + target + "'"), "the live database accepts connections again");
        assertFalse(databases().contains(target + "_next"), "the copy was dropped, its visitor with it");
    }

    @Test
    void swapIsRefusedForARoleWithoutCreatedbAndAutoThenWorksInPlace() {
        pg.createAppRole(target, true);
        String url = pg.appUrl(target);

        SyncRun swap = Sync.into(url, sample.dump()).with("sync.target-mode", "swap").run();
        assertEquals(2, swap.exitCode());
        assertTrue(swap.error().contains("SYNC_TARGET_MODE=swap needs a role with CREATEDB")
                && swap.error().contains("has no CREATEDB"), swap.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, swap.targetState());

        SyncRun auto = Sync.into(url, sample.dump()).run();
        assertEquals(SyncRun.Status.SUCCESS, auto.status(), auto::error);
        assertEquals("in-place", auto.target().mode().label());
        assertTrue(auto.target().modeReason().contains("has no CREATEDB"), auto.target().modeReason());
    }
}
