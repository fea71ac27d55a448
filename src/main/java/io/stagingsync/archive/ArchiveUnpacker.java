package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

/**
 * Streams a backup (gunzip, untar) into the one custom-format dump it holds, refusing unsafe members. What it
 * unpacks is bounded (see {@link Budget}) and checked for the PGDMP signature before a byte is written: a hostile
 * archive costs neither the disk nor hours of decompression. Names read from the archive are printed escaped.
 */
public final class ArchiveUnpacker {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveUnpacker.class);
    private static final int BUFFER = 1 << 16;
    private static final String DUMP_FILE = "dump.pgsql";

    /**
     * Result of unpacking: the dump to restore, and its SHA-256 when it was written here (computed on the way, so
     * that a large dump is not read a second time for it); null for a dump read where it lies.
     */
    public record Unpacked(Path dump, String sha256) {
    }

    /**
     * How much a backup may unpack to: {@code maxRatio} times its size ({@code archiveBytes}: the file's, or the one
     * Scalingo declares; 0 when unknown), and never more than the work directory's free space.
     */
    public record Budget(long archiveBytes, int maxRatio) {

        long bytes(Path workDir) throws IOException {
            long free = Files.getFileStore(workDir).getUsableSpace();
            return archiveBytes <= 0 ? free : Math.min(free, ratioBytes());
        }

        private long ratioBytes() {
            return archiveBytes > Long.MAX_VALUE / maxRatio ? Long.MAX_VALUE : archiveBytes * maxRatio;
        }

        /** Why {@code bytes} are too many: the operator-facing refusal. */
        String refusal(String subject, long bytes, Path workDir) throws IOException {
            if (archiveBytes > 0 && bytes > ratioBytes()) {
                return subject + " " + bytes + " bytes, more than " + maxRatio + " times the backup's " + archiveBytes
                        + " bytes (SYNC_UNPACK_MAX_RATIO=" + maxRatio + "): a decompression bomb or a damaged archive. "
                        + "Refused, nothing of it kept; if the backup is genuine, raise SYNC_UNPACK_MAX_RATIO";
            }
            return subject + " " + bytes + " bytes but " + Files.getFileStore(workDir).getUsableSpace()
                    + " are free in " + workDir + ": not enough disk space; point SYNC_WORK_DIR at a larger disk";
        }
    }

    /** What was copied: how many bytes, and their SHA-256. */
    private record Copied(long bytes, String sha256) {
    }

    public Unpacked unpack(Path backup, Path workDir, Budget budget) {
        BackupFormat format = BackupFormat.detect(backup);
        if (!format.supported()) {
            throw new SyncFailure(format.problem(backup));
        }
        String name = PrintableName.of(backup.getFileName().toString());
        if (format == BackupFormat.CUSTOM_DUMP) {
            LOG.info("{} is a pg_dump custom-format file: restoring it where it lies", name);
            return new Unpacked(backup, null);
        }
        return cleanedOnFailure(workDir, name, () -> {
            try (InputStream file = new BufferedInputStream(Files.newInputStream(backup), BUFFER)) {
                return extract(file, format == BackupFormat.GZIP_TAR, name, workDir, budget);
            }
        });
    }

    /**
     * Unpacks a backup arriving as a stream (a download) in one pass: only the dump reaches the disk. The stream is
     * read to its end, so that a truncated or corrupt gzip is found here and the caller can count every byte.
     */
    public Unpacked unpack(InputStream stream, String backupName, Path workDir, Budget budget) {
        String name = PrintableName.of(backupName);
        return cleanedOnFailure(workDir, name, () -> {
            BufferedInputStream in = new BufferedInputStream(stream, BUFFER);
            in.mark(8);
            byte[] head = in.readNBytes(5);
            in.reset();
            if (DumpArchive.hasMagic(head)) {
                Path target = workDir.resolve(DUMP_FILE);
                InputStream bounded = new Bounded(in, budget, "the backup " + name + " is at least", workDir);
                return new Unpacked(target, copy(bounded, new byte[0], target, -1, name).sha256());
            }
            boolean gzip = head.length > 1 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return extract(in, gzip, name, workDir, budget);
        });
    }

    private Unpacked extract(InputStream in, boolean gzip, String name, Path workDir, Budget budget) throws IOException {
        // every byte the archive unpacks to is counted, the members skipped and the padding after the dump included
        InputStream decompressed = new Bounded(gzip ? new GzipCompressorInputStream(in, true) : in, budget,
                "the backup " + name + " unpacks to at least", workDir);
        TarArchiveInputStream tarIn = new TarArchiveInputStream(decompressed);
        Unpacked unpacked = extractDumpMember(name, tarIn, workDir, budget);
        // the rest (tar padding, gzip trailer with its CRC) is read too: a damaged end fails here, not later
        decompressed.transferTo(OutputStream.nullOutputStream());
        return unpacked;
    }

    private static SyncFailure corrupt(String name, IOException e) {
        return new SyncFailure("the backup " + name + " is corrupt or truncated ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : PrintableName.of(e.getMessage()))
                + "): download it again", e);
    }

    private Unpacked extractDumpMember(String backup, TarArchiveInputStream tarIn, Path workDir, Budget budget)
            throws IOException {
        Path target = workDir.resolve(DUMP_FILE);
        String found = null;
        Copied written = null;
        TarArchiveEntry entry;
        while ((entry = tarIn.getNextEntry()) != null) {
            String raw = entry.getName();
            String name = PrintableName.of(raw);
            if (raw.startsWith("/") || Arrays.asList(raw.split("/")).contains("..") || raw.contains("\\")) {
                throw new SyncFailure("the backup " + backup + " holds a member with an unsafe path ("
                        + name + "): refused");
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                throw new SyncFailure("the backup " + backup + " holds a link (" + name + " → "
                        + PrintableName.of(entry.getLinkName()) + "): refused");
            }
            if (!entry.isFile()) {
                continue;
            }
            if (!(raw.endsWith(".pgsql") || raw.endsWith(".dump"))) {
                LOG.info("skipping archive member {} (not a .pgsql/.dump file)", name);
                continue;
            }
            if (found != null) {
                throw new SyncFailure("the backup " + backup + " holds two dumps (" + found + ", "
                        + name + "): expected exactly one .pgsql member");
            }
            found = name;
            if (entry.getSize() > budget.bytes(workDir)) {
                throw new SyncFailure(budget.refusal("the member " + name + " of " + backup + " declares",
                        entry.getSize(), workDir));
            }
            // the signature first: a member that is no dump is refused before a byte of it is written
            byte[] head = tarIn.readNBytes(5);
            if (!DumpArchive.hasMagic(head)) {
                throw new SyncFailure("the member " + name + " of " + backup
                        + " is not a pg_dump custom-format file (no PGDMP signature)");
            }
            written = copy(tarIn, head, target, entry.getSize(), name);
        }
        if (found == null) {
            throw new SyncFailure("the backup " + backup + " holds no .pgsql or .dump member: "
                    + "is it a Scalingo PostgreSQL backup?");
        }
        LOG.info("unpacked {} from {} ({} bytes)", found, backup, written.bytes());
        return new Unpacked(target, written.sha256());
    }

    private static Copied copy(InputStream in, byte[] head, Path target, long expected, String name) throws IOException {
        long total = head.length;
        byte[] buffer = new byte[BUFFER];
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

    /** A refused or broken archive leaves no partial dump behind. */
    private static Unpacked cleanedOnFailure(Path workDir, String name, Extraction extraction) {
        try {
            return extraction.run();
        } catch (IOException e) {
            removePartialDump(workDir);
            throw corrupt(name, e);
        } catch (RuntimeException e) {
            removePartialDump(workDir);
            throw e;
        }
    }

    private static void removePartialDump(Path workDir) {
        try {
            Files.deleteIfExists(workDir.resolve(DUMP_FILE));
        } catch (IOException e) {
            LOG.warn("the partial dump in {} could not be removed ({}): the run's work directory goes with the run",
                    workDir, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Extraction {
        Unpacked run() throws IOException;
    }

    /** Counts what is read through it and stops the unpacking once the budget is spent. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private final Budget budget;
        private final String what;
        private final Path workDir;
        private long count;

        Bounded(InputStream in, Budget budget, String what, Path workDir) throws IOException {
            super(in);
            this.limit = budget.bytes(workDir);
            this.budget = budget;
            this.what = what;
            this.workDir = workDir;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws IOException {
            count += n;
            if (count > limit) {
                throw new SyncFailure(budget.refusal(what, count, workDir));
            }
        }
    }
}
