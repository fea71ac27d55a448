package io.stagingsync.source;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.TableRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyInputStream;

/**
 * A table's rows straight from the live source: {@code COPY … TO STDOUT} in a session that shares the run's snapshot,
 * framed as pg_restore frames a COPY block. The terminator follows only a COPY the server completed, so a source
 * lost mid-stream fails the load, never passes for a short table.
 */
final class LiveRows implements TableRows {

    private final Connection session;
    private final InputStream stream;
    private final String source;

    LiveRows(Connection session, LiveTable table, String source) throws SQLException {
        this.session = session;
        this.source = source;
        PGCopyInputStream rows = new PGCopyInputStream(session.unwrap(PGConnection.class), table.copyOut());
        // pgjdbc always reads in UTF8: the server converts from the source's encoding
        InputStream header = text("SET client_encoding = 'UTF8';\n" + table.dataEntry(0).copyStmt());
        this.stream = new SequenceInputStream(Collections.enumeration(List.of(header, rows, text("\\.\n"))));
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public InputStream stream() {
        return stream;
    }

    @Override
    public void finish(Duration timeout) {
        try {
            stream.close();
            session.close();
        } catch (IOException | SQLException e) {
            throw new SyncFailure("the live source " + source + " failed at the end of a table's rows: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        try {
            // closes the socket at once: a read blocked on it fails instead of waiting for the server
            session.abort(Runnable::run);
        } catch (SQLException e) {
            // already closed
        }
    }

    @Override
    public String origin() {
        return "the live source";
    }

    @Override
    public String lastWords() {
        return "live source " + source + ": the connection was lost or the server ended the COPY; none of the table's "
                + "rows were committed";
    }
}
