package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.AppProcess.Result;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The real command line in its own JVM, configured by environment variables only: commands and exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLineTest {

    final PostgresServer pg = PostgresServer.get();
    final SampleDatabase sample = SampleDatabase.get();
    String target;

    @TempDir
    Path dir;

    @BeforeAll
    void createTarget() {
        target = pg.createDatabase("cli");
    }

    @AfterAll
    void dropTarget() {
        pg.dropDatabaseLater(target);
    }

    Result app(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return app(Path.of("").toAbsolutePath(), env, args);
    }

    Result app(Path workingDirectory, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return AppProcess.run(workingDirectory, dir, env, args);
    }

    @Test
    void missingTargetIsRefusedWithExitTwoNamingTheVariable() throws Exception {
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive()), "run");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("DATABASE_URL is not set: set DATABASE_URL (or SCALINGO_POSTGRESQL_URL)"), r.output());
    }

    @Test
    void badSettingsAreAllRefusedAtStartByServeAndRunAlike() throws Exception {
        Map<String, String> env = Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target),
                "SYNC_PII_SCAN_SAMPLE_ROWS", "abc", "SYNC_LANGUAGE", "de", "SCALINGO_HTTP_MAX_RETRY_DELAY_MS", "0");
        for (String command : List.of("serve", "run")) {
            Result r = app(env, command);
            assertEquals(2, r.exit(), r.output());
            assertTrue(r.output().contains("SYNC_PII_SCAN_SAMPLE_ROWS=abc is not a whole number: give one between 1 "
                    + "and 1000000 (setting sync.pii-scan.sample-rows)"), r.output());
            assertTrue(r.output().contains("SYNC_LANGUAGE=de is not a language of the messages: use fr or en"), r.output());
            assertTrue(r.output().contains("SCALINGO_HTTP_MAX_RETRY_DELAY_MS=0 must be between 1 and 3600000"), r.output());
            assertFalse(Rows.tableExists(target, "public.users"), "nothing was restored");
        }
    }

    @Test
    void initNeverOverwritesTheRulesFileRunReadsAndExitsTwo() throws Exception {
        Path rules = Path.of("anonymization.yaml");
        String before = Files.readString(rules);
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target)), "init");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("staging-sync init "), r.output());
        assertTrue(r.output().contains(rules.toAbsolutePath() + " already exists: init never overwrites a rules file; "
                + "move it aside, or set SYNC_ANONYMIZATION_FILE"), r.output());
        assertEquals(before, Files.readString(rules));
    }

    @Test
    void malformedRulesFileIsRefusedWithExitTwoNamingTheEntry() throws Exception {
        Path rules = dir.resolve("bad.yaml");
        Files.writeString(rules, "tables:\n  - table: users\n    columns: {email: \"'x'\"}\n  - table: orders\n    strategy: nope\n");
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target),
                "SYNC_ANONYMIZATION_FILE", rules.toString()), "run");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("bad.yaml: tables[1] (orders): unknown strategy 'nope'"), r.output());
        assertFalse(Rows.tableExists(target, "public.users"), "nothing was restored");
    }

    @Test
    void ruleNamingAColumnTheArchiveLacksIsRefusedBeforeTheTargetIsTouched() throws Exception {
        pg.execute(target, "CREATE TABLE IF NOT EXISTS marker (id int)");
        Path rules = dir.resolve("typo.yaml");
        Files.writeString(rules, "tables:\n  - table: users\n    columns: {emial: \"'x'\"}\n  - table: no_such_table\n    columns: {a: \"1\"}\n"
                + "  - table: phone_number\n    columns: {a: \"1\"}\n");
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target),
                "SYNC_ANONYMIZATION_FILE", rules.toString()), "run");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("tables[0] (users): column 'emial' is not among the columns"), r.output());
        assertTrue(r.output().contains("tables[1] (no_such_table): the archive has no table no_such_table"), r.output());
        assertTrue(r.output().contains("the archive has no table phone_number (did you mean phone_numbers?)"), r.output());
        assertTrue(Rows.tableExists(target, "public.marker"));
    }

    /** The source given as a bare path, without its file: prefix: one child proves the checklist and the spelling. */
    @Test
    void checkPrintsAChecklistAndExitsZeroWithABarePathAsSource() throws Exception {
        Result r = app(Map.of("SYNC_SOURCE", sample.archive().toString(), "DATABASE_URL", pg.url(target)), "check");
        assertEquals(0, r.exit(), r.output());
        for (String line : List.of("[ok]   settings", "[ok]   rules file", "[ok]   pg_restore", "[ok]   target", "[ok]   source")) {
            assertTrue(r.output().contains(line), "missing " + line + " in " + r.output());
        }
        assertTrue(r.output().contains("gzip-compressed tar"), r.output());
        assertTrue(r.output().matches("(?s).*\\[ok] +rules vs backup: \\d+ masked tables of "
                + "20261121000000_sample-app_42\\.tar\\.gz matched to their rules, every rule's SQL checked.*"), r.output());
    }

    @Test
    void checkFailsWithExitOneWhenTheTargetIsUnreachable() throws Exception {
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(),
                "DATABASE_URL", "postgres://nobody:secret-pw@127.0.0.1:1/nowhere"), "check");
        assertEquals(1, r.exit(), r.output());
        assertTrue(r.output().contains("[FAIL] target: cannot connect to the target"), r.output());
        assertFalse(r.output().contains("secret-pw"), "the password never reaches the output");
    }

    @Test
    void planAndDryRunReadTheBackupButChangeNothing() throws Exception {
        Map<String, String> env = Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target));
        Result plan = app(env, "plan");
        assertEquals(0, plan.exit(), plan.output());
        String users = String.format(java.util.Locale.ROOT, "%,d", Rows.count(sample.sourceDb(), "users"));
        assertTrue(plan.output().matches("(?s).*\n    public\\.users: about " + users + " rows, \\d+ KiB of data in the "
                + "archive, masked \\[email, first_name, last_name, birth_date] by tables\\[0] \\(users\\).*"),
                plan.output());
        assertTrue(plan.output().contains("public.sessions: excluded"), plan.output());
        Result dry = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(), "DATABASE_URL", pg.url(target),
                "DRY_RUN", "true"), "run");
        assertEquals(0, dry.exit(), dry.output());
        assertTrue(dry.output().contains("staging-sync plan"), dry.output());
        assertFalse(Rows.tableExists(target, "public.users"), "plan restores nothing");
        assertTrue(Files.exists(dir.resolve("reports/plan.json")));
        assertFalse(Files.exists(dir.resolve("reports/report.json")), "a plan never replaces the last sync's report");
    }

    @Test
    void runningOutsideTheApplicationFolderSaysWhereToRunIt() throws Exception {
        Result r = app(dir, Map.of("DATABASE_URL", pg.url(target)), "check");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("reads application.properties and routes/ from the working directory"), r.output());
    }

    @Test
    void aDirectoryAsSourceIsUnderstoodAndRefusedWithExitTwo() throws Exception {
        Result directory = app(Map.of("SYNC_SOURCE", "file:" + dir, "DATABASE_URL", pg.url(target)), "check");
        assertEquals(2, directory.exit(), directory.output());
        assertTrue(directory.output().contains("SYNC_SOURCE names the directory"), directory.output());
    }

    @Test
    void checkWithABackupFileRefusesARuleWhoseSqlCannotRunBeforeAnythingIsTouched() throws Exception {
        String rules = Files.readString(Path.of("anonymization.yaml"));
        String email = "email: \"'user' || id || '@example.test'\"";
        assertTrue(rules.contains(email));
        Path typo = Files.writeString(dir.resolve("typo.yaml"), rules.replace(email, "email: \"'user' || idd || '@example.test'\""));
        // the sample's own bare pg_dump -Fc, not its Scalingo archive
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.dump(), "DATABASE_URL", pg.url(target),
                "SYNC_ANONYMIZATION_FILE", typo.toString()), "check");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().matches("(?s).*\\[FAIL] rules vs backup: .*tables\\[0] \\(users\\): column 'email' .*idd.*"),
                r.output());
        assertFalse(Rows.tableExists(target, "public.users"), "check restores nothing");
    }

    @Test
    void aTargetHostThatDoesNotResolveIsRefusedWithExitTwo() throws Exception {
        Result r = app(Map.of("SYNC_SOURCE", "file:" + sample.archive(),
                "DATABASE_URL", "postgres://app:secret@no-such-host.invalid:5432/staging?sslmode=require"), "check");
        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("the host name no-such-host.invalid does not resolve (check the host in DATABASE_URL)"),
                r.output());
    }

    @Test
    void unknownCommandPrintsUsageWithExitTwo() throws Exception {
        Result r = app(Map.of(), "runn");
        assertEquals(2, r.exit());
        assertTrue(r.output().contains("unknown command 'runn'\nusage: java -jar staging-sync.jar"), r.output());
        Result extra = app(Map.of(), "run", "--force");
        assertEquals(2, extra.exit());
        assertTrue(extra.output().contains("unexpected arguments after 'run': --force\nusage:"), extra.output());
    }
}
