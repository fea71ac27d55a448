package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.AlreadyRunningException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two syncs of one target at the same time: the first runs, the second stops at once and changes nothing, whatever
 * address and mode each one uses; and a copy somebody works in is never cleaned as a leftover.
 */
class OneRunAtATimeTest extends FreshTargetTest {

    /** Who gets the target's lock is what these tests prove, not what a run loads: a one-table archive is enough. */
    private Sync syncOf(String targetUrl) {
        return smallUsersSync(targetUrl);
    }

    @AfterEach
    void dropCopy() {
        pg.dropDatabase(target + "_next");
    }

    /**
     * The run that proves the first one released the lock is itself the holder of the second half, reached through
     * another spelling of the server: one full sync fewer for each mode, every check kept.
     */
    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void aSecondTriggerIsToldTheSyncIsAlreadyRunningWhateverSpellingOfTheServerTheHolderUsed(String mode)
            throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        // held past the lock, once it has written the target
        CompletableFuture<SyncRun> first = CompletableFuture.supplyAsync(() -> syncOf(pg.url(target))
                .with("sync.target-mode", mode).pauseBefore("sync", "stage-hooks", writing, resume).run());
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> writing.getCount() == 0 || first.isDone());
            assertEquals(0, writing.getCount(), () -> "the first run ended early: " + first.join().error());

            Sync secondSync = syncOf(pg.url(target)).with("sync.target-mode", mode);
            SyncRun second = secondSync.run();
            assertEquals(1, second.exitCode());
            assertInstanceOf(AlreadyRunningException.class, second.failureCause());
            assertTrue(second.error().contains("is already running") && second.error().contains("changed nothing"),
                    second.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, second.targetState());
            assertTrue(!Files.exists(secondSync.reportDir().resolve("report.json")), "the running sync's report is its own");
        } finally {
            resume.countDown();
        }

        SyncRun firstRun = first.get();
        assertEquals(SyncRun.Status.SUCCESS, firstRun.status(), firstRun::error);
        assertEquals(SMALL_USERS, Rows.count(target, "users"));

        // the lock was released with the first run: the next one takes it, through another spelling of the server
        CountDownLatch loaded = new CountDownLatch(1);
        CountDownLatch resumeHolder = new CountDownLatch(1);
        CompletableFuture<SyncRun> holder = CompletableFuture.supplyAsync(() -> syncOf(
                PostgresServer.otherSpelling(pg.url(target))).with("sync.target-mode", "swap")
                .pauseBefore("sync", "stage-verify", loaded, resumeHolder).run());
        try {
            // held after its load, with its work database full: no timing involved
            await().atMost(Duration.ofMinutes(3)).until(() -> loaded.getCount() == 0 || holder.isDone());
            assertEquals(0, loaded.getCount(),
                    () -> "the lock was released with the first run, yet the next one ended early: " + holder.join().error());
            String copyBefore = Rows.checksum(target + "_next", "users");

            SyncRun refused = syncOf(pg.url(target)).with("sync.target-mode", mode).run();
            assertEquals(1, refused.exitCode());
            assertInstanceOf(AlreadyRunningException.class, refused.failureCause(), refused::error);
            assertTrue(refused.error().contains("is already running"), refused.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, refused.targetState());
            assertTrue(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"),
                    "the holder's work database survives");
            assertEquals(copyBefore, Rows.checksum(target + "_next", "users"));
        } finally {
            resumeHolder.countDown();
        }
        SyncRun holderRun = holder.get();
        assertEquals(SyncRun.Status.SUCCESS, holderRun.status(), holderRun::error);
        assertEquals(SMALL_USERS, Rows.count(target, "users"));
    }

    @Test
    void aCopySomebodyIsConnectedToIsNeverCleanedAsALeftover() throws Exception {
        pg.execute("postgres", "CREATE DATABASE " + target + "_next");
        pg.execute(target + "_next", "CREATE TABLE work_in_progress (id int)");
        try (Connection session = pg.connect(target + "_next")) {
            SyncRun run = syncOf(pg.url(target)).with("sync.target-mode", "swap")
                    .with("sync.target.lock-timeout-seconds", "1").run();
            assertEquals(1, run.exitCode());
            assertTrue(run.error().contains("session(s) are connected to it") && run.error().contains("left alone"),
                    run.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
            assertTrue(session.isValid(5), "the session was not ended");
            assertTrue(Rows.tableExists(target + "_next", "public.work_in_progress"), "the copy was not dropped");
        }
        SyncRun afterwards = syncOf(pg.url(target)).with("sync.target-mode", "swap").run();
        assertEquals(SyncRun.Status.SUCCESS, afterwards.status(), afterwards::error);
        assertTrue(afterwards.results().notes().stream().anyMatch(n -> n.contains("dropped " + target + "_next")), 
                afterwards.results().notes()::toString);
    }
}
