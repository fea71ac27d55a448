package io.stagingsync.piiscan;

import io.stagingsync.archive.PrintableName;

/**
 * A column that looks like personal data and is neither masked by a rule nor allowed; never holds a value.
 *
 * @param where  {@code archive} (before the restore) or {@code target} (the final database)
 * @param reason e.g. {@code name: contact} or {@code values: email in 12 of 200 sampled}
 */
public record PiiFinding(String where, String table, String column, String reason) {

    /** The column's name is the dump's: shown with its control characters escaped, like the table's. */
    public PiiFinding {
        column = PrintableName.of(column);
    }

    public String describe() {
        return table + "." + column + " (" + reason + ")";
    }
}
