package io.stagingsync.settings;

/**
 * How swap and copies modes replace the target.
 *
 * @param maintenanceDatabase the database connected to while the target is created, renamed or dropped
 * @param keepPrevious        true: the replaced copy stays as {@code <db>_previous} until the next swap
 * @param copiesKeep          copies mode: how many copies are kept after a successful run, the live one included
 */
public record SwapSettings(String maintenanceDatabase, boolean keepPrevious, int copiesKeep) {

    static SwapSettings load(SettingValues v) {
        return new SwapSettings(v.text("sync.target.maintenance-database", "postgres"),
                v.flag("sync.swap.keep-previous", false), v.number("sync.copies.keep", 3, 1, 1000));
    }
}
