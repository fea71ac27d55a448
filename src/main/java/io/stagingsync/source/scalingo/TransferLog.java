package io.stagingsync.source.scalingo;

import io.stagingsync.run.Progress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs and publishes a transfer's progress (bytes, %, rate, time left) at most once per interval. */
final class TransferLog {

    private static final Logger LOG = LoggerFactory.getLogger(TransferLog.class);

    private final Progress progress;
    private final String name;
    private final long intervalNanos;
    private long last = System.nanoTime();

    TransferLog(Progress progress, String name, Duration interval) {
        this.progress = progress;
        this.name = name;
        this.intervalNanos = interval.toNanos();
    }

    void tick() {
        long now = System.nanoTime();
        if (now - last >= intervalNanos) {
            last = now;
            log("downloading");
            progress.publish();
        }
    }

    void done() {
        log("downloaded");
        progress.publish();
    }

    private void log(String verb) {
        Progress.Snapshot s = progress.snapshot();
        StringBuilder line = new StringBuilder(verb).append(' ').append(name).append(": ").append(mib(s.bytesDone()));
        if (s.bytesTotal() > 0) {
            line.append(" of ").append(mib(s.bytesTotal())).append(" (").append(s.percent()).append("%)");
        }
        line.append(", ").append(mib(s.bytesPerSecond())).append("/s");
        if (s.etaSeconds() > 0) {
            line.append(", about ").append(s.etaSeconds()).append(" s left");
        }
        LOG.info("{}", line);
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
