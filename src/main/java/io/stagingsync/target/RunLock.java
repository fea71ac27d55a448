package io.stagingsync.target;

import io.stagingsync.run.SyncRun;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.failure.AlreadyRunningException;
import io.stagingsync.settings.SwapSettings;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetDatabase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync per target: a PostgreSQL advisory lock, taken after the preflight and held on its own connection until
 * the run is finished. The server releases it when that connection ends, so a killed run leaves no stale lock.
 * In swap and copies modes it is held in the maintenance database: a session on the target would block the rename.
 *
 * <p>Its key is what the server says about the target (its system identifier and the database's name as the server
 * reports it), never how the URL spells the host: {@code localhost} and {@code 127.0.0.1} are one target, one lock.
 * An advisory lock only excludes holders in the same database, so a holder of the key in any other database (an
 * in-place run holds it in the target, a swap run in the maintenance database) counts as well.
 */
public final class RunLock {

    private final SyncSettings settings;
    private final SwapSettings swap;

    public RunLock(SyncSettings settings, SwapSettings swap) {
        this.settings = settings;
        this.swap = swap;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final String HOLDERS = """
            select a.pid, coalesce(a.application_name, ''), a.backend_start, coalesce(host(a.client_addr), 'local'),
                   coalesce(d.datname, '?')
              from pg_locks l left join pg_stat_activity a on a.pid = l.pid left join pg_database d on d.oid = l.database
             where l.locktype = 'advisory' and l.granted and l.classid = ?::bigint::oid and l.objid = ?::bigint::oid
               and l.objsubid = 1 and l.pid <> pg_backend_pid()
            """;

    /** `check` and `plan` change nothing and take no lock. */
    public void acquire(SyncRun run) {
        if (run.isCheckOnly() || run.isPlanOnly()) {
            return;
        }
        TargetDatabase target = run.target().database();
        String database = run.target().ownDatabase() ? swap.maintenanceDatabase() : target.database();
        Connection c;
        try {
            c = target.withDatabase(database).connect();
        } catch (SQLException e) {
            throw new SyncFailure("cannot connect to " + target.withDatabase(database) + " to take the run's lock: "
                    + e.getMessage() + (run.target().ownDatabase() ? " (" + run.target().mode().label()
                    + " mode works from SYNC_TARGET_MAINTENANCE_DATABASE)" : ""), e);
        }
        try {
            long key = key(run);
            if (!tryLock(c, key)) {
                String holder = holder(c, key);
                throw alreadyRunning(target, holder == null ? "holder not visible" : holder);
            }
            // taken first, looked for elsewhere second: of two runs racing here, at least one sees the other
            String elsewhere = holder(c, key);
            if (elsewhere != null) {
                throw alreadyRunning(target, elsewhere);
            }
            run.control().hold(new Held(c, target.toString()));
            LOG.info("run lock of {} taken", target);
        } catch (AlreadyRunningException e) {
            closeQuietly(c);
            throw e;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SyncFailure("taking the run's lock on " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The lock's key for this run's target: 64 bits of the SHA-256 of the server's identity and the database's name
     * as the server reports them, read through the run's connection to the target.
     */
    long key(SyncRun run) throws SQLException {
        try (Connection c = run.target().pool() != null ? run.target().pool().getConnection() : run.target().database().connect()) {
            return key(serverIdentity(c), currentDatabase(c));
        }
    }

    static long key(String serverIdentity, String database) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("staging-sync|" + serverIdentity + "|" + database)
                    .getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cluster's system identifier (any role may read it on a stock server); where a host revoked it, the
     * server's start time, which is the same for every connection to it while a run can hold a lock there.
     */
    static String serverIdentity(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select system_identifier::text from pg_catalog.pg_control_system()")) {
            rs.next();
            return "system " + rs.getString(1);
        } catch (SQLException notReadable) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_catalog.pg_postmaster_start_time()::text, "
                         + "pg_catalog.current_setting('port')")) {
                rs.next();
                return "started " + rs.getString(1) + " port " + rs.getString(2);
            }
        }
    }

    private static String currentDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_catalog.current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean tryLock(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_catalog.pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static AlreadyRunningException alreadyRunning(TargetDatabase target, String holder) {
        return new AlreadyRunningException("a sync of " + target + " is already running (" + holder
                + "): this one changed nothing; wait for it to end");
    }

    /** Who holds the key other than {@code c}'s session, or null when nobody does. */
    private static String holder(Connection c, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HOLDERS)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return "server process " + rs.getInt(1) + " in database " + rs.getString(5) + ", of " + rs.getString(4)
                        + " (" + rs.getString(2) + ")" + (rs.getTimestamp(3) == null ? ""
                        : ", connected since " + rs.getTimestamp(3).toInstant());
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the lock goes with the connection either way
        }
    }

    private record Held(Connection connection, String target) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            connection.close();
            LOG.info("run lock of {} released", target);
        }

        @Override
        public String toString() {
            return "the run lock of " + target;
        }
    }
}
