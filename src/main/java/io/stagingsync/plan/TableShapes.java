package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each archive table's column types as its CREATE TABLE writes them (a partition's or child's inherited columns
 * from its parent), and the archive's own domains and enums, for rebuilding the tables' shapes elsewhere.
 */
public final class TableShapes {

    private static final Pattern COLUMN = Pattern.compile("^ {4}(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*) (.+?),?$",
            Pattern.MULTILINE);
    /** What follows the type in a column line: pg_dump writes these after it, in this vocabulary. */
    private static final Pattern AFTER_TYPE = Pattern.compile(
            " (?:DEFAULT|NOT NULL|NULL|COLLATE|GENERATED|CONSTRAINT|CHECK)\\b.*$");
    private static final Pattern DOMAIN = Pattern.compile(
            "CREATE DOMAIN (\\S+) AS (.+?)(?:\\s+(?:DEFAULT|NOT NULL|NULL|COLLATE|CONSTRAINT|CHECK)\\b|;)", Pattern.DOTALL);
    /** pg_dump writes NOT NULL last on the column's line, after any DEFAULT. */
    private static final Pattern NOT_NULL = Pattern.compile(" NOT NULL$");
    private static final Pattern ENUM = Pattern.compile("CREATE TYPE (\\S+) AS ENUM \\((.*)\\);", Pattern.DOTALL);

    private final Map<QualifiedName, Map<String, String>> columns = new HashMap<>();
    private final Map<QualifiedName, Set<String>> notNull = new HashMap<>();
    private final Map<QualifiedName, QualifiedName> parentOf;
    private final Map<String, String> domains = new HashMap<>();
    private final Map<String, String> enums = new HashMap<>();

    public TableShapes(List<TocEntry> entries) {
        parentOf = Planner.partitionParents(entries);
        for (TocEntry e : entries) {
            if (e.defn() == null) {
                continue;
            }
            if ("TABLE".equals(e.desc())) {
                Map<String, String> types = new HashMap<>();
                Set<String> required = new HashSet<>();
                Matcher m = COLUMN.matcher(e.defn());
                while (m.find()) {
                    types.put(unquote(m.group(1)), AFTER_TYPE.matcher(m.group(2)).replaceFirst("").trim());
                    if (NOT_NULL.matcher(m.group(2)).find()) {
                        required.add(unquote(m.group(1)));
                    }
                }
                QualifiedName table = new QualifiedName(e.namespace(), e.tag());
                columns.put(table, types);
                notNull.put(table, required);
            } else if ("DOMAIN".equals(e.desc())) {
                Matcher m = DOMAIN.matcher(e.defn());
                if (m.find()) {
                    domains.put(m.group(1), m.group(2).trim());
                }
            } else if ("TYPE".equals(e.desc())) {
                Matcher m = ENUM.matcher(e.defn());
                if (m.find()) {
                    enums.put(m.group(1), m.group(2).trim());
                }
            }
        }
    }

    /** The column's type as the archive writes it, or null when the archive does not say. */
    public String type(QualifiedName table, String column) {
        QualifiedName current = table;
        for (int depth = 0; current != null && depth < 64; depth++) {
            String type = columns.getOrDefault(current, Map.of()).get(column);
            if (type != null) {
                return type;
            }
            current = parentOf.get(current);
        }
        return null;
    }

    /** Whether the table's CREATE TABLE (or its parent's) declares the column NOT NULL. */
    public boolean notNull(QualifiedName table, String column) {
        QualifiedName current = table;
        for (int depth = 0; current != null && depth < 64; depth++) {
            if (notNull.getOrDefault(current, Set.of()).contains(column)) {
                return true;
            }
            current = parentOf.get(current);
        }
        return false;
    }

    /** The partitioned table or inheritance parent of a table, or null. */
    public QualifiedName parent(QualifiedName table) {
        return parentOf.get(table);
    }

    /** The base type of one of the archive's domains, or null. */
    public String domainBase(String type) {
        return domains.get(type);
    }

    /** The labels of one of the archive's enums, as its CREATE TYPE lists them, or null. */
    public String enumLabels(String type) {
        return enums.get(type);
    }

    private static String unquote(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }
}
