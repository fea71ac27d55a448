package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of the dump the run restores, for the audit report: which bytes exactly became the staging data. */
public final class DumpChecksum {

    /** Reads the dump for its checksum, unless it was computed while the dump was written (an unpacked archive). */
    public void record(SyncRun run) {
        if (run.backup().sha256() != null) {
            return;
        }
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(run.backup().dump()), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            run.backup().sha256(HexFormat.of().formatHex(in.getMessageDigest().digest()));
        } catch (IOException e) {
            throw new SyncFailure("reading the dump for its checksum failed: " + e.getMessage(), e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
