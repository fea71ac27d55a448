package io.stagingsync;

import io.stagingsync.anonymize.TableLoader;
import io.stagingsync.archive.DumpChecksum;
import io.stagingsync.archive.DumpInspector;
import io.stagingsync.hooks.PostSyncHooks;
import io.stagingsync.piiscan.PiiScanStage;
import io.stagingsync.plan.PlanStage;
import io.stagingsync.plan.RuleCoverage;
import io.stagingsync.preflight.Preflight;
import io.stagingsync.report.ReportWriter;
import io.stagingsync.restore.PgRestore;
import io.stagingsync.run.FailClosed;
import io.stagingsync.run.RunLifecycle;
import io.stagingsync.run.StageTimer;
import io.stagingsync.source.FileSource;
import io.stagingsync.verify.Verifier;
import java.util.function.Function;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Binds the beans the YAML routes call, by the names the routes use. */
public class SyncBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        Function<String, String> lookup = key -> properties.resolveProperty(key).orElse("");
        PgRestore pgRestore = new PgRestore();
        var registry = context.getRegistry();
        registry.bind("runLifecycle", new RunLifecycle());
        registry.bind("preflight", new Preflight(lookup));
        registry.bind("fileSource", new FileSource());
        registry.bind("dumpInspector", new DumpInspector());
        registry.bind("dumpChecksum", new DumpChecksum());
        registry.bind("planStage", new PlanStage());
        registry.bind("ruleCoverage", new RuleCoverage());
        registry.bind("pgRestore", pgRestore);
        registry.bind("tableLoader", new TableLoader(pgRestore));
        registry.bind("verifier", new Verifier());
        registry.bind("piiScan", new PiiScanStage(pgRestore, lookup));
        registry.bind("postSyncHooks", new PostSyncHooks(lookup));
        registry.bind("reportWriter", new ReportWriter());
        registry.bind("failClosed", new FailClosed());
        registry.bind("tablePool", context.getExecutorServiceManager()
                .newFixedThreadPool(this, "table-load", parallelism(lookup.apply("sync.parallelism"))));
        context.getManagementStrategy().addEventNotifier(new StageTimer());
    }

    /** The preflight refuses a bad value with a proper message; here it only must not break start-up. */
    private static int parallelism(String raw) {
        try {
            return Math.max(1, Math.min(64, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            return 3;
        }
    }
}
