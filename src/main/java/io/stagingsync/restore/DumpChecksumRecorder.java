package io.stagingsync.restore;

import io.stagingsync.archive.DumpChecksum;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.IOException;

/** Puts the SHA-256 of the dump the run restores on the run, for the audit report. */
public final class DumpChecksumRecorder {

    /** Reads the dump for its checksum, unless it was computed while the dump was written (an unpacked archive). */
    public void record(SyncRun run) {
        if (run.backup().sha256() != null) {
            return;
        }
        try {
            run.backup().sha256(DumpChecksum.of(run.backup().dump()));
        } catch (IOException e) {
            throw new SyncFailure("reading the dump for its checksum failed: " + e.getMessage(), e);
        }
    }
}
