package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** What a backup file is, from its first bytes (never from its name). */
public enum BackupFormat {
    GZIP_TAR("gzip-compressed tar"), TAR("tar archive"), CUSTOM_DUMP("pg_dump custom-format file"), EMPTY("empty file"),
    GZIPPED_OTHER("gzip file without a tar archive inside"), UNKNOWN("unknown format");

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
            byte[] inside = gunzippedHead(file);
            return inside == null || isTar(inside) ? GZIP_TAR : GZIPPED_OTHER;
        }
        return isTar(head) ? TAR : UNKNOWN;
    }

    private static boolean isTar(byte[] head) {
        return head.length >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    /** The first bytes inside the gzip stream, or null when it is corrupt (unpack then says how, precisely). */
    private static byte[] gunzippedHead(Path file) {
        try (InputStream in = new GzipCompressorInputStream(Files.newInputStream(file))) {
            return in.readNBytes(512);
        } catch (IOException e) {
            return null;
        }
    }

    /** The operator-facing reason a format cannot be used. */
    public String problem(Path file) {
        return switch (this) {
            case EMPTY -> "the backup " + file.getFileName() + " is empty (0 bytes)";
            case GZIPPED_OTHER -> "the backup " + file.getFileName() + " is gzip-compressed but holds no tar archive (a "
                    + "compressed plain SQL dump?): give a Scalingo .tar.gz or a pg_dump -Fc file";
            case UNKNOWN -> "the backup " + file.getFileName() + " is neither a Scalingo backup (.tar.gz), a tar "
                    + "archive nor a pg_dump custom-format file (pg_dump -Fc); plain SQL dumps are not supported";
            default -> null;
        };
    }
}
