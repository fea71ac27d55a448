package io.stagingsync;

import io.stagingsync.report.ReportText;
import io.stagingsync.run.Command;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.SyncRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code run | check | plan | serve}; exit 0 success, 1 failure, 2 refused. */
public final class App {

    static final String USAGE = """
            usage: java -jar staging-sync.jar [run | check | plan | serve]
              run     one full sync, then exit (0 success, 1 failure, 2 refused)
              check   preflight only: settings, rules file, tools, source, target; prints a checklist
              plan    everything non-destructive: reads the backup and prints what a run would do
              serve   (default) scheduled syncs on SYNC_CRON, the ops API and health/metrics on OPS_PORT, until stopped
            Settings come from application.properties in the working directory; every one can be overridden by
            its environment variable (DATABASE_URL, SYNC_SOURCE, SYNC_ANONYMIZATION_FILE, ...). See README.md.
            """;

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final PrintStream out;

    public App(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new App(System.out).execute(args, Map.of()));
    }

    /**
     * Runs one command.
     *
     * @param overrides properties that win over the environment and application.properties (tests, embedding)
     */
    public int execute(String[] args, Map<String, String> overrides) {
        if (args.length > 1 || (args.length == 1 && (args[0].startsWith("-") || !isCommand(args[0])))) {
            out.print(USAGE);
            return args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2;
        }
        Command command = args.length == 0 ? Command.SERVE : Command.valueOf(args[0].toUpperCase(Locale.ROOT));
        String missing = missingConfiguration();
        if (missing != null) {
            out.println(missing);
            return 2;
        }
        if (command == Command.SERVE) {
            return serve(overrides);
        }
        SyncRun run = runOnce(command, overrides);
        out.print(run == null ? "staging-sync: the run did not start (see the log above)\n" : ReportText.render(run));
        return run == null ? 1 : run.exitCode();
    }

    /** One run of {@code command} in a Camel context started for it; returns the finished run. */
    public static SyncRun runOnce(Command command, Map<String, String> overrides) {
        Main main = newMain(overrides, false);
        try {
            main.start();
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            // the same entry as the ops API and the schedule: one sync at a time, whoever asks
            Exchange done = template.request("direct:sync-adhoc",
                    e -> e.setProperty(RunLifecycle.COMMAND_PROPERTY, command.name()));
            return done.getProperty("run", SyncRun.class);
        } catch (Exception e) {
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
                    LOG.info("serving: {}", Schedule.describe(
                            started.getCamelContext().getPropertiesComponent()));
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
        return main;
    }

    /** An ops API without a token answers this machine only: it must not even listen elsewhere. */
    private static void loopbackWithoutToken(PropertiesComponent properties) {
        if (properties.resolveProperty("ops.token").orElse("").isBlank()) {
            properties.addOverrideProperty("camel.server.host", "127.0.0.1");
            LOG.warn("OPS_TOKEN is not set: the ops API, health and metrics listen on 127.0.0.1 only");
        }
    }

    private static boolean isCommand(String arg) {
        return arg.equals("run") || arg.equals("check") || arg.equals("plan") || arg.equals("serve");
    }
}
