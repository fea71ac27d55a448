package io.stagingsync.target;

import io.stagingsync.run.TargetCopy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copies of a target in copies mode: {@code <db>} (live) and {@code <db>_<UTC time>}, told apart from any other
 * database by the comment each carries ({@code staging-sync copy <UTC time>}, followed by {@code restoring} while a run
 * fills it). A database named like a copy without that comment is not one: it is never listed, nor dropped.
 */
final class CopyCatalog {

    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern STAMP_TEXT = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final Pattern COMMENT = Pattern.compile("staging-sync copy (\\d{8}T\\d{6}Z)( restoring)?");
    private static final String RESTORING = " restoring";

    private CopyCatalog() {
    }

    static String name(String database, String stamp) {
        return database + "_" + stamp;
    }

    /** The UTC time a copy's name ends with. */
    static String stampOf(String copyName) {
        return copyName.substring(copyName.lastIndexOf('_') + 1);
    }

    static void markRestoring(Statement s, String database, String stamp) throws SQLException {
        comment(s, database, "staging-sync copy " + stamp + RESTORING);
    }

    static void markVerified(Statement s, String database, String stamp) throws SQLException {
        comment(s, database, "staging-sync copy " + stamp);
    }

    /** The UTC time the live database's comment records, or null when it was not made by copies mode. */
    static String liveStamp(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_catalog.shobj_description(oid, 'pg_database') "
                + "from pg_catalog.pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                Matcher m = rs.next() && rs.getString(1) != null ? COMMENT.matcher(rs.getString(1)) : null;
                return m != null && m.matches() ? m.group(1) : null;
            }
        }
    }

    /** The live database and its copies, newest first. */
    static List<TargetCopy> list(Connection c, String database) throws SQLException {
        List<TargetCopy> copies = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                select datname, pg_catalog.shobj_description(oid, 'pg_database'),
                       case when pg_catalog.has_database_privilege(oid, 'CONNECT') then pg_catalog.pg_database_size(oid) end
                  from pg_catalog.pg_database""")) {
            while (rs.next()) {
                String name = rs.getString(1);
                Matcher comment = rs.getString(2) == null ? null : COMMENT.matcher(rs.getString(2));
                boolean ours = comment != null && comment.matches();
                Long size = rs.getObject(3) == null ? null : rs.getLong(3);
                if (name.equals(database)) {
                    copies.add(new TargetCopy(name, ours ? instant(comment.group(1)) : null, size, TargetCopy.State.LIVE));
                } else if (ours && name.startsWith(database + "_") && STAMP_TEXT.matcher(stampOf(name)).matches()
                        && name.length() == database.length() + 1 + stampOf(name).length()
                        && comment.group(1).equals(stampOf(name))) {
                    copies.add(new TargetCopy(name, instant(comment.group(1)), size,
                            comment.group(2) == null ? TargetCopy.State.KEPT : TargetCopy.State.RESTORING));
                }
            }
        }
        copies.sort(Comparator.comparing(TargetCopy::createdAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return copies;
    }

    private static Instant instant(String stamp) {
        return Instant.from(STAMP.parse(stamp));
    }

    private static void comment(Statement s, String database, String text) throws SQLException {
        s.execute("COMMENT ON DATABASE " + DatabaseCatalog.quote(database) + " IS " + DatabaseCatalog.literal(text));
    }
}
