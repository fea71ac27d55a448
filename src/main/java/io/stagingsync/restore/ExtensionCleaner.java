package io.stagingsync.restore;

import io.stagingsync.archive.DumpArchive;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.ExtensionRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The cleaning's last step: the archive's extensions dropped, or kept with the rows a sync added to them deleted. */
final class ExtensionCleaner {

    private static final String EXTENSIONS = """
            select e.extname, pg_catalog.pg_get_userbyid(e.extowner)
              from pg_catalog.pg_extension e
             where e.extname OPERATOR(pg_catalog.=) any(?::pg_catalog.text[])
             order by e.extname
            """;

    private ExtensionCleaner() {
    }

    /**
     * The archive's extensions, once nothing of the archive depends on them any more: dropped as its other objects
     * are, so that a failed run leaves none of them and the next one starts from the extension's own rows. One that
     * cannot go (the role does not own it, or objects that are not the archive's use it) is kept, and the rows a sync
     * added to its configuration tables are deleted instead, those pg_dump would write; the extension's own stay.
     */
    static int drop(Connection c, DumpArchive archive, Consumer<String> notes) throws SQLException {
        List<String> names = archive.entries().stream().filter(e -> "EXTENSION".equals(e.desc())).map(TocEntry::tag).toList();
        if (names.isEmpty()) {
            return 0;
        }
        Map<String, String> owners = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(EXTENSIONS)) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    owners.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        int dropped = 0;
        Map<QualifiedName, ExtensionRows.Config> configs = owners.isEmpty() ? Map.of() : ExtensionRows.read(c);
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, String> extension : owners.entrySet()) {
                s.execute("SAVEPOINT drop_extension");
                try {
                    s.execute("DROP EXTENSION IF EXISTS " + QualifiedName.quote(extension.getKey()) + " RESTRICT");
                    s.execute("RELEASE SAVEPOINT drop_extension");
                    dropped++;
                } catch (SQLException e) {
                    if (!"42501".equals(e.getSQLState()) && !"2BP01".equals(e.getSQLState())) {
                        throw e;
                    }
                    s.execute("ROLLBACK TO SAVEPOINT drop_extension");
                    String why = "42501".equals(e.getSQLState())
                            ? "the role cannot drop it (its owner is " + extension.getValue() + ")"
                            : "objects that are not the archive's use it (" + firstLine(e.getMessage()) + ")";
                    notes.accept("extension " + extension.getKey() + " kept: " + why + "; "
                            + clearUserRows(s, extension.getKey(), configs));
                }
            }
        }
        return dropped;
    }

    /** Deletes the user-added rows of a kept extension's tables, the last registered first (they may refer back). */
    private static String clearUserRows(Statement s, String extension, Map<QualifiedName, ExtensionRows.Config> configs)
            throws SQLException {
        List<ExtensionRows.Config> tables = new ArrayList<>(configs.values().stream()
                .filter(t -> t.extension().equals(extension) && !t.sequence()).toList());
        Collections.reverse(tables);
        if (tables.isEmpty()) {
            return "it has no configuration table";
        }
        List<String> done = new ArrayList<>();
        for (ExtensionRows.Config table : tables) {
            s.execute("SAVEPOINT clear_extension_rows");
            try {
                int rows = s.executeUpdate(table.deleteUserRows());
                s.execute("RELEASE SAVEPOINT clear_extension_rows");
                done.add(table.relation() + ": " + rows + " user-added rows deleted");
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                s.execute("ROLLBACK TO SAVEPOINT clear_extension_rows");
                // the role cannot write the table: no run as this role can have added rows to it either
                done.add(table.relation() + ": left as it is (" + firstLine(e.getMessage()) + ")");
            }
        }
        return String.join(", ", done) + "; its own rows are kept";
    }

    private static String firstLine(String message) {
        String m = message == null ? "" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
