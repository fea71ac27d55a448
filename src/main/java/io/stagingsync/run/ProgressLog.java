package io.stagingsync.run;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells where the running sync's load is, at a steady pace: in the log, and to the event streams (a fresh ETA). */
public final class ProgressLog {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final RunGate gate;

    public ProgressLog(RunGate gate) {
        this.gate = gate;
    }

    public void tick() {
        gate.current().filter(run -> run.status() == SyncRun.Status.RUNNING).ifPresent(run -> {
            Progress progress = run.progress();
            if ("load-data".equals(progress.snapshot().stage())) {
                LOG.info("{}", progress.describe());
            }
            progress.publish();
        });
    }
}
