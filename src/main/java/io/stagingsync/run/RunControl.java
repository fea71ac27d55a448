package io.stagingsync.run;

import io.stagingsync.failure.SyncFailure;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;

/**
 * How a run is stopped: the work running on other threads and the way to stop each, the abort that refuses new
 * work, the publish that can no longer be interrupted, and what the run holds until it ends (its lock).
 */
public final class RunControl {

    /** Work registered with {@link #startWork}; closing it says the work has ended. */
    public interface Work extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<Object, Runnable> activeWork = new ConcurrentHashMap<>();
    private final Deque<AutoCloseable> held = new ConcurrentLinkedDeque<>();
    private volatile boolean aborted;
    private volatile String cancelledBy;
    private volatile String cancelledDuring;
    private boolean publishing;

    /**
     * Registers work running on another thread (a table load) with the way to stop it; close the returned handle
     * when the work ends. Refused once the run is aborted.
     */
    public Work startWork(Runnable cancel) {
        Object key = new Object();
        activeWork.put(key, cancel);
        // registered before the check: an abort in between either sees this work or is seen here
        if (aborted) {
            activeWork.remove(key);
            throw new SyncFailure(abortMessage());
        }
        return () -> activeWork.remove(key);
    }

    public boolean isAborted() {
        return aborted;
    }

    /** Stops the work still running after a failure and waits (bounded) for it to end, before the rollback. */
    public void abortActiveWork(Duration patience) throws InterruptedException {
        aborted = true;
        activeWork.values().forEach(Runnable::run);
        long deadline = System.nanoTime() + patience.toNanos();
        while (!activeWork.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Fails when the run was stopped or aborted: called before a step that cannot be cancelled once begun. */
    public void ensureRunning() {
        if (aborted) {
            throw new SyncFailure(abortMessage());
        }
    }

    /** The publish begins: from now on the run is never cancelled, it ends as the swap does. */
    public void beginPublish() {
        synchronized (this) {
            if (!aborted) {
                publishing = true;
                return;
            }
        }
        throw new SyncFailure(abortMessage());
    }

    /** Keeps a resource (the run's lock) until the run is finished; released last, newest first. */
    public void hold(AutoCloseable resource) {
        held.push(resource);
    }

    /** Releases what {@link #hold} kept; a resource that fails to close does not keep the others. */
    void releaseHeld(Consumer<String> note) {
        for (AutoCloseable r = held.poll(); r != null; r = held.poll()) {
            try {
                r.close();
            } catch (Exception e) {
                note.accept("releasing " + r + " failed: " + e.getMessage());
            }
        }
    }

    /** Takes a cancel of a run still running in {@code stage}; the caller stops the work once this returned null. */
    synchronized SyncRun.Cancel cancel(String by, String stage, boolean running) {
        if (publishing) {
            return SyncRun.Cancel.TOO_LATE_PUBLISHING;
        }
        if (cancelledBy != null) {
            return SyncRun.Cancel.ALREADY_CANCELLING;
        }
        if (!running || aborted) {
            return SyncRun.Cancel.ENDING;
        }
        cancelledBy = by;
        cancelledDuring = stage;
        aborted = true;
        return null;
    }

    void stopWork() {
        activeWork.values().forEach(Runnable::run);
    }

    /** Who cancelled the run ("operator", "SIGTERM", "SIGINT", "shutdown"); null unless a cancel was accepted. */
    public String cancelledBy() {
        return cancelledBy;
    }

    /** The stage a cancel reached; null without one. */
    String cancelledDuring() {
        return cancelledDuring;
    }

    /** What a cancelled run says: by whom, and during which stage. */
    public String cancelMessage() {
        String who = switch (cancelledBy) {
            case "operator" -> "an operator";
            case "shutdown" -> "the process being stopped";
            default -> cancelledBy;
        };
        return "cancelled by " + who + (cancelledDuring == null ? "" : " during stage " + cancelledDuring);
    }

    private String abortMessage() {
        return cancelledBy != null ? cancelMessage() : "the sync was cancelled: it failed elsewhere";
    }
}
