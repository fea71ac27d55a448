package io.stagingsync.run;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One sync at a time in this process, whoever triggers it (ops API, schedule, command line), and which one runs. */
public final class RunGate {

    private static final Logger LOG = LoggerFactory.getLogger(RunGate.class);

    private final AtomicReference<String> claimed = new AtomicReference<>();
    private volatile SyncRun current;
    private final List<Consumer<SyncRun>> startListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> endListeners = new CopyOnWriteArrayList<>();

    /** Reserves the gate for a new run; its id, or empty while another run holds the gate. */
    public Optional<String> tryClaim() {
        String id = RunLifecycle.newId();
        return claimed.compareAndSet(null, id) ? Optional.of(id) : Optional.empty();
    }

    /**
     * True when the exchange may run a sync: it already holds the gate (the ops API claimed it to answer 202), or
     * the gate was free and is now claimed for it. A trigger that finds a run in progress is skipped, not queued.
     */
    public boolean admit(Exchange exchange) {
        String id = exchange.getProperty(RunLifecycle.RUN_ID_PROPERTY, String.class);
        if (id != null && id.equals(claimed.get())) {
            return true;
        }
        Optional<String> fresh = tryClaim();
        if (fresh.isEmpty()) {
            LOG.warn("sync {} is still running: this trigger is skipped", claimed.get());
            return false;
        }
        exchange.setProperty(RunLifecycle.RUN_ID_PROPERTY, fresh.get());
        return true;
    }

    /** The pipeline created the run's state: watchers can now read it. */
    public void started(SyncRun run) {
        if (run.getId().equals(claimed.get())) {
            current = run;
            startListeners.forEach(listener -> listener.accept(run));
        }
    }

    /** The run is over (report and history written): frees the gate and tells the watchers. */
    public void release(Exchange exchange) {
        String id = exchange.getProperty(RunLifecycle.RUN_ID_PROPERTY, String.class);
        if (id != null && claimed.compareAndSet(id, null)) {
            current = null;
            endListeners.forEach(listener -> listener.accept(id));
        }
    }

    /** The id of the run holding the gate, if any. */
    public Optional<String> claimedId() {
        return Optional.ofNullable(claimed.get());
    }

    /** The live state of the run in progress, if any. */
    public Optional<SyncRun> current() {
        return Optional.ofNullable(current);
    }

    /** The live state of run {@code id} while it runs. */
    public Optional<SyncRun> running(String id) {
        SyncRun run = current;
        return run != null && run.getId().equals(id) ? Optional.of(run) : Optional.empty();
    }

    /** Watchers told when a run's state exists, and when the run is over; both quick, neither may throw. */
    public void onStart(Consumer<SyncRun> listener) {
        startListeners.add(listener);
    }

    public void removeStartListener(Consumer<SyncRun> listener) {
        startListeners.remove(listener);
    }

    public void onEnd(Consumer<String> listener) {
        endListeners.add(listener);
    }

    public void removeEndListener(Consumer<String> listener) {
        endListeners.remove(listener);
    }

    /**
     * Stops the pipeline at the next stage boundary once the run was cancelled; the failure goes through the usual
     * fail-closed handling.
     */
    public void stopIfCancelled(SyncRun run) {
        if (run != null) {
            run.control().ensureRunning();
        }
    }
}
