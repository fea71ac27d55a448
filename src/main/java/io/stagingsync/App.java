package io.stagingsync;

import io.stagingsync.report.ReportText;
import io.stagingsync.run.Command;
import io.stagingsync.run.GracefulStop;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.StopSignal;
import io.stagingsync.run.SyncRun;
import io.stagingsync.secrets.RedactingStream;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.SettingsLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code run | check | plan | init | restore-test | serve}; exit 0 success, 1 failure, 2 refused, 143/130 cancelled by a signal. */
public final class App {


    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final PrintStream out;

    public App(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        RedactingStream.installOnStandardStreams();
        StopSignal.install();
        System.exit(new App(System.out).execute(args, Map.of()));
    }

    /**
     * Runs one command.
     *
     * @param overrides properties that win over the environment and application.properties (tests, embedding)
     */
    public int execute(String[] args, Map<String, String> overrides) {
        if (args.length == 2 && args[0].equals("run") && args[1].equals("--yes")) {
            return runAtTerminal(overrides, true);
        }
        if (args.length == 2 && args[0].equals("restore-test") && args[1].equals("--keep-on-failure")) {
            Map<String, String> keep = new HashMap<>(overrides);
            keep.put("sync.restore-test.keep-on-failure", "true");
            return execute(new String[] {"restore-test"}, keep);
        }
        if (!Usage.isCommand(args)) {
            boolean help = Usage.isHelp(args);
            if (!help) {
                out.println(Usage.mistake(args));
            }
            out.print(Usage.TEXT);
            return help ? 0 : 2;
        }
        Command command = args.length == 0 ? Command.SERVE : Command.of(args[0]);
        String missing = missingConfiguration();
        if (missing != null) {
            out.println(missing);
            return 2;
        }
        if (command == Command.SERVE) {
            return serve(overrides);
        }
        if (command == Command.RUN) {
            return runAtTerminal(overrides, false);
        }
        return printed(runOnce(command, overrides));
    }

    /** `run` from the command line: the only kind of run that may ask for a confirmation (SYNC_CONFIRM). */
    private int runAtTerminal(Map<String, String> overrides, boolean yes) {
        String missing = missingConfiguration();
        if (missing != null) {
            out.println(missing);
            return 2;
        }
        Map<String, String> interactive = new HashMap<>(overrides);
        interactive.put("sync.confirm.interactive", "true");
        interactive.put("sync.confirm.assume-yes", Boolean.toString(yes));
        return printed(runOnce(Command.RUN, interactive));
    }

    private int printed(SyncRun run) {
        out.print(run == null ? "staging-sync: the run did not start (see the log above)\n"
                : Redactor.apply(ReportText.render(run)));
        return run == null ? 1 : run.exitCode();
    }

    /** One run of {@code command} in a Camel context started for it; returns the finished run. */
    public static SyncRun runOnce(Command command, Map<String, String> overrides) {
        return runOnce(command, overrides, context -> { });
    }

    /**
     * As {@link #runOnce(Command, Map)}, with {@code started} applied to the started context before the run
     * (embedding; tests use it to inject faults into named steps).
     */
    public static SyncRun runOnce(Command command, Map<String, String> overrides, ContextHook started) {
        Main main = newMain(overrides, false);
        try {
            main.start();
            started.accept(main.getCamelContext());
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            Exchange exchange = new DefaultExchange(main.getCamelContext(), ExchangePattern.InOut);
            exchange.setProperty(RunLifecycle.COMMAND_PROPERTY, command.name());
            try (GracefulStop stop = GracefulStop.install(() -> exchange.getProperty("run", SyncRun.class),
                    stopTimeout(main))) {
                // the same entry as the ops API and the schedule: one sync at a time, whoever asks
                template.send("direct:sync-adhoc", exchange);
            }
            awaitNotifications(main);
            return exchange.getProperty("run", SyncRun.class);
        } catch (Exception e) {
            RefusedException refused = refusedSettings(e);
            if (refused != null) {
                return SyncRun.refusedAtStart(RunLifecycle.newId(), command, refused);
            }
            LOG.error("staging-sync could not start: {}", e.getMessage(), e);
            return null;
        } finally {
            try {
                main.stop();
            } catch (Exception e) {
                LOG.warn("shutdown: {}", e.getMessage());
            }
        }
    }

    /**
     * Waits for the Slack messages already handed to the notify thread (the outcome's is the last): stopping the
     * context first would stop their route under them, losing the message and holding the stop up to the pool's
     * termination timeout.
     */
    private static void awaitNotifications(Main main) {
        ExecutorService notify = main.getCamelContext().getRegistry().lookupByNameAndType("notifyPool", ExecutorService.class);
        if (notify == null) {
            return;
        }
        try {
            notify.submit(() -> { }).get(stopTimeout(main).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Slack messages still being sent at the stop: {}", e.toString());
        }
    }

    private static Duration stopTimeout(Main main) {
        return settings(main.getCamelContext()).stopTimeout();
    }

    private static Settings settings(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("settings", Settings.class);
    }

    /** The settings refused at start (every problem at once), wherever Camel wrapped them; null for another failure. */
    private static RefusedException refusedSettings(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedException refused) {
                return refused;
            }
        }
        return null;
    }

    /** application.properties and routes/ are read from the working directory, as in the container's WORKDIR. */
    static String missingConfiguration() {
        Path here = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(here.resolve("application.properties")) || !Files.isDirectory(here.resolve("routes"))) {
            return "staging-sync reads application.properties and routes/ from the working directory, and " + here
                    + " has " + (Files.isRegularFile(here.resolve("application.properties")) ? "no routes/ folder"
                    : "no application.properties") + ": run it from the folder that holds them (the repository, or "
                    + "/app in the container)";
        }
        return null;
    }

    /**
     * Checks the settings once, then schedules syncs. A configuration that every run would refuse stops here
     * (exit 2); a target that is only unreachable now is reported and the schedule starts anyway.
     */
    private int serve(Map<String, String> overrides) {
        SyncRun check = runOnce(Command.CHECK, overrides);
        if (check == null) {
            out.print("staging-sync: could not start (see the log above)\n");
            return 1;
        }
        if (check.exitCode() == 2) {
            out.print(ReportText.render(check));
            return 2;
        }
        if (check.exitCode() != 0) {
            out.print(ReportText.render(check));
        }
        try {
            Main main = newMain(overrides, true);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(BaseMainSupport started) {
                    LOG.info("serving: {}", Schedule.describe(settings(started.getCamelContext()).schedule()));
                }
            });
            main.run();
            return 0;
        } catch (Exception e) {
            LOG.error("staging-sync stopped: {}", e.getMessage(), e);
            return 1;
        }
    }

    static Main newMain(Map<String, String> overrides, boolean scheduled) {
        Main main = new Main();
        main.configure().addConfiguration(SyncBeans.class);
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.addOverrideProperty("sync.schedule.enabled", Boolean.toString(scheduled));
        if (scheduled) {
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.management.enabled", "true");
            main.addOverrideProperty("camel.metrics.enabled", "true");
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport configuring) {
                    loopbackWithoutToken(configuring.getCamelContext().getPropertiesComponent());
                }
            });
        } else {
            // one-shot commands skip Quartz (about half a second to start and stop) and open no port
            main.addOverrideProperty("camel.main.routes-exclude-pattern",
                    "**/20-schedule.camel.yaml,**/25-ops-api.camel.yaml");
        }
        overrides.forEach(main::addOverrideProperty);
        if (scheduled) {
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeStop(BaseMainSupport stopping) {
                    GracefulStop.stopInflight(stopping.getCamelContext());
                }
            });
        }
        return main;
    }

    /** An ops API without a token answers this machine only: it must not even listen elsewhere. */
    private static void loopbackWithoutToken(PropertiesComponent properties) {
        if (SettingsLoader.opsToken(key -> properties.resolveProperty(key).orElse("")).isEmpty()) {
            properties.addOverrideProperty("camel.server.host", "127.0.0.1");
            LOG.warn("OPS_TOKEN is not set: the ops API, health and metrics listen on 127.0.0.1 only");
        }
    }

    /** Something done to the started Camel context before a one-shot run. */
    @FunctionalInterface
    public interface ContextHook {
        void accept(CamelContext context) throws Exception;
    }
}
