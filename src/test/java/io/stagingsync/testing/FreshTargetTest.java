package io.stagingsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the tests that sync the sample database into an empty target of their own, dropped afterwards. */
public abstract class FreshTargetTest {

    /**
     * Rules whose users expression passes every check beforehand and fails on the server while loading data, after
     * the target was touched (the setting is read only when a row is masked).
     */
    protected static final String RULES_FAILING_IN_LOAD = """
            tables:
              - table: users
                columns:
                  email: "current_setting('staging_sync.no_such_setting')"
              - table: payments
                columns:
                  payer_email: "'payer' || id || '@example.test'"
            pii_scan: {policy: warn}
            """;

    protected final PostgresServer pg = PostgresServer.get();
    protected final SampleDatabase sample = SampleDatabase.get();
    protected String target;

    @TempDir
    protected Path dir;

    @BeforeEach
    void createTarget() {
        target = pg.createDatabase(getClass().getSimpleName().toLowerCase());
        pg.commitsWithoutWaitingForTheDisk(target);
    }

    @AfterEach
    void dropTarget() {
        pg.dropDatabaseLater(target);
    }

    /**
     * Replaces the empty target by one holding what a successful in-place sync of the sample left: a copy of
     * {@link SampleDatabase#syncedTemplate()}, as good as syncing it again and a fraction of the cost.
     */
    protected void targetHoldsAPreviousSync() {
        pg.dropDatabaseLater(target);
        target = pg.createDatabase(getClass().getSimpleName().toLowerCase(), sample.syncedTemplate());
        pg.commitsWithoutWaitingForTheDisk(target);
    }

    /** A pg_dump -Fc of a throw-away database made by {@code statements}; {@code options} go to CREATE DATABASE. */
    protected Path dumpOf(String name, String options, String... statements) {
        String source = "ss_test_" + name + "_" + ProcessHandle.current().pid();
        pg.execute("postgres", "DROP DATABASE IF EXISTS " + source, "CREATE DATABASE " + source + " " + options);
        try {
            pg.execute(source, statements);
            Path dump = dir.resolve(name + ".pgsql");
            pg.pgDump(source, dump);
            return dump;
        } finally {
            pg.dropDatabase(source);
        }
    }

    /** Writes a rules file for the test. */
    protected Path rules(String yaml) {
        try {
            return Files.writeString(dir.resolve("rules.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
