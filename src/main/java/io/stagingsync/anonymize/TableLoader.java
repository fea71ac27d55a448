package io.stagingsync.anonymize;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.restore.PgProcess;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one table's data from the archive into the target. A table without a rule is streamed straight in with
 * COPY; a table with a rule goes through a session-private TEMP copy, is masked and leak-checked there, and only
 * its masked rows are inserted and committed — a raw row of a masked table is never visible to anyone.
 */
public final class TableLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);

    private final PgRestore pgRestore;

    public TableLoader(PgRestore pgRestore) {
        this.pgRestore = pgRestore;
    }

    public void load(TableLoad load, SyncRun run) {
        long start = System.nanoTime();
        PgProcess source = pgRestore.openTableData(run, load.data());
        try (Connection c = run.targetPool().getConnection(); AutoCloseable work = run.startWork(() -> cancel(source, c))) {
            CopyBlock block = new CopyBlock(source.stdout());
            block.readHeader();
            TableResult result = load.masked()
                    ? masked(c, load, block, run, start)
                    : plain(c, load, block, start);
            block.drain();
            source.await(run.settings().toolTimeout());
            run.recordTable(result);
            LOG.info("loaded {}: {} rows{} in {} ms", result.table(), result.rows(),
                    result.maskedColumns().isEmpty() ? "" : ", masked " + result.maskedColumns()
                            + " (leak check: " + result.totalSurvivors() + " survivors)", result.durationMs());
        } catch (SQLException e) {
            source.destroy();
            throw new SyncFailure("loading " + load.displayName() + (load.masked() ? " (" + load.rule().entry() + ")" : "")
                    + " failed: " + e.getMessage(), e);
        } catch (IOException e) {
            source.destroy();
            throw new SyncFailure("reading the data of " + load.displayName() + " from the dump failed: "
                    + e.getMessage() + " (" + source.lastLines() + ")", e);
        } catch (RuntimeException e) {
            source.destroy();
            throw e;
        } catch (Exception e) {
            source.destroy();
            throw new SyncFailure("loading " + load.displayName() + " failed: " + e.getMessage(), e);
        }
    }

    private TableResult plain(Connection c, TableLoad load, CopyBlock block, long start) throws SQLException, IOException {
        c.setAutoCommit(true);
        long copied = copy(c, new MaskingSql(load).copyIntoTable(), block);
        checkTerminated(load, block);
        return new TableResult(load.displayName(), "none", block.rows(), copied, List.of(), Map.of(), millisSince(start));
    }

    private TableResult masked(Connection c, TableLoad load, CopyBlock block, SyncRun run, long start)
            throws SQLException, IOException {
        MaskingSql sql = new MaskingSql(load);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL lock_timeout = '" + run.settings().lockTimeout().toMillis() + "ms'");
            // the private copy shadows the real table even where search_path names pg_temp late or not at all
            s.execute(MaskingSql.TEMP_FIRST_SEARCH_PATH);
            s.execute(sql.createTemp());
            if (load.rule().isQuery()) {
                s.execute(sql.addRowId());
            }
            copy(c, sql.copyIntoTemp(), block);
            checkTerminated(load, block);
            Masked masked = load.rule().isQuery() ? maskWithQueries(s, sql, load, block) : maskWithColumns(s, sql, load);
            if (masked.leaks() > 0) {
                throw new SyncFailure("leak check failed for " + load.displayName() + " (" + load.rule().entry()
                        + "): original values survive masking " + masked.survivors() + "; fix the rule so that every "
                        + "masked value differs from every original one");
            }
            if (masked.rows() != block.rows()) {
                throw rowCountChanged(load, block.rows(), masked.rows());
            }
            if (run.isAborted()) {
                throw new SyncFailure("loading " + load.displayName() + " was cancelled: the run failed elsewhere");
            }
            c.commit();
            return new TableResult(load.displayName(), load.rule().kind(), block.rows(), masked.rows(),
                    masked.columns(), masked.survivors(), millisSince(start));
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** What masking produced inside the still-open transaction. */
    private record Masked(List<String> columns, Map<String, Long> survivors, long rows) {
        long leaks() {
            return survivors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A columns rule: the masked rows are computed straight from the private copy into the real table (one write),
     * leak-checked there against the copy's originals, then the rows outside the condition follow. All of it is
     * invisible to other sessions until the commit, which only happens when the leak check found nothing.
     */
    private static Masked maskWithColumns(Statement s, MaskingSql sql, TableLoad load) throws SQLException {
        long rows = s.executeUpdate(sql.insertMaskedColumns());
        List<String> columns = List.copyOf(load.rule().columns().keySet());
        Map<String, Long> survivors = new LinkedHashMap<>();
        for (String column : columns) {
            survivors.put(column, single(s, sql.survivorsInTable(column)));
        }
        if (load.rule().condition() != null) {
            rows += s.executeUpdate(sql.insertOutsideCondition());
        }
        return new Masked(columns, survivors, rows);
    }

    /** A query rule: the statements change the private copy; what they changed is found by comparing with a snapshot. */
    private static Masked maskWithQueries(Statement s, MaskingSql sql, TableLoad load, CopyBlock block) throws SQLException {
        long kept = 0;
        if (load.rule().condition() != null) {
            List<String> setAside = sql.setAsideOutsideCondition();
            kept = s.executeUpdate(setAside.get(0));
            s.executeUpdate(setAside.get(1));
        }
        s.execute(sql.snapshotOriginals(load.columns()));
        for (String query : load.rule().queries()) {
            s.execute(query);
        }
        long maskedRows = block.rows() - kept;
        long afterQueries = single(s, sql.tempRows());
        if (afterQueries != maskedRows) {
            throw rowCountChanged(load, block.rows(), afterQueries + kept);
        }
        List<String> columns = changedColumns(s, sql, load);
        if (columns.isEmpty() && maskedRows > 0) {
            throw new SyncFailure("the query of " + load.rule().entry() + " changed nothing in " + maskedRows
                    + " rows of " + load.displayName() + ": write the table name unqualified (UPDATE "
                    + load.ruleTable() + " SET …) so that it acts on the private copy");
        }
        Map<String, Long> survivors = new LinkedHashMap<>();
        for (String column : columns) {
            survivors.put(column, single(s, sql.survivors(column)));
        }
        if (single(s, sql.realTableRows()) != 0) {
            throw new SyncFailure("the rule of " + load.rule().entry() + " wrote to the real table "
                    + load.displayName() + " instead of its private copy: write the table name unqualified");
        }
        long rows = s.executeUpdate(sql.insertMasked());
        if (kept > 0) {
            rows += s.executeUpdate(sql.insertKept());
        }
        return new Masked(columns, survivors, rows);
    }

    private static SyncFailure rowCountChanged(TableLoad load, long archiveRows, long rows) {
        return new SyncFailure("the rule of " + load.displayName() + " (" + load.rule().entry() + ") changed the "
                + "number of rows (" + archiveRows + " in the archive, " + rows + " after masking): rules change "
                + "values, they may not delete or add rows; use exclude_tables to skip a table's data");
    }

    private static List<String> changedColumns(Statement s, MaskingSql sql, TableLoad load) throws SQLException {
        List<String> changed = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql.changedColumns())) {
            rs.next();
            for (int i = 0; i < load.columns().size(); i++) {
                if (rs.getLong(i + 1) > 0) {
                    changed.add(load.columns().get(i));
                }
            }
        }
        return changed;
    }

    private static long copy(Connection c, String copySql, CopyBlock block) throws SQLException, IOException {
        boolean otherEncoding = !block.encoding().equalsIgnoreCase("UTF8");
        try (Statement s = c.createStatement()) {
            if (otherEncoding) {
                s.execute("SET client_encoding = '" + block.encoding().replace("'", "") + "'");
            }
            try (InputStream rows = block.rowStream()) {
                return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, rows, 1 << 16);
            } finally {
                if (otherEncoding) {
                    resetEncoding(s);
                }
            }
        }
    }

    /** Stops a load from another thread: its pg_restore and the statement running on its connection. */
    private static void cancel(PgProcess source, Connection c) {
        source.destroy();
        try {
            c.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            LOG.debug("cancel: {}", e.getMessage());
        }
    }

    /** Best effort: in an aborted transaction the SET is rolled back anyway. */
    private static void resetEncoding(Statement s) {
        try {
            s.execute("RESET client_encoding");
        } catch (SQLException e) {
            LOG.debug("client_encoding not reset: {}", e.getMessage());
        }
    }

    private static void checkTerminated(TableLoad load, CopyBlock block) {
        if (!block.terminated()) {
            throw new SyncFailure("the data of " + load.displayName() + " in the dump is truncated");
        }
    }

    private static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
