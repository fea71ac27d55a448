package io.stagingsync.archive;

import io.stagingsync.run.SyncFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Streams a backup (gunzip, untar) into the one custom-format dump it holds, refusing unsafe members. */
public final class ArchiveUnpacker {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveUnpacker.class);
    private static final int BUFFER = 1 << 16;

    /**
     * Result of unpacking: the dump to restore, and its SHA-256 when it was written here (computed on the way, so
     * that a large dump is not read a second time for it); null for a dump read where it lies.
     */
    public record Unpacked(Path dump, String sha256) {
    }

    /** What was copied: how many bytes, and their SHA-256. */
    private record Copied(long bytes, String sha256) {
    }

    public Unpacked unpack(Path backup, Path workDir) {
        BackupFormat format = BackupFormat.detect(backup);
        if (!format.supported()) {
            throw new SyncFailure(format.problem(backup));
        }
        if (format == BackupFormat.CUSTOM_DUMP) {
            LOG.info("{} is a pg_dump custom-format file: restoring it where it lies", backup.getFileName());
            return new Unpacked(backup, null);
        }
        String name = backup.getFileName().toString();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(backup), BUFFER)) {
            return extract(file, format == BackupFormat.GZIP_TAR, name, workDir);
        } catch (IOException e) {
            throw corrupt(name, e);
        }
    }

    /**
     * Unpacks a backup arriving as a stream (a download) in one pass: only the dump reaches the disk. The stream is
     * read to its end, so that a truncated or corrupt gzip is found here and the caller can count every byte.
     */
    public Unpacked unpack(InputStream stream, String name, Path workDir) {
        try {
            BufferedInputStream in = new BufferedInputStream(stream, BUFFER);
            in.mark(8);
            byte[] head = in.readNBytes(5);
            in.reset();
            if (DumpArchive.hasMagic(head)) {
                Path target = workDir.resolve("dump.pgsql");
                return new Unpacked(target, copy(in, target, -1, name).sha256());
            }
            boolean gzip = head.length > 1 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return extract(in, gzip, name, workDir);
        } catch (IOException e) {
            throw corrupt(name, e);
        }
    }

    private Unpacked extract(InputStream in, boolean gzip, String name, Path workDir) throws IOException {
        InputStream decompressed = gzip ? new GzipCompressorInputStream(in, true) : in;
        TarArchiveInputStream tarIn = new TarArchiveInputStream(decompressed);
        Unpacked unpacked = extractDumpMember(name, tarIn, workDir);
        // the rest (tar padding, gzip trailer with its CRC) is read too: a damaged end fails here, not later
        decompressed.transferTo(OutputStream.nullOutputStream());
        return unpacked;
    }

    private static SyncFailure corrupt(String name, IOException e) {
        return new SyncFailure("the backup " + name + " is corrupt or truncated ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "): download it again", e);
    }

    private Unpacked extractDumpMember(String backup, TarArchiveInputStream tarIn, Path workDir) throws IOException {
        Path target = workDir.resolve("dump.pgsql");
        String found = null;
        Copied written = null;
        TarArchiveEntry entry;
        while ((entry = tarIn.getNextEntry()) != null) {
            String name = entry.getName();
            if (name.startsWith("/") || Arrays.asList(name.split("/")).contains("..") || name.contains("\\")) {
                throw new SyncFailure("the backup " + backup + " holds a member with an unsafe path ("
                        + name + "): refused");
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new SyncFailure("the backup " + backup + " holds a link (" + name + " → "
                        + entry.getLinkName() + "): refused");
            }
            if (!entry.isFile()) {
                continue;
            }
            if (!(name.endsWith(".pgsql") || name.endsWith(".dump"))) {
                LOG.info("skipping archive member {} (not a .pgsql/.dump file)", name);
                continue;
            }
            if (found != null) {
                throw new SyncFailure("the backup " + backup + " holds two dumps (" + found + ", "
                        + name + "): expected exactly one .pgsql member");
            }
            found = name;
            ensureSpace(workDir, entry.getSize());
            written = copy(tarIn, target, entry.getSize(), name);
        }
        if (found == null) {
            throw new SyncFailure("the backup " + backup + " holds no .pgsql or .dump member: "
                    + "is it a Scalingo PostgreSQL backup?");
        }
        if (!DumpArchive.hasMagic(firstBytes(target, 5))) {
            throw new SyncFailure("the member " + found + " of " + backup
                    + " is not a pg_dump custom-format file (no PGDMP signature)");
        }
        LOG.info("unpacked {} from {} ({} bytes)", found, backup, written.bytes());
        return new Unpacked(target, written.sha256());
    }

    private static Copied copy(InputStream in, Path target, long expected, String name) throws IOException {
        long total = 0;
        byte[] buffer = new byte[BUFFER];
        MessageDigest sha256 = DumpChecksum.sha256();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
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

    private static void ensureSpace(Path dir, long needed) throws IOException {
        FileStore store = Files.getFileStore(dir);
        long free = store.getUsableSpace();
        if (needed > 0 && free < needed) {
            throw new SyncFailure("not enough disk space in " + dir + ": the dump needs " + needed
                    + " bytes, " + free + " are free; point SYNC_WORK_DIR at a larger disk");
        }
    }

    private static byte[] firstBytes(Path file, int count) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(count);
        } catch (IOException e) {
            throw new SyncFailure("the backup " + file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
