package io.stagingsync.anonymize;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.failure.SyncFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types a table's private copies use: built-in ones only, so that no input function, domain check or operator
 * of the dump's or the target's runs on a raw value (domains become their base type, other non-built-in types text).
 */
final class PrivateColumns {

    /**
     * Per column: the first built-in type under its domains (enums stay: their code is pg_catalog's), or text; and
     * the column's own type, which the masked rows are cast back to once the raw copy is gone.
     */
    private static final String TYPES = """
            WITH RECURSIVE columns AS (
                SELECT a.attnum, a.attname, a.atttypid, a.atttypmod
                  FROM pg_catalog.pg_attribute a
                  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid
                  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
                 WHERE n.nspname OPERATOR(pg_catalog.=) ? AND c.relname OPERATOR(pg_catalog.=) ?
                   AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped),
            chain(attnum, typid, typmod, depth) AS (
                SELECT attnum, atttypid, atttypmod, 0 FROM columns
                UNION ALL
                SELECT chain.attnum, t.typbasetype, t.typtypmod, chain.depth OPERATOR(pg_catalog.+) 1
                  FROM chain JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) chain.typid
                 WHERE t.typtype OPERATOR(pg_catalog.=) 'd' AND chain.depth OPERATOR(pg_catalog.<) 64)
            SELECT columns.attname,
                   CASE WHEN t.typnamespace OPERATOR(pg_catalog.=) 'pg_catalog'::pg_catalog.regnamespace
                          OR t.typtype OPERATOR(pg_catalog.=) 'e'
                        THEN pg_catalog.format_type(t.oid, chain.typmod) ELSE 'pg_catalog.text' END,
                   pg_catalog.format_type(columns.atttypid, columns.atttypmod)
              FROM chain
              JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) chain.typid
              JOIN columns ON columns.attnum OPERATOR(pg_catalog.=) chain.attnum
             WHERE t.typtype OPERATOR(pg_catalog.<>) 'd'
            """;

    /** @param privateType the built-in type of the private copies; tableType the table's own, to cast back to */
    record Column(String name, String privateType, String tableType) {

        boolean retyped() {
            return !privateType.equals(tableType);
        }
    }

    private PrivateColumns() {
    }

    /** The load's columns in COPY order, as the restored table defines them. */
    static List<Column> of(Connection c, QualifiedName table, List<String> columns) throws SQLException {
        Map<String, Column> byName = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(TYPES)) {
            String schema = table.schema() == null ? "public" : table.schema();
            ps.setString(1, schema);
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byName.put(rs.getString(1), new Column(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        List<Column> out = new ArrayList<>();
        for (String name : columns) {
            Column column = byName.get(name);
            if (column == null) {
                throw new SyncFailure("the restored table " + table + " has no column " + QualifiedName.quote(name)
                        + " although the archive holds data for it: something changed the table during the run");
            }
            out.add(column);
        }
        return out;
    }
}
