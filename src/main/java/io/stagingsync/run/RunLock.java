package io.stagingsync.run;

import io.stagingsync.settings.TargetDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync per target: a PostgreSQL advisory lock, taken after the preflight and held on its own connection until
 * the run is finished. The server releases it when that connection ends, so a killed run leaves no stale lock.
 * In swap mode it is held in the maintenance database: a session on the target would block the rename.
 */
public final class RunLock {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final String HOLDER = """
            select a.pid, coalesce(a.application_name, ''), a.backend_start, coalesce(host(a.client_addr), 'local')
              from pg_locks l join pg_stat_activity a on a.pid = l.pid
             where l.locktype = 'advisory' and l.granted and l.classid = ?::bigint::oid and l.objid = ?::bigint::oid and l.objsubid = 1
            """;

    /** `check` and `plan` change nothing and take no lock. */
    public void acquire(SyncRun run) {
        if (run.isCheckOnly() || run.isPlanOnly()) {
            return;
        }
        TargetDatabase target = run.settings().target();
        String database = run.isSwap() ? run.swapSettings().maintenanceDatabase() : target.database();
        long key = key(target);
        Connection c;
        try {
            c = target.withDatabase(database).connect();
        } catch (SQLException e) {
            throw new SyncFailure("cannot connect to " + target.withDatabase(database) + " to take the run's lock: "
                    + e.getMessage() + (run.isSwap() ? " (swap mode works from SYNC_TARGET_MAINTENANCE_DATABASE)" : ""), e);
        }
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    String holder = holder(c, key);
                    c.close();
                    throw new AlreadyRunningException("a sync of " + target + " is already running (" + holder
                            + "): this one changed nothing; wait for it to end");
                }
            }
            run.hold(new Held(c, target.toString()));
            LOG.info("run lock of {} taken", target);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new SyncFailure("taking the run's lock on " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** 64 bits of the SHA-256 of the target's address: the same target, the same lock, whatever process asks. */
    static long key(TargetDatabase target) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("staging-sync|" + target.host().toLowerCase()
                    + ":" + target.port() + "/" + target.database()).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String holder(Connection c, long key) {
        try (PreparedStatement ps = c.prepareStatement(HOLDER)) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xffffffffL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "server process " + rs.getInt(1) + " of " + rs.getString(4) + " ("
                        + rs.getString(2) + "), connected since " + rs.getTimestamp(3).toInstant() : "holder not visible";
            }
        } catch (SQLException e) {
            return "holder not visible: " + e.getMessage();
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
