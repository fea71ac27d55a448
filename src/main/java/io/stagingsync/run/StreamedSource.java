package io.stagingsync.run;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.TableLoad;
import java.sql.Connection;
import java.sql.SQLException;

/** A live source read in one snapshot: the tables whose rows stream from it, and sessions that see that snapshot. */
public interface StreamedSource {

    /** Whether {@code table}'s rows come from the source rather than the schema file. */
    boolean streams(QualifiedName table);

    /** Starts copying the table's rows out of the snapshot. */
    TableRows rows(TableLoad load);

    /** A new session inside the snapshot (a read-only transaction); closing it ends the transaction. */
    Connection snapshotSession() throws SQLException;

    /** The source's estimate of the table's rows (its statistics), or -1 when it has none yet. */
    long estimatedRows(QualifiedName table);
}
