package io.stagingsync.restore;

import io.stagingsync.archive.ArchiveUnpacker;
import io.stagingsync.archive.DumpArchive;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The unpack stage: the dump out of the backup, its table of contents, a pg_restore that can read it. */
public final class DumpInspector {

    private static final Logger LOG = LoggerFactory.getLogger(DumpInspector.class);

    private final ArchiveUnpacker unpacker = new ArchiveUnpacker();
    private final SyncSettings settings;

    public DumpInspector(SyncSettings settings) {
        this.settings = settings;
    }

    /** A backup file (SYNC_SOURCE=file:...) unpacked into the work directory: its dump and the dump's SHA-256. */
    public void unpackFile(SyncRun run) {
        ArchiveUnpacker.Unpacked unpacked = unpacker.unpack(settings.source().path(), run.workDir(),
                new ArchiveUnpacker.Budget(run.backup().info() == null ? 0 : run.backup().info().size(),
                        settings.unpackMaxRatio()));
        run.backup().dump(unpacked.dump());
        run.backup().sha256(unpacked.sha256());
    }

    /** The dump's table of contents read, and a pg_restore able to read it chosen and tried. */
    public void inspect(SyncRun run) {
        DumpArchive archive = DumpArchive.read(run.backup().dump());
        if (!archive.isCustomFormat()) {
            throw new SyncFailure("the dump is not in pg_dump's custom format (pg_dump -Fc): other formats are not supported");
        }
        run.backup().archive(archive);
        // the preflight's pg_restore serves when it is new enough; only an older one sends us looking for another
        PgTools.Tool tool = run.backup().pgRestore() != null && run.backup().pgRestore().major() >= archive.pgDumpMajor()
                ? run.backup().pgRestore()
                : new PgTools(settings.pgBinDir()).pgRestoreFor(archive.pgDumpVersion(), archive.pgDumpMajor());
        run.backup().pgRestore(tool);
        long listed = listedEntries(run, tool);
        if (listed != archive.entries().size()) {
            throw new SyncFailure("pg_restore counts " + listed + " entries in the dump's table of contents but "
                    + archive.entries().size() + " were read: the dump is damaged or of an unexpected format");
        }
        LOG.info("dump: pg_dump {} of PostgreSQL {}, database {}, {} entries, {} compression; restoring with {}",
                archive.pgDumpVersion(), archive.serverVersion(), archive.databaseName(), archive.entries().size(),
                archive.compression(), tool);
    }

    /** The entry count pg_restore -l reports in its header (it lists fewer: special entries are hidden). */
    private long listedEntries(SyncRun run, PgTools.Tool tool) {
        PgProcess list = PgProcess.start("pg_restore -l", List.of(tool.command(), "-l", run.backup().dump().toString()),
                run.libpqEnv(), false);
        long count = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(list.stdout(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.matches(";\\s+TOC Entries:\\s*\\d+\\s*")) {
                    count = Long.parseLong(line.replaceFirst("^.*TOC Entries:\\s*", "").trim());
                }
            }
        } catch (IOException e) {
            list.destroy();
            throw new SyncFailure("pg_restore -l could not be read: " + e.getMessage(), e);
        }
        list.await(settings.toolTimeout());
        return count;
    }
}
