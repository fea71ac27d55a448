package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.settings.TableRule;
import java.util.List;
import java.util.Map;

/**
 * What the run will do with the archive, decided before the target is touched.
 *
 * @param loads         table data to load, largest first
 * @param otherData     data entries restored by pg_restore itself (sequence values, large objects)
 * @param postData      post-data entries (indexes, constraints, triggers, materialized view data)
 * @param deferredKeys  foreign keys to excluded tables, added NOT VALID after post-data
 * @param excluded      tables whose data is not copied
 * @param ruled         each table named by a rule, with its rule (partitions and children inherit it)
 * @param extensions    the archive's extensions and the tables and sequences they own
 */
public record SyncPlan(
        List<TocEntry> preData,
        List<TableLoad> loads,
        List<TocEntry> otherData,
        List<TocEntry> postData,
        List<TocEntry> deferredKeys,
        List<QualifiedName> excluded,
        Map<QualifiedName, TableRule> ruled,
        ExtensionTables extensions) {

    public SyncPlan(List<TocEntry> preData, List<TableLoad> loads, List<TocEntry> otherData, List<TocEntry> postData,
                    List<TocEntry> deferredKeys, List<QualifiedName> excluded, Map<QualifiedName, TableRule> ruled) {
        this(preData, loads, otherData, postData, deferredKeys, excluded, ruled, ExtensionTables.none());
    }

    /** True for a table whose definition and own rows are its extension's (only user-added rows are the archive's). */
    public boolean extensionOwned(QualifiedName table) {
        return extensions.tables().contains(table);
    }

    public List<TableLoad> maskedLoads() {
        return loads.stream().filter(TableLoad::masked).toList();
    }
}
