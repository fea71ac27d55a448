package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TargetCopy;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Copies mode against real databases: each run's verified copy becomes the live one under the stable name, the
 * replaced one keeps its own timestamped name, the last SYNC_COPIES_KEEP stay, and a failed run drops only its own.
 */
class CopiesModeTest extends FreshTargetTest {

    private static final String COPY = "_\\d{8}T\\d{6}Z";

    private String role;

    @AfterEach
    void dropCopiesAndRole() {
        pg.dropCopies(target);
        if (role != null) {
            pg.dropDatabase(target);
            pg.execute("postgres", "DROP ROLE IF EXISTS " + role);
        }
    }

    /** The target's timestamped databases, oldest first (their names sort by time). */
    private Set<String> copies() {
        return new TreeSet<>(Rows.strings("postgres", "SELECT datname FROM pg_database").stream()
                .filter(n -> n.matches(target + COPY)).toList());
    }

    private Sync copiesSync(String keep) {
        return Sync.into(pg.url(target), sample.dump()).with("sync.target-mode", "copies").with("sync.copies.keep", keep);
    }

    /** Two good runs, then a failed one that finds a live and a kept copy and must leave both as they were. */
    @Test
    void eachRunPublishesATimestampedCopyAndKeepsTheLastOnesAndAFailedRunDropsOnlyItsOwnCopy() throws Exception {
        pg.execute(target, "CREATE TABLE before_copies (id int)");
        Sync sync = copiesSync("2");

        SyncRun first = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, first.status(), first::error);
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertEquals(1, copies().size(), "the database from before copies mode is kept under a timestamped name");
        String adopted = copies().iterator().next();
        assertTrue(Rows.tableExists(adopted, "public.before_copies"), "it is the replaced live database, whole");
        assertTrue(first.results().notes().stream().anyMatch(n -> n.contains("was not made in copies mode")),
                first.results().notes()::toString);

        SyncRun second = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, second.status(), second::error);
        Set<String> afterSecond = copies();
        assertEquals(1, afterSecond.size(), "SYNC_COPIES_KEEP=2: the live copy and the one before it");
        String firstCopy = afterSecond.iterator().next();
        assertNotEquals(adopted, firstCopy, "the oldest copy went once two newer ones were verified");
        assertTrue(Rows.tableExists(firstCopy, "public.users"), "the first run's copy is kept, whole");
        assertFalse(Rows.tableExists(target, "public.before_copies"));

        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals("copies", report.at("/target/mode").asText());
        JsonNode listed = report.at("/target/copies");
        assertEquals(2, listed.size(), report.at("/target").toString());
        assertEquals(target, listed.get(0).get("name").asText(), "newest first: the live one");
        assertTrue(listed.get(0).get("live").asBoolean());
        assertEquals("live", listed.get(0).get("state").asText());
        assertTrue(listed.get(0).get("size_bytes").asLong() > 0);
        assertEquals(firstCopy, listed.get(1).get("name").asText());
        assertFalse(listed.get(1).get("live").asBoolean());
        assertEquals("kept", listed.get(1).get("state").asText());
        assertTrue(listed.get(0).get("created_at").asText().compareTo(listed.get(1).get("created_at").asText()) > 0);
        String text = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(text.contains("copy " + firstCopy + ": kept"), text);

        String live = Rows.checksum(target, "users");
        SyncRun failed = copiesSync("1").rules(rules(RULES_FAILING_IN_LOAD)).run();
        assertEquals(SyncRun.Status.FAILED, failed.status());
        assertEquals("load-data", failed.failedStage(), failed::error);
        assertEquals(SyncRun.TargetState.UNTOUCHED, failed.targetState());
        assertEquals(afterSecond, copies(), "its own copy dropped, none of the kept ones, even with SYNC_COPIES_KEEP=1");
        assertEquals(live, Rows.checksum(target, "users"));
        assertEquals(1 + afterSecond.size(), failed.target().copies().size(), "the report lists the copies left");
    }

    /**
     * Between two runs keeping one copy, a run was killed while filling its copy and somebody made a database named
     * like a copy: the second run drops the replaced copy and the killed run's, never the live one nor the lookalike.
     */
    @Test
    void keepingOneCopyDropsTheReplacedOneAndTheOneAKilledRunWasFillingButNeverTheLiveOneNorALookalike() {
        SyncRun first = copiesSync("1").run();
        assertEquals(SyncRun.Status.SUCCESS, first.status(), first::error);
        assertEquals(Set.of(), copies(), "SYNC_COPIES_KEEP=1: only the live copy");
        String before = Rows.checksum(target, "users");
        String killed = target + "_20200101T000000Z";
        String lookalike = target + "_19990101T000000Z";
        pg.execute("postgres", "CREATE DATABASE \"" + killed + "\"",
                "COMMENT ON DATABASE \"" + killed + "\" IS 'staging-sync copy 20200101T000000Z restoring'",
                "CREATE DATABASE \"" + lookalike + "\"");
        pg.execute(killed, "CREATE TABLE half_restored (id int)");
        SyncRun second = copiesSync("1").run();
        assertEquals(SyncRun.Status.SUCCESS, second.status(), second::error);
        assertEquals(Set.of(lookalike), copies(),
                "the replaced copy and the interrupted run's were dropped; a database named like a copy that copies"
                        + " mode did not make is never dropped");
        assertTrue(second.results().notes().stream().anyMatch(n -> n.contains("dropped " + killed)),
                second.results().notes()::toString);
        assertEquals(before, Rows.checksum(target, "users"), "the live name holds the new verified copy");
        List<TargetCopy> listed = second.target().copies();
        assertEquals(1, listed.size(), listed::toString);
        assertTrue(listed.get(0).live());
    }

    @Test
    void copiesModeIsRefusedForARoleWithoutCreatedb() {
        role = target + "_app";
        pg.execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD 'app-secret' NOCREATEDB",
                "GRANT ALL PRIVILEGES ON DATABASE " + target + " TO " + role);
        pg.execute(target, "GRANT ALL ON SCHEMA public TO " + role);
        SyncRun run = Sync.into(pg.url(target, role, "app-secret"), sample.dump()).with("sync.target-mode", "copies")
                .run();
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("SYNC_TARGET_MODE=copies needs a role with CREATEDB")
                && run.error().contains("has no CREATEDB"), run.error());
        assertEquals(Set.of(), copies());
        assertFalse(Rows.tableExists(target, "public.users"));
    }
}
