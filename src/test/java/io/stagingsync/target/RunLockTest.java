package io.stagingsync.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.settings.TargetDatabase;
import io.stagingsync.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run lock's key is the server's word for the target: one key per target, whoever asks and however. */
class RunLockTest {

    private final PostgresServer pg = PostgresServer.get();
    private String database;

    @BeforeEach
    void createDatabaseAndRole() {
        database = pg.createDatabase("runlock");
        // a plain login role: it connects through PUBLIC's default CONNECT privilege, and nothing more
        pg.createAppRole(database, false);
    }

    @AfterEach
    void dropDatabaseAndRole() {
        pg.dropDatabaseLater(database);
    }

    @Test
    void everySpellingAndEveryRoleOfOneTargetHasOneKey() throws SQLException {
        String asOwner = pg.url(database);
        String asApp = pg.appUrl(database);
        long key = keyOf(asOwner);
        assertEquals(key, keyOf(PostgresServer.otherSpelling(asOwner)));
        assertEquals(key, keyOf(asApp), "a role without CREATEDB reads the same identity");
        assertEquals(key, keyOf(PostgresServer.otherSpelling(asApp)));
        assertNotEquals(key, keyOf(pg.url("postgres")), "another database of the server is another target");
    }

    @Test
    void aRoleWithoutPrivilegesReadsTheServersSystemIdentifier() throws SQLException {
        try (Connection c = TargetDatabase.parse(pg.appUrl(database), "DATABASE_URL").connect()) {
            String identity = RunLock.serverIdentity(c);
            assertTrue(identity.matches("system \\d+"), identity);
        }
    }

    private static long keyOf(String url) throws SQLException {
        TargetDatabase target = TargetDatabase.parse(url, "DATABASE_URL");
        try (Connection c = target.connect();
             var rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            return RunLock.key(RunLock.serverIdentity(c), rs.getString(1));
        }
    }
}
