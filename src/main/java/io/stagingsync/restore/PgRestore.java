package io.stagingsync.restore;

import io.stagingsync.settings.SyncSettings;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableRows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sectioned pg_restore from explicit TOC lists, never restoring owners, privileges or comments. */
public final class PgRestore {

    private final SyncSettings settings;

    public PgRestore(SyncSettings settings) {
        this.settings = settings;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PgRestore.class);
    private static final List<String> SKIPPED_OBJECTS = List.of("--no-owner", "--no-privileges", "--no-comments",
            "--no-publications", "--no-subscriptions", "--no-security-labels", "--no-tablespaces");

    private final TargetCleaner cleaner = new TargetCleaner();

    /** In place: drops the target's objects the archive recreates. */
    public void cleanTarget(SyncRun run) {
        run.target().touch();
        cleaner.dropArchiveObjects(run.target().pool(), run.backup().archive(), settings.lockTimeout(), note -> {
            LOG.warn("cleaning the target: {}", note);
            run.results().note(note);
        });
    }

    /** Creates the archive's schema objects in the run's database, all-or-nothing. */
    public void restorePreData(SyncRun run) {
        Set<String> existingSchemas = cleaner.existingSchemas(run.target().pool(), run.backup().archive());
        List<TocEntry> entries = run.getPlan().preData().stream()
                .filter(e -> !("SCHEMA".equals(e.desc()) && existingSchemas.contains(e.tag())))
                .toList();
        restore(run, "pre-data", entries, List.of("--single-transaction", "--exit-on-error"));
    }

    /** Sequence values and large objects: the data section minus table data, which is loaded table by table. */
    public void restoreOtherData(SyncRun run) {
        restore(run, "sequence values", run.getPlan().otherData(), List.of("--exit-on-error"));
    }

    /** Indexes, constraints, triggers and materialized views, built on the masked data; then deferred keys. */
    public void restorePostData(SyncRun run) {
        restore(run, "post-data", run.getPlan().postData(),
                List.of("--jobs=" + (run.parallelism() == null ? settings.parallelism() : run.parallelism().jobs()),
                        "--exit-on-error"));
        addDeferredForeignKeys(run);
    }

    /**
     * One table's rows restored by pg_restore straight into the target, with no relay through the JVM: only for an
     * entry {@link io.stagingsync.archive.PlainTableData} lets pg_restore run, since it executes the entry's SQL.
     */
    public void restoreTableData(SyncRun run, TocEntry data) {
        execute(run, "data " + data.qualifiedName(), "data-" + data.dumpId(), List.of(data),
                List.of("--data-only", "--exit-on-error"));
    }

    /** Starts pg_restore writing one table's data to stdout as a {@code COPY … FROM stdin} block. */
    public TableRows openTableData(SyncRun run, TocEntry data) {
        return new ArchiveRows(openData(run, "data-" + data.dumpId(), List.of(data)));
    }

    /** Starts pg_restore writing the entries' data to stdout as one script (COPY blocks, large objects' writes). */
    public PgProcess openData(SyncRun run, String name, List<TocEntry> entries) {
        Path list = writeList(run, name, entries);
        List<String> command = new ArrayList<>(List.of(run.backup().pgRestore().command(), "--data-only", "-f", "-", "-L",
                list.toString(), run.backup().dump().toString()));
        String what = entries.size() == 1 ? entries.get(0).qualifiedName() : name;
        return PgProcess.start("pg_restore data " + what, command, run.libpqEnv(), false);
    }

    private void restore(SyncRun run, String phase, List<TocEntry> entries, List<String> options) {
        if (entries.isEmpty()) {
            LOG.info("pg_restore {}: nothing to restore", phase);
            return;
        }
        LOG.info("pg_restore {}: {} entries", phase, entries.size());
        execute(run, phase, phase.replace(' ', '-'), entries, options);
    }

    private void execute(SyncRun run, String phase, String listName, List<TocEntry> entries, List<String> options) {
        Path list = writeList(run, listName, entries);
        List<String> command = new ArrayList<>();
        command.add(run.backup().pgRestore().command());
        command.addAll(SKIPPED_OBJECTS);
        command.addAll(options);
        command.addAll(List.of("-L", list.toString(), "-d", run.target().workDatabase(), run.backup().dump().toString()));
        PgProcess process = PgProcess.start("pg_restore " + phase, command, run.libpqEnv(), true);
        AutoCloseable work;
        try {
            work = run.control().startWork(process::destroy);
        } catch (SyncFailure stopped) {
            process.destroy();
            throw stopped;
        }
        try {
            process.await(settings.toolTimeout());
        } finally {
            close(work);
        }
    }

    /**
     * Foreign keys that point at excluded tables would fail against their empty referenced table: they are added
     * NOT VALID, so the schema matches production and new rows are still checked.
     */
    private void addDeferredForeignKeys(SyncRun run) {
        List<TocEntry> keys = run.getPlan().deferredKeys();
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = run.target().pool().getConnection(); Statement s = c.createStatement()) {
            for (TocEntry key : keys) {
                String defn = key.defn().trim().replaceFirst(";\\s*$", "");
                s.execute(defn + " NOT VALID");
                run.results().note("foreign key " + key.tag() + " points at an excluded table: added NOT VALID");
            }
        } catch (SQLException e) {
            throw new SyncFailure("adding a foreign key to an excluded table failed: " + e.getMessage(), e);
        }
    }

    private static void close(AutoCloseable work) {
        try {
            work.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeList(SyncRun run, String name, List<TocEntry> entries) {
        Path list = run.workDir().resolve(name + ".list");
        StringBuilder text = new StringBuilder();
        for (TocEntry e : entries) {
            text.append(e.dumpId()).append("; ").append(e.desc().replace('\n', ' ')).append('\n');
        }
        try {
            Files.writeString(list, text, StandardCharsets.UTF_8);
            return list;
        } catch (IOException e) {
            throw new SyncFailure("cannot write the restore list " + list + ": " + e.getMessage(), e);
        }
    }
}
