package io.stagingsync.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A masking session terminated by the server mid-table (pg_terminate_backend from a second session, as a failover
 * or an administrator would) is masked again from the archive in a new session, within the configured attempts;
 * it is never reported as the rule's fault, and no raw row is ever committed.
 */
class MaskingRetryTest extends FreshTargetTest {

    private final AtomicBoolean stop = new AtomicBoolean();

    @AfterEach
    void stopWatching() {
        stop.set(true);
        pg.dropDatabase(target + "_next");
    }

    /** The demo rules with the users' masking slowed down (5 ms a row), so that it can be caught running. */
    private Path slowRules() throws Exception {
        String rules = Files.readString(Path.of("anonymization.yaml"));
        String email = "email: \"'user' || id || '@example.test'\"";
        assertTrue(rules.contains(email));
        return Files.writeString(dir.resolve("slow.yaml"),
                rules.replace(email, "email: \"'user' || id || '@example.test' || (select '' from pg_sleep(0.005 + id * 0))\""));
    }

    /** From a second session: terminates the users' masking session once it runs; returns how many were ended. */
    private CompletableFuture<Integer> terminateMaskingOnce() {
        return CompletableFuture.supplyAsync(() -> {
            String pid = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (stop.get()) {
                            return "none";
                        }
                        Set<String> pids = Rows.strings("postgres", "SELECT pid::text FROM pg_stat_activity WHERE "
                                + "application_name = 'staging-sync' AND datname LIKE '" + target + "%' AND query LIKE "
                                + "'%pg_sleep%' AND query NOT ILIKE 'explain%' AND state = 'active'");
                        return pids.isEmpty() ? null : pids.iterator().next();
                    }, p -> p != null);
            if (pid.equals("none")) {
                return 0;
            }
            return Rows.single("postgres", "SELECT pg_terminate_backend(" + pid + ")").equals("t") ? 1 : 0;
        });
    }

    @Test
    void aMaskingSessionTerminatedMidTableIsMaskedAgainFromTheArchiveAndTheRunSucceeds() throws Exception {
        CompletableFuture<Integer> terminated = terminateMaskingOnce();
        SyncRun run = Sync.into(pg.url(target), sample.archive()).rules(slowRules())
                .with("sync.target-mode", "swap").with("sync.anonymization.retry-delay-ms", "50").run();

        assertEquals(1, terminated.get(1, TimeUnit.MINUTES), "the masking session was terminated once");
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertTrue(run.results().notes().contains("public.users was masked again after a transient server error (SQLSTATE 57P01)")
                || run.results().notes().contains("public.users was masked again after a transient server error (SQLSTATE 08006)"),
                run.results().notes().toString());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"), "every row, once");
        assertEquals(0, run.results().tables().get("public.users").totalSurvivors());
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email NOT LIKE 'user%@example.test'"));
    }

    @Test
    void withoutRetriesTheTerminationFailsTheRunAsATransientErrorNotTheRules() throws Exception {
        CompletableFuture<Integer> terminated = terminateMaskingOnce();
        SyncRun run = Sync.into(pg.url(target), sample.archive()).rules(slowRules())
                .with("sync.target-mode", "in-place").with("sync.anonymization.retry-attempts", "1").run();

        assertEquals(1, terminated.get(1, TimeUnit.MINUTES));
        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().matches("masking public\\.users \\(tables\\[\\d+] \\(users\\)\\) failed on a transient "
                + "server error \\(SQLSTATE (57P01|08006)\\); not the rule's fault.*"), run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(Rows.tableExists(target, "public.users"), "fail-closed");
    }
}
