package io.stagingsync.settings;

import java.util.List;
import java.util.Map;

/**
 * One entry of the rules file's {@code tables:} list, with any custom strategy already expanded into columns.
 *
 * @param entry   how messages name this entry, e.g. {@code tables[2] (customers)}
 * @param columns column → SQL expression evaluated on the raw row (empty for a query rule)
 * @param queries SQL statements run against the session-private copy (empty for a columns rule)
 */
public record TableRule(
        String entry,
        TableName table,
        String strategy,
        Map<String, String> columns,
        List<String> queries,
        String condition,
        Map<String, String> label) {

    public boolean isQuery() {
        return !queries.isEmpty();
    }

    /** How the report names the rule: {@code columns}, {@code query} or {@code strategy:<name>}. */
    public String kind() {
        return isQuery() ? "query" : strategy != null ? "strategy:" + strategy : "columns";
    }
}
