package io.stagingsync.target;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the swap asks the server's catalog about a database, and the quoting of the names it sends back. */
final class DatabaseCatalog {

    /** What a copy must share with the live database: encoding, locale, and the owner when the run may give it. */
    record LiveDatabase(String encoding, String collate, String ctype, String owner, boolean member) {
    }

    private DatabaseCatalog() {
    }

    static boolean exists(Connection c, String name) throws SQLException {
        return answers(c, "select 1 from pg_database where datname = ?", name);
    }

    static boolean refusesConnections(Connection c, String name) throws SQLException {
        return answers(c, "select 1 from pg_database where datname = ? and not datallowconn", name);
    }

    static boolean publicConnects(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_catalog.has_database_privilege('public', ?, 'CONNECT')")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static LiveDatabase live(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select pg_encoding_to_char(encoding), datcollate, datctype, pg_get_userbyid(datdba),
                       pg_has_role(current_user, datdba, 'MEMBER')
                  from pg_database where datname = ?""")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the database " + name + " does not exist");
                }
                return new LiveDatabase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5));
            }
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean answers(Connection c, String query, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
