package io.stagingsync.preflight;

import io.stagingsync.archive.BackupFormat;
import io.stagingsync.guard.ProductionGuards;
import io.stagingsync.hooks.HookFiles;
import io.stagingsync.init.InitStage;
import io.stagingsync.restore.PgTools;
import io.stagingsync.run.Check;
import io.stagingsync.run.Command;
import io.stagingsync.target.Leftovers;
import io.stagingsync.target.TargetPool;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.RulesFileParser;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.SourceSpec;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.settings.TargetMode;
import io.stagingsync.source.LiveSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Checks all it can before any download: configuration problems refuse the run, the others fail it. */
public final class Preflight {

    private final Settings settings;
    private final LiveSource liveSource;
    private final Function<SyncRun, String> mongoProbe;
    private final Function<SyncRun, String> neonProbe;

    /**
     * @param mongoProbe connects to a MongoDB source and describes it
     * @param neonProbe  asks the Neon API about the project and its branches (SYNC_TARGET=neon), creating nothing
     */
    public Preflight(Settings settings, LiveSource liveSource, Function<SyncRun, String> mongoProbe,
                     Function<SyncRun, String> neonProbe) {
        this.settings = settings;
        this.liveSource = liveSource;
        this.mongoProbe = mongoProbe;
        this.neonProbe = neonProbe;
    }

    /** The settings line (they were read and refused at start), and the checklist the next steps fill. */
    public Checklist begin(SyncRun run) {
        SyncSettings sync = settings.sync();
        if (run.isSeveralTargets() && (run.getCommand() != Command.RUN || run.isPlanOnly()
                || run.isDocumentSource())) {
            throw new RefusedException("SYNC_TARGETS lists several targets, which only `run` restores (from a "
                    + "PostgreSQL backup, DRY_RUN off): for " + (run.isDocumentSource() ? "a MongoDB source"
                    : run.isPlanOnly() ? "a plan" : "`" + run.getCommand().label() + "`")
                    + ", unset SYNC_TARGETS and name one target with DATABASE_URL");
        }
        if (run.isNeon() && !(run.getCommand() == Command.RUN && !run.isPlanOnly()
                || run.isCheckOnly())) {
            throw new RefusedException("SYNC_TARGET=neon restores into a new Neon branch, which only `run` and "
                    + "`check` do (DRY_RUN off): for " + (run.isPlanOnly() ? "a plan" : "`" + run.getCommand().label()
                    + "`") + ", name a PostgreSQL target with DATABASE_URL and unset SYNC_TARGET");
        }
        String targets = run.isNeon() ? "target a new branch of the Neon project (NEON_PROJECT_ID) from "
                + (sync.neon().parentBranch().isEmpty() ? "its default branch" : sync.neon().parentBranch())
                : run.target().database() != null ? "target " + run.target().database()
                : "targets " + sync.targets() + " (" + sync.targetsParallel() + " at once)";
        run.results().addCheck(new Check("settings", true, targets + ", source "
                + sync.source().describe() + ", parallelism " + sync.parallelism()));
        return new Checklist();
    }

    /** The rules file, read again by every run (an edit takes effect without a restart); init claims it instead. */
    public void rulesFile(SyncRun run, Checklist list) {
        Path file = run.target().rulesFile() != null ? run.target().rulesFile() : settings.sync().rulesFile();
        list.attempt(run, "rules file", () -> {
            if (run.isInit()) {
                return InitStage.claim(run, file);
            }
            run.rules(new RulesFileParser().parse(file));
            return file + " (" + run.rules().tables().size() + " tables masked, "
                    + run.rules().excludedTables().size() + " excluded)";
        });
    }

    public void maskingValues(SyncRun run, Checklist list) {
        list.attempt(run, "masking values", () -> "fake domain " + settings.masking().fakeDomain() + ", salt "
                + (settings.masking().hasSalt() ? "set" : "not set (built-in strategies that need it are refused)"));
    }

    /** The hook files, checked by every run: one may have been removed since the start. */
    public void hooks(SyncRun run, Checklist list) {
        list.attempt(run, "hooks", () -> {
            List<Path> hooks = HookFiles.check(run.target().hooks() != null ? run.target().hooks() : settings.hooks());
            return hooks.isEmpty() ? "none" : hooks.toString();
        });
    }

    /** The pg_restore able to read the dump; a MongoDB source has no archive and needs none. */
    public void pgRestore(SyncRun run, Checklist list) {
        if (run.isDocumentSource()) {
            return;
        }
        list.attempt(run, "pg_restore", () -> {
            run.backup().pgRestore(new PgTools(settings.sync().pgBinDir()).pgRestore());
            return run.backup().pgRestore().toString();
        });
    }

    /** A backup file, a live PostgreSQL or MongoDB database (the Scalingo source is located by its own route). */
    public void source(SyncRun run, Checklist list) {
        SourceSpec source = settings.sync().source();
        list.attempt(run, "source", () -> switch (source.kind()) {
            case FILE -> source(source);
            case POSTGRES -> liveSource.check(run);
            case MONGODB -> mongoProbe.apply(run);
            case SCALINGO -> throw new IllegalStateException("the Scalingo source is located by its route");
        });
    }

    /** The Scalingo backup located without downloading it ({@code described}), or why it could not be. */
    public void sourceLocated(SyncRun run, Checklist list, String described) {
        list.attempt(run, "source", () -> described);
    }

    public void sourceFailed(SyncRun run, Checklist list, Exception failure) {
        list.record(run, "source", failure);
    }

    /** `check` of a Neon target: the key, the project and the branches the settings name; nothing is created. */
    public void neon(SyncRun run, Checklist list) {
        list.attempt(run, "target", () -> neonProbe.apply(run));
    }

    /** The production guards; the target is not even connected to when one refused it. Returns whether they passed. */
    public boolean guards(SyncRun run, Checklist list) {
        if (list.attempt(run, "production guards", () -> guardProblems(run, settings.sync()))) {
            return true;
        }
        run.results().addCheck(new Check("target", false, "not connected: the production guards refused it"));
        return false;
    }

    /**
     * Opens the run's pool of the target (its connection failures are refused or failed as {@code TargetPool} says).
     * Returns whether it opened; its line is written once the route has asked the target about its role.
     */
    public boolean openTarget(SyncRun run, Checklist list) {
        try {
            run.target().pool(TargetPool.open(run.target().database(), settings.sync().parallelism()));
            return true;
        } catch (RuntimeException e) {
            list.record(run, "target", e);
            return false;
        }
    }

    /** The target's answer about its server and the run's role ({@code server_version}, {@code role}, privileges). */
    public void target(SyncRun run, Checklist list, Map<String, Object> answer) {
        list.attempt(run, "target", () -> target(settings.sync(), run, answer));
    }

    public void targetFailed(SyncRun run, Checklist list, Exception failure) {
        list.record(run, "target", failure);
    }

    public void workDirectory(SyncRun run, Checklist list) {
        list.attempt(run, "work directory", () -> workDir(run, settings.sync()));
    }

    /** Refuses the run with every configuration problem found, else fails it with every other one. */
    public void conclude(Checklist list) {
        list.conclude();
    }

    private static String source(SourceSpec source) throws IOException {
        Path file = source.path();
        if (Files.isDirectory(file)) {
            throw new RefusedException("SYNC_SOURCE names the directory " + file.toAbsolutePath() + ": name the backup "
                    + "file in it, e.g. file:" + file.toAbsolutePath().resolve("backup.tar.gz"));
        }
        if (!Files.isRegularFile(file)) {
            throw new RefusedException("the backup file " + file.toAbsolutePath() + " does not exist: fix SYNC_SOURCE");
        }
        if (!Files.isReadable(file)) {
            throw new RefusedException("the backup file " + file + " is not readable by this user");
        }
        BackupFormat format = BackupFormat.detect(file);
        if (!format.supported()) {
            throw new RefusedException(format.problem(file));
        }
        return source.describe() + " (" + format.label() + ", " + (Files.size(file) >> 10) + " KiB)";
    }

    /** Refused with every reason at once; the target is not even connected to when one holds. */
    private String guardProblems(SyncRun run, SyncSettings settings) {
        String app = run.options().app() == null ? "" : run.options().app();
        List<String> problems = new ProductionGuards(this.settings.guards()).problems(settings, run.target().database(),
                app, run.backup().sourceHost(), run.backup().sourceAddonId());
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return "the target is not production: app " + (app.isEmpty() ? "(APP unset)" : app)
                + ", host " + run.target().database().host()
                + (run.backup().sourceHost() == null ? "" : ", source host " + run.backup().sourceHost());
    }

    private static String target(SyncSettings settings, SyncRun run, Map<String, Object> answer) {
        String role = String.valueOf(answer.get("role"));
        if (!Boolean.TRUE.equals(answer.get("create_in_public"))) {
            throw new RefusedException("the role " + role + " cannot create tables in schema public of "
                    + run.target().database() + ": grant it CREATE, or use the database's own user");
        }
        boolean createdb = Boolean.TRUE.equals(answer.get("createdb"));
        ModeChoice.Choice choice = run.isNeon() ? new ModeChoice.Choice(TargetMode.IN_PLACE,
                "neon: " + run.target().neonBranch().name() + ", the run's own branch, restored in place")
                : run.isRestoreTest() ? ModeChoice.forRestoreTest(role, createdb)
                : ModeChoice.choose(run.target().requestedMode(), role, run.target().database().database(), createdb,
                Boolean.TRUE.equals(answer.get("owner")));
        run.target().mode(choice.mode(), choice.reason());
        return run.target().database() + ": PostgreSQL " + answer.get("server_version") + ", role " + role
                + (createdb ? " (CREATEDB)" : " (no CREATEDB)") + ", mode " + choice.mode().label()
                + " (" + choice.reason() + ")";
    }

    /**
     * A target's own folder in the run's work directory: its pg_restore lists and the password file that holds its
     * connection's line only.
     */
    public void targetWorkDirectory(SyncRun run, Checklist list) {
        list.attempt(run, "work directory", () -> {
            Path dir = run.parent().workDir().resolve("target-" + run.target().name());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            run.workDir(dir);
            run.libpqEnv(PasswordFile.environment(run.target().database(), null, dir));
            return dir.toString();
        });
    }

    private static String workDir(SyncRun run, SyncSettings settings) throws IOException {
        Path base = settings.workDir();
        Files.createDirectories(base);
        Path dir = base.resolve("run-" + run.getId());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        }
        run.workDir(dir);
        run.control().hold(Leftovers.claim(dir));
        run.libpqEnv(PasswordFile.environment(run.target().database(), settings.liveSource(), dir));
        long free = Files.getFileStore(dir).getUsableSpace();
        // a Scalingo archive's dump is at least as large as the archive: less room than that cannot suffice
        RunBackup.Info backup = run.backup().info();
        if (backup != null && backup.size() > free && backup.id() != null) {
            throw new SyncFailure("not enough disk space in " + base + " for the backup: it is " + (backup.size() >> 20)
                    + " MiB compressed, " + (free >> 20) + " MiB are free; point SYNC_WORK_DIR at a larger disk");
        }
        return dir + " (" + (free >> 20) + " MiB free)";
    }
}
