package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SIGTERM or SIGINT mid-restore cancels, rolls back and exits 143 or 130 in bounded time; after a SIGKILL the next
 * run cleans up.
 */
class GracefulStopTest extends FreshTargetTest {

    @AfterEach
    void dropCopy() {
        pg.dropDatabase(target + "_next");
    }

    /**
     * The demo rules with the users' masking slowed down (100 ms a row, a minute in all), so that a stop lands
     * mid-load whatever the machine's load.
     */
    private Path slowRules() throws Exception {
        String rules = Files.readString(Path.of("anonymization.yaml"));
        String email = "email: \"'user' || id || '@example.test'\"";
        assertTrue(rules.contains(email));
        return Files.writeString(dir.resolve("slow.yaml"),
                rules.replace(email, "email: \"'user' || id || '@example.test' || (select '' from pg_sleep(0.1 + id * 0))\""));
    }

    private Process start(String mode, Path output) throws Exception {
        return AppProcess.start(Path.of("").toAbsolutePath(), dir, Map.of("DATABASE_URL", pg.url(target),
                "SYNC_SOURCE", "file:" + sample.archive(), "SYNC_ANONYMIZATION_FILE", slowRules().toString(),
                "SYNC_TARGET_MODE", mode,
                // the progress line the test waits for comes within a second, not ten
                "SYNC_PROGRESS_LOG_SECONDS", "1"), output, "run");
    }

    /** A masking statement of the run is executing on the server. */
    private void awaitMasking(Process app, Path output) {
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!app.isAlive()) {
                throw new AssertionError("the run ended before it was stopped:\n" + Files.readString(output));
            }
            return true;
        }, ok -> ok && !Rows.strings("postgres",
                "SELECT pid::text FROM pg_stat_activity WHERE application_name = 'staging-sync' AND datname LIKE '"
                        + target + "%' AND query LIKE '%pg_sleep%' AND query NOT ILIKE 'explain%' AND state = 'active'")
                .isEmpty());
    }

    private long workDirs() throws Exception {
        Path work = dir.resolve("work");
        if (!Files.exists(work)) {
            return 0;
        }
        try (var files = Files.list(work)) {
            return files.count();
        }
    }

    @ParameterizedTest
    @CsvSource({"swap, TERM, 143", "in-place, INT, 130"})
    void aSignalMidRestoreCancelsRollsBackAndExitsWithTheSignalsCode(String mode, String signal, int exit)
            throws Exception {
        targetHoldsAPreviousSync();
        String previous = Rows.checksum(target, "users");
        Path output = dir.resolve("out.log");

        Process app = start(mode, output);
        awaitMasking(app, output);
        // a long load logs where it is: tables done and in flight, against the archive's totals, and the time left
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(output).matches(
                "(?s).*load-data: \\d+ of \\d+ tables, [\\d.]+ MiB of [\\d.]+ MiB of table data, [\\d,]+ of about "
                        + "[\\d,]+ rows; loading [^;]*public\\.users[^;]*; the run is \\d+% done, about \\d+ s left.*"));
        long stoppedAt = System.nanoTime();
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(app.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        // generous: how long a busy machine takes to stop a JVM is not what this test proves
        assertTrue(app.waitFor(3, TimeUnit.MINUTES), "the process exits after the signal");
        long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
        String out = Files.readString(output);

        System.out.printf("graceful stop (%s): exit %d, %d ms after SIG%s%n", mode, app.exitValue(), tookMs, signal);
        assertEquals(exit, app.exitValue(), out);
        assertTrue(out.contains("cancelled by SIG" + signal + " during stage load-data"), out);
        assertFalse(out.contains("an operator"), out);
        String report = Files.readString(dir.resolve("reports/report.json"));
        assertTrue(report.contains("\"status\" : \"cancelled\"")
                && report.contains("\"cancelled_by\" : \"SIG" + signal + "\""), report);
        if (mode.equals("swap")) {
            assertEquals(previous, Rows.checksum(target, "users"), "the live database is untouched");
            assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"));
        } else {
            assertFalse(Rows.tableExists(target, "public.users"), "the archive's objects were dropped");
        }
        assertEquals("0", Rows.single("postgres", "SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                + "'staging-sync' AND datname LIKE '" + target + "%' AND state = 'active'"), "no statement left running");
        assertEquals(0, workDirs(), "work files removed");
    }

    @Test
    void aKilledRunsLeftoversAreCleanedByTheNextRun() throws Exception {
        Path output = dir.resolve("killed.log");
        Process app = start("swap", output);
        awaitMasking(app, output);
        app.destroyForcibly();
        assertTrue(app.waitFor(3, TimeUnit.MINUTES));
        app.descendants().forEach(ProcessHandle::destroyForcibly);
        // the killed run's statement had a minute of masking left: the server ends it once it sees the client gone
        await("the orphaned masking statement ends").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Rows.strings("postgres", "SELECT pid::text FROM pg_stat_activity WHERE datname LIKE '"
                        + target + "%' AND query LIKE '%pg_sleep%' AND state = 'active'").isEmpty());
        assertTrue(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"),
                "a SIGKILL leaves the swap's copy");
        assertEquals(1, workDirs(), "and its work files");

        // the next run in-process (the killed one was the real command line): the same work folder, the same target;
        // what it loads once the leftovers are gone is not the point, and one small table loads in a moment
        SyncRun next = smallUsersSync(pg.url(target)).with("sync.work-dir", dir.resolve("work").toString())
                .with("sync.target-mode", "swap").run();
        assertEquals(0, next.exitCode(), next::error);
        List<String> notes = next.results().notes();
        assertTrue(notes.stream().anyMatch(n -> n.contains("leftover of an interrupted run: dropped " + target + "_next")),
                notes::toString);
        assertTrue(notes.stream().anyMatch(n -> n.contains("leftover of an interrupted run: removed the work files")),
                notes::toString);
        assertEquals(0, workDirs());
        assertEquals(SMALL_USERS, Rows.count(target, "users"));
    }
}
