package io.stagingsync.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.stagingsync.report.History;
import io.stagingsync.report.RunHistory;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.TargetDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history the replicas of a cluster share, so that each answers GET /api/syncs alike: a PostgreSQL table in
 * the cluster's database, written and read by the routes of routes/86-history.camel.yaml.
 */
public final class HistoryTable implements History {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryTable.class);

    private final ProducerTemplate routes;

    private HistoryTable(ProducerTemplate routes) {
        this.routes = routes;
    }

    /**
     * The history the beans read: the shared table when SYNC_CLUSTER_ENABLED=true, with the data source its routes
     * use bound and the table created at start if missing; otherwise {@code files}.
     */
    public static History sharedOr(RunHistory files, CamelContext context, Settings.Cluster cluster)
            throws Exception {
        if (cluster == null) {
            return files;
        }
        String table = cluster.historyTable();
        TargetDatabase db = cluster.database();
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setDataSourceProperties(db.jdbcProperties());
        pool.setPoolName("staging-sync-history");
        pool.setMaximumPoolSize(2);
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(10_000);
        context.getRegistry().bind("historyDataSource", pool);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                pool.close();
            }
        });
        HistoryTable shared = new HistoryTable(context.createProducerTemplate());
        // once the routes' consumers run (the DDL is a route), before the history is first read for the metrics
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext starting, boolean alreadyStarted) {
                // the routes are not consuming yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                shared.createIfMissing(table, db);
            }
        });
        LOG.info("run history shared in table {} of {}", table, db);
        return shared;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list() {
        return routes.requestBody("direct:history-list", null, List.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> find(String id) {
        return Optional.ofNullable(routes.requestBodyAndHeader("direct:history-find", null, "id", id, Map.class));
    }

    /** An unreachable database must not stop a start (the schedule says so itself): each use then fails and says it. */
    private void createIfMissing(String table, TargetDatabase db) {
        try {
            routes.requestBody("direct:history-create-table", (Object) null);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            LOG.warn("the history table {} cannot be created in SYNC_CLUSTER_DATABASE_URL ({}): {}; the database must "
                    + "be reachable and the role needs CREATE on its schema (or create the table once by hand as "
                    + "routes/86-history.camel.yaml does); until then no sync is kept in the history", table, db,
                    cause.getMessage());
        }
    }
}
