package io.stagingsync.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/** Reads values and checksums from a database, to compare the target with the source. */
public final class Rows {

    private Rows() {
    }

    /** The non-null values of one column, as text. */
    public static Set<String> values(String database, String table, String column) {
        return strings(database, "SELECT " + column + "::text FROM " + table + " WHERE " + column + " IS NOT NULL");
    }

    public static Set<String> strings(String database, String query) {
        Set<String> out = new HashSet<>();
        try (Connection c = PostgresServer.get().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    public static long count(String database, String table) {
        return Long.parseLong(single(database, "SELECT count(*) FROM " + table));
    }

    /** An order-independent checksum of a table's rows. */
    public static String checksum(String database, String table) {
        return single(database, "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t");
    }

    public static String single(String database, String query) {
        try (Connection c = PostgresServer.get().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    /** Whether a table exists in the database's public schema (or the given qualified name). */
    public static boolean tableExists(String database, String table) {
        return "true".equals(single(database, "SELECT (to_regclass('" + table.replace("'", "''") + "') IS NOT NULL)::text"));
    }

    /** The tables of every schema (the archive's or not) with a row whose text holds one of {@code values}. */
    public static Set<String> tablesHolding(String database, Set<String> values) {
        Set<String> found = new TreeSet<>();
        Set<String> tables = strings(database, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
                + "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
        for (String table : tables) {
            for (String row : strings(database, "SELECT t::text FROM " + table + " t")) {
                if (values.stream().anyMatch(row::contains)) {
                    found.add(table);
                }
            }
        }
        return found;
    }
}
