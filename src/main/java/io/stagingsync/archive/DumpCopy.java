package io.stagingsync.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Writes an unpacked dump to its file, taking its SHA-256 on the way so that a large dump is not read twice. */
final class DumpCopy {

    /** What was copied: how many bytes, and their SHA-256. */
    record Copied(long bytes, String sha256) {
    }

    private DumpCopy() {
    }

    static Copied write(InputStream in, byte[] head, Path target, long expected, String name) throws IOException {
        long total = head.length;
        byte[] buffer = new byte[ArchiveUnpacker.BUFFER];
        MessageDigest sha256 = DumpChecksum.sha256();
        sha256.update(head);
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(head);
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
                total += n;
            }
        }
        if (expected >= 0 && total != expected) {
            throw new IOException("member " + name + " is truncated: " + total + " of " + expected + " bytes");
        }
        return new Copied(total, HexFormat.of().formatHex(sha256.digest()));
    }
}
