package io.stagingsync;

import io.stagingsync.anonymize.TableLoader;
import io.stagingsync.archive.DumpInspector;
import io.stagingsync.notify.SlackMessages;
import io.stagingsync.ops.OpsApi;
import io.stagingsync.ops.LastRunHealthCheck;
import io.stagingsync.ops.OpsAuth;
import io.stagingsync.ops.SyncMetrics;
import io.stagingsync.ops.TargetHealthCheck;
import io.stagingsync.ops.OpsVertx;
import io.stagingsync.ops.QuartzCluster;
import io.stagingsync.plan.PlanStage;
import io.stagingsync.plan.RuleCoverage;
import io.stagingsync.preflight.Preflight;
import io.stagingsync.report.ReportWriter;
import io.stagingsync.report.RunHistory;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.FailClosed;
import io.stagingsync.run.RunGate;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.StageTimer;
import io.stagingsync.source.FileSource;
import io.stagingsync.verify.Verifier;
import java.nio.file.Path;
import java.util.function.Function;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.spi.PropertiesComponent;

/** Binds the beans the YAML routes call, by the names the routes use. */
public class SyncBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Function<String, String> lookup = key -> properties.resolveProperty(key).orElse("");
        PgRestore pgRestore = new PgRestore();
        var registry = context.getRegistry();
        registry.bind("runLifecycle", new RunLifecycle());
        registry.bind("preflight", new Preflight(lookup));
        registry.bind("fileSource", new FileSource());
        registry.bind("dumpInspector", new DumpInspector());
        registry.bind("planStage", new PlanStage());
        registry.bind("ruleCoverage", new RuleCoverage());
        registry.bind("pgRestore", pgRestore);
        registry.bind("tableLoader", new TableLoader(pgRestore));
        registry.bind("verifier", new Verifier());
        ReportWriter reportWriter = new ReportWriter();
        registry.bind("reportWriter", reportWriter);
        RunGate runGate = new RunGate();
        registry.bind("runGate", runGate);
        RunHistory history = new RunHistory(Path.of(lookup.apply("sync.report-dir")).resolve("history"),
                bounded(lookup.apply("ops.history-keep"), 100, 1, 100_000), reportWriter);
        registry.bind("runHistory", history);
        registry.bind("opsAuth", new OpsAuth(lookup.apply("ops.token")));
        registry.bind("opsApi", new OpsApi(runGate, history,
                1000L * bounded(lookup.apply("ops.events-keep-alive-seconds"), 15, 1, 3600)));
        registry.bind("slackMessages", new SlackMessages(!lookup.apply("slack.webhook-url").isBlank(),
                lookup.apply("sync.language"), context.resolvePropertyPlaceholders("{{scalingo.region:osc-fr1}}"),
                reportWriter));
        // one thread: messages leave in order, and a slow Slack never holds up a stage
        registry.bind("notifyPool", context.getExecutorServiceManager().newSingleThreadExecutor(this, "slack"));
        registry.bind("syncMetrics", new SyncMetrics(context));
        if (Boolean.parseBoolean(lookup.apply("sync.schedule.enabled"))
                && Boolean.parseBoolean(lookup.apply("sync.cluster.enabled"))) {
            context.getComponent("quartz", QuartzComponent.class).setProperties(new QuartzCluster(lookup).properties());
        }
        if (Boolean.parseBoolean(lookup.apply("camel.server.enabled"))) {
            OpsVertx.bind(context);
            registry.bind("targetHealthCheck", new TargetHealthCheck(lookup));
            registry.bind("lastRunHealthCheck", new LastRunHealthCheck(history));
        }
        registry.bind("failClosed", new FailClosed());
        registry.bind("tablePool", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "table-load", parallelism(lookup.apply("sync.parallelism"))));
        context.getManagementStrategy().addEventNotifier(new StageTimer());
    }

    /** The preflight refuses a bad value with a proper message; here it only must not break start-up. */
    private static int parallelism(String raw) {
        return bounded(raw, 3, 1, 64);
    }

    /** A number setting within its bounds; a malformed one falls back rather than break start-up. */
    private static int bounded(String raw, int fallback, int min, int max) {
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
