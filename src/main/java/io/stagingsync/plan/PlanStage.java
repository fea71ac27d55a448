package io.stagingsync.plan;

import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.MaskingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plan stage: decides, from the archive and the rules alone, what every phase of the restore will do. */
public final class PlanStage {

    private static final Logger LOG = LoggerFactory.getLogger(PlanStage.class);

    private final Planner planner = new Planner();

    public void plan(SyncRun run) {
        SyncPlan plan = planner.plan(run.archive(), run.rules(),
                run.masking() == null ? MaskingSettings.unsalted() : run.masking());
        run.plan(plan);
        LOG.info("plan: {} tables to load ({} masked), {} excluded, {} post-data entries",
                plan.loads().size(), plan.maskedLoads().size(), plan.excluded().size(), plan.postData().size());
    }
}
