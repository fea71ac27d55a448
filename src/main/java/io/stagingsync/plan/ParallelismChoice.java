package io.stagingsync.plan;

import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.Parallelism;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The run's parallelism: the setting, or its default lowered to the connections the target has free. */
public final class ParallelismChoice {

    private static final Logger LOG = LoggerFactory.getLogger(ParallelismChoice.class);

    // reserved_connections exists from PostgreSQL 16; missing_ok reads it as null before
    private static final String FREE_CONNECTIONS = """
            SELECT current_setting('max_connections')::int,
                   current_setting('max_connections')::int
                   - current_setting('superuser_reserved_connections')::int
                   - coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0)
                   - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int""";

    private final Parallelism setting;
    private final ExecutorService tablePool;

    /** @param tablePool the loading threads, sized for the setting and narrowed to the run's choice */
    public ParallelismChoice(Parallelism setting, ExecutorService tablePool) {
        this.setting = setting;
        this.tablePool = tablePool;
    }

    public void choose(SyncRun run) {
        Parallelism chosen = setting;
        DataSource pool = run.target().pool();
        if (!setting.given() && pool != null) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery(FREE_CONNECTIONS)) {
                r.next();
                chosen = setting.withinConnections(r.getInt(2), r.getInt(1));
            } catch (SQLException e) {
                // the default stands: the preflight already proved the target answers, so this is no reason to stop
                LOG.warn("parallelism: cannot count the target's free connections ({}); keeping {}", e.getMessage(),
                        setting.jobs());
            }
        }
        run.parallelism(chosen);
        if (tablePool instanceof ThreadPoolExecutor threads) {
            // never below the core size nor above the maximum while resizing
            if (chosen.jobs() < threads.getMaximumPoolSize()) {
                threads.setCorePoolSize(chosen.jobs());
                threads.setMaximumPoolSize(chosen.jobs());
            } else {
                threads.setMaximumPoolSize(chosen.jobs());
                threads.setCorePoolSize(chosen.jobs());
            }
        }
        LOG.info("parallelism {} ({})", chosen.jobs(), chosen.reason());
    }
}
