package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.App;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** restore-test: the newest backup restored into a database of its own, checked, dropped; the target never touched. */
class RestoreTestCommandTest extends FreshTargetTest {

    private static final String RULES = "tables: []\npii_scan: {policy: warn}\n";

    @AfterEach
    void dropTestDatabases() {
        restoreTestDatabases().forEach(pg::dropDatabase);
    }

    private Set<String> restoreTestDatabases() {
        // a long name is shortened before its suffix, as the server would otherwise cut it
        return Rows.strings("postgres", "SELECT datname FROM pg_database WHERE datname LIKE '%\\_restore\\_test\\_%' "
                + "AND '" + target + "' LIKE split_part(datname, '_restore_test_', 1) || '%'");
    }

    /** A -Z0 dump (its rows readable in the file) of one table of readings, 700001 to 701000. */
    private Path readingsDump(String name) {
        String source = pg.createDatabase("rt_source");
        try {
            pg.execute(source, "CREATE TABLE readings (id int PRIMARY KEY, value int NOT NULL)",
                    "INSERT INTO readings SELECT i, 700000 + i FROM generate_series(1, 1000) i");
            Path dump = dir.resolve(name + ".pgsql");
            pg.pgDump(source, dump, "-Z0");
            return dump;
        } finally {
            pg.dropDatabase(source);
        }
    }

    /** The same dump with one value that is no longer an integer: the file reads, the restore of its rows fails. */
    private Path corruptedDump() throws IOException {
        Path dump = readingsDump("corrupted");
        byte[] bytes = Files.readAllBytes(dump);
        byte[] row = "\t700500\n".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, row);
        assertTrue(at > 0, "the uncompressed dump holds the row as text");
        bytes[at + 3] = 'x';
        return Files.write(dump, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Sync restoreTest(Path dump) {
        return Sync.into(pg.url(target), dump).rules(rules(RULES));
    }

    @Test
    void aGoodBackupPassesAndLeavesNeitherItsDatabaseNorAMarkOnTheTarget() throws Exception {
        pg.execute(target, "CREATE TABLE staging_only (id int)", "INSERT INTO staging_only VALUES (1)");
        Sync sync = restoreTest(readingsDump("good"));

        SyncRun run = sync.run(Command.RESTORE_TEST);

        assertEquals(0, run.exitCode(), run::error);
        assertEquals(Set.of(), restoreTestDatabases(), "the test's database was dropped");
        assertEquals(1, Rows.count(target, "staging_only"), "the target was not touched");
        assertFalse(Rows.tableExists(target, "public.readings"), "nothing was restored into the target");
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertFalse(Files.exists(sync.reportDir().resolve("report.json")), "the last sync's report is not replaced");
        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("restore-test.json")));
        assertEquals("restore-test", report.at("/command").asText(), report.toString());
        assertEquals("success", report.at("/status").asText(), report.toString());
        assertTrue(report.toString().contains("1 tables present, each answered a query"), report.toString());
        String text = Files.readString(sync.reportDir().resolve("restore-test.txt"));
        assertTrue(text.startsWith("staging-sync restore-test " + run.getId() + ": success"), text);
    }

    @Test
    void aCorruptedBackupFailsAndItsDatabaseIsKeptWhenAsked() throws Exception {
        Path dump = corruptedDump();
        pg.execute(target, "CREATE TABLE staging_only (id int)");
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Map<String, String> settings = Map.of("database.url", pg.url(target), "sync.source", "file:" + dump,
                "sync.report-dir", reports.toString(), "sync.work-dir", dir.resolve("work").toString(),
                "sync.anonymization-file", rules(RULES).toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = new App(new PrintStream(out, true, StandardCharsets.UTF_8))
                .execute(new String[] {"restore-test", "--keep-on-failure"}, settings);

        assertEquals(1, exit, out.toString(StandardCharsets.UTF_8));
        Set<String> kept = restoreTestDatabases();
        assertEquals(1, kept.size(), "the failed test's database is kept for inspection");
        assertTrue(Rows.tableExists(kept.iterator().next(), "public.readings"));
        assertTrue(Rows.tableExists(target, "public.staging_only"), "the target was not touched");
        assertFalse(Rows.tableExists(target, "public.readings"));
        String report = Files.readString(reports.resolve("restore-test.txt"));
        assertTrue(report.contains("kept for inspection"), report);
    }

    @Test
    void aCorruptedBackupFailsAndItsDatabaseIsDroppedByDefault() throws Exception {
        SyncRun run = restoreTest(corruptedDump()).run(Command.RESTORE_TEST);

        assertEquals(1, run.exitCode());
        assertEquals("load-data", run.failedStage(), run::error);
        assertEquals(Set.of(), restoreTestDatabases(), "the failed test's database was dropped");
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
    }

    @Test
    void aRoleWithoutCreatedbIsRefused() {
        pg.createAppRole(target, true);
        SyncRun run = Sync.into(pg.appUrl(target), readingsDump("refused")).rules(rules(RULES)).run(Command.RESTORE_TEST);
        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("restore-test restores into a temporary database"), run.error());
    }
}
