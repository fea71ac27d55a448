package io.stagingsync.target;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.settings.TargetDatabase;
import java.sql.SQLException;

/** Opens the run's connection pool to the target: one connection per parallel table load, plus one. */
public final class TargetPool {

    private TargetPool() {
    }

    public static HikariDataSource open(TargetDatabase target, int parallelism) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        java.util.Properties props = target.jdbcProperties();
        // dumps of non-UTF8 databases are loaded in their own encoding
        props.setProperty("allowEncodingChanges", "true");
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(parallelism + 1);
        config.setMinimumIdle(0);
        config.setPoolName("staging-sync-target");
        config.setConnectionTimeout(30_000);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            SQLException sql = sqlCause(e);
            String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
            String message = "cannot connect to the target " + target + ": "
                    + (sql == null ? String.valueOf(e.getMessage()) : sql.getMessage());
            // credentials and database name are configuration: refused, like any other wrong setting
            if (message.contains("SSL")) {
                throw new RefusedException(message + " (check sslmode in DATABASE_URL: the server and the URL disagree on SSL)");
            }
            if (state.equals("28P01") || state.equals("28000") || state.equals("08004")) {
                throw new RefusedException(message + (target.hasPassword()
                        ? " (check the user and password in DATABASE_URL)"
                        : " (DATABASE_URL has no password: postgres://user:password@host:5432/db)"));
            }
            if (causedBy(e, java.net.UnknownHostException.class)) {
                throw new RefusedException("cannot connect to the target " + target + ": the host name " + target.host()
                        + " does not resolve (check the host in DATABASE_URL)");
            }
            if (state.equals("3D000")) {
                throw new RefusedException(message + " (create the database first, or fix its name in DATABASE_URL)");
            }
            throw new SyncFailure(message + (state.startsWith("08") ? " (is the server running and reachable from here?)" : ""), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
