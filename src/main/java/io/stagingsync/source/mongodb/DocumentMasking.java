package io.stagingsync.source.mongodb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Masks a collection's raw documents, held in a session-private TEMP table, into a second private copy, path by
 * path, every expression evaluated on the raw document; then counts, per path, the masked values that still equal
 * an original value of any masked path (case and padding ignored, unsalted MD5/SHA-256 of one included).
 */
final class DocumentMasking {

    static final String RAW = "pg_temp.staging_sync_docs_raw";
    static final String MASKED = "pg_temp.staging_sync_docs_masked";
    private static final String REPLACEMENTS = "pg_temp.staging_sync_docs_replacements";
    private static final String ORIGINALS = "pg_temp.staging_sync_docs_originals";

    private DocumentMasking() {
    }

    static String createRaw() {
        return "CREATE TEMP TABLE staging_sync_docs_raw (_id text NOT NULL, doc jsonb NOT NULL) ON COMMIT DROP";
    }

    /** Every path's expression on the raw documents, written into the masked copy. */
    static void mask(Statement s, List<PathRule> paths) throws SQLException {
        // temporary tables are never analyzed on their own: without statistics the joins below go quadratic
        s.execute("ANALYZE " + RAW);
        s.execute("CREATE TEMP TABLE staging_sync_docs_masked ON COMMIT DROP AS SELECT _id, doc FROM " + RAW);
        s.execute("ANALYZE " + MASKED);
        for (PathRule rule : paths) {
            s.execute("CREATE TEMP TABLE staging_sync_docs_replacements ON COMMIT DROP AS"
                    + " SELECT l._id, l.path, coalesce(to_jsonb(m.v), 'null'::jsonb) AS masked,"
                    + " row_number() OVER (PARTITION BY l._id ORDER BY l.path) AS n"
                    + " FROM (" + PathSql.locations(RAW, "doc", rule) + ") l JOIN " + RAW + " r ON r._id = l._id"
                    // the operator's expression sees only doc, _id and value; an unknown literal becomes text
                    + " CROSS JOIN LATERAL (SELECT (" + rule.expression() + ") AS v"
                    + " FROM (SELECT r._id AS _id, r.doc AS doc, l.value AS value) src) m");
            s.execute("ANALYZE " + REPLACEMENTS);
            long rounds = single(s, "SELECT coalesce(max(n), 0) FROM " + REPLACEMENTS);
            for (long round = 1; round <= rounds; round++) {
                s.executeUpdate(PathSql.applyRound(MASKED, "doc", REPLACEMENTS, round));
            }
            s.execute("DROP TABLE " + REPLACEMENTS);
        }
    }

    /** Sets every value at the path to JSON null in {@code table.column}: what the round-trip check leaves out. */
    static void blank(Statement s, String table, String column, PathRule rule) throws SQLException {
        s.execute("CREATE TEMP TABLE staging_sync_docs_replacements ON COMMIT DROP AS"
                + " SELECT l._id, l.path, 'null'::jsonb AS masked,"
                + " row_number() OVER (PARTITION BY l._id ORDER BY l.path) AS n"
                + " FROM (" + PathSql.locations(table, column, rule) + ") l");
        s.execute("ANALYZE " + REPLACEMENTS);
        long rounds = single(s, "SELECT coalesce(max(n), 0) FROM " + REPLACEMENTS);
        for (long round = 1; round <= rounds; round++) {
            s.executeUpdate(PathSql.applyRound(table, column, REPLACEMENTS, round));
        }
        s.execute("DROP TABLE " + REPLACEMENTS);
    }

    /** Per path, the masked values equal to an original one; a constant written everywhere identifies nobody. */
    static Map<String, Long> survivors(Statement s, List<PathRule> paths) throws SQLException {
        String originals = paths.stream()
                .map(p -> "SELECT " + PathSql.normalized("value") + " AS v FROM (" + PathSql.locations(RAW, "doc", p) + ") o")
                .collect(Collectors.joining(" UNION ALL "));
        s.execute("CREATE TEMP TABLE staging_sync_docs_originals ON COMMIT DROP AS SELECT DISTINCT h.x FROM (" + originals
                + ") o CROSS JOIN LATERAL (VALUES (o.v), (md5(o.v)),"
                + " (encode(sha256(convert_to(o.v, 'UTF8')), 'hex'))) h(x) WHERE o.v <> ''");
        s.execute("ANALYZE " + ORIGINALS);
        Map<String, Long> survivors = new LinkedHashMap<>();
        for (PathRule rule : paths) {
            // a join, not IN (subquery): hashed either way, whatever the planner guesses of the subquery's size
            survivors.put(rule.path(), single(s, "SELECT CASE WHEN count(DISTINCT m.v) = 1 AND count(*) > 1 THEN 0"
                    + " ELSE count(o.x) END FROM (SELECT " + PathSql.normalized("value") + " AS v FROM ("
                    + PathSql.locations(MASKED, "doc", rule) + ") l) m LEFT JOIN " + ORIGINALS + " o ON o.x = m.v"));
        }
        s.execute("DROP TABLE " + ORIGINALS);
        return survivors;
    }

    static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
