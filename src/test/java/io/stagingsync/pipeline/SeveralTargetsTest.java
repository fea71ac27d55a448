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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One run into several targets (SYNC_TARGETS): one backup, each target its own run, one failing never harms another. */
class SeveralTargetsTest extends FreshTargetTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> others = new ArrayList<>();
    private String second;
    private String third;

    @BeforeEach
    void createTheOtherTargets() {
        second = pg.createDatabase("severaltargets_b");
        third = pg.createDatabase("severaltargets_c");
        others.addAll(List.of(second, third));
    }

    @AfterEach
    void dropTheOtherTargets() {
        for (String db : List.of(target, second, third)) {
            pg.dropDatabase(db + "_next");
            pg.dropDatabase(db + "_previous");
            pg.dropCopies(db);
        }
        others.forEach(pg::dropDatabase);
    }

    /** The sync of three targets: the first's URL in a variable, the second's password-less one in the file. */
    private Sync sync(String firstEntry, String secondEntry, String thirdEntry) throws IOException {
        Path file = Files.writeString(dir.resolve("targets.yaml"), "targets:\n" + firstEntry + secondEntry + thirdEntry);
        return Sync.into("postgres://unused@127.0.0.1:1/unused", sample.archive())
                .with("database.url", "")
                .with("sync.targets", file.toString())
                .with("SEVERAL_TARGETS_A_URL", pg.url(target))
                .with("SEVERAL_TARGETS_C_URL", pg.url(third));
    }

    private String first(String mode) {
        return "  - {name: alpha, url_env: SEVERAL_TARGETS_A_URL, mode: " + mode + ", app: shop-staging}\n";
    }

    private String second(String mode, String extra) {
        return "  - {name: bravo, url: \"" + pg.url(second) + "\", mode: " + mode + ", app: shop-demo" + extra + "}\n";
    }

    private String third(String mode) {
        return "  - {name: charlie, url_env: SEVERAL_TARGETS_C_URL, mode: " + mode + ", app: shop-qa}\n";
    }

    private JsonNode report(Sync sync) throws IOException {
        return json.readTree(Files.readString(sync.reportDir().resolve("report.json")));
    }

    private JsonNode entry(JsonNode report, String name) {
        for (JsonNode t : report.get("targets")) {
            if (t.get("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no target " + name + " in " + report.get("targets"));
    }

    @Test
    void threeTargetsWithDifferentModesEachGetTheVerifiedAnonymizedCopy() throws Exception {
        Sync sync = sync(first("swap"), second("in-place", ""), third("auto"));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        long users = Rows.count(sample.sourceDb(), "users");
        for (String db : List.of(target, second, third)) {
            assertEquals(users, Rows.count(db, "users"), db + " holds the backup's rows");
            assertEquals("0", Rows.single(db, "SELECT count(*) FROM users WHERE email NOT LIKE '%@example.test'"),
                    db + " is anonymized");
        }
        JsonNode report = report(sync);
        assertEquals("success", report.get("status").asText());
        assertTrue(report.get("target").isNull(), "the run's own target section gives way to the targets'");
        assertEquals(3, report.get("targets").size());
        assertEquals("swap", entry(report, "alpha").at("/target/mode").asText());
        assertEquals("in-place", entry(report, "bravo").at("/target/mode").asText());
        assertEquals("swap", entry(report, "charlie").at("/target/mode").asText(), "auto swaps for a role that can");
        for (String name : List.of("alpha", "bravo", "charlie")) {
            JsonNode t = entry(report, name);
            assertEquals("success", t.get("status").asText(), t.toString());
            assertEquals("anonymized", t.at("/target/state").asText());
            assertTrue(t.get("tables").size() > 5, "each target reports its tables");
            Set<String> stages = new java.util.HashSet<>();
            t.get("stages").forEach(s -> stages.add(s.get("name").asText()));
            assertTrue(stages.containsAll(Set.of("plan", "restore-schema", "load-data", "verify", "publish")), stages.toString());
        }
        Set<String> runStages = new java.util.HashSet<>();
        report.get("stages").forEach(s -> runStages.add(s.get("name").asText()));
        assertTrue(runStages.containsAll(Set.of("fetch-backup", "unpack", "sync-targets")), runStages.toString());
        assertFalse(runStages.contains("load-data"), "the run fetched and unpacked once; the targets loaded");
        assertFalse(Files.readString(sync.reportDir().resolve("report.json")).contains("SEVERAL_TARGETS_A_URL=postgres"));
    }

    /**
     * One run where bravo fails mid-run and delta is refused by the guards: each failure is its own target's, alpha and
     * charlie sync beside both.
     */
    @Test
    void aTargetFailingMidRunKeepsItsPreviousCopyTheGuardsRefuseAnotherWithoutConnectingToItAndTheOthersSync()
            throws Exception {
        // bravo holds yesterday's copy; its own hook fails after its new copy was loaded and verified
        pg.dropDatabase(second);
        others.remove(second);
        second = pg.createDatabase("severaltargets_b", sample.syncedTemplate());
        others.add(second);
        pg.execute(second, "CREATE TABLE yesterday_marker (id int)", "INSERT INTO yesterday_marker VALUES (42)");
        String fourth = pg.createDatabase("severaltargets_d");
        others.add(fourth);
        pg.execute(fourth, "CREATE TABLE production_marker (id int)");
        Path hook = Files.writeString(dir.resolve("broken-hook.sql"), "SELECT 1 / 0;");
        String production = "  - {name: delta, url: \"" + pg.url(fourth) + "\", mode: in-place, app: shop-production}\n";
        Sync sync = sync(first("in-place"), second("swap", ", hooks: [\"" + hook + "\"]"), third("swap") + production);
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("2 of 4 targets did not sync: "), run.error());
        assertTrue(run.error().contains("bravo failed at hooks"), run.error());
        assertTrue(run.error().contains("delta refused"), run.error());
        assertEquals(1, Rows.count(second, "yesterday_marker"), "bravo's live copy is the one it had before the run");
        assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(second + "_next"),
                "bravo's new copy was dropped");
        assertTrue(Rows.tableExists(fourth, "public.production_marker"));
        assertFalse(Rows.tableExists(fourth, "public.users"), "the refused target was not written");
        long users = Rows.count(sample.sourceDb(), "users");
        assertEquals(users, Rows.count(target, "users"), "alpha was synced");
        assertEquals(users, Rows.count(third, "users"), "charlie was synced");
        JsonNode report = report(sync);
        assertEquals("failed", report.get("status").asText());
        assertEquals("failed", entry(report, "bravo").get("status").asText());
        assertEquals("hooks", entry(report, "bravo").get("failed_stage").asText());
        assertEquals("untouched", entry(report, "bravo").at("/target/state").asText());
        JsonNode delta = entry(report, "delta");
        assertEquals("refused", delta.get("status").asText());
        assertTrue(delta.get("error").asText().contains("APP=shop-production looks like production"), delta.toString());
        assertEquals("success", entry(report, "alpha").get("status").asText());
        assertEquals("anonymized", entry(report, "charlie").at("/target/state").asText());
    }

    @Test
    void aTargetInCopiesModeKeepsItsOwnTimestampedCopiesBesideTheOthers() throws Exception {
        pg.execute(second, "CREATE TABLE before_copies (id int)");
        // bravo's first copies run is its own; alpha and charlie start from what their first run left (the synced
        // template), so the run below is each target's second, the one where copies could be kept or leak
        SyncRun firstOfBravo = sync("", second("copies", ""), "").with("sync.copies.keep", "2").run();
        assertEquals(SyncRun.Status.SUCCESS, firstOfBravo.status(), firstOfBravo::error);
        targetHoldsAPreviousSync();
        pg.dropDatabase(third);
        others.remove(third);
        third = pg.createDatabase("severaltargets_c", sample.syncedTemplate());
        others.add(third);
        Sync sync = sync(first("swap"), second("copies", ""), third("in-place")).with("sync.copies.keep", "2");
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        long users = Rows.count(sample.sourceDb(), "users");
        for (String db : List.of(target, second, third)) {
            assertEquals(users, Rows.count(db, "users"), db + " holds the backup's rows");
        }
        Set<String> databases = Rows.strings("postgres", "SELECT datname FROM pg_database");
        List<String> bravoCopies = databases.stream().filter(n -> n.matches(second + "_\\d{8}T\\d{6}Z")).toList();
        assertEquals(1, bravoCopies.size(), "keep 2: bravo's live copy and the first run's: " + bravoCopies);
        assertTrue(Rows.tableExists(bravoCopies.get(0), "public.users"), "the kept copy is the first run's, whole");
        assertFalse(databases.stream().anyMatch(n -> n.matches("(" + target + "|" + third + ")_\\d{8}T\\d{6}Z")),
                "the other targets' modes make no copies");
        JsonNode bravo = entry(report(sync), "bravo");
        assertEquals("copies", bravo.at("/target/mode").asText());
        assertEquals(2, bravo.at("/target/copies").size(), bravo.at("/target").toString());
        assertEquals(second, bravo.at("/target/copies/0/name").asText(), "newest first: the live one");
        assertTrue(entry(report(sync), "alpha").at("/target/copies").isMissingNode()
                || entry(report(sync), "alpha").at("/target/copies").isNull(), "a swap target lists no copies");
    }

    @Test
    void cancellingTheRunCancelsEveryTargetAndLeavesTheirLiveCopiesAlone() throws Exception {
        for (String db : List.of(target, second, third)) {
            pg.execute(db, "CREATE TABLE before_the_run (id int)");
        }
        // cancelled as the first target finishes restoring its schema: a target still restoring is stopped midway,
        // that one at its next boundary, the third before it starts
        Sync sync = sync(first("swap"), second("swap", ""), third("swap"))
                .atRun("restore-schema", "check-rule-coverage", false, run -> run.parent().cancel("operator"));
        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.CANCELLED, run.status(), run::error);
        for (SyncRun t : run.getTargetRuns()) {
            assertEquals(SyncRun.Status.CANCELLED, t.status(), t.target().name() + ": " + t.error());
        }
        Set<String> databases = Rows.strings("postgres", "SELECT datname FROM pg_database");
        for (String db : List.of(target, second, third)) {
            assertTrue(Rows.tableExists(db, "public.before_the_run"), db + " is as it was");
            assertFalse(Rows.tableExists(db, "public.users"), db + " received nothing");
            assertFalse(databases.contains(db + "_next"), db + "'s copy was dropped");
        }
    }

    @Test
    void aPlanWithSeveralTargetsIsRefusedSayingHowToPlanOne() throws Exception {
        Sync sync = sync(first("swap"), second("in-place", ""), third("auto"));
        SyncRun run = sync.run(io.stagingsync.run.Command.PLAN);
        assertEquals(SyncRun.Status.REFUSED, run.status());
        assertTrue(run.error().contains("unset SYNC_TARGETS and name one target with DATABASE_URL"), run.error());
        assertEquals(2, run.exitCode());
        // the targets the run never reached say so, none is left "running"
        assertEquals(3, run.getTargetRuns().size());
        for (SyncRun t : run.getTargetRuns()) {
            assertEquals(SyncRun.Status.REFUSED, t.status());
            assertTrue(t.error().startsWith("not synced: the run ended before this target's restore"), t.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, t.targetState());
        }
    }
}
