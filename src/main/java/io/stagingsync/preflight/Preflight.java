package io.stagingsync.preflight;

import com.zaxxer.hikari.HikariDataSource;
import io.stagingsync.archive.BackupFormat;
import io.stagingsync.guard.ProductionGuards;
import io.stagingsync.hooks.HookFiles;
import io.stagingsync.init.InitStage;
import io.stagingsync.restore.PgTools;
import io.stagingsync.run.Check;
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
import io.stagingsync.source.LiveSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Checks all it can before any download: configuration problems refuse the run, the others fail it. */
public final class Preflight {

    private final Settings settings;
    private final Function<SyncRun, String> scalingoProbe;
    private final LiveSource liveSource;
    private final Function<SyncRun, String> mongoProbe;

    /**
     * @param scalingoProbe locates the Scalingo backup (auth, addon, database host, backup choice) without
     *                      downloading it, and describes it
     * @param mongoProbe    connects to a MongoDB source and describes it
     */
    public Preflight(Settings settings, Function<SyncRun, String> scalingoProbe, LiveSource liveSource,
                     Function<SyncRun, String> mongoProbe) {
        this.settings = settings;
        this.scalingoProbe = scalingoProbe;
        this.liveSource = liveSource;
        this.mongoProbe = mongoProbe;
    }

    public void check(SyncRun run) {
        // read and refused at start: here they are only described
        SyncSettings settings = this.settings.sync();
        run.results().addCheck(new Check("settings", true, "target " + settings.target() + ", source "
                + settings.source().describe() + ", parallelism " + settings.parallelism()));
        List<String> refused = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        attempt(run, "rules file", refused, failed, () -> {
            if (run.isInit()) {
                return InitStage.claim(run, settings.rulesFile());
            }
            run.rules(new RulesFileParser().parse(settings.rulesFile()));
            return settings.rulesFile() + " (" + run.rules().tables().size() + " tables masked, "
                    + run.rules().excludedTables().size() + " excluded)";
        });
        attempt(run, "masking values", refused, failed, () -> "fake domain " + this.settings.masking().fakeDomain()
                + ", salt " + (this.settings.masking().hasSalt() ? "set"
                : "not set (built-in strategies that need it are refused)"));
        attempt(run, "hooks", refused, failed, () -> {
            List<Path> hooks = HookFiles.check(this.settings.hooks());
            return hooks.isEmpty() ? "none" : hooks.toString();
        });
        if (!settings.source().isDocuments()) {
            attempt(run, "pg_restore", refused, failed, () -> {
                run.backup().pgRestore(new PgTools(settings.pgBinDir()).pgRestore());
                return run.backup().pgRestore().toString();
            });
        }
        attempt(run, "source", refused, failed, () -> switch (settings.source().kind()) {
            case FILE -> source(settings.source());
            case SCALINGO -> scalingoProbe.apply(run);
            case POSTGRES -> liveSource.check(run);
            case MONGODB -> mongoProbe.apply(run);
        });
        int refusedBefore = refused.size();
        attempt(run, "production guards", refused, failed, () -> guards(run, settings));
        if (refused.size() > refusedBefore) {
            run.results().addCheck(new Check("target", false, "not connected: the production guards refused it"));
        } else {
            attempt(run, "target", refused, failed, () -> target(run, settings));
        }
        attempt(run, "work directory", refused, failed, () -> workDir(run, settings));
        if (!refused.isEmpty()) {
            throw new RefusedException(refused);
        }
        if (!failed.isEmpty()) {
            throw new SyncFailure(String.join("; ", failed));
        }
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
    private String guards(SyncRun run, SyncSettings settings) {
        List<String> problems = new ProductionGuards(this.settings.guards())
                .problems(settings, run.backup().sourceHost(), run.backup().sourceAddonId());
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return "the target is not production: app " + (settings.app().isEmpty() ? "(APP unset)" : settings.app())
                + ", host " + settings.target().host()
                + (run.backup().sourceHost() == null ? "" : ", source host " + run.backup().sourceHost());
    }

    private String target(SyncRun run, SyncSettings settings) throws SQLException {
        HikariDataSource pool = TargetPool.open(settings.target(), settings.parallelism());
        run.target().pool(pool);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select current_setting('server_version'), current_user,
                            has_database_privilege(current_database(), 'CREATE'),
                            has_schema_privilege('public', 'CREATE'),
                            (select rolcreatedb or rolsuper from pg_roles where rolname = current_user),
                            pg_has_role(current_user, (select datdba from pg_database
                                                        where datname = current_database()), 'MEMBER')
                     """)) {
            rs.next();
            if (!rs.getBoolean(4)) {
                throw new RefusedException("the role " + rs.getString(2) + " cannot create tables in schema public of "
                        + settings.target() + ": grant it CREATE, or use the database's own user");
            }
            ModeChoice.Choice choice = ModeChoice.choose(settings.targetMode(), rs.getString(2),
                    settings.target().database(), rs.getBoolean(5), rs.getBoolean(6));
            run.target().mode(choice.mode(), choice.reason());
            return settings.target() + ": PostgreSQL " + rs.getString(1) + ", role " + rs.getString(2)
                    + (rs.getBoolean(5) ? " (CREATEDB)" : " (no CREATEDB)") + ", mode " + choice.mode().label()
                    + " (" + choice.reason() + ")";
        }
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
        run.libpqEnv(PasswordFile.environment(settings.target(), settings.liveSource(), dir));
        long free = Files.getFileStore(dir).getUsableSpace();
        // a Scalingo archive's dump is at least as large as the archive: less room than that cannot suffice
        RunBackup.Info backup = run.backup().info();
        if (backup != null && backup.size() > free && backup.id() != null) {
            throw new SyncFailure("not enough disk space in " + base + " for the backup: it is " + (backup.size() >> 20)
                    + " MiB compressed, " + (free >> 20) + " MiB are free; point SYNC_WORK_DIR at a larger disk");
        }
        return dir + " (" + (free >> 20) + " MiB free)";
    }

    /** A check that throws is a failed line; it never stops the other checks. */
    private static void attempt(SyncRun run, String name, List<String> refused, List<String> failed, CheckBody body) {
        try {
            run.results().addCheck(new Check(name, true, body.run()));
        } catch (RefusedException e) {
            refused.addAll(e.problems());
            e.problems().forEach(p -> run.results().addCheck(new Check(name, false, p)));
        } catch (SyncFailure e) {
            failed.add(e.getMessage());
            run.results().addCheck(new Check(name, false, e.getMessage()));
        } catch (Exception e) {
            String message = name + ": " + e.getMessage();
            failed.add(message);
            run.results().addCheck(new Check(name, false, message));
        }
    }

    @FunctionalInterface
    private interface CheckBody {
        String run() throws Exception;
    }
}
