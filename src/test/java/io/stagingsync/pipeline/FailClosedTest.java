package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.Backups;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every failure leaves the target either untouched or empty of the archive's data: never raw, never half-done. */
class FailClosedTest extends FreshTargetTest {

    /** No e-mail address of the source is anywhere in the target, in any table. */
    private void assertNoSourceEmailInTarget() {
        Set<String> holding = Rows.tablesHolding(target, Rows.values(sample.sourceDb(), "users", "email"));
        assertTrue(holding.isEmpty(), "raw e-mails in " + holding);
    }

    @Test
    void ruleWithBadSqlLeavesNoRawRowAndExitsOne() throws IOException {
        Path bad = rules(RULES_FAILING_IN_LOAD);
        Sync sync = Sync.into(pg.url(target), sample.archive()).rules(bad).with("sync.target-mode", "in-place");
        SyncRun run = sync.run();
        assertEquals(1, run.exitCode());
        assertEquals("load-data", run.failedStage());
        try (var files = Files.list(sync.workDir())) {
            assertEquals(0, files.count(), "work files are removed after a failure too");
        }
        assertTrue(run.error().contains("no_such_setting"), run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        assertFalse(Rows.tableExists(target, "public.users"), "the archive's tables were dropped");
        assertNoSourceEmailInTarget();
        String text = Files.readString(sync.reportDir().resolve("report.txt"));
        assertTrue(text.contains("    public.users: not loaded, masked"), text);
        for (String line : text.lines().filter(l -> l.startsWith("    public.")).toList()) {
            assertTrue(line.contains(" rows") || line.contains(": not loaded") || line.contains("excluded"),
                    "a table is either loaded with its rows or said not loaded, never 'copied as is' unloaded: " + line);
        }
    }

    @Test
    void aRuleFailingOnAValueNeverQuotesThatValue() throws IOException {
        Path failing = rules("""
                tables:
                  - table: users
                    columns:
                      first_name: "(email::int)::text"
                pii_scan: {policy: warn}
                """);
        Sync sync = Sync.into(pg.url(target), sample.dump()).rules(failing);
        SyncRun run = sync.run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("SQLSTATE 22P02"), run.error());
        String report = Files.readString(sync.reportDir().resolve("report.json"));
        for (String email : Rows.values(sample.sourceDb(), "users", "email")) {
            assertFalse(run.error().contains(email) || report.contains(email), "the error quotes " + email);
        }
    }

    @Test
    void ruleThatKeepsOriginalValuesFailsTheLeakCheck() throws IOException {
        Path leaky = rules("""
                tables:
                  - table: users
                    columns:
                      email: "lower(email)"
                      first_name: "'Demo'"
                pii_scan: {policy: warn}
                """);
        SyncRun run = Sync.into(pg.url(target), sample.dump()).rules(leaky).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("leak check failed for public.users"), run.error());
        assertTrue(run.error().contains("email"), run.error());
        assertNoSourceEmailInTarget();
    }

    @Test
    void queryRuleThatDeletesRowsFailsTheRun() throws IOException {
        Path deleting = rules("""
                tables:
                  - table: users
                    query: "DELETE FROM users WHERE id > 10"
                pii_scan: {policy: warn}
                """);
        SyncRun run = Sync.into(pg.url(target), sample.dump()).rules(deleting).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("changed the number of rows"), run.error());
        assertFalse(Rows.tableExists(target, "public.users"));
    }

    @Test
    void failureAfterTheDataLandedEmptiesTheTarget() throws IOException {
        // every phone number points at a user that does not exist: the foreign key of post-data cannot be added
        Path duplicates = rules("""
                tables:
                  - table: users
                    columns:
                      email: "'user' || id || '@example.test'"
                  - table: phone_numbers
                    columns:
                      user_id: "user_id + 1000000"
                  - table: payments
                    columns:
                      payer_email: "'payer' || id || '@example.test'"
                  - table: AuditTrail
                    columns:
                      UserEmail: "NULL"
                pii_scan: {policy: warn}
                """);
        SyncRun run = Sync.into(pg.url(target), sample.archive()).rules(duplicates).with("sync.target-mode", "in-place").run();
        assertEquals(1, run.exitCode());
        assertEquals("restore-post", run.failedStage());
        assertTrue(run.error().contains("phone_numbers_user_id_fkey") && !run.error().contains("1000001"),
                "the failing key is named, the offending value is not: " + run.error());
        assertEquals(SyncRun.TargetState.EMPTIED, run.targetState());
        for (String table : new String[] {"public.users", "public.orders", "public.phone_numbers", "public.payments_2024"}) {
            assertFalse(Rows.tableExists(target, table), table + " was dropped");
        }
    }

    @Test
    void reportThatCannotBeWrittenFailsTheExitButKeepsTheVerifiedCopy() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("reports-is-a-file"), "x");
        SyncRun run = Sync.into(pg.url(target), sample.dump()).with("sync.report-dir", notADirectory.toString()).run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(1, run.exitCode());
        assertTrue(run.reportError() != null);
        assertEquals(SyncRun.TargetState.ANONYMIZED, run.targetState());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
    }

    @Test
    void corruptArchiveFailsWithAClearErrorAndLeavesTheTargetUntouched() throws IOException {
        SyncRun first = Sync.into(pg.url(target), sample.archive()).run();
        assertEquals(SyncRun.Status.SUCCESS, first.status(), first::error);
        String before = Rows.checksum(target, "users");

        byte[] bytes = Files.readAllBytes(sample.archive());
        Path truncated = dir.resolve("20261121000000_cut.tar.gz");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        SyncRun run = Sync.into(pg.url(target), truncated).run();

        assertEquals(1, run.exitCode());
        assertEquals("unpack", run.failedStage());
        assertTrue(run.error().contains("corrupt or truncated"), run.error());
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
        assertEquals(before, Rows.checksum(target, "users"), "the previous copy is intact");
    }

    @Test
    void emptyOrForeignFilesAreRefusedWithAClearError() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.tar.gz"));
        assertTrue(Sync.into(pg.url(target), empty).run().error().contains("is empty"));

        Path text = dir.resolve("dump.sql");
        Files.writeString(text, "CREATE TABLE x (id int);\n");
        SyncRun plain = Sync.into(pg.url(target), text).run();
        assertEquals(2, plain.exitCode(), "refused by the preflight, before anything is read or touched");
        assertEquals("preflight", plain.failedStage());
        assertTrue(plain.error().contains("plain SQL dumps are not supported"), plain.error());
    }

    @Test
    void archiveMembersWithUnsafePathsOrLinksAreRefused() throws IOException {
        byte[] dump;
        try (InputStream in = Files.newInputStream(sample.dump())) {
            dump = in.readAllBytes();
        }
        Path traversal = Backups.archiveWithMember(dir, "../escape.pgsql", dump, false);
        SyncRun run = Sync.into(pg.url(target), traversal).run();
        assertEquals(1, run.exitCode());
        assertTrue(run.error().contains("unsafe path"), run.error());

        Path link = Backups.archiveWithMember(dir, "backup.pgsql", dump, true);
        assertTrue(Sync.into(pg.url(target), link).run().error().contains("holds a link"));

        Path notADump = Backups.archiveWithMember(dir, "backup.pgsql", "hello".getBytes(StandardCharsets.UTF_8), false);
        assertTrue(Sync.into(pg.url(target), notADump).run().error().contains("not a pg_dump custom-format file"));
        assertEquals(0, Long.parseLong(Rows.single(target,
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")), "nothing was created");
    }

    @Test
    void aGzipBombIsRefusedBeforeItsDumpIsWrittenAndNamesAreShownEscaped() throws IOException {
        Path bombs = Files.createDirectories(Path.of("target", "hostile-archives"));
        Path bomb = Backups.gzipBomb(bombs.resolve("file-bomb-" + System.nanoTime() + ".tar.gz"),
                "backup\n[INFO] sync finished: success\u001b[1A.pgsql", "PGDMP".getBytes(StandardCharsets.US_ASCII), 2L << 30);
        try {
            Sync sync = Sync.into(pg.url(target), bomb);
            SyncRun run = sync.run();
            assertEquals(1, run.exitCode());
            assertEquals("unpack", run.failedStage());
            assertTrue(run.error().contains("decompression bomb") && run.error().contains("SYNC_UNPACK_MAX_RATIO"), run.error());
            assertTrue(run.error().contains("backup\\n[INFO] sync finished: success\\u001b[1A.pgsql"), run.error());
            assertFalse(run.error().contains("\n") || run.error().contains("\u001b"), run.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
            try (var left = Files.walk(sync.workDir())) {
                assertEquals(java.util.List.of(), left.filter(Files::isRegularFile).toList(), "no work file left");
            }
        } finally {
            Files.deleteIfExists(bomb);
        }
    }
}
