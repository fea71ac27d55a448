package io.stagingsync.source.mongodb;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import org.bson.Document;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** Streams documents into a table {@code (_id, doc)} with COPY, one cursor batch in memory at a time. */
final class DocumentRows {

    private DocumentRows() {
    }

    /** Returns how many documents were written; {@code sourceCheck} runs between documents (cancellation). */
    static long copy(Connection c, String table, Iterator<Document> documents, Runnable sourceCheck)
            throws SQLException, IOException {
        long rows = 0;
        PGCopyOutputStream out = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                "COPY " + table + " (_id, doc) FROM STDIN", 1 << 16);
        // no try-with-resources: closing the stream ends the COPY, which must not happen after a failure
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            while (documents.hasNext()) {
                Document d = documents.next();
                if (!d.containsKey("_id")) {
                    throw new IllegalStateException("a document of " + table + " has no _id");
                }
                escape(w, DocumentJson.idText(d.get("_id")));
                w.write('\t');
                escape(w, DocumentJson.json(d));
                w.write('\n');
                if (++rows % 10_000 == 0) {
                    sourceCheck.run();
                }
            }
            w.flush();
            out.endCopy();
        } catch (IOException | SQLException | RuntimeException e) {
            if (out.isActive()) {
                out.cancelCopy();
            }
            throw e;
        }
        return rows;
    }

    /** COPY's text format: backslash, tab, newline and carriage return escaped. */
    private static void escape(Writer w, String value) throws IOException {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> w.write("\\\\");
                case '\t' -> w.write("\\t");
                case '\n' -> w.write("\\n");
                case '\r' -> w.write("\\r");
                default -> w.write(ch);
            }
        }
    }
}
