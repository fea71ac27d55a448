package io.stagingsync;

import io.stagingsync.anonymize.TableLoader;
import io.stagingsync.archive.DumpChecksum;
import io.stagingsync.archive.DumpInspector;
import io.stagingsync.hooks.PostSyncHooks;
import io.stagingsync.init.InitStage;
import io.stagingsync.notify.SlackMessages;
import io.stagingsync.ops.LastRunHealthCheck;
import io.stagingsync.ops.FormBody;
import io.stagingsync.ops.HistoryTable;
import io.stagingsync.ops.OpsApi;
import io.stagingsync.ops.OpsAuth;
import io.stagingsync.ops.OpsVertx;
import io.stagingsync.ops.QuartzCluster;
import io.stagingsync.ops.SyncMetrics;
import io.stagingsync.ops.TargetHealthCheck;
import io.stagingsync.piiscan.PiiScanStage;
import io.stagingsync.plan.BackupRulesCheck;
import io.stagingsync.plan.PlanStage;
import io.stagingsync.plan.RuleSqlCheck;
import io.stagingsync.plan.RuleCoverage;
import io.stagingsync.plan.TargetExtensions;
import io.stagingsync.preflight.Confirmation;
import io.stagingsync.preflight.Preflight;
import io.stagingsync.publish.DatabaseSwap;
import io.stagingsync.report.History;
import io.stagingsync.report.HistoryRows;
import io.stagingsync.report.ReportWriter;
import io.stagingsync.report.RunHistory;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.FailClosed;
import io.stagingsync.run.Leftovers;
import io.stagingsync.run.ProgressLog;
import io.stagingsync.run.RunGate;
import io.stagingsync.run.RunLock;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.StageTimer;
import io.stagingsync.source.FileSource;
import io.stagingsync.source.LiveSource;
import io.stagingsync.source.mongodb.DocumentLoader;
import io.stagingsync.source.mongodb.DocumentPiiScan;
import io.stagingsync.source.mongodb.DocumentPlanner;
import io.stagingsync.source.mongodb.DocumentTarget;
import io.stagingsync.source.mongodb.DocumentVerifier;
import io.stagingsync.source.mongodb.MongoSource;
import io.stagingsync.source.scalingo.BackupDownload;
import io.stagingsync.source.scalingo.RetryLog;
import io.stagingsync.source.scalingo.ScalingoAnswer;
import io.stagingsync.source.scalingo.ScalingoBackups;
import io.stagingsync.source.scalingo.ScalingoCalls;
import io.stagingsync.source.scalingo.ScalingoRoutes;
import io.stagingsync.source.scalingo.ScalingoTokens;
import io.stagingsync.verify.CatalogIntegrity;
import io.stagingsync.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.http.HttpComponent;
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
        ScalingoRoutes scalingoRoutes = new ScalingoRoutes(context.createProducerTemplate());
        registry.bind("scalingoRoutes", scalingoRoutes);
        LiveSource liveSource = new LiveSource();
        MongoSource mongoSource = new MongoSource(registry);
        registry.bind("preflight", new Preflight(lookup,
                run -> scalingoRoutes.call("direct:scalingo-locate-backup", run, null, String.class), liveSource,
                mongoSource::check));
        registry.bind("mongoSource", mongoSource);
        registry.bind("documentPlanner", new DocumentPlanner());
        registry.bind("documentPiiScan", new DocumentPiiScan());
        registry.bind("documentLoader", new DocumentLoader());
        registry.bind("documentTarget", new DocumentTarget());
        registry.bind("documentVerifier", new DocumentVerifier(mongoSource));
        registry.bind("fileSource", new FileSource());
        registry.bind("liveSource", liveSource);
        ScalingoTokens tokens = new ScalingoTokens(scalingoRoutes);
        registry.bind("scalingoTokens", tokens);
        registry.bind("scalingoCalls", new ScalingoCalls());
        registry.bind("scalingoAnswer", new ScalingoAnswer(tokens,
                Duration.ofMillis(number(lookup.apply("scalingo.http.max-retry-delay-ms"), 30_000, 1, 3_600_000))));
        registry.bind("scalingoBackups", new ScalingoBackups());
        registry.bind("scalingoRetryLog", new RetryLog());
        registry.bind("backupDownload", new BackupDownload(scalingoRoutes));
        httpTimeouts(context, lookup);
        registry.bind("dumpInspector", new DumpInspector());
        registry.bind("dumpChecksum", new DumpChecksum());
        PlanStage planStage = new PlanStage();
        RuleSqlCheck ruleSqlCheck = new RuleSqlCheck();
        PiiScanStage piiScan = new PiiScanStage(pgRestore, lookup);
        registry.bind("planStage", planStage);
        registry.bind("ruleSqlCheck", ruleSqlCheck);
        registry.bind("initStage", new InitStage(planStage, ruleSqlCheck, piiScan));
        registry.bind("backupRulesCheck", new BackupRulesCheck(ruleSqlCheck));
        registry.bind("ruleCoverage", new RuleCoverage());
        registry.bind("targetExtensions", new TargetExtensions());
        registry.bind("pgRestore", pgRestore);
        registry.bind("tableLoader", new TableLoader(pgRestore));
        registry.bind("verifier", new Verifier());
        registry.bind("piiScan", piiScan);
        CatalogIntegrity catalogIntegrity = new CatalogIntegrity();
        registry.bind("catalogIntegrity", catalogIntegrity);
        registry.bind("postSyncHooks", new PostSyncHooks(lookup, catalogIntegrity));
        ReportWriter reportWriter = new ReportWriter();
        registry.bind("reportWriter", reportWriter);
        RunGate runGate = new RunGate();
        registry.bind("runGate", runGate);
        registry.bind("progressLog", new ProgressLog(runGate));
        int historyKeep = number(lookup.apply("ops.history-keep"), 100, 1, 100_000);
        RunHistory historyFiles = new RunHistory(Path.of(lookup.apply("sync.report-dir")).resolve("history"),
                historyKeep, reportWriter);
        registry.bind("runHistory", historyFiles);
        registry.bind("historyRows", new HistoryRows(reportWriter, historyKeep));
        History history = HistoryTable.sharedOr(historyFiles, context, lookup);
        registry.bind("formBody", new FormBody());
        registry.bind("opsAuth", new OpsAuth(lookup.apply("ops.token")));
        registry.bind("opsApi", new OpsApi(runGate, history,
                1000L * number(lookup.apply("ops.events-keep-alive-seconds"), 15, 1, 3600)));
        registry.bind("slackMessages", new SlackMessages(!lookup.apply("slack.webhook-url").isBlank(),
                lookup.apply("sync.language"), context.resolvePropertyPlaceholders("{{scalingo.region:osc-fr1}}"),
                reportWriter));
        // one thread: messages leave in order, and a slow Slack never holds up a stage
        registry.bind("notifyPool", context.getExecutorServiceManager().newSingleThreadExecutor(this, "slack"));
        SyncMetrics metrics = new SyncMetrics(context);
        registry.bind("syncMetrics", metrics);
        // the history is read once the metrics registry exists and its routes consume
        context.addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext starting, boolean alreadyStarted) {
                // the routes are not consuming yet
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                metrics.seed(history);
            }
        });
        if (Boolean.parseBoolean(lookup.apply("sync.schedule.enabled"))
                && Boolean.parseBoolean(lookup.apply("sync.cluster.enabled"))) {
            context.getComponent("quartz", QuartzComponent.class).setProperties(new QuartzCluster(lookup).properties());
        }
        if (Boolean.parseBoolean(lookup.apply("camel.server.enabled"))) {
            OpsVertx.bind(context);
            registry.bind("targetHealthCheck", new TargetHealthCheck(lookup));
            registry.bind("lastRunHealthCheck", new LastRunHealthCheck(history));
        }
        DatabaseSwap databaseSwap = new DatabaseSwap();
        registry.bind("databaseSwap", databaseSwap);
        registry.bind("failClosed", new FailClosed(databaseSwap));
        registry.bind("confirmation", new Confirmation(lookup, System::getenv, Confirmation.console()));
        registry.bind("runLock", new RunLock());
        registry.bind("leftovers", new Leftovers(databaseSwap));
        registry.bind("tablePool", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "table-load", number(lookup.apply("sync.parallelism"), 3, 1, 64)));
        context.getManagementStrategy().addEventNotifier(new StageTimer());
    }

    /** Explicit timeouts for the Scalingo API calls (camel-http's defaults wait minutes, or forever for a read). */
    private static void httpTimeouts(CamelContext context, Function<String, String> lookup) {
        long connect = 1000L * number(lookup.apply("scalingo.http.connect-timeout-seconds"), 10, 1, 600);
        long read = 1000L * number(lookup.apply("scalingo.http.read-timeout-seconds"), 60, 1, 3600);
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(connect);
            http.setConnectionRequestTimeout(connect);
            http.setSoTimeout(read);
            http.setResponseTimeout(read);
        }
    }

    /** The preflight refuses a bad value with a proper message; here it only must not break start-up. */
    private static int number(String raw, int fallback, int min, int max) {
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
