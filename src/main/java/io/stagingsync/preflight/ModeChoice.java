package io.stagingsync.preflight;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.TargetMode;

/** Turns SYNC_TARGET_MODE and the role's privileges into the mode a run uses, with the reason. */
public final class ModeChoice {

    /** The chosen mode and why, as the report states it. */
    public record Choice(TargetMode mode, String reason) {
    }

    private ModeChoice() {
    }

    /**
     * {@code restore-test} works like a swap that never publishes: it creates its own database, so it needs CREATEDB
     * (not the target's ownership: nothing is renamed), whatever SYNC_TARGET_MODE says.
     */
    public static Choice forRestoreTest(String role, boolean createdb) {
        if (!createdb) {
            throw new RefusedException("restore-test restores into a temporary database and the role " + role
                    + " has no CREATEDB: run it with a role that may create databases on the target's server");
        }
        return new Choice(TargetMode.SWAP, "restore-test: a temporary database, the target untouched");
    }

    /**
     * Swap and copies need CREATEDB (to create {@code <db>_next}, {@code <db>_<UTC time>}) and ownership of the target
     * (to rename it and end its sessions); either asked for without them is refused rather than silently done in place.
     */
    public static Choice choose(TargetMode requested, String role, String database, boolean createdb, boolean owner) {
        String missing = !createdb ? "the role " + role + " has no CREATEDB"
                : !owner ? "the role " + role + " does not own the database " + database : null;
        return switch (requested) {
            case IN_PLACE -> new Choice(TargetMode.IN_PLACE, "SYNC_TARGET_MODE=in-place");
            case SWAP, COPIES -> {
                if (missing != null) {
                    throw new RefusedException("SYNC_TARGET_MODE=" + requested.label() + " needs a role with CREATEDB "
                            + "that owns the target, and " + missing + ": use SYNC_TARGET_MODE=in-place (or auto), "
                            + "or grant it");
                }
                yield new Choice(requested, "SYNC_TARGET_MODE=" + requested.label());
            }
            case AUTO -> missing == null
                    ? new Choice(TargetMode.SWAP, "auto: the role " + role + " can create databases and owns " + database)
                    : new Choice(TargetMode.IN_PLACE, "auto: " + missing);
        };
    }
}
