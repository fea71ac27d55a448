package io.stagingsync.settings;

/**
 * How the target is replaced: a renamed copy ({@code swap}), timestamped copies of which the last few are kept
 * ({@code copies}), or the same database cleaned ({@code in-place}).
 */
public enum TargetMode {
    AUTO("auto"), SWAP("swap"), COPIES("copies"), IN_PLACE("in-place");

    private final String label;

    TargetMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the run restores into a database of its own, created from the maintenance database. */
    public boolean ownDatabase() {
        return this == SWAP || this == COPIES;
    }

    public static TargetMode parse(String raw) {
        for (TargetMode m : values()) {
            if (m.label.equalsIgnoreCase(raw.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("SYNC_TARGET_MODE=" + raw + " is not one of auto, swap, copies, in-place");
    }
}
