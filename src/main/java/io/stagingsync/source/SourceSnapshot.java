package io.stagingsync.source;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.run.StreamedSource;
import io.stagingsync.run.TableRows;
import io.stagingsync.settings.TargetDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The live source in one REPEATABLE READ snapshot: a coordinating session exports it and stays open until every
 * table is read; pg_dump and every worker session import it, so all tables agree with each other.
 */
final class SourceSnapshot implements StreamedSource, AutoCloseable {

    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");

    /** Ordinary tables outside extensions (an extension's configuration rows stay in the schema file). */
    private static final String TABLES = """
            SELECT n.nspname, c.relname, pg_catalog.pg_relation_size(c.oid),
                   CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint
                        WHEN pg_catalog.pg_relation_size(c.oid) = 0 THEN 0 ELSE -1 END,
                   ARRAY(SELECT a.attname FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped %s ORDER BY a.attnum)
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%%'
              AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass
                              AND d.objid = c.oid AND d.deptype = 'e')
            ORDER BY 1, 2""";

    private final TargetDatabase source;
    private final Connection coordinator;
    private final String id;
    private final Map<QualifiedName, LiveTable> tables = new LinkedHashMap<>();

    private SourceSnapshot(TargetDatabase source, Connection coordinator, String id) {
        this.source = source;
        this.coordinator = coordinator;
        this.id = id;
    }

    /**
     * Opens the coordinating session, exports its snapshot, reads the source's tables in it and, as pg_dump does,
     * takes ACCESS SHARE locks on them (waiting at most {@code lockTimeout}): no table is dropped or altered before
     * its rows are read.
     */
    static SourceSnapshot open(TargetDatabase source, java.time.Duration lockTimeout) {
        Connection c = null;
        try {
            c = source.connect();
            try (Statement s = c.createStatement()) {
                s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                String id;
                try (ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_export_snapshot()")) {
                    rs.next();
                    id = rs.getString(1);
                }
                if (!SNAPSHOT_ID.matcher(id).matches()) {
                    throw new SyncFailure("the live source " + source + " exported an unexpected snapshot id");
                }
                SourceSnapshot snapshot = new SourceSnapshot(source, c, id);
                snapshot.readTables(s, c.getMetaData().getDatabaseMajorVersion() >= 12);
                snapshot.lockTables(s, lockTimeout);
                return snapshot;
            }
        } catch (SQLException e) {
            close(c);
            throw new SyncFailure("the live source " + source + " could not be read in one snapshot: " + e.getMessage(), e);
        }
    }

    private void readTables(Statement s, boolean generatedColumns) throws SQLException {
        try (ResultSet rs = s.executeQuery(TABLES.formatted(generatedColumns ? "AND a.attgenerated = ''" : ""))) {
            while (rs.next()) {
                QualifiedName name = new QualifiedName(rs.getString(1), rs.getString(2));
                Array columns = rs.getArray(5);
                tables.put(name, new LiveTable(name, Arrays.asList((String[]) columns.getArray()), rs.getLong(3),
                        rs.getLong(4)));
            }
        }
    }

    private void lockTables(Statement s, java.time.Duration lockTimeout) throws SQLException {
        if (tables.isEmpty()) {
            return;
        }
        s.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
        s.execute("LOCK TABLE " + tables.keySet().stream().map(QualifiedName::sql).collect(Collectors.joining(", "))
                + " IN ACCESS SHARE MODE");
    }

    /** The snapshot's id, for pg_dump --snapshot. */
    String id() {
        return id;
    }

    /** pg_dump's --exclude-table-data options: the streamed tables' rows stay out of the schema file. */
    List<String> excludedData() {
        return tables.values().stream().map(t -> "--exclude-table-data=" + t.dumpPattern()).toList();
    }

    /** A data entry for each streamed table the schema file defines (a TABLE entry), numbered after the file's. */
    List<TocEntry> dataEntries(List<TocEntry> schema) {
        Set<QualifiedName> defined = schema.stream().filter(e -> "TABLE".equals(e.desc()))
                .map(e -> new QualifiedName(e.namespace(), e.tag())).collect(Collectors.toSet());
        int next = schema.stream().mapToInt(TocEntry::dumpId).max().orElse(0);
        List<TocEntry> entries = new ArrayList<>();
        for (LiveTable t : tables.values()) {
            if (defined.contains(t.name())) {
                entries.add(t.dataEntry(++next));
            }
        }
        return entries;
    }

    @Override
    public boolean streams(QualifiedName table) {
        return tables.containsKey(table);
    }

    @Override
    public TableRows rows(TableLoad load) {
        LiveTable table = tables.get(load.table());
        Connection session = null;
        try {
            session = snapshotSession();
            return new LiveRows(session, table, source.toString());
        } catch (SQLException e) {
            close(session);
            throw new SyncFailure("copying " + load.displayName() + " out of the live source " + source + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Connection snapshotSession() throws SQLException {
        Connection c = source.connect();
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET TRANSACTION SNAPSHOT '" + id + "'");
            return c;
        } catch (SQLException e) {
            close(c);
            throw e;
        }
    }

    @Override
    public long estimatedRows(QualifiedName table) {
        LiveTable t = tables.get(table);
        return t == null ? 0 : t.rows();
    }

    /** Ends the snapshot: sessions can no longer join it (those reading keep theirs). */
    @Override
    public void close() {
        close(coordinator);
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // the session is gone either way
        }
    }
}
