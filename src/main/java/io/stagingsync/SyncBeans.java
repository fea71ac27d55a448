package io.stagingsync;

import io.stagingsync.anonymize.TableLoader;
import io.stagingsync.restore.DumpChecksumRecorder;
import io.stagingsync.restore.DumpInspector;
import io.stagingsync.hooks.PostSyncHooks;
import io.stagingsync.init.InitStage;
import io.stagingsync.notify.SlackMessages;
import io.stagingsync.ops.LastRunHealthCheck;
import io.stagingsync.ops.FormBody;
import io.stagingsync.ops.HistoryTable;
import io.stagingsync.ops.CopiesView;
import io.stagingsync.ops.OpsApi;
import io.stagingsync.ops.OpsAuth;
import io.stagingsync.ops.OpsVertx;
import io.stagingsync.ops.QuartzCluster;
import io.stagingsync.ops.SyncMetrics;
import io.stagingsync.ops.TargetHealthCheck;
import io.stagingsync.piiscan.PiiScanStage;
import io.stagingsync.plan.BackupRulesCheck;
import io.stagingsync.plan.ParallelismChoice;
import io.stagingsync.plan.PlanStage;
import io.stagingsync.plan.RuleSqlCheck;
import io.stagingsync.plan.RuleCoverage;
import io.stagingsync.plan.TargetExtensions;
import io.stagingsync.preflight.Confirmation;
import io.stagingsync.preflight.Preflight;
import io.stagingsync.report.History;
import io.stagingsync.report.HistoryRows;
import io.stagingsync.target.DatabaseCopies;
import io.stagingsync.target.DatabaseSwap;
import io.stagingsync.report.ReportWriter;
import io.stagingsync.report.RunHistory;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.target.FailClosed;
import io.stagingsync.target.RestoreTestDatabase;
import io.stagingsync.target.Leftovers;
import io.stagingsync.run.ProgressLog;
import io.stagingsync.run.RunGate;
import io.stagingsync.target.RunLock;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.RunTarget;
import io.stagingsync.run.StageBoundaries;
import io.stagingsync.run.StageTimer;
import io.stagingsync.settings.HttpSettings;
import io.stagingsync.settings.Settings;
import io.stagingsync.settings.SettingsLoader;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.source.FileSource;
import io.stagingsync.source.LiveSource;
import io.stagingsync.source.LiveStream;
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
import io.stagingsync.source.scalingo.ApiAnswer;
import io.stagingsync.target.neon.NeonAnswer;
import io.stagingsync.target.neon.NeonApi;
import io.stagingsync.target.neon.NeonBranches;
import io.stagingsync.target.neon.NeonCalls;
import io.stagingsync.target.neon.NeonRequest;
import io.stagingsync.settings.TargetDatabase;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import io.stagingsync.source.scalingo.ScalingoTokens;
import io.stagingsync.verify.CatalogIntegrity;
import io.stagingsync.verify.Verifier;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.apache.camel.spi.PropertiesComponent;
import java.time.Clock;

/**
 * Reads the settings once (a bad one refuses the start, every problem at once) and binds the beans the YAML routes
 * call, by the names the routes use, each given the settings it needs.
 */
public class SyncBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent properties = context.getPropertiesComponent();
        Settings settings = new SettingsLoader(key -> properties.resolveProperty(key).orElse("")).loadAll();
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        SyncSettings sync = settings.sync();
        PgRestore pgRestore = new PgRestore(sync);
        registry.bind("runLifecycle", new RunLifecycle(sync));
        ScalingoRoutes scalingoRoutes = new ScalingoRoutes(context.createProducerTemplate());
        LiveSource liveSource = new LiveSource(sync);
        MongoSource mongoSource = new MongoSource(sync, registry);
        // SYNC_TARGET=neon: each run's branch, through the Neon API route (46-neon-api)
        NeonBranches neonBranches = new NeonBranches(sync.neon(), new NeonApi(context.createProducerTemplate(),
                sync.neon()), Clock.systemUTC(), (name, db) -> registry.bind(name, targetDataSource(db)),
                registry::unbind);
        registry.bind("neonBranches", neonBranches);
        registry.bind("neonCalls", new NeonCalls(sync.neon()));
        HttpSettings neonHttp = sync.neonTarget() ? sync.neon().http() : settings.http();
        registry.bind("neonAnswer", new NeonAnswer(neonHttp.maxRetryDelay()));
        registry.bind("neonRetryLog", new RetryLog(NeonRequest::purposeOf));
        registry.bind("neonRedelivery", redelivery(neonHttp));
        registry.bind("preflight", new Preflight(settings, liveSource, mongoSource::check, neonBranches::check));
        if (sync.severalTargets()) {
            // each target of SYNC_TARGETS: the preflight's role check reads it through its own data source
            sync.targets().forEach(t -> registry.bind(RunTarget.dataSourceName(t.name()), targetDataSource(t.database())));
        } else if (sync.target() != null) {
            registry.bind("targetDataSource", targetDataSource(sync.target()));
        }
        // the targets restored at once (58-targets); bound with one target too, as the route names it
        registry.bind("targetsPool", context.getExecutorServiceManager().newFixedThreadPool(this, "targets",
                sync.targetsParallel()));
        registry.bind("mongoSource", mongoSource);
        registry.bind("documentPlanner", new DocumentPlanner());
        registry.bind("documentPiiScan", new DocumentPiiScan(sync));
        registry.bind("documentLoader", new DocumentLoader(sync, settings.masking()));
        DocumentTarget documentTarget = new DocumentTarget(sync);
        registry.bind("documentTarget", documentTarget);
        registry.bind("documentVerifier", new DocumentVerifier(settings.masking(), sync, mongoSource));
        registry.bind("fileSource", new FileSource(sync));
        registry.bind("liveSource", liveSource);
        registry.bind("liveStream", new LiveStream(sync, liveSource));
        ScalingoTokens tokens = new ScalingoTokens(scalingoRoutes, sync.scalingo());
        registry.bind("scalingoTokens", tokens);
        registry.bind("scalingoCalls", new ScalingoCalls(sync.scalingo()));
        registry.bind("scalingoAnswer", new ScalingoAnswer(tokens, settings.http().maxRetryDelay()));
        registry.bind("scalingoBackups", new ScalingoBackups(sync.scalingo()));
        registry.bind("scalingoRetryLog", new RetryLog());
        RedeliveryPolicy scalingoBackoff = redelivery(settings.http());
        registry.bind("scalingoRedelivery", scalingoBackoff);
        registry.bind("apiAnswer", new ApiAnswer());
        registry.bind("backupDownload", new BackupDownload(sync, scalingoRoutes, scalingoBackoff));
        httpTimeouts(context, settings.http());
        registry.bind("dumpInspector", new DumpInspector(sync));
        registry.bind("dumpChecksum", new DumpChecksumRecorder());
        PlanStage planStage = new PlanStage(settings.masking());
        RuleSqlCheck ruleSqlCheck = new RuleSqlCheck();
        PiiScanStage piiScan = new PiiScanStage(sync, pgRestore, settings.piiSampleRows());
        registry.bind("planStage", planStage);
        registry.bind("ruleSqlCheck", ruleSqlCheck);
        registry.bind("initStage", new InitStage(sync, settings.masking(), planStage, ruleSqlCheck, piiScan));
        registry.bind("backupRulesCheck", new BackupRulesCheck(sync, settings.masking(), ruleSqlCheck));
        registry.bind("ruleCoverage", new RuleCoverage());
        registry.bind("targetExtensions", new TargetExtensions());
        registry.bind("pgRestore", pgRestore);
        registry.bind("tableLoader", new TableLoader(settings.masking(), sync, pgRestore));
        registry.bind("verifier", new Verifier());
        registry.bind("piiScan", piiScan);
        CatalogIntegrity catalogIntegrity = new CatalogIntegrity();
        registry.bind("catalogIntegrity", catalogIntegrity);
        registry.bind("postSyncHooks", new PostSyncHooks(settings.hooks(), catalogIntegrity));
        ReportWriter reportWriter = new ReportWriter(sync.reportDir());
        registry.bind("reportWriter", reportWriter);
        RunGate runGate = new RunGate();
        registry.bind("runGate", runGate);
        registry.bind("progressLog", new ProgressLog(runGate));
        int historyKeep = settings.ops().historyKeep();
        RunHistory historyFiles = new RunHistory(settings.sync().reportDir().resolve("history"), historyKeep,
                reportWriter);
        registry.bind("runHistory", historyFiles);
        registry.bind("historyRows", new HistoryRows(reportWriter, historyKeep));
        History history = HistoryTable.sharedOr(historyFiles, context, settings.schedule().cluster());
        registry.bind("formBody", new FormBody());
        registry.bind("opsAuth", new OpsAuth(settings.ops().token()));
        registry.bind("opsApi", new OpsApi(runGate, history, settings.ops().eventsKeepAlive().toMillis()));
        registry.bind("slackMessages", new SlackMessages(sync, settings.messages().slack(), settings.messages().language(),
                settings.messages().region(), reportWriter));
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
        if (settings.schedule().enabled() && settings.schedule().cluster() != null) {
            context.getComponent("quartz", QuartzComponent.class)
                    .setProperties(new QuartzCluster(settings.schedule().cluster()).properties());
        }
        if (settings.ops().server()) {
            OpsVertx.bind(context);
            if (sync.severalTargets()) {
                sync.targets().forEach(t -> registry.bind("targetHealthCheck-" + t.name(),
                        new TargetHealthCheck(t.database(), "target-database-" + t.name())));
            } else if (sync.target() != null) {
                registry.bind("targetHealthCheck", new TargetHealthCheck(sync.target(), "target-database"));
            }
            registry.bind("lastRunHealthCheck", new LastRunHealthCheck(history));
        }
        DatabaseSwap databaseSwap = new DatabaseSwap(sync, settings.swap());
        registry.bind("databaseSwap", databaseSwap);
        RestoreTestDatabase restoreTest = new RestoreTestDatabase(sync, settings.swap().maintenanceDatabase(),
                settings.keepFailedRestoreTest(), Clock.systemUTC());
        registry.bind("restoreTestDatabase", restoreTest);
        DatabaseCopies databaseCopies = new DatabaseCopies(sync, settings.swap(), databaseSwap, Clock.systemUTC());
        registry.bind("databaseCopies", databaseCopies);
        registry.bind("copiesView", new CopiesView(sync, databaseCopies));
        registry.bind("failClosed", new FailClosed(sync, databaseSwap, documentTarget, restoreTest, databaseCopies,
                neonBranches));
        registry.bind("confirmation", new Confirmation(settings, System::getenv, Confirmation.console()));
        registry.bind("runLock", new RunLock(sync, settings.swap()));
        registry.bind("leftovers", new Leftovers(sync, databaseSwap, databaseCopies));
        ExecutorService tablePool = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "table-load", settings.sync().parallelism());
        registry.bind("tablePool", tablePool);
        registry.bind("parallelismChoice", new ParallelismChoice(settings.sync().parallelismChoice(), tablePool));
        registry.bind("stageBoundaries", new StageBoundaries());
        context.getManagementStrategy().addEventNotifier(new StageTimer());
    }

    /** Explicit timeouts for the Scalingo API calls (camel-http's defaults wait minutes, or forever for a read). */
    private static void httpTimeouts(CamelContext context, HttpSettings settings) {
        long connect = settings.connectTimeout().toMillis();
        long read = settings.readTimeout().toMillis();
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(connect);
            http.setConnectionRequestTimeout(connect);
            http.setSoTimeout(read);
            http.setResponseTimeout(read);
        }
    }

    /** The one backoff policy of the Scalingo API calls: exponential, with jitter, bounded; Retry-After aside. */
    /** Unpooled: the preflight's question to the target opens one connection and closes it, leaving no session. */
    private static DataSource targetDataSource(TargetDatabase target) {
        DriverManagerDataSource source = new DriverManagerDataSource(target.jdbcUrl());
        source.setConnectionProperties(target.jdbcProperties());
        return source;
    }

    private static RedeliveryPolicy redelivery(HttpSettings settings) {
        RedeliveryPolicy policy = new RedeliveryPolicy();
        policy.setMaximumRedeliveries(settings.retries());
        policy.setRedeliveryDelay(settings.retryDelay().toMillis());
        policy.setMaximumRedeliveryDelay(settings.maxRetryDelay().toMillis());
        policy.setUseExponentialBackOff(true);
        policy.setBackOffMultiplier(2);
        policy.setUseCollisionAvoidance(true);
        policy.setCollisionAvoidanceFactor(0.25);
        policy.setLogRetryAttempted(false);
        policy.setLogStackTrace(false);
        policy.setLogRetryStackTrace(false);
        policy.setLogExhausted(false);
        return policy;
    }
}
