package io.stagingsync.init;

import io.stagingsync.archive.QualifiedName;
import java.util.List;

/** Tables as the rules file names them: bare when that is unambiguous, else with their schema; quoted if needed. */
final class RuleNames {

    private final List<QualifiedName> tables;

    RuleNames(List<QualifiedName> tables) {
        this.tables = tables;
    }

    /** For {@code table:} and {@code exclude_tables}. */
    String table(QualifiedName table) {
        boolean alone = tables.stream().filter(t -> t.name().equals(table.name())).count() <= 1;
        return "public".equals(table.schema()) && alone ? part(table.name()) : part(table.schema()) + "." + part(table.name());
    }

    /** For {@code pii_scan.allow}, which takes names as they are; null when a dot in them would make it ambiguous. */
    String allow(QualifiedName table, String column) {
        if (table.name().contains(".") || table.schema().contains(".") || column.contains(".")) {
            return null;
        }
        boolean alone = tables.stream().filter(t -> t.name().equals(table.name())).count() <= 1;
        return ("public".equals(table.schema()) && alone ? "" : table.schema() + ".") + table.name() + "." + column;
    }

    /** The rules file reads a name with a dot or a double quote only between double quotes. */
    private static String part(String name) {
        return name.contains(".") || name.contains("\"") || !name.equals(name.strip())
                ? "\"" + name.replace("\"", "\"\"") + "\"" : name;
    }
}
