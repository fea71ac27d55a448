package io.stagingsync.run;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
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
     * @param sequence       grows with every published reading: the event id a late client resumes from
     * @param bytesTotal     expected size of the download, 0 when unknown
     * @param bytesPerSecond average download rate since it started
     * @param etaSeconds     seconds left in the download, -1 when unknown
     * @param dataBytesTotal the archive's table data (its TOC's sizes), 0 before the plan
     * @param dataBytesDone  of it, the tables loaded so far
     * @param rowsTotal      the archive's rows as the plan estimated them, 0 before the plan
     * @param runPercent     the whole run: the download and the load by their bytes, -1 when nothing is known yet
     * @param runEtaSeconds  seconds left in the whole run at the pace so far, -1 when unknown
     */
    public record Snapshot(
            long sequence,
            String stage,
            long bytesDone,
            long bytesTotal,
            long bytesPerSecond,
            long etaSeconds,
            int tablesDone,
            int tablesTotal,
            List<String> tablesInFlight,
            long rowsLoaded,
            long rowsTotal,
            long dataBytesDone,
            long dataBytesTotal,
            int runPercent,
            long runEtaSeconds) {

        /** Percentage of the download done, -1 when its size is unknown. */
        public int percent() {
            return bytesTotal <= 0 ? -1 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
        }
    }

    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong bytesTotal = new AtomicLong();
    private volatile long transferStartNanos;
    private volatile long workStartNanos;
    private final AtomicInteger tablesDone = new AtomicInteger();
    private final AtomicInteger tablesTotal = new AtomicInteger();
    private final Set<String> inFlight = new ConcurrentSkipListSet<>();
    private final AtomicLong rowsLoaded = new AtomicLong();
    private final AtomicLong rowsTotal = new AtomicLong();
    private final AtomicLong dataBytesDone = new AtomicLong();
    private final AtomicLong dataBytesTotal = new AtomicLong();
    private volatile String stage = "";
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    /** Starts (or restarts, for a retried download) a transfer of {@code total} bytes, 0 when unknown. */
    public void transferStarted(long total) {
        bytesTotal.set(Math.max(0, total));
        bytesDone.set(0);
        transferStartNanos = System.nanoTime();
        workStarted();
    }

    /** Counts bytes received; cheap, so it can be called per buffer. Listeners are told through {@link #publish()}. */
    public void transferred(long bytes) {
        bytesDone.addAndGet(bytes);
    }

    /** The plan: {@code tables} to load, holding {@code dataBytes} of the archive's data and about {@code rows}. */
    public void loadPlanned(int tables, long dataBytes, long rows) {
        tablesTotal.set(tables);
        rowsTotal.set(Math.max(0, rows));
        dataBytesTotal.set(Math.max(0, dataBytes));
        workStarted();
    }

    public void tableStarted(String table) {
        inFlight.add(table);
        publish();
    }

    /** A table committed: its rows, and its share of the archive's data. */
    public void tableDone(String table, long rows, long dataBytes) {
        inFlight.remove(table);
        tablesDone.incrementAndGet();
        rowsLoaded.addAndGet(rows);
        dataBytesDone.addAndGet(dataBytes);
        publish();
    }

    /** A table's load ended without committing. */
    public void tableAbandoned(String table) {
        inFlight.remove(table);
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
        sequence.incrementAndGet();
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
        long now = System.nanoTime();
        long done = bytesDone.get();
        long total = bytesTotal.get();
        long start = transferStartNanos;
        long rate = 0;
        long eta = -1;
        if (start != 0) {
            long ms = Math.max(1, (now - start) / 1_000_000);
            rate = done * 1000 / ms;
            if (total > 0 && rate > 0) {
                eta = Math.max(0, total - done) / rate;
            }
        }
        long data = dataBytesTotal.get();
        long dataDone = dataBytesDone.get();
        // until the plan knows the table data, it is taken to be about the download's size
        double work = data > 0 ? total + data : 2.0 * total;
        double workDone = Math.min(done, total) + dataDone;
        int runPercent = work <= 0 ? -1 : (int) Math.min(99, workDone * 100 / work);
        long runEta = -1;
        if (work > 0 && workDone > 0 && workStartNanos != 0) {
            double elapsed = (now - workStartNanos) / 1e9;
            runEta = Math.round(elapsed * (work - workDone) / workDone);
        }
        return new Snapshot(sequence.get(), stage, done, total, rate, eta, tablesDone.get(), tablesTotal.get(),
                List.copyOf(inFlight), rowsLoaded.get(), rowsTotal.get(), dataDone, data, runPercent, runEta);
    }

    private void workStarted() {
        if (workStartNanos == 0) {
            workStartNanos = System.nanoTime();
        }
    }

    /** The load as a log line: tables done and in flight, against the archive's totals, and the run's time left. */
    public String describe() {
        Snapshot s = snapshot();
        return s.stage() + ": " + s.tablesDone() + " of " + s.tablesTotal() + " tables, " + mib(s.dataBytesDone())
                + " of " + mib(s.dataBytesTotal()) + " of table data, " + String.format(Locale.ROOT, "%,d", s.rowsLoaded())
                + " of about " + String.format(Locale.ROOT, "%,d", s.rowsTotal()) + " rows"
                + (s.tablesInFlight().isEmpty() ? "" : "; loading " + String.join(", ", s.tablesInFlight()))
                + "; the run " + (s.runPercent() < 0 ? "has just begun" : "is " + s.runPercent() + "% done"
                + (s.runEtaSeconds() < 0 ? "" : ", about " + s.runEtaSeconds() + " s left"));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
