package io.stagingsync.anonymize;

import java.util.ArrayList;
import java.util.List;

/** The time each step of one table's masking took, in order, for the log line that says where its time went. */
final class StepClock {

    private final List<String> steps = new ArrayList<>();
    private long last = System.nanoTime();

    /** Ends the step running since the previous mark (or since the clock started) under this name. */
    void mark(String step) {
        long now = System.nanoTime();
        steps.add(step + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return String.join(", ", steps);
    }
}
