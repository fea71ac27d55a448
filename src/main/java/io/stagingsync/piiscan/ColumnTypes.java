package io.stagingsync.piiscan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each column of the archive can hold, from its CREATE TABLE statement and its foreign keys: numbers too small
 * for a card, dates, booleans, uuids and the like are not sampled, and a name's category counts only where the
 * type can hold such data. Unknown types can hold anything.
 */
final class ColumnTypes {

    private static final Pattern COLUMN = Pattern.compile("^ {4}(\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*) (.+?),?$",
            Pattern.MULTILINE);
    /** What follows the type in a column's line: its constraints and options. */
    private static final Pattern AFTER_TYPE = Pattern.compile(" (?:COLLATE|DEFAULT|NOT NULL|NULL|GENERATED|CONSTRAINT|"
            + "CHECK|UNIQUE|PRIMARY KEY|REFERENCES|STORAGE|COMPRESSION)\\b.*$");
    private static final Pattern FOREIGN_KEY = Pattern.compile("FOREIGN KEY \\(([^)]+)\\)");
    private static final List<String> NEVER_PERSONAL = List.of("integer", "smallint", "boolean", "date", "timestamp",
            "time ", "time(", "interval", "real", "double precision", "money", "uuid", "tsvector", "inet",
            "cidr", "oid", "serial", "point");
    private static final List<String> NUMBERS = List.of("integer", "smallint", "bigint", "numeric", "real",
            "double precision", "money", "serial", "bigserial", "oid");
    private static final List<String> TIMES = List.of("date", "timestamp", "time", "interval");
    private static final Pattern SMALL_NUMERIC = Pattern.compile("^numeric\\((\\d+)");

    /** The family of a column's type, as far as personal data goes. */
    enum Family { TEXT, NUMBER, TIME, BOOLEAN, UUID, NETWORK, OTHER }

    private final Map<QualifiedName, Map<String, String>> types = new HashMap<>();
    private final Map<QualifiedName, Set<String>> foreignKeys = new HashMap<>();

    ColumnTypes(List<TocEntry> entries) {
        for (TocEntry e : entries) {
            if ("TABLE".equals(e.desc()) && e.defn() != null) {
                Map<String, String> columns = new HashMap<>();
                Matcher m = COLUMN.matcher(e.defn());
                while (m.find()) {
                    columns.put(unquote(m.group(1)), AFTER_TYPE.matcher(m.group(2)).replaceFirst(""));
                }
                types.put(new QualifiedName(e.namespace(), e.tag()), columns);
            } else if ("FK CONSTRAINT".equals(e.desc()) && e.defn() != null) {
                foreignKey(e.defn());
            }
        }
    }

    /** {@code ALTER TABLE ONLY public.t ADD CONSTRAINT c FOREIGN KEY (a, "B") REFERENCES ...}: a and B are keys. */
    private void foreignKey(String defn) {
        String rest = defn.replaceFirst("^ALTER TABLE (?:ONLY )?", "");
        QualifiedName table = QualifiedName.parseAt(rest);
        Matcher fk = FOREIGN_KEY.matcher(rest);
        if (table != null && fk.find()) {
            for (String column : fk.group(1).split(", ")) {
                foreignKeys.computeIfAbsent(table, t -> new HashSet<>()).add(unquote(column.strip()));
            }
        }
    }

    private static String unquote(String name) {
        return name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
    }

    /** The column's type as the archive declares it ({@code character varying(255)}), or null when unknown. */
    String type(QualifiedName table, String column) {
        return types.getOrDefault(table, Map.of()).get(column);
    }

    /** Whether the column is part of a foreign key: its values point at data judged in its own table. */
    boolean isForeignKey(QualifiedName table, String column) {
        return foreignKeys.getOrDefault(table, Set.of()).contains(column);
    }

    boolean isArray(QualifiedName table, String column) {
        String type = type(table, column);
        return type != null && type.endsWith("]");
    }

    /** The family of the column's type (of its elements, for an array); OTHER when unknown or user-defined. */
    Family family(QualifiedName table, String column) {
        String type = type(table, column);
        if (type == null) {
            return Family.OTHER;
        }
        String base = type.replaceFirst("(\\[\\d*])+$", "").toLowerCase(Locale.ROOT);
        if (base.equals("boolean")) {
            return Family.BOOLEAN;
        }
        if (base.equals("uuid")) {
            return Family.UUID;
        }
        if (base.equals("inet") || base.equals("cidr")) {
            return Family.NETWORK;
        }
        if (NUMBERS.stream().anyMatch(base::startsWith)) {
            return Family.NUMBER;
        }
        if (TIMES.stream().anyMatch(base::startsWith)) {
            return Family.TIME;
        }
        if (base.startsWith("text") || base.startsWith("character") || base.startsWith("varchar")
                || base.startsWith("bpchar") || base.endsWith("citext")) {
            return Family.TEXT;
        }
        return Family.OTHER;
    }

    /** Words of a table's or column's name under which whole-number coordinates are a person's, not a map's. */
    private static final Set<String> PERSONAL_PLACES = Set.of("home", "gps", "trace", "track", "trip", "checkin",
            "visit", "device");

    /**
     * Whether the column can hold data of the category its name points at: a key (a foreign key's column) holds
     * none, a flag none, a timestamp only a birth or medical date, a number no contact (nor a key's identity); whole-number
     * coordinates count only for a person's places (a trace, a home), not a map's. The operator's patterns always
     * count.
     */
    boolean canHold(QualifiedName table, String column, String category) {
        if (category.startsWith("pattern ")) {
            return true;
        }
        if (isForeignKey(table, column)) {
            return false;
        }
        return switch (family(table, column)) {
            case TEXT, OTHER -> true;
            case BOOLEAN -> false;
            case UUID -> category.equals("auth");
            case NETWORK -> category.equals("contact");
            case TIME -> category.equals("personal") || category.equals("medical");
            case NUMBER -> switch (category) {
                case "financial", "personal", "medical" -> true;
                // passport_number may be a number; tax_id, a number named like a key, is one
                case "identity" -> !ColumnNameDetector.isKeyName(column);
                case "location" -> !wholeNumber(type(table, column)) || personalPlace(table, column);
                default -> false;
            };
        };
    }

    private static boolean wholeNumber(String type) {
        return type.startsWith("integer") || type.startsWith("bigint") || type.startsWith("smallint");
    }

    private static boolean personalPlace(QualifiedName table, String column) {
        return ColumnNameDetector.tokens(table.name() + "_" + column).stream()
                .anyMatch(w -> PERSONAL_PLACES.contains(w) || w.endsWith("s") && PERSONAL_PLACES.contains(
                        w.substring(0, w.length() - 1)));
    }

    boolean worthSampling(QualifiedName table, String column) {
        String type = type(table, column);
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
