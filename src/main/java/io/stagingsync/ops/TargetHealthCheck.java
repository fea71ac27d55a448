package io.stagingsync.ops;

import io.stagingsync.settings.TargetDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the target database answers. A container that cannot reach it cannot sync. */
public final class TargetHealthCheck extends AbstractHealthCheck {

    private final TargetDatabase target;

    /** @param id {@code target-database}, or {@code target-database-<name>} for a target of SYNC_TARGETS */
    public TargetHealthCheck(TargetDatabase target, String id) {
        super("staging-sync", id);
        this.target = target;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            builder.detail("target", target.toString());
            Properties properties = target.jdbcProperties();
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "10");
            try (Connection c = DriverManager.getConnection(target.jdbcUrl(), properties);
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            builder.up();
        } catch (SQLException e) {
            // the driver's message names host and database, never the password
            builder.message("the target database does not answer: " + e.getMessage()).down();
        }
    }
}
