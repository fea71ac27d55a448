package io.stagingsync.settings;

/**
 * How swap mode replaces the target.
 *
 * @param maintenanceDatabase the database connected to while the target is created, renamed or dropped
 * @param keepPrevious        true: the replaced copy stays as {@code <db>_previous} until the next swap
 */
public record SwapSettings(String maintenanceDatabase, boolean keepPrevious) {

    static SwapSettings load(SettingValues v) {
        return new SwapSettings(v.text("sync.target.maintenance-database", "postgres"),
                v.flag("sync.swap.keep-previous", false));
    }
}
