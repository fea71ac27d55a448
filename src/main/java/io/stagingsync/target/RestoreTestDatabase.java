package io.stagingsync.target;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.plan.SyncPlan;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of {@code restore-test}: {@code <db>_restore_test_<UTC time>} on the target's server, which the
 * pipeline's stages fill like a swap copy; it is checked table by table, then dropped (kept after a failure when
 * asked). The target database itself is never connected to for writing.
 */
public final class RestoreTestDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreTestDatabase.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'_'HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final String INFIX = "_restore_test_";
    /** PostgreSQL cuts longer names silently (NAMEDATALEN - 1 bytes): the name dropped must be the name created. */
    private static final int MAX_NAME_BYTES = 63;

    private final SyncSettings settings;
    private final String maintenanceDatabase;
    private final boolean keepOnFailure;
    private final Clock clock;

    public RestoreTestDatabase(SyncSettings settings, String maintenanceDatabase, boolean keepOnFailure, Clock clock) {
        this.settings = settings;
        this.maintenanceDatabase = maintenanceDatabase;
        this.keepOnFailure = keepOnFailure;
        this.clock = clock;
    }

    /** {@code <db>_restore_test_<UTC time>}, the database name shortened when the whole would be too long. */
    static String name(String database, String stamp) {
        String suffix = INFIX + stamp;
        String prefix = database;
        while ((prefix + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            // by whole characters: a cut surrogate pair would not be valid UTF-8
            prefix = prefix.substring(0, prefix.offsetByCodePoints(prefix.length(), -1));
        }
        return prefix + suffix;
    }

    /** Creates the empty test database (encoding and locale of the target's, closed to PUBLIC) and points the run at it. */
    public void prepare(SyncRun run) {
        TargetDatabase target = settings.target();
        String name = name(target.database(), STAMP.format(clock.instant()));
        run.target().touch();
        try (Connection c = maintenance(); Statement s = c.createStatement()) {
            String[] like = likeTarget(c, target.database());
            s.execute("CREATE DATABASE " + QualifiedName.quote(name) + " TEMPLATE template0 ENCODING "
                    + literal(like[0]) + " LC_COLLATE " + literal(like[1]) + " LC_CTYPE " + literal(like[2]));
            // it holds the backup's rows before they are checked: only its owner (and superusers) may look
            s.execute("REVOKE CONNECT ON DATABASE " + QualifiedName.quote(name) + " FROM PUBLIC");
        } catch (SQLException e) {
            throw new SyncFailure("creating " + name + " for the restore test failed: " + e.getMessage(), e);
        }
        run.target().workDatabase(name);
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        run.target().pool(TargetPool.open(target.withDatabase(name), settings.parallelism()));
        LOG.info("restore-test: restoring into {}", name);
    }

    /**
     * Every table of the archive is present and answers a query (its first row read): a table that exists but cannot
     * be read (a broken type, a missing function behind a default) fails here, not in the staging app.
     */
    public void checkTables(SyncRun run) {
        SyncPlan plan = run.getPlan();
        List<QualifiedName> tables = Stream.concat(plan.loads().stream().map(TableLoad::table), plan.excluded().stream())
                .toList();
        List<String> problems = new ArrayList<>();
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement();
             PreparedStatement present = c.prepareStatement("select pg_catalog.to_regclass(?) is not null")) {
            for (QualifiedName table : tables) {
                present.setString(1, table.sql());
                try (ResultSet rs = present.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        problems.add(table + " is missing");
                        continue;
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table.sql() + " LIMIT 1")) {
                    rs.next();
                } catch (SQLException e) {
                    problems.add(table + ": a query failed: " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            problems.add("the tables could not be checked: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new SyncFailure("restore test: " + String.join("; ", problems));
        }
        run.results().note("restore test: " + tables.size() + " tables present, each answered a query");
    }

    /** The test passed: its database goes, the target was never written. */
    public void dropAfterSuccess(SyncRun run) {
        drop(run);
        run.target().untouched();
        run.results().note("restore test: " + run.target().workDatabase() + " restored, checked and dropped");
    }

    /** The rollback of a failed test: its database is dropped, or kept for inspection when asked. */
    public void discard(SyncRun run) {
        String name = run.target().workDatabase();
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        if (keepOnFailure) {
            run.target().untouched();
            run.results().note("restore test failed: " + name + " is kept for inspection; drop it when done "
                    + "(DROP DATABASE \"" + name + "\")");
            LOG.warn("restore-test: {} kept for inspection (SYNC_RESTORE_TEST_KEEP_ON_FAILURE)", name);
            return;
        }
        try {
            drop(run);
            run.target().untouched();
            LOG.warn("rollback: {} dropped; the target was not touched", name);
        } catch (RuntimeException e) {
            run.target().untouched();
            LOG.error("ROLLBACK INCOMPLETE: {} could not be dropped (the target was not touched); drop it by hand: {}",
                    name, e.getMessage(), e);
        }
    }

    private void drop(SyncRun run) {
        String name = run.target().workDatabase();
        if (name.equals(settings.target().database())) {
            // never reached: prepare() points the run at its own database before any write
            throw new SyncFailure("the restore test has no database of its own; the target is left alone");
        }
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        try (Connection c = maintenance(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + QualifiedName.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new SyncFailure("dropping " + name + " after the restore test failed: " + e.getMessage(), e);
        }
    }

    private static String[] likeTarget(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select pg_encoding_to_char(encoding), datcollate, datctype from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the database " + database + " does not exist");
                }
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
        }
    }

    private Connection maintenance() throws SQLException {
        return settings.target().withDatabase(maintenanceDatabase).connect();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
