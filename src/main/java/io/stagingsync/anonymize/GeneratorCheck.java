package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import io.stagingsync.settings.BuiltInStrategy;
import io.stagingsync.settings.GeneratedColumn;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a built-in strategy's masked rows against its generators, before they commit: every value matches its
 * pattern or is NULL, and every derived column equals what it derives from. A query that errors fails the load.
 */
public final class GeneratorCheck {

    private GeneratorCheck() {
    }

    /** Per checked column, the rows of {@code relation} (SQL text) that do not look as the generator writes. */
    public static Map<String, Long> violations(Statement s, TableLoad load, String relation) throws SQLException {
        Map<String, GeneratedColumn> generated = load.rule().generated();
        Map<String, Long> violations = new LinkedHashMap<>();
        if (generated.isEmpty()) {
            return violations;
        }
        List<String> columns = new ArrayList<>(generated.keySet());
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("pg_catalog.count(*) FILTER (WHERE ")
                    .append(violation(quote(columns.get(i)), generated.get(columns.get(i)))).append(")");
        }
        sql.append(" FROM ").append(relation);
        try (ResultSet rs = s.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < columns.size(); i++) {
                violations.put(columns.get(i), rs.getLong(i + 1));
            }
        }
        return violations;
    }

    static String violation(String column, GeneratedColumn g) {
        String shape = g.alwaysNull()
                ? column + " IS NOT NULL"
                : "(" + column + " IS NOT NULL AND " + column + "::pg_catalog.text OPERATOR(pg_catalog.!~) " + BuiltInStrategy.literal(g.pattern()) + ")";
        return g.derivedFrom() == null ? shape : shape + " OR " + column + " IS DISTINCT FROM (" + g.derivedFrom() + ")";
    }
}
