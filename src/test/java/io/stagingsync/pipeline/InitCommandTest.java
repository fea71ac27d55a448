package io.stagingsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code init}: a rules file drafted from the backup's PII scan, which {@code run} then accepts with no finding. */
class InitCommandTest extends FreshTargetTest {

    private Sync init(Path archive, Path rulesFile) {
        return Sync.into(pg.url(target), archive).rules(rulesFile);
    }

    /** Init, then a run with the file it wrote into a fresh target: both succeed, and nothing is left to find. */
    private String initThenRun(Path archive, Path rulesFile, String... settings) throws IOException {
        Sync sync = init(archive, rulesFile);
        for (int i = 0; i < settings.length; i += 2) {
            sync.with(settings[i], settings[i + 1]);
        }
        SyncRun init = sync.run(Command.INIT);
        assertEquals(SyncRun.Status.SUCCESS, init.status(), init::error);
        assertTrue(init.piiFindings().isEmpty(), () -> "the written rules leave findings: " + init.piiFindings());
        String written = Files.readString(rulesFile);
        assertTrue(Rows.strings(target, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'").isEmpty(),
                "init restores nothing");

        SyncRun run = sync.run();
        assertEquals(SyncRun.Status.SUCCESS, run.status(), () -> run.error() + "\n" + written);
        assertTrue(run.rules().piiScan().fail(), "the written file asks for policy fail");
        assertTrue(run.piiFindings().isEmpty(), () -> "findings after the run: " + run.piiFindings());
        for (TableResult t : run.tables().values()) {
            assertEquals(0, t.totalSurvivors(), t.table());
        }
        return written;
    }

    private void assertMasked(String source, String table, String column) {
        Set<String> kept = new HashSet<>(Rows.values(target, table, column));
        assertFalse(Rows.values(source, table, column).isEmpty(), table + "." + column + " has data in the source");
        kept.retainAll(Rows.values(source, table, column));
        assertTrue(kept.isEmpty(), table + "." + column + " keeps " + kept);
    }

    @Test
    void initOnTheSampleDatabaseWritesRulesThatRunAcceptsWithNoFinding() throws IOException {
        Path rulesFile = dir.resolve("anonymization.yaml");
        String written = initThenRun(sample.archive(), rulesFile);

        assertTrue(written.startsWith("# Anonymization rules drafted by `staging-sync init` from the backup "
                + "20261121000000_sample-app_42"), written);
        assertTrue(written.contains("exclude_tables:\n"), written);
        assertTrue(written.contains("\n  - sessions\n"), "a session table is excluded: " + written);
        assertTrue(written.contains("  - table: phone_numbers\n"), written);
        assertTrue(written.contains("    strategy: phone\n"), "the built-in strategy that fits: " + written);
        assertTrue(written.contains("      email: \"'user_' || id || '@example.test'\""), written);
        for (String[] tc : List.of(new String[] {"users", "email"}, new String[] {"users", "last_name"},
                new String[] {"phone_numbers", "number"}, new String[] {"payment_methods", "iban"},
                new String[] {"payments", "payer_email"}, new String[] {"\"AuditTrail\"", "\"UserEmail\""},
                new String[] {"legacy_contacts", "email"})) {
            assertMasked(sample.sourceDb(), tc[0], tc[1]);
        }
        assertEquals(0, Rows.count(target, "sessions"), "excluded");
        assertEquals(Rows.single(sample.sourceDb(), "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                Rows.single(target, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"),
                "every unique index was built on the masked rows");
    }

    @Test
    void initPicksTheSaltedBuiltInStrategyForUsersWhenTheSaltIsSet() throws IOException {
        String written = initThenRun(sample.archive(), dir.resolve("salted.yaml"),
                "sync.anonymization.salt", BuiltInStrategiesTest.SALT);
        assertTrue(written.contains("  - table: users\n"), written);
        assertTrue(written.matches("(?s).*  - table: users\n    # built-in strategy user: masks email.*\n"
                + "    strategy: user\n.*"), written);
        assertTrue(written.contains("SYNC_ANONYMIZATION_SALT"), "the header says the salt is needed");
        assertTrue(Rows.single(target, "SELECT email FROM users ORDER BY id LIMIT 1").matches("user-[0-9a-f]{32}@example\\.test"));
    }

    @Test
    void initNeverOverwritesAnExistingRulesFile() throws IOException {
        Path rulesFile = Files.writeString(dir.resolve("anonymization.yaml"), "# my reviewed rules\n");
        SyncRun init = init(sample.archive(), rulesFile).run(Command.INIT);
        assertEquals(2, init.exitCode(), init::error);
        assertTrue(init.error().contains(rulesFile.toAbsolutePath() + " already exists: init never overwrites a rules "
                + "file"), init.error());
        assertEquals("# my reviewed rules\n", Files.readString(rulesFile));
        assertTrue(init.stages().stream().noneMatch(s -> s.name().equals("fetch-backup")), "refused before the backup is read");
    }
}
