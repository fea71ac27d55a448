package io.stagingsync.ops;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.TargetDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz on a shared PostgreSQL job store, so that several replicas of `serve` fire each scheduled sync once: the
 * replica that takes the trigger's row lock runs it, the others skip that fire.
 */
public final class QuartzCluster {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzCluster.class);
    private static final String SCHEMA = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    private final Settings.Cluster settings;

    public QuartzCluster(Settings.Cluster settings) {
        this.settings = settings;
    }

    /** The Quartz properties of the clustered scheduler, its job store tables created first if missing. */
    public Map<String, Object> properties() {
        TargetDatabase db = settings.database();
        createTablesIfMissing(db);
        Properties jdbc = db.jdbcProperties();
        String query = jdbc.stringPropertyNames().stream().filter(k -> !k.equals("user") && !k.equals("password"))
                .sorted().map(k -> k + "=" + URLEncoder.encode(jdbc.getProperty(k), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Map<String, Object> p = new LinkedHashMap<>();
        // the same name on every replica: the scheduler name is how they find each other in the tables
        p.put("org.quartz.scheduler.instanceName", "staging-sync-scheduler");
        p.put("org.quartz.scheduler.instanceId", "AUTO");
        p.put("org.quartz.threadPool.threadCount", "2");
        p.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.put("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.put("org.quartz.jobStore.dataSource", "schedule");
        p.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.put("org.quartz.jobStore.isClustered", "true");
        // without it, two replicas can acquire the same trigger (Quartz issues 29, 280, 548)
        p.put("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.put("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkinInterval().toMillis()));
        p.put("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        p.put("org.quartz.dataSource.schedule.provider", "hikaricp");
        p.put("org.quartz.dataSource.schedule.driver", "org.postgresql.Driver");
        p.put("org.quartz.dataSource.schedule.URL", db.jdbcUrl() + (query.isEmpty() ? "" : "?" + query));
        if (db.user() != null) {
            p.put("org.quartz.dataSource.schedule.user", db.user());
        }
        if (jdbc.getProperty("password") != null) {
            p.put("org.quartz.dataSource.schedule.password", jdbc.getProperty("password"));
        }
        p.put("org.quartz.dataSource.schedule.maxConnections", "4");
        LOG.info("schedule clustered through the Quartz tables of {}", db);
        return p;
    }


    /**
     * Quartz ships its PostgreSQL schema as a script that drops the tables first: run as it is, a starting replica
     * would wipe the others' schedule. Its CREATE statements run here with IF NOT EXISTS, under a lock, instead.
     */
    static void createTablesIfMissing(TargetDatabase db) {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.jdbcProperties());
             Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(hashtext('staging-sync quartz schema'))");
            for (String sql : createStatements()) {
                s.execute(sql);
            }
            c.commit();
        } catch (SQLException e) {
            throw new RefusedException("the schedule's Quartz tables cannot be created in SYNC_CLUSTER_DATABASE_URL ("
                    + db + "): " + e.getMessage() + "; the role needs CREATE on the public schema, or create them "
                    + "once by hand from Quartz's tables_postgres.sql");
        }
    }

    static List<String> createStatements() {
        String script;
        try (InputStream in = QuartzCluster.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar has no " + SCHEMA);
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String code = script.lines().filter(line -> !line.trim().startsWith("--")).collect(Collectors.joining("\n"));
        List<String> out = new ArrayList<>();
        for (String statement : code.split(";")) {
            String sql = statement.trim();
            if (sql.startsWith("CREATE TABLE ")) {
                out.add("CREATE TABLE IF NOT EXISTS " + sql.substring("CREATE TABLE ".length()));
            } else if (sql.startsWith("CREATE INDEX ")) {
                out.add("CREATE INDEX IF NOT EXISTS " + sql.substring("CREATE INDEX ".length()));
            }
        }
        return out;
    }
}
