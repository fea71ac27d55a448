package io.stagingsync.anonymize;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/** Streams a COPY block into the target with pgjdbc's COPY protocol, in the dump's own client encoding. */
final class CopyIn {

    private CopyIn() {
    }

    /** Returns the row count the server reports. */
    static long copy(Connection c, String copySql, CopyBlock block) throws SQLException, IOException {
        boolean otherEncoding = !block.encoding().equalsIgnoreCase("UTF8");
        try (Statement s = c.createStatement()) {
            if (otherEncoding) {
                s.execute("SET client_encoding = '" + block.encoding().replace("'", "") + "'");
            }
            try (InputStream rows = block.rowStream()) {
                return c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, rows, 1 << 16);
            } finally {
                if (otherEncoding) {
                    resetEncoding(s);
                }
            }
        }
    }

    /** Best effort: in an aborted transaction the SET is rolled back anyway. */
    private static void resetEncoding(Statement s) {
        try {
            s.execute("RESET client_encoding");
        } catch (SQLException e) {
            // the transaction is failing; its rollback restores the encoding
        }
    }
}
