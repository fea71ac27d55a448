package io.stagingsync.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.InflightRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM or SIGINT (container stop, Ctrl-C) during a one-shot run: the JVM's shutdown waits while the run cancels its
 * pg_restore / pg_dump processes and SQL and fails closed, up to a bound, instead of dying with the target half-done.
 */
public final class GracefulStop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    private final Supplier<SyncRun> run;
    private final Duration patience;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook = new Thread(this::stop, "graceful-stop");

    private GracefulStop(Supplier<SyncRun> run, Duration patience) {
        this.run = run;
        this.patience = patience;
    }

    /** @param run the run in progress (null before it began) */
    public static GracefulStop install(Supplier<SyncRun> run, Duration patience) {
        GracefulStop stop = new GracefulStop(run, patience);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    private void stop() {
        SyncRun current = run.get();
        if (current == null || finished.getCount() == 0) {
            return;
        }
        announce(current, current.cancel(StopSignal.name()));
        try {
            if (!finished.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("sync {} did not finish its rollback within {} s; the next run cleans up what is left",
                        current.getId(), patience.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * `serve` being stopped: every sync in flight is stopped the same way; Camel's graceful shutdown
     * (camel.main.shutdown-timeout) then waits for their rollbacks.
     */
    public static void stopInflight(CamelContext context) {
        for (InflightRepository.InflightExchange inflight : context.getInflightRepository().browse()) {
            SyncRun run = inflight.getExchange().getProperty("run", SyncRun.class);
            if (run != null && run.status() == SyncRun.Status.RUNNING) {
                announce(run, run.cancel(StopSignal.name()));
            }
        }
    }

    private static void announce(SyncRun run, SyncRun.Cancel outcome) {
        switch (outcome) {
            case ACCEPTED -> LOG.warn("{}: sync {} is cancelled during stage {} and rolled back", StopSignal.name(),
                    run.getId(), run.failedStageOrCurrent());
            case TOO_LATE_PUBLISHING -> LOG.warn("{}: sync {} is publishing; it ends as its publish does",
                    StopSignal.name(), run.getId());
            default -> LOG.warn("{}: sync {} is already ending", StopSignal.name(), run.getId());
        }
    }

    /** Closes the hook once the run has ended (its rollback included). */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it sees the run finished and returns
        }
    }
}
