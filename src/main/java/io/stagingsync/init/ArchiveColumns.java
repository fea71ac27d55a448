package io.stagingsync.init;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.plan.TableShapes;
import io.stagingsync.plan.UniqueKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the archive says of the tables a rule is drafted for: column shapes, unique keys, the rows' own key. */
final class ArchiveColumns {

    /** How a rule's SQL names one row: a key column, or the row's number in its table's load. */
    record RowKey(String sql, boolean numeric, int maxLength) {
    }

    /** PostgreSQL's reserved key words: a column named so must be quoted. */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create", "current_catalog",
            "current_date", "current_role", "current_time", "current_timestamp", "current_user", "default",
            "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from",
            "grant", "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
            "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing", "primary",
            "references", "returning", "select", "session_user", "some", "symmetric", "system_user", "table", "then",
            "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with");

    private final TableShapes shapes;
    private final List<UniqueKey> keys;
    private final Set<String> functions = new HashSet<>();

    ArchiveColumns(List<TocEntry> entries) {
        shapes = new TableShapes(entries);
        keys = UniqueKey.read(entries.stream().filter(e -> e.section() == TocEntry.SECTION_POST_DATA).toList());
        for (TocEntry e : entries) {
            if (List.of("FUNCTION", "AGGREGATE", "PROCEDURE").contains(e.desc()) && e.tag().contains("(")) {
                functions.add(e.tag().substring(0, e.tag().indexOf('(')));
            }
        }
    }

    /** The table a rule names for this one: its topmost partitioned or inheritance parent, else itself. */
    QualifiedName ruleTable(QualifiedName table) {
        QualifiedName current = table;
        for (int depth = 0; shapes.parent(current) != null && depth < 64; depth++) {
            current = shapes.parent(current);
        }
        return current;
    }

    ColumnShape shape(QualifiedName table, String column) {
        String type = shapes.type(table, column);
        for (int depth = 0; type != null && shapes.domainBase(type) != null && depth < 16; depth++) {
            type = shapes.domainBase(type);
        }
        String labels = type == null ? null : shapes.enumLabels(type);
        String first = labels == null ? null : firstLabel(labels);
        boolean named = keys.stream().anyMatch(k -> table.equals(ruleTable(k.table())) && k.columns().contains(column));
        // a key on an expression (lower(email)) does not say which columns it reads: text ones are assumed to be read
        boolean expression = keys.stream().anyMatch(k -> table.equals(ruleTable(k.table())) && k.columns().isEmpty());
        ColumnShape shape = new ColumnShape(column, type, first, shapes.notNull(table, column), named);
        return expression && !named && shape.family() == ColumnShape.Family.TEXT
                ? new ColumnShape(column, type, first, shape.notNull(), true) : shape;
    }

    /**
     * A single-column, NOT NULL unique key of the table that no rule masks, else the row's number: either way one
     * value per row, which unique columns are built from.
     */
    RowKey rowKey(QualifiedName table, Set<String> masked, List<String> dataColumns) {
        for (UniqueKey key : keys) {
            if (!table.equals(key.table()) || key.columns().size() != 1 || key.predicate() != null) {
                continue;
            }
            String column = key.columns().get(0);
            ColumnShape shape = shape(table, column);
            if (masked.contains(column) || !dataColumns.contains(column) || !shape.notNull()) {
                continue;
            }
            switch (shape.family()) {
                case NUMBER -> {
                    String type = shape.type().toLowerCase();
                    return new RowKey(name(column), true, type.startsWith("smallint") ? 6
                            : type.startsWith("integer") || type.equals("int4") ? 11 : 20);
                }
                case UUID -> {
                    return new RowKey(name(column), false, 36);
                }
                case TEXT -> {
                    return new RowKey(name(column), false, shape.maxLength() == 0 ? 64 : shape.maxLength());
                }
                default -> {
                    // a date or a composite is no readable suffix
                }
            }
        }
        return new RowKey(function("row_number") + "() OVER ()", true, 20);
    }

    /** A pg_catalog function as rule SQL must call it: schema-qualified when the archive has one of that name. */
    String function(String name) {
        return functions.contains(name) ? "pg_catalog." + name : name;
    }

    /** A column as rule SQL writes it: bare when PostgreSQL reads it back unchanged, else double-quoted. */
    static String name(String column) {
        return column.matches("[a-z_][a-z0-9_]*") && !RESERVED.contains(column) ? column
                : "\"" + column.replace("\"", "\"\"") + "\"";
    }

    private static String firstLabel(String labels) {
        String trimmed = labels.trim();
        StringBuilder label = new StringBuilder();
        for (int i = 1; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == '\'' && i + 1 < trimmed.length() && trimmed.charAt(i + 1) == '\'') {
                label.append('\'');
                i++;
            } else if (c == '\'') {
                break;
            } else {
                label.append(c);
            }
        }
        return label.toString();
    }
}
