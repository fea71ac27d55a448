package io.stagingsync.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.stagingsync.report.History;
import io.stagingsync.run.Command;
import io.stagingsync.run.StageTiming;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TableResult;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prometheus figures of the syncs (outcomes, stage durations, bytes, rows, leak check, last success), per run. */
public final class SyncMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(SyncMetrics.class);

    private final Supplier<MeterRegistry> registry;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong lastSurvivors = new AtomicLong();
    private volatile boolean gaugesRegistered;

    /** The registry is looked up when first needed: it exists only when `serve` turns metrics on. */
    public SyncMetrics(CamelContext context) {
        this.registry = () -> CamelContextHelper.findSingleByType(context, MeterRegistry.class);
    }

    public void record(SyncRun run) {
        MeterRegistry meters = registry.get();
        if (meters == null || run == null) {
            return;
        }
        registerGauges(meters);
        String command = run.isPlanOnly() ? "plan" : run.getCommand().label();
        Counter.builder("staging.sync.runs").description("Syncs by command and outcome")
                .tag("command", command).tag("outcome", run.status().name().toLowerCase())
                .register(meters).increment();
        if (run.getCommand() != Command.RUN || run.isPlanOnly()) {
            return;
        }
        for (StageTiming stage : run.stages()) {
            Timer.builder("staging.sync.stage.duration").description("Duration of each stage of a sync")
                    .tag("stage", stage.name()).register(meters).record(Duration.ofMillis(stage.durationMs()));
        }
        Counter.builder("staging.sync.downloaded").baseUnit("bytes").description("Backup bytes downloaded")
                .register(meters).increment(run.progress().snapshot().bytesDone());
        long restored = 0;
        long masked = 0;
        long survivors = 0;
        for (TableResult table : run.results().tables().values()) {
            restored += table.rows();
            if (!table.maskedColumns().isEmpty()) {
                masked += table.rows();
                survivors += table.totalSurvivors();
            }
        }
        Counter.builder("staging.sync.rows.restored").description("Rows committed into the target")
                .register(meters).increment(restored);
        Counter.builder("staging.sync.rows.masked").description("Rows committed after masking")
                .register(meters).increment(masked);
        lastSurvivors.set(survivors);
        if (run.status() == SyncRun.Status.SUCCESS && run.finishedAt() != null) {
            lastSuccess.set(run.finishedAt().getEpochSecond());
        }
    }

    /**
     * After a restart: the last success known from the kept history, so that an alert on its age does not fire
     * (or go blind) just because the process is new. No-op where metrics are off.
     */
    public void seed(History history) {
        MeterRegistry meters = registry.get();
        if (meters == null) {
            return;
        }
        registerGauges(meters);
        List<Map<String, Object>> runs;
        try {
            runs = history.list();
        } catch (RuntimeException e) {
            LOG.warn("the last success is unknown until the next sync: the history cannot be read: {}", e.getMessage());
            return;
        }
        for (Map<String, Object> summary : runs) {
            if ("run".equals(summary.get("command")) && "success".equals(summary.get("status"))
                    && summary.get("finished_at") instanceof String finished) {
                try {
                    lastSuccess.compareAndSet(0, Instant.parse(finished).getEpochSecond());
                } catch (DateTimeParseException e) {
                    continue;
                }
                return;
            }
        }
    }

    private synchronized void registerGauges(MeterRegistry meters) {
        if (gaugesRegistered) {
            return;
        }
        gaugesRegistered = true;
        meters.gauge("staging.sync.last.success.timestamp.seconds", lastSuccess, AtomicLong::doubleValue);
        meters.gauge("staging.sync.leak.check.survivors", lastSurvivors, AtomicLong::doubleValue);
    }
}
