package io.stagingsync.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The rules file's {@code tables:} section: one rule a table, by columns, a strategy or queries. */
final class TablesSection {

    private static final Set<String> KEYS = Set.of("table", "strategy", "columns", "query", "condition", "label");

    private final RulesFileParser parser;
    private final Map<String, Map<String, String>> strategies;

    TablesSection(RulesFileParser parser, Map<String, Map<String, String>> strategies) {
        this.parser = parser;
        this.strategies = strategies;
    }

    List<TableRule> parse(Object node) {
        List<TableRule> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof List<?> list)) {
            parser.problem("'tables' must be a list of entries like '- table: users'");
            return result;
        }
        Set<TableName> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String where = "tables[" + i + "]";
            if (!(item instanceof Map<?, ?> entry)) {
                parser.problem(where + " must be a map like '{table: users, columns: {...}}'");
                continue;
            }
            Object tableNode = entry.get("table");
            if (!(tableNode instanceof String tableText) || tableText.isBlank()) {
                parser.problem(where + " has no 'table:' name");
                continue;
            }
            where = where + " (" + tableText + ")";
            parser.unknownKeys(entry, KEYS, where);
            TableName table;
            try {
                table = TableName.parse(tableText);
            } catch (IllegalArgumentException e) {
                parser.problem(where + ": " + e.getMessage());
                continue;
            }
            if (!seen.add(table)) {
                parser.problem(where + " lists a table that an earlier entry already lists: "
                        + "merge the two entries");
            }
            TableRule rule = tableRule(where, table, entry);
            if (rule != null) {
                result.add(rule);
            }
        }
        return result;
    }

    private TableRule tableRule(String where, TableName table, Map<?, ?> entry) {
        String strategy = parser.optionalText(entry, "strategy", where);
        String condition = parser.optionalText(entry, "condition", where);
        Map<String, String> columns = new LinkedHashMap<>();
        if (strategy != null) {
            if (!RulesFileParser.BUILT_IN_STRATEGIES.contains(strategy) && !strategies.containsKey(strategy)) {
                parser.problem(where + ": unknown strategy '" + strategy + "'; built-in strategies: "
                        + String.join(", ", new TreeSet<>(RulesFileParser.BUILT_IN_STRATEGIES)) + "; defined under 'strategies:': "
                        + (strategies.isEmpty() ? "none" : String.join(", ", new TreeSet<>(strategies.keySet()))));
                return null;
            }
            // a built-in strategy is expanded by the plan, against the columns the archive holds for the table
            columns.putAll(strategies.getOrDefault(strategy, Map.of()));
        }
        if (entry.containsKey("columns")) {
            columns.putAll(parser.columns(entry.get("columns"), where));
        }
        List<String> queries = queries(entry.get("query"), where);
        if (!queries.isEmpty() && (strategy != null || entry.containsKey("columns"))) {
            parser.problem(where + " has both 'query' and '" + (strategy != null ? "strategy" : "columns")
                    + "': choose one");
            return null;
        }
        if (queries.isEmpty() && columns.isEmpty() && (strategy == null || !RulesFileParser.BUILT_IN_STRATEGIES.contains(strategy))) {
            parser.problem(where + " says nothing to do: give 'columns', 'query' or 'strategy' "
                    + "(or list the table under exclude_tables)");
            return null;
        }
        return new TableRule(where, table, strategy, Collections.unmodifiableMap(columns), queries, condition,
                label(entry.get("label"), where));
    }

    private List<String> queries(Object node, String where) {
        List<String> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        List<?> items = node instanceof List<?> l ? l : List.of(node);
        for (Object item : items) {
            if (!(item instanceof String sql) || sql.isBlank()) {
                parser.problem(where + ": 'query' must be an SQL statement or a list of them");
                continue;
            }
            result.add(sql.trim().replaceFirst(";\\s*$", ""));
        }
        return result;
    }

    private Map<String, String> label(Object node, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        if (node == null) {
            return result;
        }
        if (node instanceof String text) {
            result.put("en", text);
            result.put("fr", text);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        } else {
            parser.problem(where + ": 'label' must be a text or {fr: …, en: …}");
        }
        return result;
    }
}
