package io.stagingsync.anonymize;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Counts, per masked column, the masked rows still holding one of the column's original values. */
final class LeakCheck {

    private static final String UNDEFINED_FUNCTION = "42883";

    private LeakCheck() {
    }

    /**
     * @param query the count query for (column, typed); typed equality is tried first, inside a savepoint, and the
     *              text comparison is used when the column's type has no equality operator
     */
    static Map<String, Long> survivors(Statement s, List<String> columns, BiFunction<String, Boolean, String> query)
            throws SQLException {
        Map<String, Long> survivors = new LinkedHashMap<>();
        for (String column : columns) {
            s.execute("SAVEPOINT staging_sync_leak_check");
            long count;
            try {
                count = single(s, query.apply(column, true));
            } catch (SQLException e) {
                if (!UNDEFINED_FUNCTION.equals(e.getSQLState())) {
                    throw e;
                }
                s.execute("ROLLBACK TO SAVEPOINT staging_sync_leak_check");
                count = single(s, query.apply(column, false));
            }
            s.execute("RELEASE SAVEPOINT staging_sync_leak_check");
            survivors.put(column, count);
        }
        return survivors;
    }

    static long single(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
