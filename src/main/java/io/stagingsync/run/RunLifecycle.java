package io.stagingsync.run;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.settings.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts a run (the exchange property {@code run}), marks its success, and always releases what it held. */
public final class RunLifecycle {

    public static final String COMMAND_HEADER = "syncCommand";
    /** Exchange properties a trigger sets for {@code direct:sync-adhoc}, which drops every header. */
    public static final String COMMAND_PROPERTY = "syncCommand";
    public static final String RUN_ID_PROPERTY = "syncRunId";
    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SyncSettings settings;

    public RunLifecycle(SyncSettings settings) {
        this.settings = settings;
    }

    public void begin(Exchange exchange) {
        String requested = exchange.getProperty(COMMAND_PROPERTY, String.class);
        Command command = Command.valueOf(requested != null ? requested
                : exchange.getMessage().getHeader(COMMAND_HEADER, "RUN", String.class));
        String given = exchange.getProperty(RUN_ID_PROPERTY, String.class);
        String id = given != null ? given : newId();
        SyncRun run = new SyncRun(id, new RunOptions(command, settings.dryRun(), settings.source(), settings.app()),
                new RunTarget(settings.target(), settings.targetMode(), settings.neonTarget()));
        settings.targets().forEach(t -> run.forTarget(new RunTarget(t)));
        exchange.setProperty("run", run);
        LOG.info("sync {} started ({}){}", id, command.label(),
                run.isSeveralTargets() ? " into " + settings.targets().size() + " targets" : "");
    }

    /** A run id: its start time (sortable) and a random suffix. */
    public static String newId() {
        return LocalDateTime.now().format(ID) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The publish begins: the run can no longer be cancelled (a cancel that came first stops it here). */
    public void publishing(SyncRun run) {
        run.control().beginPublish();
    }

    /** The in-place target now holds the verified, anonymized copy. */
    public void published(SyncRun run) {
        run.target().anonymized();
    }

    /**
     * Every target's run has ended: the run fails, naming each target that did not succeed, unless all did. The
     * targets that succeeded keep their new copy; the others are as their own rollback left them.
     */
    public void targetsDone(SyncRun run) {
        List<String> failed = run.getTargetRuns().stream().filter(t -> t.status() != SyncRun.Status.SUCCESS)
                .map(t -> t.target().name() + " " + t.status().name().toLowerCase()
                        + (t.failedStage() == null ? "" : " at " + t.failedStage()) + ": " + t.error())
                .toList();
        if (!failed.isEmpty()) {
            throw new SyncFailure(failed.size() + " of " + run.getTargetRuns().size() + " targets did not sync: "
                    + String.join("; ", failed));
        }
    }

    public void complete(SyncRun run) {
        if (run.status() == SyncRun.Status.RUNNING) {
            run.succeed();
        }
    }

    /** Closes the connection pool and deletes the run's work files, whatever the outcome. */
    public void finish(SyncRun run) {
        if (run == null) {
            return;
        }
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        Path dir = run.workDir();
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(RunLifecycle::delete);
            } catch (IOException e) {
                LOG.warn("work files of run {} not removed: {}", run.getId(), e.getMessage());
            }
        }
        // last: the next run of this target may start once the work files are gone
        run.releaseHeld();
        // the targets the run never reached (it ended before their restore) say so
        for (SyncRun target : run.getTargetRuns()) {
            if (target.status() == SyncRun.Status.RUNNING) {
                target.fail(run.status() == SyncRun.Status.RUNNING ? SyncRun.Status.FAILED : run.status(),
                        "not synced: the run ended before this target's restore (" + run.error() + ")");
            }
        }
        LOG.info("sync {} finished: {}", run.getId(), run.status().name().toLowerCase());
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", p, e.getMessage());
        }
    }
}
