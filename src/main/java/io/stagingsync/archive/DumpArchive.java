package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a custom-format dump's header and table of contents (pg_dump 11–17) before any restore. */
public final class DumpArchive {

    static final int FORMAT_CUSTOM = 1;

    private final Path file;
    private final String archiveVersion;
    private final int format;
    private final String compression;
    private final String databaseName;
    private final String serverVersion;
    private final String pgDumpVersion;
    private final List<TocEntry> entries;

    DumpArchive(Path file, String archiveVersion, int format, String compression, String databaseName,
                        String serverVersion, String pgDumpVersion, List<TocEntry> entries) {
        this.file = file;
        this.archiveVersion = archiveVersion;
        this.format = format;
        this.compression = compression;
        // the header's words are the dump's, shown in logs and reports: escaped like every name of the archive
        this.databaseName = PrintableName.of(databaseName);
        this.serverVersion = PrintableName.of(serverVersion);
        this.pgDumpVersion = PrintableName.of(pgDumpVersion);
        this.entries = List.copyOf(entries);
    }

    public static boolean hasMagic(byte[] firstBytes) {
        return firstBytes.length >= 5 && new String(firstBytes, 0, 5, StandardCharsets.US_ASCII).equals("PGDMP");
    }

    public static DumpArchive read(Path file) {
        long fileSize;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            fileSize = Files.size(file);
            return new DumpHeaderReader(file, new DataInputStream(in), fileSize).read();
        } catch (EOFException e) {
            throw new SyncFailure("the dump " + file.getFileName() + " is truncated: its table of contents ends early");
        } catch (IOException e) {
            throw new SyncFailure("the dump " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public String archiveVersion() {
        return archiveVersion;
    }

    public String compression() {
        return compression;
    }

    public String databaseName() {
        return databaseName;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public String pgDumpVersion() {
        return pgDumpVersion;
    }

    /** The major version of the pg_dump that wrote the file, e.g. 16. */
    public int pgDumpMajor() {
        return majorOf(pgDumpVersion);
    }

    public boolean isCustomFormat() {
        return format == FORMAT_CUSTOM;
    }

    public List<TocEntry> entries() {
        return entries;
    }

    /** The same archive with {@code more} entries after its own: the table data a live source streams instead. */
    public DumpArchive with(List<TocEntry> more) {
        List<TocEntry> all = new java.util.ArrayList<>(entries);
        all.addAll(more);
        return new DumpArchive(file, archiveVersion, format, compression, databaseName, serverVersion, pgDumpVersion, all);
    }

    static int majorOf(String version) {
        if (version == null) {
            return 0;
        }
        String digits = version.trim().replaceFirst("^(\\d+).*$", "$1");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
