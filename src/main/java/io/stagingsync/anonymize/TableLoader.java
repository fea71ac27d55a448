package io.stagingsync.anonymize;

import io.stagingsync.archive.PlainTableData;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.LeakFindings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.StreamedSource;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableRows;
import io.stagingsync.run.TableResult;
import io.stagingsync.settings.SyncSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads one table's rows (from the dump or a live source) into the target: copied as they are, or masked first. */
public final class TableLoader {

    private final MaskingSettings masking;

    private final SyncSettings settings;

    private static final Logger LOG = LoggerFactory.getLogger(TableLoader.class);

    private final PgRestore pgRestore;

    public TableLoader(MaskingSettings masking, SyncSettings settings, PgRestore pgRestore) {
        this.masking = masking;
        this.settings = settings;
        this.pgRestore = pgRestore;
    }

    /**
     * A table without a rule: restored by pg_restore straight into the target (no relay: about twice as fast) when
     * its archive entry is plain and the archive's PII scan counted its rows, else its rows streamed in with COPY
     * through this process, which counts them. Either count is the one verification holds the target to: a count
     * taken from the target itself would also count rows the dump's own code wrote into the table meanwhile.
     */
    public void copyAsIs(TableLoad load, SyncRun run) {
        OptionalLong counted = run.results().archiveRowsRead(load.displayName());
        if (!streamedLive(load, run) && counted.isPresent()
                && PlainTableData.of(load.data(), load.table(), load.columns())) {
            restoreDirectly(load, run, counted.getAsLong());
            return;
        }
        load(load, run, (c, block, start) -> {
            c.setAutoCommit(true);
            long copied = CopyIn.copy(c, MaskingSql.copyIntoTable(load), block);
            checkTerminated(load, block);
            return new TableResult(load.displayName(), "none", block.rows(), copied, List.of(), LeakFindings.none(),
                    millisSince(start));
        });
    }

    /** pg_restore loads the rows; {@code rows} is how many the archive's PII scan read. */
    private void restoreDirectly(TableLoad load, SyncRun run, long rows) {
        long start = System.nanoTime();
        run.progress().tableStarted(load.displayName());
        try {
            pgRestore.restoreTableData(run, load.data());
        } catch (RuntimeException e) {
            run.progress().tableAbandoned(load.displayName());
            throw e;
        }
        TableResult result = new TableResult(load.displayName(), "none", rows, rows, List.of(), LeakFindings.none(),
                millisSince(start));
        run.recordTable(result);
        LOG.info("loaded {}: {} rows in {} ms (pg_restore into the target)", result.table(), result.rows(),
                result.durationMs());
    }

    /**
     * A table with a rule, in one transaction: rows into a raw TEMP copy only this session sees, masked into a second
     * one, leak-checked; the raw copy dropped; only then the masked rows inserted into the table. The commit, the
     * first moment anyone else can see a row, only happens when no original value survived.
     */
    public void mask(TableLoad load, SyncRun run) {
        SyncSettings.MaskingRetry retry = settings.maskingRetry();
        long delayMs = retry.delay().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                load(load, run, (c, block, start) -> masked(c, load, block, run, start));
                return;
            } catch (TransientFailure e) {
                if (attempt >= retry.attempts() || run.control().isAborted()) {
                    throw new SyncFailure(e.getMessage() + (attempt > 1 ? " (" + attempt + " attempts)" : "")
                            + "; not the rule's fault: the next run may succeed, or raise SYNC_ANONYMIZATION_RETRY_ATTEMPTS",
                            e.getCause());
                }
                // the failed attempt's session and transaction are gone, its raw copy with them: start from the archive
                LOG.warn("{}; masking it again from the archive in {} ms (attempt {} of {})", e.getMessage(), delayMs,
                        attempt + 1, retry.attempts());
                run.results().note(load.displayName() + " was masked again after a transient server error (SQLSTATE "
                        + e.state + ")");
                pause(run, delayMs);
                delayMs *= 2;
            }
        }
    }

    /** Waits before the next attempt; a cancelled run stops waiting at once. */
    private static void pause(SyncRun run, long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        try {
            while (System.nanoTime() < end) {
                run.control().ensureRunning();
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncFailure("loading was interrupted");
        }
        run.control().ensureRunning();
    }

    /** A masking that failed on a server error that says nothing about its rule or data (SqlErrors.isTransient). */
    private static final class TransientFailure extends SyncFailure {
        private final String state;

        TransientFailure(String message, String state, Throwable cause) {
            super(message, cause);
            this.state = state;
        }
    }

    @FunctionalInterface
    private interface Loading {
        TableResult into(Connection c, CopyBlock block, long startNanos) throws SQLException, IOException;
    }

    private void load(TableLoad load, SyncRun run, Loading loading) {
        long start = System.nanoTime();
        TableRows source = rowsOf(load, run);
        run.progress().tableStarted(load.displayName());
        try (Connection c = run.target().pool().getConnection(); AutoCloseable work = run.control().startWork(() -> cancel(source, c))) {
            CopyBlock block = new CopyBlock(source.stream());
            block.readHeader();
            TableResult result = loading.into(c, block, start);
            block.drain();
            source.finish(settings.toolTimeout());
            run.recordTable(result);
            LOG.info("loaded {}: {} rows{} in {} ms", result.table(), result.rows(),
                    result.maskedColumns().isEmpty() ? "" : ", masked " + result.maskedColumns()
                            + " (leak check: " + result.totalSurvivors() + " survivors)", result.durationMs());
        } catch (SQLException e) {
            source.stop();
            run.progress().tableAbandoned(load.displayName());
            if (load.masked() && SqlErrors.isTransient(e) && !run.control().isAborted()) {
                throw new TransientFailure("masking " + load.displayName() + " (" + load.rule().entry() + ") failed on a "
                        + "transient server error (SQLSTATE " + e.getSQLState() + ")", e.getSQLState(), withheld(e));
            }
            throw new SyncFailure("loading " + load.displayName() + (load.masked() ? " (" + load.rule().entry() + ")" : "")
                    + " failed: " + SqlErrors.describe(e), withheld(e));
        } catch (IOException e) {
            source.stop();
            run.progress().tableAbandoned(load.displayName());
            throw new SyncFailure("reading the data of " + load.displayName() + " from " + source.origin() + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + " (" + source.lastWords() + ")", e);
        } catch (RuntimeException e) {
            source.stop();
            run.progress().tableAbandoned(load.displayName());
            throw e;
        } catch (Exception e) {
            source.stop();
            run.progress().tableAbandoned(load.displayName());
            throw new SyncFailure("loading " + load.displayName() + " failed: " + e.getMessage(), e);
        }
    }

    /** The table's rows: out of the archive, or straight from a live source read in its snapshot. */
    private TableRows rowsOf(TableLoad load, SyncRun run) {
        return streamedLive(load, run) ? run.backup().streamed().rows(load) : pgRestore.openTableData(run, load.data());
    }

    private static boolean streamedLive(TableLoad load, SyncRun run) {
        StreamedSource live = run.backup().streamed();
        return live != null && live.streams(load.table());
    }

    private TableResult masked(Connection c, TableLoad load, CopyBlock block, SyncRun run, long start)
            throws SQLException, IOException {
        StepClock clock = new StepClock();
        MaskingSession.begin(c, settings.lockTimeout(), masking);
        try (Statement s = c.createStatement()) {
            MaskingSql sql = new MaskingSql(load, PrivateColumns.of(c, load.table(), load.columns()));
            s.execute(sql.createRaw());
            RuleReads.check(c, load);
            // from here until dropRawCopies, raw rows exist in this session: only the rule's SQL and pg_catalog run
            clock.mark("session");
            CopyIn.copy(c, sql.copyIntoRaw(), block);
            checkTerminated(load, block);
            if (sql.hasCondition()) {
                s.execute(sql.markInsideCondition());
            }
            clock.mark("raw copy");
            int minShared = settings.leakCheckMinShared();
            Masked masked = load.rule().isQuery()
                    ? QueryMasking.mask(s, sql, load, block.rows(), minShared, clock)
                    : ColumnsMasking.mask(s, sql, load, minShared, clock);
            check(load, block, masked, run, start);
            s.execute(sql.dropRawCopies());
            s.execute(LeakCheckSql.dropSha1());
            clock.mark("drop");
            // the real table's defaults, checks, generated columns, triggers and key predicates see masked rows only
            if (load.rule().isQuery()) {
                QueryMasking.checkRealTableUntouched(s, sql, load);
            }
            long inserted = s.executeUpdate(sql.insertIntoTable());
            if (inserted != masked.rows()) {
                throw new SyncFailure(load.displayName() + ": " + inserted + " masked rows reached the table, "
                        + masked.rows() + " expected: something changed the table during the run");
            }
            clock.mark("insert");
            UniqueCheck.check(s, load);
            clock.mark("unique check");
            if (run.control().isAborted()) {
                throw new SyncFailure("loading " + load.displayName() + " was cancelled: the run failed elsewhere");
            }
            c.commit();
            clock.mark("commit");
            LOG.info("masking steps of {}: {}", load.displayName(), clock);
            return new TableResult(load.displayName(), load.rule().kind(), block.rows(), masked.rows(),
                    masked.columns(), masked.leaks(), millisSince(start), masked.violations());
        } catch (SQLException | IOException | RuntimeException e) {
            rollbackKeeping(c, e);
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.debug("connection not reset: {}", e.getMessage());
            }
        }
    }

    /** Nothing reaches the real table unless every check on the private copies passed. */
    private static void check(TableLoad load, CopyBlock block, Masked masked, SyncRun run, long start) {
        if (masked.leaks().total() > 0) {
            // recorded with no committed row, so that the report shows the survivors per column and kind
            run.recordTable(new TableResult(load.displayName(), load.rule().kind(), block.rows(), 0, masked.columns(),
                    masked.leaks(), millisSince(start), masked.violations()));
            throw new SyncFailure("leak check failed for " + load.displayName() + " (" + load.rule().entry()
                    + "): original values survive masking (" + masked.leaks().describe() + "); fix the rule so that "
                    + "no masked value is a row's own original, changed or not, nor another row's original held by "
                    + "fewer than " + masked.leaks().minShared() + " masked rows; a constant is accepted (see the "
                    + "leak check in docs/rules.md)");
        }
        long violations = masked.violations().values().stream().mapToLong(Long::longValue).sum();
        if (violations > 0) {
            throw new SyncFailure("verification failed for " + load.displayName() + " (" + load.rule().entry()
                    + "): masked values do not look as the strategy writes them " + masked.violations()
                    + "; an override under 'columns:' or the data itself is at odds with the strategy");
        }
        if (masked.rows() != block.rows()) {
            throw new SyncFailure("the rule of " + load.displayName() + " (" + load.rule().entry() + ") changed the "
                    + "number of rows (" + block.rows() + " in the archive, " + masked.rows() + " after masking): "
                    + "rules change values, they may not delete or add rows; use exclude_tables to skip a table's data");
        }
    }

    /** The cause kept for the stack trace only when its message is safe to print. */
    private static Throwable withheld(SQLException e) {
        return SqlErrors.describe(e).equals(e.getMessage()) ? e : null;
    }

    /** A rollback that fails (broken connection) must not hide why the load failed. */
    private static void rollbackKeeping(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Stops a load from another thread: its source and the statement running on its connection. */
    private static void cancel(TableRows source, Connection c) {
        source.stop();
        try {
            c.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            LOG.debug("cancel: {}", e.getMessage());
        }
    }

    private static void checkTerminated(TableLoad load, CopyBlock block) {
        if (!block.terminated()) {
            throw new SyncFailure("the data of " + load.displayName() + " in the dump is truncated");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
