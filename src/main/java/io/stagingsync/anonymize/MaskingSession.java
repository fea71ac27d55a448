package io.stagingsync.anonymize;

import io.stagingsync.plan.RuleSqlCheck;
import io.stagingsync.settings.BuiltInStrategy;
import io.stagingsync.settings.MaskingSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Readies a pooled connection for raw rows: nothing left by earlier work on it (settings, temporary objects a
 * foreign trigger may have made), and a search path through which only pg_catalog's functions and operators and
 * the session's own private tables can be named.
 */
public final class MaskingSession {

    /** The one the rules' SQL was checked under by the plan: the masking runs it as it was checked. */
    public static final String PINNED_SEARCH_PATH = RuleSqlCheck.PINNED_SEARCH_PATH;

    private MaskingSession() {
    }

    /** Leaves the connection inside the masking transaction. */
    public static void begin(Connection c, Duration lockTimeout, MaskingSettings masking) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            // code that ran on this connection before (a trigger fired by an earlier table's insert) may have left
            // session settings or temporary objects behind: none of it may be around raw rows
            s.execute("DISCARD ALL");
        }
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute(PINNED_SEARCH_PATH);
            s.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            // a sync killed mid-table leaves its statement running on the server, raw rows in its temporary copy and
            // the swap copy busy; PostgreSQL 14 and later can notice the vanished client within a second
            s.execute("SELECT pg_catalog.set_config(name, '1s', true) FROM pg_catalog.pg_settings"
                    + " WHERE name OPERATOR(pg_catalog.=) 'client_connection_check_interval'");
        }
        setSalt(c, masking);
    }

    /** The salt goes as a bind parameter, local to the transaction: it never appears in SQL text or a log line. */
    private static void setSalt(Connection c, MaskingSettings masking) throws SQLException {
        if (!masking.hasSalt()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.set_config(?, ?, true)")) {
            ps.setString(1, BuiltInStrategy.SALT_SETTING);
            ps.setString(2, masking.salt());
            ps.execute();
        }
    }
}
