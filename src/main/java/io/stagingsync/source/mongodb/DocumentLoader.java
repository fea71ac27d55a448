package io.stagingsync.source.mongodb;

import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.SyncSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoIterable;
import io.stagingsync.anonymize.MaskingSession;
import io.stagingsync.anonymize.SqlErrors;
import io.stagingsync.run.LeakFindings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunControl;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one collection's documents, read through a cursor, into its table: copied as they are, or (with path rules)
 * into a raw TEMP copy only this session sees, masked into a second one, leak-checked, the raw copy dropped, and
 * only then inserted into the table and committed.
 */
public final class DocumentLoader {

    private final SyncSettings settings;
    private final MaskingSettings masking;

    public DocumentLoader(SyncSettings settings, MaskingSettings masking) {
        this.settings = settings;
        this.masking = masking;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DocumentLoader.class);

    public void load(MongoIterable<Document> documents, CollectionCopy copy, SyncRun run) {
        long start = System.nanoTime();
        try (Connection c = run.target().pool().getConnection(); MongoCursor<Document> cursor = documents.iterator();
             RunControl.Work work = run.control().startWork(() -> cancel(cursor, c))) {
            TableResult result = copy.masked() ? masked(c, cursor, copy, run, start) : asIs(c, cursor, copy, run, start);
            run.recordTable(result);
            LOG.info("loaded collection {} into {}: {} documents{} in {} ms", copy.collection(), copy.table(),
                    result.rows(), copy.masked() ? ", masked " + copy.maskedPaths() + " (leak check: "
                            + result.totalSurvivors() + " survivors)" : "", result.durationMs());
        } catch (SQLException e) {
            throw new SyncFailure("loading collection " + copy.collection() + (copy.masked() ? " (" + copy.rule() + ")" : "")
                    + " failed: " + SqlErrors.describe(e), null);
        } catch (MongoException e) {
            throw new SyncFailure("reading collection " + copy.collection() + " from MongoDB failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SyncFailure("loading collection " + copy.collection() + " failed: " + e.getMessage(), e);
        }
    }

    private static TableResult asIs(Connection c, MongoCursor<Document> cursor, CollectionCopy copy, SyncRun run,
                                    long start) throws SQLException, IOException {
        c.setAutoCommit(true);
        long rows = DocumentRows.copy(c, copy.quotedTable(), cursor, run.control()::ensureRunning);
        return new TableResult(copy.table(), "none", rows, rows, List.of(), LeakFindings.none(), millisSince(start));
    }

    private TableResult masked(Connection c, MongoCursor<Document> cursor, CollectionCopy copy, SyncRun run,
                                      long start) throws SQLException, IOException {
        MaskingSession.begin(c, settings.lockTimeout(), masking);
        try (Statement s = c.createStatement()) {
            s.execute(DocumentMasking.createRaw());
            // from here until the raw copy is dropped, raw documents exist in this session: only rule SQL and pg_catalog run
            long read = DocumentRows.copy(c, DocumentMasking.RAW, cursor, run.control()::ensureRunning);
            DocumentMasking.mask(s, copy.paths());
            Map<String, Long> survivors = DocumentMasking.survivors(s, copy.paths());
            long leaks = survivors.values().stream().mapToLong(Long::longValue).sum();
            if (leaks > 0) {
                throw new SyncFailure("leak check failed for collection " + copy.collection() + " (" + copy.rule()
                        + "): original values survive masking " + survivors + "; fix the rule so that every masked "
                        + "value differs from every original one");
            }
            s.execute("DROP TABLE " + DocumentMasking.RAW);
            long written = s.executeUpdate("INSERT INTO public." + copy.quotedTable() + " (_id, doc) SELECT _id, doc FROM "
                    + DocumentMasking.MASKED);
            if (written != read) {
                throw new SyncFailure(copy.table() + ": " + written + " masked documents reached the table, " + read
                        + " expected");
            }
            s.execute("DROP TABLE " + DocumentMasking.MASKED);
            run.control().ensureRunning();
            c.commit();
            // reached only with no survivor: a leak fails the collection above
            LeakFindings checked = new LeakFindings(copy.maskedPaths(), Map.of(), List.of(), 0);
            return new TableResult(copy.table(), "paths", read, written, copy.maskedPaths(), checked, millisSince(start));
        } catch (SQLException | IOException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                LOG.debug("connection not reset: {}", e.getMessage());
            }
        }
    }

    /** Stops a load from another thread: its cursor and the statement running on its connection. */
    private static void cancel(MongoCursor<Document> cursor, Connection c) {
        try {
            cursor.close();
        } catch (RuntimeException e) {
            LOG.debug("cancel: {}", e.getMessage());
        }
        try {
            c.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            LOG.debug("cancel: {}", e.getMessage());
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
