package io.stagingsync.preflight;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.stagingsync.run.SyncFailure;
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
            throw new SyncFailure("cannot connect to the target " + target + ": " + reason(e), e);
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.equals("28P01") || state.equals("28000")) {
                return message + " (check the user and password in DATABASE_URL)";
            }
            if (state.equals("3D000")) {
                return message + " (create the database first, or fix its name in DATABASE_URL)";
            }
            if (state.startsWith("08")) {
                return message + " (is the server running and reachable from here?)";
            }
        }
        return message;
    }
}
