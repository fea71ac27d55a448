package io.stagingsync.settings;

import io.stagingsync.run.RefusedException;
import java.util.function.Function;

/**
 * How swap mode replaces the target.
 *
 * @param maintenanceDatabase the database connected to while the target is created, renamed or dropped
 * @param keepPrevious        true: the replaced copy stays as {@code <db>_previous} until the next swap
 */
public record SwapSettings(String maintenanceDatabase, boolean keepPrevious) {

    public static SwapSettings load(Function<String, String> lookup) {
        String maintenance = trimmed(lookup.apply("sync.target.maintenance-database"));
        String keep = trimmed(lookup.apply("sync.swap.keep-previous"));
        if (!keep.isEmpty() && !keep.equalsIgnoreCase("true") && !keep.equalsIgnoreCase("false")) {
            throw new RefusedException("SYNC_SWAP_KEEP_PREVIOUS=" + keep + " must be true or false");
        }
        return new SwapSettings(maintenance.isEmpty() ? "postgres" : maintenance, keep.equalsIgnoreCase("true"));
    }

    private static String trimmed(String raw) {
        return raw == null ? "" : raw.trim();
    }
}
