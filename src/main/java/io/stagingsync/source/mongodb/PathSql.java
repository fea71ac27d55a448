package io.stagingsync.source.mongodb;

/**
 * SQL that finds every value a path designates in a table's documents, through objects and arrays, using
 * pg_catalog's jsonb functions only (it runs beside raw documents, under the masking session's pinned search path).
 */
final class PathSql {

    private PathSql() {
    }

    /**
     * {@code (_id, path text[], value jsonb)} of every non-array, non-null value at the rule's path in
     * {@code table.column}; {@code path} is the concrete location, array indexes included, for jsonb_set.
     */
    static String locations(String table, String column, PathRule rule) {
        String keys = rule.keysLiteral();
        int depth = rule.keys().size();
        return "WITH RECURSIVE walk(_id, path, value, depth) AS ("
                + " SELECT t._id, ARRAY[]::text[], t." + column + ", 0 FROM " + table + " t"
                + " UNION ALL"
                + " SELECT w._id, w.path || s.key, s.value, w.depth + s.step FROM walk w CROSS JOIN LATERAL ("
                + "  SELECT (" + keys + ")[w.depth + 1] AS key, w.value -> ((" + keys + ")[w.depth + 1]) AS value, 1 AS step"
                + "   WHERE w.depth < " + depth + " AND jsonb_typeof(w.value) = 'object'"
                + "     AND jsonb_exists(w.value, (" + keys + ")[w.depth + 1])"
                + "  UNION ALL"
                + "  SELECT (a.i - 1)::text, a.value, 0"
                + "   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(w.value) = 'array' THEN w.value END)"
                + "        WITH ORDINALITY a(value, i)) s)"
                + " SELECT _id, path, value FROM walk WHERE depth = " + depth
                + " AND jsonb_typeof(value) NOT IN ('array', 'null')";
    }

    /**
     * The UPDATE writing the {@code round}-th location of each document from {@code replacements (_id, path, masked, n)}
     * into {@code table.column}: jsonb_set sets one location at a time, so a document with k locations takes k rounds.
     */
    static String applyRound(String table, String column, String replacements, long round) {
        return "UPDATE " + table + " t SET " + column + " = jsonb_set(t." + column + ", r.path, r.masked, false)"
                + " FROM " + replacements + " r WHERE r._id = t._id AND r.n = " + round;
    }

    /** The normalized text of a located value: what the leak check compares. */
    static String normalized(String valueColumn) {
        return "lower(btrim(" + valueColumn + " #>> '{}'))";
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
