package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.postgresql.PGConnection;

/**
 * The unsalted sha1 digests of a table's original values, into a private table beside the raw copy (pg_catalog has
 * no sha1, and no extension may run near raw rows): computed here, a batch at a time, read through a cursor of the
 * masking transaction. The raw values passed through this process once already, on their way into the raw copy.
 */
final class Sha1Digests {

    private static final String CURSOR = "__staging_sync_originals";
    private static final int BATCH = 10_000;

    private Sha1Digests() {
    }

    static void load(Statement s, LeakCheckSql sql) throws SQLException {
        s.execute(sql.createSha1());
        s.execute("DECLARE " + CURSOR + " NO SCROLL CURSOR FOR " + sql.originalCells());
        MessageDigest sha1 = sha1();
        HexFormat hex = HexFormat.of();
        var copy = s.getConnection().unwrap(PGConnection.class).getCopyAPI();
        while (true) {
            StringBuilder batch = new StringBuilder();
            int rows = 0;
            try (ResultSet rs = s.executeQuery("FETCH FORWARD " + BATCH + " FROM " + CURSOR)) {
                while (rs.next()) {
                    rows++;
                    String prefix = rs.getLong(1) + "\t" + rs.getInt(2) + "\t";
                    String exact = rs.getString(3);
                    String key = rs.getString(4);
                    if (!key.isEmpty()) {
                        batch.append(prefix).append(hex.formatHex(sha1.digest(exact.getBytes(StandardCharsets.UTF_8)))).append('\n');
                        if (!key.equals(exact)) {
                            batch.append(prefix).append(hex.formatHex(sha1.digest(key.getBytes(StandardCharsets.UTF_8)))).append('\n');
                        }
                    }
                }
            }
            if (batch.length() > 0) {
                try {
                    copy.copyIn("COPY pg_temp." + quote(LeakCheckSql.SHA1)
                            + " (r, col, key) FROM STDIN", new StringReader(batch.toString()));
                } catch (IOException e) {
                    throw new SQLException("writing the sha1 digests failed: " + e.getMessage(), e);
                }
            }
            if (rows < BATCH) {
                break;
            }
        }
        s.execute("CLOSE " + CURSOR);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-1", e);
        }
    }
}
