package io.stagingsync.init;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One column as the archive defines it, as far as choosing a replacement goes.
 *
 * @param type      its type, a domain resolved to its base type; null when the archive does not say
 * @param enumLabel the first label of its enum type, or null when it is not one of the archive's enums
 * @param notNull   whether NULL is refused
 * @param unique    whether a primary key, unique constraint or unique index involves it
 */
record ColumnShape(String name, String type, String enumLabel, boolean notNull, boolean unique) {

    /** What a replacement must be, by type. */
    enum Family { TEXT, NUMBER, DATE_TIME, BOOLEAN, UUID, JSON, BYTEA, NETWORK, ARRAY, ENUM, OTHER }

    private static final Pattern LENGTH = Pattern.compile("^(?:character varying|varchar|character|char|bpchar)\\((\\d+)\\)");

    Family family() {
        if (enumLabel != null) {
            return Family.ENUM;
        }
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.endsWith("[]")) {
            return Family.ARRAY;
        }
        if (t.isEmpty() || t.startsWith("text") || t.startsWith("character") || t.startsWith("varchar")
                || t.startsWith("char") || t.startsWith("bpchar") || t.equals("name") || t.endsWith("citext")) {
            return Family.TEXT;
        }
        if (t.matches("(smallint|integer|bigint|int[248]?|numeric|decimal|real|double precision|money)\\b.*")) {
            return Family.NUMBER;
        }
        if (t.startsWith("date") || t.startsWith("timestamp") || t.startsWith("time") || t.startsWith("interval")) {
            return Family.DATE_TIME;
        }
        return switch (t) {
            case "boolean", "bool" -> Family.BOOLEAN;
            case "uuid" -> Family.UUID;
            case "json", "jsonb" -> Family.JSON;
            case "bytea" -> Family.BYTEA;
            case "inet", "cidr", "macaddr", "macaddr8" -> Family.NETWORK;
            default -> Family.OTHER;
        };
    }

    /** The most characters the column holds ({@code varchar(40)}: 40), or 0 when it has no limit. */
    int maxLength() {
        Matcher m = LENGTH.matcher(type == null ? "" : type.toLowerCase(Locale.ROOT));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
