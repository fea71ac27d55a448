package io.stagingsync.restore;

import io.stagingsync.run.TableRows;
import java.io.InputStream;
import java.time.Duration;

/** A table's rows out of the archive: pg_restore writing the table's COPY block to stdout. */
final class ArchiveRows implements TableRows {

    private final PgProcess process;

    ArchiveRows(PgProcess process) {
        this.process = process;
    }

    @Override
    public InputStream stream() {
        return process.stdout();
    }

    @Override
    public void finish(Duration timeout) {
        process.await(timeout);
    }

    @Override
    public void stop() {
        process.destroy();
    }

    @Override
    public String origin() {
        return "the dump";
    }

    @Override
    public String lastWords() {
        return process.lastLines();
    }
}
