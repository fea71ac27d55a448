package io.stagingsync.archive;

import io.stagingsync.run.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a backup file is, from its first bytes (never from its name). */
public enum BackupFormat {
    GZIP_TAR("gzip-compressed tar"), TAR("tar archive"), CUSTOM_DUMP("pg_dump custom-format file"), EMPTY("empty file"),
    UNKNOWN("unknown format");

    private final String label;

    BackupFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean supported() {
        return this == GZIP_TAR || this == TAR || this == CUSTOM_DUMP;
    }

    public static BackupFormat detect(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(512);
        } catch (IOException e) {
            throw new SyncFailure("the backup " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (head.length == 0) {
            return EMPTY;
        }
        if (DumpArchive.hasMagic(head)) {
            return CUSTOM_DUMP;
        }
        if (head.length > 1 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP_TAR;
        }
        if (head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            return TAR;
        }
        return UNKNOWN;
    }

    /** The operator-facing reason a format cannot be used. */
    public String problem(Path file) {
        return switch (this) {
            case EMPTY -> "the backup " + file.getFileName() + " is empty (0 bytes)";
            case UNKNOWN -> "the backup " + file.getFileName() + " is neither a Scalingo backup (.tar.gz), a tar "
                    + "archive nor a pg_dump custom-format file (pg_dump -Fc); plain SQL dumps are not supported";
            default -> null;
        };
    }
}
