package io.stagingsync.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a dump, for the audit report: which bytes exactly became the staging data. */
public final class DumpChecksum {

    private DumpChecksum() {
    }

    /** Reads the whole file for it. */
    public static String of(Path dump) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(dump), sha256())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
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
