package io.stagingsync.plan;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.archive.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Empty TEMP tables with an archive table's column types, in the checking session's transaction: the archive's
 * domains become their base types, its enums private enums; a type the server does not know is approximated as text.
 */
final class TempShapes {

    private static final String TEXT = "text";

    private final Connection c;
    private final TableShapes shapes;
    private final Map<String, String> resolved = new HashMap<>();
    private final List<String> approximated = new ArrayList<>();
    private int enums;

    TempShapes(Connection c, TableShapes shapes) {
        this.c = c;
        this.shapes = shapes;
    }

    /** The column definitions of a table's data columns, in their order; records the columns typed as text. */
    String columnDefinitions(QualifiedName table, List<String> columns) throws SQLException {
        List<String> definitions = new ArrayList<>();
        approximated.clear();
        for (String column : columns) {
            String written = shapes.type(table, column);
            String type = written == null ? null : resolve(written, 0);
            if (type == null) {
                approximated.add(column + (written == null ? "" : " (" + written + ")"));
                type = TEXT;
            }
            definitions.add(quote(column) + " " + type);
        }
        return definitions.stream().collect(Collectors.joining(", "));
    }

    /** The columns of the last table whose type the check could only approximate. */
    List<String> approximated() {
        return List.copyOf(approximated);
    }

    void create(String name, String columnDefinitions) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE " + name + " (" + columnDefinitions + ") ON COMMIT DROP");
        }
    }

    private String resolve(String type, int depth) throws SQLException {
        if (depth > 16) {
            return null;
        }
        if (type.endsWith("[]")) {
            String element = resolve(type.substring(0, type.length() - 2), depth + 1);
            return element == null ? null : element + "[]";
        }
        if (resolved.containsKey(type)) {
            return resolved.get(type);
        }
        String answer;
        if (shapes.domainBase(type) != null) {
            answer = resolve(shapes.domainBase(type), depth + 1);
        } else if (shapes.enumLabels(type) != null) {
            answer = "pg_temp." + quote("__staging_sync_enum_" + ++enums);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TYPE " + answer + " AS ENUM (" + shapes.enumLabels(type) + ")");
            }
        } else {
            answer = known(type) ? type : null;
        }
        resolved.put(type, answer);
        return answer;
    }

    /** Whether the server knows the type (built-in, or an extension's installed there). */
    private boolean known(String type) throws SQLException {
        Savepoint before = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regtype(?) IS NOT NULL")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                boolean known = rs.getBoolean(1);
                c.releaseSavepoint(before);
                return known;
            }
        } catch (SQLException e) {
            // a type name the parser rejects is unknown too
            c.rollback(before);
            return false;
        }
    }
}
