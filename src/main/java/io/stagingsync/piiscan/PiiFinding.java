package io.stagingsync.piiscan;

import io.stagingsync.archive.PrintableName;

/**
 * Something that looks like personal data and is neither masked by a rule nor allowed; never holds a value.
 *
 * @param where  {@code archive} (before the restore) or {@code target} (the final database)
 * @param table  the table; for another kind of object what the allow list names: {@code large object 16403},
 *               {@code type public.mood}, {@code view public.v}
 * @param column the column; {@code data}, {@code label} or {@code literal} for another kind of object
 * @param reason e.g. {@code name: contact} or {@code values: email in 12 of 200 sampled}
 * @param kind   {@code column}, {@code large object}, {@code enum label} or {@code view literal}
 */
public record PiiFinding(String where, String table, String column, String reason, String kind) {

    public static final String COLUMN = "column";

    /** The column's name is the dump's: shown with its control characters escaped, like the table's. */
    public PiiFinding {
        column = PrintableName.of(column);
    }

    public PiiFinding(String where, String table, String column, String reason) {
        this(where, table, column, reason, COLUMN);
    }

    /** A column a rule can mask (or the allow list can name), rather than another kind of object. */
    public boolean isColumn() {
        return COLUMN.equals(kind);
    }

    public String describe() {
        return (isColumn() ? table + "." + column : table) + " (" + reason + ")";
    }
}
