package io.stagingsync.piiscan;

import io.stagingsync.archive.PrintableName;
import java.util.regex.Pattern;

/**
 * Something that looks like personal data and is neither masked by a rule nor allowed; never holds a value.
 *
 * @param where      {@code archive} (before the restore) or {@code target} (the final database)
 * @param table      the table; for another kind of object what the allow list names: {@code large object 16403},
 *                   {@code type public.mood}, {@code view public.v}
 * @param column     the column; {@code data}, {@code label} or {@code literal} for another kind of object
 * @param reason     why, e.g. {@code name: contact, type text}, {@code values: email in 12 of 200 sampled} or
 *                   {@code free text: review, type text, 40 sampled values}
 * @param kind       {@code column}, {@code large object}, {@code enum label} or {@code view literal}
 * @param confidence {@code high} (values confirm it), {@code medium} (a name and a type that fits, or values
 *                   without a check) or {@code low} (free text to review)
 */
public record PiiFinding(String where, String table, String column, String reason, String kind, String confidence) {

    public static final String COLUMN = "column";

    /** Value kinds whose shape or check digits make a single hit convincing. */
    private static final Pattern SURE_VALUES = Pattern.compile("values: (?:email|phone|iban|ssh key|pattern )");

    /** The column's name is the dump's: shown with its control characters escaped, like the table's. */
    public PiiFinding {
        column = PrintableName.of(column);
    }

    /** A finding whose confidence follows from its reason. */
    public PiiFinding(String where, String table, String column, String reason, String kind) {
        this(where, table, column, reason, kind, confidenceOf(reason));
    }

    public PiiFinding(String where, String table, String column, String reason) {
        this(where, table, column, reason, COLUMN);
    }

    /** High when values confirm it (a sure kind, or any kind under a name that says so), low for free text. */
    static String confidenceOf(String reason) {
        if (reason.startsWith("free text")) {
            return "low";
        }
        boolean named = reason.startsWith("name: ");
        return SURE_VALUES.matcher(reason).find() || named && reason.contains("values: ") ? "high" : "medium";
    }

    /** A column a rule can mask (or the allow list can name), rather than another kind of object. */
    public boolean isColumn() {
        return COLUMN.equals(kind);
    }

    public String describe() {
        return (isColumn() ? table + "." + column : table) + " (" + reason + "; confidence: " + confidence + ")";
    }
}
