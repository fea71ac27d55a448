package io.stagingsync.source;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.restore.PgProcess;
import io.stagingsync.restore.PgTools;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunControl;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.TargetDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@code postgres://} source: checked over JDBC in the preflight, then (SYNC_LIVE_SOURCE_MODE=dump)
 * {@code pg_dump -Fc} into the run's work directory (read-only on the source; the password through the private
 * .pgpass, never argv or env).
 */
public final class LiveSource {

    private final SyncSettings settings;

    public LiveSource(SyncSettings settings) {
        this.settings = settings;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LiveSource.class);

    /** The preflight's line: the source answers, is readable, and a pg_dump able to dump it exists. */
    public String check(SyncRun run) {
        TargetDatabase source = settings.liveSource();
        try (Connection c = DriverManager.getConnection(source.jdbcUrl(), source.jdbcProperties());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version'), "
                     + "current_setting('server_version_num')::int / 10000, current_user")) {
            rs.next();
            PgTools.Tool pgDump = new PgTools(settings.pgBinDir()).pgDumpFor(rs.getString(1), rs.getInt(2));
            run.backup().pgDump(pgDump);
            run.backup().sourceHost(source.host());
            run.backup().liveStream(settings.liveSourceStreamed());
            return "live database " + source + ": PostgreSQL " + rs.getString(1) + ", role " + rs.getString(3)
                    + (settings.liveSourceStreamed() ? ", streamed (schema by " + pgDump + ")" : ", dumped with " + pgDump);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28") || state.equals("3D000")) {
                throw new RefusedException("SYNC_SOURCE: " + source + " refused the connection (" + e.getMessage()
                        + "): fix the user, password or database name in the URL");
            }
            throw new SyncFailure("the live source " + source + " cannot be reached: " + e.getMessage(), e);
        }
    }

    /** pg_dump -Fc of the whole source database into the work directory. */
    public void fetch(SyncRun run) {
        TargetDatabase source = settings.liveSource();
        Path dump = run.workDir().resolve("dump.pgsql");
        long start = System.nanoTime();
        long size = dump(run, "pg_dump", List.of(), dump);
        LOG.info("pg_dump of {} done: {} bytes in {} ms", source, size, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * pg_dump -Fc of the source into {@code file} with {@code options}, recorded as the run's dump; returns its size.
     * The password reaches pg_dump through the run's private .pgpass only.
     */
    long dump(SyncRun run, String what, List<String> options, Path file) {
        TargetDatabase source = settings.liveSource();
        Map<String, String> env = new LinkedHashMap<>(source.libpqEnvironment());
        String passFile = run.libpqEnv().get("PGPASSFILE");
        if (passFile != null) {
            env.put("PGPASSFILE", passFile);
        }
        List<String> command = new java.util.ArrayList<>(List.of(run.backup().pgDump().command(), "-Fc", "--no-password"));
        command.addAll(options);
        command.addAll(List.of("-f", file.toString()));
        PgProcess dumping = PgProcess.start(what, command, env, true);
        try (RunControl.Work registration = run.control().startWork(dumping::destroy)) {
            dumping.await(settings.toolTimeout());
        }
        long size = size(file);
        run.backup().dump(file);
        run.backup().info(new RunBackup.Info(null, source.database(), java.time.Instant.now(), size, "postgres:" + source));
        return size;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SyncFailure("pg_dump wrote no readable dump: " + e.getMessage(), e);
        }
    }
}
