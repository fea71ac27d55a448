package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.settings.TableRule;
import java.util.List;

/**
 * The data of one table (or partition) to load: copied as it is, or masked through a session-private copy.
 *
 * @param table     the table the rows go to
 * @param columns   the columns the archive holds data for, in COPY order
 * @param rule      the anonymization rule, or null for a table copied as it is
 * @param ruleTable the name the rule's SQL uses for the table (the partitioned parent for a partition)
 * @param uniqueKeys the table's unique keys that involve a masked column, checked before the masked rows commit
 * @param references what the rule's SQL names outside pg_catalog: it runs on the raw rows
 */
public record TableLoad(TocEntry data, QualifiedName table, List<String> columns, TableRule rule, String ruleTable,
                        List<UniqueKey> uniqueKeys, RuleReferences references) {

    public TableLoad(TocEntry data, QualifiedName table, List<String> columns, TableRule rule, String ruleTable) {
        this(data, table, columns, rule, ruleTable, List.of(), RuleReferences.NONE);
    }

    public boolean masked() {
        return rule != null;
    }

    public String displayName() {
        return table.toString();
    }
}
