package io.stagingsync.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Live progress of a run, read by whoever watches it (logs, ops API, notifications) while stages update it. */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    /**
     * One reading of the progress.
     *
     * @param bytesTotal        expected size of the transfer, 0 when unknown
     * @param bytesPerSecond    average transfer rate since it started
     * @param etaSeconds        seconds left in the transfer, -1 when unknown
     */
    public record Snapshot(
            String stage,
            long bytesDone,
            long bytesTotal,
            long bytesPerSecond,
            long etaSeconds,
            int tablesDone,
            int tablesTotal,
            long rowsLoaded) {

        /** Percentage of the transfer done, -1 when its size is unknown. */
        public int percent() {
            return bytesTotal <= 0 ? -1 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
        }
    }

    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private volatile Instant transferStart;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger tablesTotal = new AtomicInteger();
    private final AtomicLong rowsLoaded = new AtomicLong();
    private volatile String stage = "";
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    /** Starts (or restarts, for a retried download) a transfer of {@code total} bytes, 0 when unknown. */
    public void transferStarted(long total) {
        bytesTotal.set(Math.max(0, total));
        bytesDone.set(0);
        transferStart = Instant.now();
    }

    /** Counts bytes received; cheap, so it can be called per buffer. Listeners are told through {@link #publish()}. */
    public void transferred(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    public void tablesPlanned(int total) {
        tablesTotal.set(total);
    }

    public void tableDone(long rows) {
        tablesDone.incrementAndGet();
        rowsLoaded.addAndGet(rows);
        publish();
    }

    public void stage(String name) {
        stage = name;
        publish();
    }

    /** Registers a listener told of every published change; it must be quick and must not throw. */
    public void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Snapshot> listener) {
        listeners.remove(listener);
    }

    /** Tells the listeners the current reading; transfers call it at a bounded rate. */
    public void publish() {
        Snapshot now = snapshot();
        for (Consumer<Snapshot> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                // a watcher's failure must never fail the sync it watches
                LOG.debug("progress listener failed: {}", e.toString());
            }
        }
    }

    public Snapshot snapshot() {
        long done = bytesDone.get();
        long total = bytesTotal.get();
        Instant start = transferStart;
        long rate = 0;
        long eta = -1;
        if (start != null) {
            long ms = Math.max(1, Duration.between(start, Instant.now()).toMillis());
            rate = done * 1000 / ms;
            if (total > 0 && rate > 0) {
                eta = Math.max(0, total - done) / rate;
            }
        }
        return new Snapshot(stage, done, total, rate, eta, tablesDone.get(), tablesTotal.get(), rowsLoaded.get());
    }
}
