package io.stagingsync.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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

    /** The running class's dumps ({@link #dumpOf}), by what made them. */
    @TempDir
    static Path classDir;
    private static final Map<List<String>, Path> DUMPS = new HashMap<>();

    @BeforeEach
    void createTarget() {
        target = pg.createTarget(getClass().getSimpleName().toLowerCase(), "template1");
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
        targetIsACopyOf(sample.syncedTemplate());
    }

    /** Replaces the target by a copy of {@code template}, which nobody may be connected to. */
    protected void targetIsACopyOf(String template) {
        pg.dropDatabaseLater(target);
        target = pg.createTarget(getClass().getSimpleName().toLowerCase(), template);
    }

    /**
     * A pg_dump -Fc of a throw-away database made by {@code statements}; {@code options} go to CREATE DATABASE. Made
     * once for the test class: the tests that ask again for the same dump read the same file, which none writes.
     */
    protected Path dumpOf(String name, String options, String... statements) {
        List<String> key = new ArrayList<>(List.of(name, options));
        key.addAll(List.of(statements));
        Path dump = DUMPS.get(key);
        if (dump == null) {
            dump = classDir.resolve(name + "-" + DUMPS.size() + ".pgsql");
            String source = pg.createDatabaseWith(name, options);
            try {
                pg.execute(source, statements);
                pg.pgDump(source, dump);
            } finally {
                // its drop forces a server checkpoint: not in the test's time
                pg.dropDatabaseLater(source);
            }
            DUMPS.put(key, dump);
        }
        return dump;
    }

    @AfterAll
    static void forgetTheClassDumps() {
        DUMPS.clear();
    }

    /** The users in {@link #smallUsersSync}'s archive. */
    protected static final int SMALL_USERS = 50;

    /**
     * A sync of a one-table archive ({@value #SMALL_USERS} users, their e-mails masked) into {@code targetUrl}: the same
     * stages as the sample's thirteen tables in a fraction of the time, for tests where what a run loads is not the point.
     */
    protected Sync smallUsersSync(String targetUrl) {
        Path archive = dumpOf("small_users", "", "CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL)",
                "INSERT INTO users SELECT i, 'person' || i || '@mail.example' FROM generate_series(1, " + SMALL_USERS
                        + ") i");
        return Sync.into(targetUrl, archive).rules(rules("""
                tables:
                  - table: users
                    columns:
                      email: "'user' || id || '@example.test'"
                """));
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
