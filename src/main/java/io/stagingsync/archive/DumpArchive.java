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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads a custom-format dump's header and table of contents (pg_dump 11–17) before any restore. */
public final class DumpArchive {

    private static final int FORMAT_CUSTOM = 1;
    private static final int MAX_STRING = 256 * 1024 * 1024;

    private final Path file;
    private final String archiveVersion;
    private final int format;
    private final String compression;
    private final String databaseName;
    private final String serverVersion;
    private final String pgDumpVersion;
    private final List<TocEntry> entries;

    private DumpArchive(Path file, String archiveVersion, int format, String compression, String databaseName,
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
            return new Reader(file, new DataInputStream(in), fileSize).read();
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

    /** Sequential reader of the binary layout written by pg_backup_archiver.c (WriteHead / WriteToc). */
    private static final class Reader {
        private final Path file;
        private final DataInputStream in;
        private final long fileSize;
        private int intSize;
        private int offSize;
        private int version;

        Reader(Path file, DataInputStream in, long fileSize) {
            this.file = file;
            this.in = in;
            this.fileSize = fileSize;
        }

        DumpArchive read() throws IOException {
            byte[] magic = new byte[5];
            in.readFully(magic);
            if (!hasMagic(magic)) {
                throw new SyncFailure(file.getFileName() + " is not a pg_dump custom-format file (no PGDMP signature)");
            }
            int vmaj = in.readUnsignedByte();
            int vmin = in.readUnsignedByte();
            int vrev = in.readUnsignedByte();
            version = (vmaj * 256 + vmin) * 256 + vrev;
            String archiveVersion = vmaj + "." + vmin + "." + vrev;
            if (vmaj != 1 || vmin < 12 || vmin > 16) {
                throw new SyncFailure("the dump " + file.getFileName() + " has archive format " + archiveVersion
                        + ", which staging-sync does not read (it reads the formats of pg_dump 11 to 17)");
            }
            intSize = in.readUnsignedByte();
            offSize = in.readUnsignedByte();
            if (intSize < 1 || intSize > 8 || offSize < 1 || offSize > 8) {
                throw new SyncFailure("the dump " + file.getFileName() + " has a corrupt header");
            }
            int format = in.readUnsignedByte();
            String compression;
            if (vmin >= 15) {
                compression = switch (in.readUnsignedByte()) {
                    case 0 -> "none";
                    case 1 -> "gzip";
                    case 2 -> "lz4";
                    case 3 -> "zstd";
                    default -> "unknown";
                };
            } else {
                compression = readInt() == 0 ? "none" : "gzip";
            }
            for (int i = 0; i < 7; i++) {
                readInt();
            }
            String dbName = readStr();
            String serverVersion = readStr();
            String dumpVersion = readStr();
            if (format != FORMAT_CUSTOM) {
                return new DumpArchive(file, archiveVersion, format, compression, dbName, serverVersion, dumpVersion,
                        List.of());
            }
            int count = readInt();
            if (count < 0 || count > 10_000_000) {
                throw new SyncFailure("the dump " + file.getFileName() + " has a corrupt table of contents");
            }
            List<TocEntry> raw = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                raw.add(readEntry());
            }
            return new DumpArchive(file, archiveVersion, format, compression, dbName, serverVersion, dumpVersion,
                    withDataLengths(raw));
        }

        private TocEntry readEntry() throws IOException {
            int dumpId = readInt();
            readInt(); // hadDumper
            readStr(); // table oid
            readStr(); // oid
            String tag = readStr();
            String desc = readStr();
            int section = readInt();
            String defn = readStr();
            readStr(); // drop statement
            String copyStmt = readStr();
            String namespace = readStr();
            readStr(); // tablespace
            if (version >= (1 * 256 + 14) * 256) {
                readStr(); // table access method
            }
            if (version >= ((1 * 256 + 16) * 256)) {
                readInt(); // relkind
            }
            readStr(); // owner: never restored
            readStr(); // "with oids", always false since PostgreSQL 12
            while (readStr() != null) {
                // dependencies: pg_restore orders the entries itself
            }
            int offsetFlag = in.readUnsignedByte();
            long offset = readOffsetBytes();
            long dataOffset = offsetFlag == 2 ? offset : -1;
            return new TocEntry(dumpId, desc, namespace, tag, section, defn, copyStmt, dataOffset, 0);
        }

        /** Sizes data blocks by the distance to the next block: enough to schedule the largest tables first. */
        private List<TocEntry> withDataLengths(List<TocEntry> raw) {
            List<TocEntry> withData = raw.stream().filter(e -> e.dataOffset() >= 0)
                    .sorted(Comparator.comparingLong(TocEntry::dataOffset)).toList();
            Map<Integer, Long> lengths = new HashMap<>();
            for (int i = 0; i < withData.size(); i++) {
                TocEntry e = withData.get(i);
                if (e.dataOffset() > fileSize) {
                    throw new SyncFailure("the dump " + file.getFileName() + " is truncated: the data of "
                            + e.desc() + " " + e.qualifiedName() + " starts past the end of the file");
                }
                long end = i + 1 < withData.size() ? withData.get(i + 1).dataOffset() : fileSize;
                lengths.put(e.dumpId(), Math.max(0, end - e.dataOffset()));
            }
            List<TocEntry> result = new ArrayList<>(raw.size());
            for (TocEntry e : raw) {
                result.add(new TocEntry(e.dumpId(), e.desc(), e.namespace(), e.tag(), e.section(), e.defn(),
                        e.copyStmt(), e.dataOffset(), lengths.getOrDefault(e.dumpId(), 0L)));
            }
            return result;
        }

        private int readInt() throws IOException {
            int sign = in.readUnsignedByte();
            long value = 0;
            for (int b = 0; b < intSize; b++) {
                value |= ((long) in.readUnsignedByte()) << (8 * b);
            }
            return (int) (sign != 0 ? -value : value);
        }

        private long readOffsetBytes() throws IOException {
            long value = 0;
            for (int b = 0; b < offSize; b++) {
                value |= ((long) in.readUnsignedByte()) << (8 * b);
            }
            return value;
        }

        private String readStr() throws IOException {
            int len = readInt();
            if (len < 0) {
                return null;
            }
            if (len > MAX_STRING) {
                throw new SyncFailure("the dump " + file.getFileName() + " has a corrupt table of contents");
            }
            byte[] bytes = new byte[len];
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
