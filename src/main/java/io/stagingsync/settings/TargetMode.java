package io.stagingsync.settings;

/** How the target is replaced: a renamed copy ({@code swap}) or the same database cleaned ({@code in-place}). */
public enum TargetMode {
    AUTO("auto"), SWAP("swap"), IN_PLACE("in-place");

    private final String label;

    TargetMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static TargetMode parse(String raw) {
        for (TargetMode m : values()) {
            if (m.label.equalsIgnoreCase(raw.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("SYNC_TARGET_MODE=" + raw + " is not one of auto, swap, in-place");
    }
}
