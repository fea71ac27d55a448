package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.settings.BuiltInStrategy;
import io.stagingsync.settings.GeneratedColumn;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.TableRule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies the built-in strategies to the archive's columns: unknown columns skipped, a strategy matching nothing
 * refused, a missing salt refused, and a constant written into a unique key refused before anything runs.
 */
final class StrategyExpansion {

    private StrategyExpansion() {
    }

    static void expandAll(Map<QualifiedName, TableRule> ruleByTable, List<TocEntry> entries,
                          Map<QualifiedName, QualifiedName> parentOf, MaskingSettings masking, List<UniqueKey> keys,
                          String file, List<String> problems) {
        for (Map.Entry<QualifiedName, TableRule> e : ruleByTable.entrySet()) {
            TableRule rule = e.getValue();
            if (!rule.isBuiltIn() || rule.isQuery()) {
                continue;
            }
            QualifiedName table = e.getKey();
            List<String> columns = dataColumns(table, entries, ruleByTable.keySet(), parentOf);
            BuiltInStrategy.Expansion expansion = BuiltInStrategy.expand(rule.strategy(), columns, rule.columns(), masking);
            String where = file + ": " + rule.entry();
            if (!expansion.matched()) {
                problems.add(where + ": the built-in strategy '" + rule.strategy() + "' matches no column of " + table
                        + " (it writes " + String.join(", ", expansion.skipped()) + "; the table has " + columns
                        + "): use another strategy or a 'columns:' map");
                continue;
            }
            if (!expansion.salted().isEmpty() && !masking.hasSalt()) {
                problems.add(where + ": the built-in strategy '" + rule.strategy() + "' writes salted pseudonyms into "
                        + expansion.salted() + " and SYNC_ANONYMIZATION_SALT is not set: set it to a long random "
                        + "secret (e.g. `openssl rand -hex 32`) and keep it across runs so that pseudonyms stay stable, "
                        + "or give these columns your own expressions under 'columns:'");
            }
            for (UniqueKey key : keys) {
                if (!table.equals(Planner.firstAncestor(key.table(), ruleByTable.keySet(), parentOf))) {
                    continue;
                }
                for (String column : key.columns()) {
                    GeneratedColumn generated = expansion.generated().get(column);
                    if (generated != null && breaks(generated, key)) {
                        problems.add(where + ": the built-in strategy '" + rule.strategy() + "' can write the same "
                                + "value into " + column + " for different rows, but " + key.name() + " on "
                                + key.table() + " requires distinct values: give " + column + " a unique expression "
                                + "under 'columns:' (e.g. \"'x' || id\")");
                    }
                }
            }
            e.setValue(rule.expanded(expansion));
        }
    }

    private static boolean breaks(GeneratedColumn generated, UniqueKey key) {
        return generated.alwaysNull() ? key.nullsNotDistinct() : !generated.unique();
    }

    /** The columns the archive holds data for: the table's own data, else the first of its partitions or children. */
    private static List<String> dataColumns(QualifiedName table, List<TocEntry> entries, Set<QualifiedName> ruled,
                                            Map<QualifiedName, QualifiedName> parentOf) {
        TocEntry fallback = null;
        for (TocEntry data : entries) {
            if (!data.isTableData() || data.copyStmt() == null) {
                continue;
            }
            QualifiedName name = new QualifiedName(data.namespace(), data.tag());
            if (name.equals(table)) {
                return QualifiedName.columnList(data.copyStmt());
            }
            if (fallback == null && table.equals(Planner.firstAncestor(name, ruled, parentOf))) {
                fallback = data;
            }
        }
        return fallback == null ? List.of() : QualifiedName.columnList(fallback.copyStmt());
    }
}
