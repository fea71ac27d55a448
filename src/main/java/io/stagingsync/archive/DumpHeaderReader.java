package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sequential reader of the binary layout written by pg_backup_archiver.c (WriteHead / WriteToc). */
final class DumpHeaderReader {

private static final int MAX_STRING = 256 * 1024 * 1024;

    private final Path file;
    private final DataInputStream in;
    private final long fileSize;
    private int intSize;
    private int offSize;
    private int version;

    DumpHeaderReader(Path file, DataInputStream in, long fileSize) {
        this.file = file;
        this.in = in;
        this.fileSize = fileSize;
    }

    DumpArchive read() throws IOException {
        byte[] magic = new byte[5];
        in.readFully(magic);
        if (!DumpArchive.hasMagic(magic)) {
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
        if (format != DumpArchive.FORMAT_CUSTOM) {
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
