package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An extension's configuration tables and sequences in a database's catalog (pg_extension.extconfig), each with the
 * condition pg_dump applies to it (extcondition): the rows it selects are the user-added ones, which a dump holds;
 * the others are the extension's own, inserted by {@code CREATE EXTENSION} on whichever server runs it.
 */
public final class ExtensionRows {

    /**
     * One configuration relation.
     *
     * @param condition the {@code WHERE …} clause pg_dump appends to select the user-added rows; empty: every row
     */
    public record Config(QualifiedName relation, String extension, String condition, boolean sequence) {

        /** The rows pg_dump would write of the table: those beyond the extension's own. */
        public String count() {
            return "SELECT pg_catalog.count(*) FROM ONLY " + relation.sql() + " " + condition;
        }

        /** Removes the rows a sync wrote into the table, leaving the extension's own. */
        public String deleteUserRows() {
            return "DELETE FROM ONLY " + relation.sql() + " " + condition;
        }
    }

    private static final String CONFIG = """
            select n.nspname, c.relname, e.extname, coalesce(x.cond, ''),
                   c.relkind OPERATOR(pg_catalog.=) 'S'
              from pg_catalog.pg_extension e
              cross join lateral rows from (pg_catalog.unnest(e.extconfig), pg_catalog.unnest(e.extcondition))
                         with ordinality as x(rel, cond, ord)
              join pg_catalog.pg_class c on c.oid OPERATOR(pg_catalog.=) x.rel
              join pg_catalog.pg_namespace n on n.oid OPERATOR(pg_catalog.=) c.relnamespace
             order by e.extname, x.ord
            """;

    private ExtensionRows() {
    }

    /** Every extension's configuration relations, in the order each extension registered them. */
    public static Map<QualifiedName, Config> read(Connection c) throws SQLException {
        Map<QualifiedName, Config> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(CONFIG)) {
            while (rs.next()) {
                QualifiedName relation = new QualifiedName(rs.getString(1), rs.getString(2));
                out.put(relation, new Config(relation, rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        }
        return out;
    }

    /** Relation → owning extension, for the plan and the report. */
    public static Map<QualifiedName, String> owners(Map<QualifiedName, Config> configs) {
        Map<QualifiedName, String> out = new LinkedHashMap<>();
        configs.forEach((relation, config) -> out.put(relation, config.extension()));
        return out;
    }
}
