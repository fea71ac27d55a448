package io.stagingsync.run;

import java.time.Instant;

/**
 * One copy of the target in copies mode, as the server lists it.
 *
 * @param name      the database's name: {@code <db>} for the live one, {@code <db>_<UTC time>} for the others
 * @param createdAt when its run began restoring it (for a database adopted from before copies mode: the second
 *                  before the copy that replaced it); null when unknown
 * @param sizeBytes its size on disk; null when the role may not read it
 * @param state     live (the staging app reads it), kept (a verified earlier copy), restoring (a run is filling it)
 */
public record TargetCopy(String name, Instant createdAt, Long sizeBytes, State state) {

    /** Where a copy stands. */
    public enum State {
        LIVE, KEPT, RESTORING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean live() {
        return state == State.LIVE;
    }
}
