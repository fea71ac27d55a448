package io.stagingsync.archive;

import io.stagingsync.archive.ArchiveUnpacker.Budget;
import io.stagingsync.archive.ArchiveUnpacker.Unpacked;
import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the one dump in a tar stream and writes it out: unsafe paths and links refused, other members skipped, the
 * member's declared size and its PGDMP signature checked before a byte of it is written.
 */
record TarDumpMember(String backup, Path workDir, Budget budget) {

    private static final Logger LOG = LoggerFactory.getLogger(TarDumpMember.class);

    Unpacked extract(TarArchiveInputStream tarIn) throws IOException {
        Path target = workDir.resolve(ArchiveUnpacker.DUMP_FILE);
        String found = null;
        DumpCopy.Copied written = null;
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
            written = DumpCopy.write(tarIn, head, target, entry.getSize(), name);
        }
        if (found == null) {
            throw new SyncFailure("the backup " + backup + " holds no .pgsql or .dump member: "
                    + "is it a Scalingo PostgreSQL backup?");
        }
        LOG.info("unpacked {} from {} ({} bytes)", found, backup, written.bytes());
        return new Unpacked(target, written.sha256());
    }
}
