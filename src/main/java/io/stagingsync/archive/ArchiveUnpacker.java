package io.stagingsync.archive;

import io.stagingsync.failure.SyncFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final int BUFFER = 1 << 16;
    static final String DUMP_FILE = "dump.pgsql";

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
                InputStream bounded = new BudgetedStream(in, budget, "the backup " + name + " is at least", workDir);
                return new Unpacked(target, DumpCopy.write(bounded, new byte[0], target, -1, name).sha256());
            }
            boolean gzip = head.length > 1 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
            return extract(in, gzip, name, workDir, budget);
        });
    }

    private Unpacked extract(InputStream in, boolean gzip, String name, Path workDir, Budget budget) throws IOException {
        // every byte the archive unpacks to is counted, the members skipped and the padding after the dump included
        InputStream decompressed = new BudgetedStream(gzip ? new GzipCompressorInputStream(in, true) : in, budget,
                "the backup " + name + " unpacks to at least", workDir);
        TarArchiveInputStream tarIn = new TarArchiveInputStream(decompressed);
        Unpacked unpacked = new TarDumpMember(name, workDir, budget).extract(tarIn);
        // the rest (tar padding, gzip trailer with its CRC) is read too: a damaged end fails here, not later
        decompressed.transferTo(OutputStream.nullOutputStream());
        return unpacked;
    }

    private static SyncFailure corrupt(String name, IOException e) {
        return new SyncFailure("the backup " + name + " is corrupt or truncated ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : PrintableName.of(e.getMessage()))
                + "): download it again", e);
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


}
