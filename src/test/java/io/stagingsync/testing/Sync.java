package io.stagingsync.testing;

import io.stagingsync.App;
import io.stagingsync.run.Command;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;

/** Runs the real application in-process with the real routes and application.properties, settings overridden. */
public final class Sync {

    private final Map<String, String> settings = new HashMap<>();
    private final Path reportDir;
    private App.ContextHook fault = context -> { };

    private Sync(String targetUrl, Path source) {
        try {
            reportDir = Files.createTempDirectory("staging-sync-report");
            settings.put("sync.work-dir", Files.createTempDirectory("staging-sync-work").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("database.url", targetUrl);
        settings.put("sync.source", "file:" + source);
        settings.put("sync.report-dir", reportDir.toString());
        settings.put("sync.anonymization-file", "anonymization.yaml");
        settings.put("sync.parallelism", "3");
    }

    public static Sync into(String targetUrl, Path source) {
        return new Sync(targetUrl, source);
    }

    public Sync with(String key, String value) {
        settings.put(key, value);
        return this;
    }

    public Sync with(Map<String, String> values) {
        settings.putAll(values);
        return this;
    }

    public Sync rules(Path rulesFile) {
        return with("sync.anonymization-file", rulesFile.toString());
    }

    public SyncRun run() {
        return run(Command.RUN);
    }

    /**
     * Makes the run fail right after (or, with {@code before}, right before) the step {@code stepId} of route
     * {@code routeId}, as a real failure there would.
     */
    public Sync failAt(String routeId, String stepId, boolean before) {
        fault = context -> AdviceWith.adviceWith(context, routeId, route -> {
            var step = route.weaveById(stepId);
            (before ? step.before() : step.after())
                    .throwException(new SyncFailure("injected fault at " + routeId + "/" + stepId));
        });
        return this;
    }

    /**
     * Runs {@code action} on the run's own thread right after (or, with {@code before}, right before) the step
     * {@code stepId} of route {@code routeId}: what a second client does at that exact moment of the run.
     */
    public Sync at(String routeId, String stepId, boolean before, Runnable action) {
        App.ContextHook previous = fault;
        fault = context -> {
            previous.accept(context);
            AdviceWith.adviceWith(context, routeId, route -> {
                var step = route.weaveById(stepId);
                (before ? step.before() : step.after()).process(exchange -> action.run());
            });
        };
        return this;
    }

    /** As {@link #at(String, String, boolean, Runnable)}, with the run's live state (what a DELETE or a SIGTERM reaches). */
    public Sync atRun(String routeId, String stepId, boolean before, java.util.function.Consumer<SyncRun> action) {
        return process(routeId, stepId, before, exchange -> action.accept(exchange.getProperty("run", SyncRun.class)));
    }

    /** Runs {@code processor} on the exchange right before the step {@code stepId} of route {@code routeId}. */
    public Sync processBefore(String routeId, String stepId, org.apache.camel.Processor processor) {
        return process(routeId, stepId, true, processor);
    }

    // An advised route's steps run under Camel's default error handler, not the route's own (noErrorHandler for the
    // stages): an exception thrown in it is marked handled-and-exhausted, and a caller's doCatch (a target's
    // fail-closed envelope) then never runs. Weave where nothing in the advised route throws after the woven step.
    private Sync process(String routeId, String stepId, boolean before, org.apache.camel.Processor processor) {
        App.ContextHook previous = fault;
        fault = context -> {
            previous.accept(context);
            AdviceWith.adviceWith(context, routeId, route -> {
                var step = route.weaveById(stepId);
                (before ? step.before() : step.after()).process(processor);
            });
        };
        return this;
    }

    /**
     * Holds the run right before the step {@code stepId} of route {@code routeId}: {@code reached} is counted down
     * there, and the run goes on once {@code resume} is (or after five minutes, so that a failed test never hangs).
     */
    public Sync pauseBefore(String routeId, String stepId, CountDownLatch reached, CountDownLatch resume) {
        App.ContextHook previous = fault;
        fault = context -> {
            previous.accept(context);
            AdviceWith.adviceWith(context, routeId, route -> route.weaveById(stepId).before()
                .process(exchange -> {
                    reached.countDown();
                    resume.await(5, TimeUnit.MINUTES);
                }));
        };
        return this;
    }

    public SyncRun run(Command command) {
        SyncRun run = App.runOnce(command, settings, fault);
        if (run == null) {
            throw new AssertionError("the application did not start");
        }
        return run;
    }

    public Path reportDir() {
        return reportDir;
    }

    public Path workDir() {
        return Path.of(settings.get("sync.work-dir"));
    }
}
