package io.stagingsync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds backups shaped like Scalingo's: a .tar.gz holding one {@code <name>.pgsql} custom-format dump. */
public final class Backups {

    private Backups() {
    }

    /** Wraps a dump as Scalingo does. */
    public static Path scalingoArchive(Path dump, Path dir, String name) throws IOException {
        Path archive = dir.resolve(name + ".tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            TarArchiveEntry entry = new TarArchiveEntry(name + ".pgsql");
            entry.setSize(Files.size(dump));
            tar.putArchiveEntry(entry);
            try (InputStream in = Files.newInputStream(dump)) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
        }
        return archive;
    }

    /** A tar.gz whose single member has the given name and content (hostile archives). */
    public static Path archiveWithMember(Path dir, String memberName, byte[] content, boolean symlink) throws IOException {
        Path archive = Files.createTempFile(dir, "hostile", ".tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            TarArchiveEntry entry = symlink
                    ? new TarArchiveEntry(memberName, TarArchiveEntry.LF_SYMLINK)
                    : new TarArchiveEntry(memberName, true);
            if (symlink) {
                entry.setLinkName("/etc/passwd");
            } else {
                entry.setSize(content.length);
            }
            tar.putArchiveEntry(entry);
            if (!symlink) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        }
        return archive;
    }

    /**
     * A decompression bomb: a .tar.gz whose one member declares {@code size} bytes, {@code head} then zeros. Written
     * as gzip members of 1 MiB of zeros each, concatenated (as gzip allows): about 1 KB per MiB on disk, and nothing
     * large ever in memory.
     */
    public static Path gzipBomb(Path archive, String memberName, byte[] head, long size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(memberName);
        entry.setSize(size);
        byte[] header = new byte[512];
        entry.writeEntryHeader(header);
        byte[] zeros = gzip(new byte[1 << 20]);
        try (OutputStream out = Files.newOutputStream(archive)) {
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            first.write(header);
            first.write(head);
            out.write(gzip(first.toByteArray()));
            // the member's zeros, then tar's end-of-archive blocks, which are zeros too
            for (long written = head.length; written < size + 2048; written += 1 << 20) {
                out.write(zeros);
            }
        }
        return archive;
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
