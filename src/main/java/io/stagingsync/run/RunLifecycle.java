package io.stagingsync.run;

import io.stagingsync.settings.SyncSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
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
                new RunTarget(settings.target(), settings.targetMode()));
        exchange.setProperty("run", run);
        LOG.info("sync {} started ({})", id, command.label());
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
