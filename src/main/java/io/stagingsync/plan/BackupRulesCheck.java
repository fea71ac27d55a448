package io.stagingsync.plan;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.archive.ArchiveUnpacker;
import io.stagingsync.archive.DumpArchive;
import io.stagingsync.run.Check;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.SourceSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * `check` with a backup file at hand (SYNC_SOURCE=file): the rules matched to its tables and columns, and their SQL
 * checked against its table shapes, as `plan` does, before anything is touched. Other sources are left to `plan`.
 */
public final class BackupRulesCheck {

    private final SyncSettings settings;
    private final MaskingSettings masking;

    private static final String NAME = "rules vs backup";

    private final Planner planner = new Planner();
    private final RuleSqlCheck ruleSql;

    public BackupRulesCheck(SyncSettings settings, MaskingSettings masking, RuleSqlCheck ruleSql) {
        this.settings = settings;
        this.masking = masking;
        this.ruleSql = ruleSql;
    }

    public void check(SyncRun run) {
        if (settings.source().kind() != SourceSpec.Kind.FILE) {
            run.results().addCheck(Check.notChecked(NAME, "not checked: `check` does not download the backup; `plan` does, and "
                    + "checks every rule against the backup's tables, columns and types (its SQL included)"));
            return;
        }
        Path file = settings.source().path();
        try {
            DumpArchive archive = DumpArchive.read(dumpOf(file, run));
            if (!archive.isCustomFormat()) {
                throw new SyncFailure(file + " is not in pg_dump's custom format (pg_dump -Fc)");
            }
            run.backup().archive(archive);
            SyncPlan plan = planner.plan(archive, run.rules(), masking);
            run.plan(plan);
            ruleSql.check(run);
            run.results().addCheck(new Check(NAME, true, plan.maskedLoads().size() + " masked tables of " + file.getFileName()
                    + " matched to their rules, every rule's SQL checked against the backup's table shapes"));
        } catch (RefusedException | SyncFailure e) {
            run.results().addCheck(new Check(NAME, false, e.getMessage()));
            throw e;
        }
    }

    /** A bare dump is read where it is; an archive is unpacked into the run's work directory, removed at its end. */
    private Path dumpOf(Path file, SyncRun run) {
        byte[] head = new byte[5];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n == head.length && DumpArchive.hasMagic(head)) {
                return file;
            }
        } catch (IOException e) {
            throw new SyncFailure(file + " cannot be read: " + e.getMessage(), e);
        }
        return new ArchiveUnpacker().unpack(file, run.workDir(),
                new ArchiveUnpacker.Budget(0, settings.unpackMaxRatio())).dump();
    }
}
