package io.stagingsync.source.mongodb;

import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.SyncSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import io.stagingsync.anonymize.MaskingSession;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health check of a MongoDB run's copy: every collection has its table, each table holds as many documents as
 * were read, no masked path kept an original value, and a sample of the source's documents reads back as the same
 * JSON apart from its masked paths. Any difference fails the run.
 */
public final class DocumentVerifier {

    private final MaskingSettings masking;

    private final SyncSettings settings;

    private static final Logger LOG = LoggerFactory.getLogger(DocumentVerifier.class);
    private static final String PAIRS = "pg_temp.staging_sync_docs_round_trip";

    private final MongoSource source;

    public DocumentVerifier(MaskingSettings masking, SyncSettings settings, MongoSource source) {
        this.masking = masking;
        this.settings = settings;
        this.source = source;
    }

    public void verify(SyncRun run) {
        List<String> problems = new ArrayList<>();
        MongoDatabase db = source.client().getDatabase(settings.mongo().database());
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            for (CollectionCopy copy : run.documents().collections()) {
                Long rows = count(s, copy);
                TableResult result = run.results().tables().get(copy.table());
                long expected = copy.excluded() ? 0 : result == null ? -1 : result.rows();
                if (rows == null) {
                    problems.add(copy.table() + " (collection " + copy.collection() + ") is missing from the target");
                } else if (rows != expected) {
                    problems.add(copy.table() + " holds " + rows + " documents, " + expected + " were read from "
                            + copy.collection());
                } else if (result != null && result.totalSurvivors() > 0) {
                    problems.add(copy.table() + ": original values survive masking " + result.survivors());
                } else if (!copy.excluded()) {
                    if (result != null && result.rows() != copy.sourceCount()) {
                        run.results().note("collection " + copy.collection() + " counted " + copy.sourceCount() + " documents when "
                                + "inspected and " + result.rows() + " when read: the source was written meanwhile");
                    }
                    long differing = roundTrip(c, s, db, copy, run);
                    if (differing > 0) {
                        problems.add(copy.table() + ": " + differing + " sampled documents of " + copy.collection()
                                + " do not read back as the same JSON apart from " + copy.maskedPaths());
                    }
                }
            }
        } catch (SQLException | IOException | MongoException e) {
            throw new SyncFailure("verifying the copied collections failed: " + e.getMessage(), e);
        }
        run.results().verification(problems.isEmpty(), problems);
        if (!problems.isEmpty()) {
            throw new SyncFailure("verification failed: " + String.join("; ", problems));
        }
        LOG.info("verification passed: {} collections, counts equal, sampled documents round-trip",
                run.documents().collections().size());
    }

    private static Long count(Statement s, CollectionCopy copy) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public." + copy.quotedTable())) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    /**
     * The sampled source documents go into a TEMP table of a masking session (never committed, dropped with the
     * transaction), beside their copies; the masked paths are blanked on both sides; the JSONB values must be equal.
     */
    private long roundTrip(Connection c, Statement s, MongoDatabase db, CollectionCopy copy, SyncRun run)
            throws SQLException, IOException {
        MaskingSession.begin(c, settings.lockTimeout(), masking);
        try (MongoCursor<Document> sample = db.getCollection(copy.collection()).find()
                .limit(settings.mongo().sampleSize()).iterator()) {
            s.execute("CREATE TEMP TABLE staging_sync_docs_sample (_id text, doc jsonb) ON COMMIT DROP");
            DocumentRows.copy(c, "pg_temp.staging_sync_docs_sample", sample, run.control()::ensureRunning);
            s.execute("CREATE TEMP TABLE staging_sync_docs_round_trip ON COMMIT DROP AS SELECT x._id, x.doc AS src,"
                    + " t.doc AS dst FROM pg_temp.staging_sync_docs_sample x LEFT JOIN public." + copy.quotedTable()
                    + " t ON t._id = x._id");
            for (PathRule path : copy.paths()) {
                DocumentMasking.blank(s, PAIRS, "src", path);
                DocumentMasking.blank(s, PAIRS, "dst", path);
            }
            return DocumentMasking.single(s, "SELECT count(*) FROM " + PAIRS + " WHERE dst IS NULL OR src <> dst");
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }
}
