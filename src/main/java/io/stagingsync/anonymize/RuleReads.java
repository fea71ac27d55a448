package io.stagingsync.anonymize;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.TableLoad;
import io.stagingsync.failure.SyncFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Just before raw rows arrive: the tables a rule reads by name (its operator's choice) must still be plain tables
 * without row-level security. A view, a foreign table or a policy would run somebody else's code on the raw rows;
 * the archive's policies come with post-data, so any present now was planted during the run.
 */
final class RuleReads {

    private static final String SHAPE = """
            SELECT c.relkind, c.relrowsecurity OR EXISTS (SELECT FROM pg_catalog.pg_policy p
                                                          WHERE p.polrelid OPERATOR(pg_catalog.=) c.oid)
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
             WHERE n.nspname OPERATOR(pg_catalog.=) ? AND c.relname OPERATOR(pg_catalog.=) ?
            """;

    private RuleReads() {
    }

    static void check(Connection c, TableLoad load) throws SQLException {
        for (QualifiedName read : load.references().relations()) {
            if (!exists(c, read)) {
                continue; // not a relation: a type, or a name the rule's own SQL creates
            }
            try (Statement s = c.createStatement()) {
                // held to the commit: a policy or a change of kind now waits until the raw rows are gone
                s.execute("LOCK TABLE " + read.sql() + " IN ACCESS SHARE MODE");
            }
            try (PreparedStatement ps = c.prepareStatement(SHAPE)) {
                ps.setString(1, read.schema());
                ps.setString(2, read.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String kind = rs.getString(1);
                    if (!"r".equals(kind) && !"p".equals(kind) && !"m".equals(kind)) {
                        throw refused(load, read, "is no longer a plain table (relkind " + kind + ")");
                    }
                    if (rs.getBoolean(2)) {
                        throw refused(load, read, "has row-level security the archive did not give it");
                    }
                }
            }
        }
    }

    private static boolean exists(Connection c, QualifiedName read) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid OPERATOR(pg_catalog.=) c.relnamespace WHERE n.nspname OPERATOR(pg_catalog.=) ?"
                + " AND c.relname OPERATOR(pg_catalog.=) ?")) {
            ps.setString(1, read.schema());
            ps.setString(2, read.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static SyncFailure refused(TableLoad load, QualifiedName read, String why) {
        return new SyncFailure("the rule of " + load.displayName() + " (" + load.rule().entry() + ") reads " + read
                + ", which " + why + ": its code would run on the raw rows, so the load stopped before any arrived "
                + "(something changed the target during the run)");
    }
}
