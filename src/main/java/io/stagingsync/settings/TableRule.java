package io.stagingsync.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the rules file's {@code tables:} list, with any custom strategy already expanded into columns.
 *
 * @param entry     how messages name this entry, e.g. {@code tables[2] (customers)}
 * @param columns   column → SQL expression evaluated on the raw row (empty for a query rule); for a built-in strategy
 *                  the entry's own overrides until the plan expands it against the archive's columns
 * @param queries   SQL statements run against the session-private copy (empty for a columns rule)
 * @param generated for a built-in strategy, what each column it writes must look like after masking
 * @param skipped   columns a built-in strategy knows that the table's data does not hold
 */
public record TableRule(
        String entry,
        TableName table,
        String strategy,
        Map<String, String> columns,
        List<String> queries,
        String condition,
        Map<String, String> label,
        Map<String, GeneratedColumn> generated,
        List<String> skipped) {

    public TableRule(String entry, TableName table, String strategy, Map<String, String> columns, List<String> queries,
                     String condition, Map<String, String> label) {
        this(entry, table, strategy, columns, queries, condition, label, Map.of(), List.of());
    }

    public boolean isQuery() {
        return !queries.isEmpty();
    }

    public boolean isBuiltIn() {
        return strategy != null && BuiltInStrategy.NAMES.contains(strategy);
    }

    /** How the report names the rule: {@code columns}, {@code query} or {@code strategy:<name>}. */
    public String kind() {
        return isQuery() ? "query" : strategy != null ? "strategy:" + strategy : "columns";
    }

    /** This built-in rule as applied to the archive's columns. */
    public TableRule expanded(BuiltInStrategy.Expansion expansion) {
        return new TableRule(entry, table, strategy, Collections.unmodifiableMap(new LinkedHashMap<>(expansion.columns())),
                queries, condition, label, Collections.unmodifiableMap(new LinkedHashMap<>(expansion.generated())),
                List.copyOf(expansion.skipped()));
    }
}
