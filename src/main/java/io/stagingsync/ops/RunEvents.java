package io.stagingsync.ops;

import io.stagingsync.report.History;
import io.stagingsync.report.RunHistory;
import io.stagingsync.run.Progress;
import io.stagingsync.run.RunGate;
import io.stagingsync.run.SyncRun;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Connects one run's progress and end to a server-sent events stream, from whenever the client joins. */
final class RunEvents {

    /** The end event's id: a client that saw it has seen everything. */
    static final String END_ID = "end";

    private final String id;
    private final RunGate gate;
    private final History history;
    private final EventStream stream;
    private final AtomicReference<SyncRun> run = new AtomicReference<>();
    private final AtomicBoolean over = new AtomicBoolean();
    private final Consumer<Progress.Snapshot> onProgress = this::progress;
    private final Consumer<SyncRun> onStart = this::attach;
    private final Consumer<String> onEnd = this::end;

    private RunEvents(String id, RunGate gate, History history) {
        this.id = id;
        this.gate = gate;
        this.history = history;
        this.stream = new EventStream(this::detach);
    }

    /** Events of run {@code id}: a {@code progress} event per change, then {@code end} with the outcome. */
    static EventStream follow(String id, RunGate gate, History history) {
        RunEvents events = new RunEvents(id, gate, history);
        // listeners first, then the state: a run that starts or ends in between is seen either way
        gate.onStart(events.onStart);
        gate.onEnd(events.onEnd);
        gate.running(id).ifPresent(events::attach);
        if (gate.claimedId().filter(id::equals).isEmpty()) {
            events.end(id);
        }
        return events.stream;
    }

    private void attach(SyncRun started) {
        if (started.getId().equals(id) && run.compareAndSet(null, started)) {
            started.progress().onChange(onProgress);
            progress(started.progress().snapshot());
        }
    }

    private void progress(Progress.Snapshot now) {
        SyncRun current = run.get();
        if (current != null) {
            stream.event("progress", Long.toString(now.sequence()), SyncView.live(current, now));
        }
    }

    private void end(String ended) {
        if (!ended.equals(id) || !over.compareAndSet(false, true)) {
            return;
        }
        detach();
        SyncRun current = run.get();
        Map<String, Object> outcome = current != null ? RunHistory.summary(current)
                : history.findSummary(id).orElse(Map.of("id", id, "status", "unknown"));
        stream.last("end", END_ID, outcome);
    }

    private void detach() {
        gate.removeStartListener(onStart);
        gate.removeEndListener(onEnd);
        SyncRun current = run.get();
        if (current != null) {
            current.progress().removeListener(onProgress);
        }
    }
}
