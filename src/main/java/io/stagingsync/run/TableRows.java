package io.stagingsync.run;

import java.io.InputStream;
import java.time.Duration;

/**
 * One table's rows in COPY text format, as a script pg_restore would write (encoding, COPY line, rows, terminator),
 * whichever the source: the archive's pg_restore, or a live source's COPY … TO STDOUT.
 */
public interface TableRows {

    /** The script: read it to its end, then {@link #finish}. */
    InputStream stream();

    /** Waits until the source has delivered everything; fails when it could not. */
    void finish(Duration timeout);

    /** Stops the reading, from any thread; the stream then fails. */
    void stop();

    /** Where the rows come from, for messages: "the dump", "the live source". */
    String origin();

    /** What the source said last about a failure, for messages. */
    String lastWords();
}
