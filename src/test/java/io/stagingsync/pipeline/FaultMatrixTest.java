package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import io.stagingsync.testing.TargetWatcher;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure at each stage, each mode failing at several, while a second client polls the target: no raw value of a
 * masked column is ever visible, and afterwards swap and copies modes leave the previous copy intact, in-place mode nothing of the
 * archive.
 */
class FaultMatrixTest extends FreshTargetTest {

    /** Where the fault is injected: the route, its step, and whether before or after that step runs. */
    enum Fault {
        DOWNLOAD("fetch-backup", "source-file", "describe-file-backup", false, false),
        UNPACK("unpack", "unpack", "checksum-dump", false, false),
        PRE_DATA("restore-schema", "restore-schema", "restore-pre-data", false, true),
        DATA_TABLE("load-data", "load-table", "copy-table", false, true),
        VERIFICATION("verify", "verify", "verify-target", false, true),
        POST_DATA("restore-post", "restore-post", "restore-post-data", false, true),
        HOOKS("hooks", "hooks", "run-post-sync-hooks", false, true),
        SWAP("publish", "publish", "when-swap", true, true);

        final String stage;
        final String route;
        final String step;
        final boolean before;
        final boolean touchesTarget;

        Fault(String stage, String route, String step, boolean before, boolean touchesTarget) {
            this.stage = stage;
            this.route = route;
            this.step = step;
            this.before = before;
            this.touchesTarget = touchesTarget;
        }
    }

    private static final List<String> MODES = List.of("in-place", "swap", "copies");

    /**
     * Before the publish, a mode decides which database the stages write and how a failure is undone, whatever
     * the stage that fails: each earlier stage's fault runs in one mode, in rotation, each mode meeting one or more
     * of them after the target is touched. The publish differs in every mode: its fault runs in each.
     */
    static List<Arguments> faults() {
        List<Arguments> cases = new java.util.ArrayList<>();
        Fault[] faults = Fault.values();
        for (int i = 0; i < faults.length; i++) {
            if (faults[i] == Fault.SWAP) {
                MODES.forEach(mode -> cases.add(Arguments.of(Fault.SWAP, mode)));
            } else {
                cases.add(Arguments.of(faults[i], MODES.get(i % MODES.size())));
            }
        }
        return cases;
    }

    @Test
    void everyModeFailsAtThePublishAndAtAnEarlierStageAfterTheTargetIsTouched() {
        for (String mode : MODES) {
            List<Fault> inMode = faults().stream().filter(a -> a.get()[1].equals(mode)).map(a -> (Fault) a.get()[0])
                    .toList();
            assertTrue(inMode.contains(Fault.SWAP), mode + ": " + inMode);
            assertTrue(inMode.stream().filter(f -> f.touchesTarget).count() >= 2, mode + ": " + inMode);
        }
        assertEquals(Set.of(Fault.values()), faults().stream().map(a -> (Fault) a.get()[0]).collect(Collectors.toSet()));
    }

    @AfterEach
    void dropCopies() {
        pg.dropDatabase(target + "_next");
        pg.dropDatabase(target + "_previous");
        pg.dropCopies(target);
    }

    @Test
    void oneFailingTableCancelsTheStatementsOfTheOthers() throws Exception {
        String rules = Files.readString(java.nio.file.Path.of("anonymization.yaml"));
        String email = "email: \"'user' || id || '@example.test'\"";
        String number = "number: \"'+33700' || lpad(id::text, 7, '0')\"";
        assertTrue(rules.contains(email) && rules.contains(number));
        // every table starts at once; masking users would take 10 minutes (1 s a row); phone_numbers fails after
        // its 1000th row, about a second in
        SyncRun run = Sync.into(pg.url(target), sample.archive()).with("sync.parallelism", "16").rules(rules(rules
                .replace(email, "email: \"'user' || id || '@example.test' || (select '' from pg_sleep(1 + id * 0))\"")
                .replace(number, "number: \"'+33' || (select '' from pg_sleep(0.001 + id * 0)) || (1 / (1000 - id))\""))).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("loading public.phone_numbers") && run.error().contains("22012"), run.error());
        long ms = java.time.Duration.between(run.startedAt(), run.finishedAt()).toMillis();
        // far below the 10 minutes of waiting for it, whatever the machine's load
        assertTrue(ms < 300_000, "the users' masking was cancelled, not waited for: the run took " + ms + " ms");
        assertFalse(run.results().tables().containsKey("public.users"), "users was never committed");
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("faults")
    void aFailureAtEveryStageNeverShowsARawRow(Fault fault, String mode) throws Exception {
        targetHoldsAPreviousSync();
        String previous = Rows.checksum(target, "users");

        Sync sync = Sync.into(pg.url(target), sample.archive()).with("sync.target-mode", mode)
                .failAt(fault.route, fault.step, fault.before);
        SyncRun run;
        TargetWatcher watcher = TargetWatcher.start(target, List.of(
                new TargetWatcher.Watched("public.users", "email", Rows.values(sample.sourceDb(), "users", "email")),
                new TargetWatcher.Watched("public.payments", "payer_email",
                        Rows.values(sample.sourceDb(), "payments", "payer_email"))));
        try (watcher) {
            run = sync.run();
        }

        assertEquals(1, run.exitCode(), run::error);
        assertEquals(fault.stage, run.failedStage(), run::error);
        assertTrue(run.error().contains("injected fault"), run::error);
        assertTrue(watcher.polls() >= 3, "the target was polled during the run: " + watcher.polls());
        assertEquals(0, watcher.rawSightings(), "raw values seen during the run: " + watcher.seen());
        String after;
        if (!mode.equals("in-place") || !fault.touchesTarget) {
            assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
            assertEquals(previous, Rows.checksum(target, "users"), "the previous copy is intact");
            after = "previous copy intact";
        } else {
            assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
            for (String table : List.of("public.users", "public.payments", "public.phone_numbers", "public.orders")) {
                assertFalse(Rows.tableExists(target, table), table + " was dropped");
            }
            after = "archive's objects dropped";
        }
        assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"),
                "the swap's copy is dropped");
        assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").stream()
                .anyMatch(d -> d.startsWith(target + "_2")), "the run's timestamped copy is dropped");
        try (var files = Files.list(sync.workDir())) {
            assertEquals(0, files.count(), "work files are removed");
        }
        System.out.printf("fault matrix: %-12s %-8s during: %s; after: %s%n", fault, mode, watcher.seen(), after);
    }
}
