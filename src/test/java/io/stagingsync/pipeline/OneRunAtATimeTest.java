package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.AlreadyRunningException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two syncs of one target at the same time: the first runs, the second stops at once and changes nothing. */
class OneRunAtATimeTest extends FreshTargetTest {

    @AfterEach
    void dropCopy() {
        pg.dropDatabase(target + "_next");
    }

    @ParameterizedTest
    @ValueSource(strings = {"swap", "in-place"})
    void aSecondTriggerIsToldTheSyncIsAlreadyRunning(String mode) throws Exception {
        Path slowHook = Files.writeString(dir.resolve("slow.sql"), "SELECT pg_sleep(3);");
        CompletableFuture<SyncRun> first = CompletableFuture.supplyAsync(() -> Sync.into(pg.url(target), sample.dump())
                .with("sync.target-mode", mode).with("sync.hooks", slowHook.toString()).run());
        // past the lock: the first run is writing
        BooleanSupplier writing = mode.equals("swap")
                ? () -> Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next")
                : () -> Rows.tableExists(target, "public.users");
        await().atMost(Duration.ofMinutes(5)).until(writing::getAsBoolean);

        Sync secondSync = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", mode);
        SyncRun second = secondSync.run();
        assertEquals(1, second.exitCode());
        assertInstanceOf(AlreadyRunningException.class, second.failureCause());
        assertTrue(second.error().contains("is already running") && second.error().contains("changed nothing"),
                second.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, second.targetState());
        assertTrue(!Files.exists(secondSync.reportDir().resolve("report.json")), "the running sync's report is its own");

        SyncRun firstRun = first.get();
        assertEquals(SyncRun.Status.SUCCESS, firstRun.status(), firstRun::error);
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));

        SyncRun third = Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", mode).run();
        assertEquals(SyncRun.Status.SUCCESS, third.status(), "the lock was released with the first run: " + third.error());
    }
}
