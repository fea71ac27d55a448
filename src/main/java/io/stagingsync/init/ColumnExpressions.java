package io.stagingsync.init;

import static io.stagingsync.settings.BuiltInStrategy.literal;

import java.util.function.UnaryOperator;

/** A replacement for one column by its type: valid for it, unique where a key needs it, never a real value. */
final class ColumnExpressions {

    /** What the column's name or values say it holds. */
    enum Kind { EMAIL, PHONE, OTHER }

    record Suggestion(String expression, String note) {
    }

    /** Digits of most tables' keys: a name that leaves room for them stays whole, cut only for larger keys. */
    private static final int REALISTIC_KEY = 6;

    private final String fakeDomain;
    private final UnaryOperator<String> function;

    /** @param function how a pg_catalog function is named in rule SQL (qualified when the archive shadows it) */
    ColumnExpressions(String fakeDomain, UnaryOperator<String> function) {
        this.fakeDomain = fakeDomain;
        this.function = function;
    }

    Suggestion suggest(ColumnShape column, ArchiveColumns.RowKey key, Kind kind) {
        boolean needsValue = column.notNull() || column.unique();
        return switch (column.family()) {
            case TEXT -> text(column, key, kind);
            case OTHER -> needsValue ? withNote(text(column, key, kind), "type " + column.type()
                    + " written from text: check that it accepts it") : nulled(column);
            case NUMBER -> !needsValue ? nulled(column) : column.unique()
                    ? keepNull(column, key.numeric() ? "-1 - " + key.sql() : "-1 - " + rowNumber(), "negative: "
                    + "no real value, one per row") : new Suggestion("0", "NOT NULL: 0 for every row");
            case DATE_TIME -> !needsValue ? nulled(column) : dateTime(column, key);
            case BOOLEAN -> column.notNull() ? new Suggestion("false", "NOT NULL: false for every row") : nulled(column);
            case UUID -> !needsValue ? nulled(column) : keepNull(column, function.apply("gen_random_uuid") + "()",
                    "a random uuid per row");
            case JSON -> !needsValue ? nulled(column) : column.unique()
                    ? keepNull(column, function.apply(column.type().toLowerCase().equals("json") ? "json_build_object"
                    : "jsonb_build_object") + "('masked', " + key.sql() + ")", "one object per row")
                    : new Suggestion("'{}'", "NOT NULL: an empty object for every row");
            case BYTEA -> !needsValue ? nulled(column) : column.unique()
                    ? keepNull(column, function.apply("convert_to") + "('masked ' || " + key.sql() + ", 'UTF8')",
                    "one value per row") : new Suggestion("''::bytea", "NOT NULL: empty for every row");
            case NETWORK -> !needsValue ? nulled(column) : column.unique() && column.type().equals("inet")
                    ? keepNull(column, "'0.0.0.0'::inet + " + (key.numeric() ? key.sql() : rowNumber()),
                    "an unroutable address per row") : new Suggestion(network(column.type()), "NOT NULL: the same "
                    + "unroutable address for every row");
            case ARRAY -> column.notNull() ? new Suggestion("'{}'", "NOT NULL: an empty array for every row")
                    : nulled(column);
            case ENUM -> column.notNull() ? new Suggestion(literal(column.enumLabel()), "review: NOT NULL enum, its "
                    + "first label for every row; a row that holds it really fails the leak check") : nulled(column);
        };
    }

    private Suggestion text(ColumnShape column, ArchiveColumns.RowKey key, Kind kind) {
        String prefix;
        String suffix;
        String note;
        if (kind == Kind.EMAIL) {
            prefix = "user_";
            suffix = "@" + fakeDomain;
            note = "an address per row on " + fakeDomain + ", from " + key.sql();
        } else if (kind == Kind.PHONE) {
            return phone(column, key);
        } else {
            prefix = label(column.name()) + " ";
            suffix = "";
            note = "the column's name and " + key.sql();
        }
        int limit = column.maxLength();
        if (limit > 0 && kind == Kind.OTHER && prefix.length() + REALISTIC_KEY > limit) {
            // the name does not leave room for the key: its initials do (postal_code: 'pc 42')
            prefix = initials(column.name()) + " ";
        }
        String value = literal(prefix) + " || " + key.sql() + (suffix.isEmpty() ? "" : " || " + literal(suffix));
        if (limit > 0 && prefix.length() + key.maxLength() + suffix.length() > limit) {
            // cut from the left: the key, at the end, is what keeps rows apart
            value = function.apply("right") + "(" + value + ", " + limit + ")";
            note = note + ", at most " + limit + " characters (a longer one loses its start)";
        }
        return keepNull(column, value, column.unique() ? note + "; in a unique key, one value per row" : note);
    }

    /** +999 is no country's calling code; the row's key, zero-padded, makes the rest. */
    private Suggestion phone(ColumnShape column, ArchiveColumns.RowKey key) {
        String value = "'+999' || " + function.apply("lpad") + "(" + key.sql() + "::text, 12, '0')";
        if (column.maxLength() > 0 && column.maxLength() < 16) {
            return text(column, key, Kind.OTHER);
        }
        return keepNull(column, value, "+999 (no country's code) and " + key.sql()
                + (column.unique() ? "; in a unique key, one value per row" : ""));
    }

    private Suggestion dateTime(ColumnShape column, ArchiveColumns.RowKey key) {
        String type = column.type().toLowerCase();
        String constant = type.startsWith("interval") ? "'0'" : type.startsWith("time ") || type.startsWith("time(")
                || type.equals("time") ? "'00:00'" : "'1900-01-01'";
        if (column.unique() && type.equals("date") && key.numeric()) {
            return keepNull(column, "DATE '1900-01-01' + " + key.sql() + "::integer", "a day per row from 1900-01-01");
        }
        return new Suggestion("CAST(" + constant + " AS " + column.type() + ")", "NOT NULL: the same value for every row"
                + (column.unique() ? " (review: a unique key involves it)" : ""));
    }

    private static String network(String type) {
        return switch (type) {
            case "cidr" -> "'0.0.0.0/32'::cidr";
            case "macaddr" -> "'00:00:00:00:00:00'::macaddr";
            case "macaddr8" -> "'00:00:00:00:00:00:00:00'::macaddr8";
            default -> "'0.0.0.0'::inet";
        };
    }

    /** A nullable column keeps its NULLs: only the rows that held a value get one. */
    private static Suggestion keepNull(ColumnShape column, String value, String note) {
        if (column.notNull()) {
            return new Suggestion(value, note);
        }
        return new Suggestion("CASE WHEN " + ArchiveColumns.name(column.name()) + " IS NOT NULL THEN " + value + " END",
                note + ", NULL kept");
    }

    private static Suggestion nulled(ColumnShape column) {
        return new Suggestion("NULL", "emptied (" + (column.type() == null ? "type unknown" : column.type()) + ")");
    }

    private static Suggestion withNote(Suggestion s, String note) {
        return new Suggestion(s.expression(), s.note() + "; review: " + note);
    }

    private String rowNumber() {
        return function.apply("row_number") + "() OVER ()";
    }

    private static String initials(String column) {
        StringBuilder out = new StringBuilder();
        for (String word : label(column).split(" ")) {
            out.append(Character.toLowerCase(word.charAt(0)));
        }
        return out.toString();
    }

    /** The column's name as a readable prefix: letters, digits and spaces only. */
    private static String label(String column) {
        String plain = column.replaceAll("[^A-Za-z0-9]+", " ").trim();
        return plain.isEmpty() ? "masked" : plain;
    }
}
