package io.stagingsync.piiscan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which columns can hold personal data worth sampling, from the types in the archive's CREATE TABLE statements:
 * numbers too small for a card, dates, booleans, uuids and the like are not read. Unknown types are sampled.
 */
final class ColumnTypes {

    private static final Pattern COLUMN = Pattern.compile("^ {4}(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*) (.+?),?$",
            Pattern.MULTILINE);
    private static final List<String> NEVER_PERSONAL = List.of("integer", "smallint", "boolean", "date", "timestamp",
            "time ", "time(", "interval", "real", "double precision", "money", "uuid", "tsvector", "inet",
            "cidr", "oid", "serial", "point");
    private static final Pattern SMALL_NUMERIC = Pattern.compile("^numeric\\((\\d+)");

    private final Map<QualifiedName, Map<String, String>> types = new HashMap<>();

    ColumnTypes(List<TocEntry> entries) {
        for (TocEntry e : entries) {
            if ("TABLE".equals(e.desc()) && e.defn() != null) {
                Map<String, String> columns = new HashMap<>();
                Matcher m = COLUMN.matcher(e.defn());
                while (m.find()) {
                    String name = m.group(1);
                    columns.put(name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name,
                            m.group(2));
                }
                types.put(new QualifiedName(e.namespace(), e.tag()), columns);
            }
        }
    }

    boolean worthSampling(QualifiedName table, String column) {
        String type = types.getOrDefault(table, Map.of()).get(column);
        if (type == null) {
            return true;
        }
        if (type.contains("[]")) {
            return true;
        }
        Matcher numeric = SMALL_NUMERIC.matcher(type);
        if (numeric.find()) {
            return Integer.parseInt(numeric.group(1)) >= 13;
        }
        return NEVER_PERSONAL.stream().noneMatch(type::startsWith);
    }
}
