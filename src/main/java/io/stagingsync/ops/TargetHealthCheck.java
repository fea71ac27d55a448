package io.stagingsync.ops;

import io.stagingsync.settings.TargetDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/** Readiness: the target database answers. A container that cannot reach it cannot sync. */
public final class TargetHealthCheck extends AbstractHealthCheck {

    private final Function<String, String> settings;

    public TargetHealthCheck(Function<String, String> settings) {
        super("staging-sync", "target-database");
        this.settings = settings;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String url = settings.apply("database.url");
        String name = "DATABASE_URL";
        if (url.isBlank()) {
            url = settings.apply("scalingo.postgresql.url");
            name = "SCALINGO_POSTGRESQL_URL";
        }
        if (url.isBlank()) {
            builder.message("DATABASE_URL is not set").down();
            return;
        }
        try {
            TargetDatabase target = TargetDatabase.parse(url, name);
            builder.detail("target", target.toString());
            Properties properties = target.jdbcProperties();
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "10");
            try (Connection c = DriverManager.getConnection(target.jdbcUrl(), properties);
                 Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            builder.up();
        } catch (SQLException | IllegalArgumentException e) {
            // the driver's message names host and database, never the password
            builder.message("the target database does not answer: " + e.getMessage()).down();
        }
    }
}
