package io.stagingsync.plan;

import io.stagingsync.archive.RowEstimate;
import io.stagingsync.run.StreamedSource;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.MaskingSettings;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plan stage: decides, from the archive and the rules alone, what every phase of the restore will do. */
public final class PlanStage {

    private final MaskingSettings masking;

    public PlanStage(MaskingSettings masking) {
        this.masking = masking;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlanStage.class);

    private final Planner planner = new Planner();

    public void plan(SyncRun run) {
        SyncPlan plan = planner.plan(run.backup().archive(), run.rules(), masking);
        Map<String, Long> rows = new HashMap<>();
        StreamedSource live = run.backup().streamed();
        for (TableLoad load : plan.loads()) {
            // a streamed table has no data in the file: the source's statistics estimate it
            rows.put(load.displayName(), live != null && live.streams(load.table()) ? live.estimatedRows(load.table())
                    : RowEstimate.of(run.backup().archive(), load.data()));
        }
        run.rowEstimates(rows);
        run.plan(plan);
        long data = plan.loads().stream().mapToLong(l -> l.data().dataLength()).sum();
        LOG.info("plan: {} tables to load ({} masked, about {} rows, {} KiB of data in the archive), {} excluded, {} "
                + "post-data entries", plan.loads().size(), plan.maskedLoads().size(),
                rows.values().stream().mapToLong(r -> Math.max(0, r)).sum(), (data + 1023) / 1024,
                plan.excluded().size(), plan.postData().size());
    }
}
