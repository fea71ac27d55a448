package io.stagingsync.anonymize;

import java.sql.SQLException;

/** Server errors as operators may read them: a message that can quote a row's value is withheld. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * Data exceptions (class 22) and integrity violations (23) are raised by a value and may quote it ("invalid
     * input syntax for type integer: …"); errors about the SQL itself (42: unknown function, column, syntax) quote
     * only the rule, and are shown whole.
     */
    /**
     * Errors that say nothing about the rule or the data, and may not happen again: serialization failure (40001),
     * deadlock (40P01), lost connection (class 08), the session ended by the server or an administrator (57P01-03).
     */
    public static boolean isTransient(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.equals("40001") || state.equals("40P01") || state.startsWith("08") || state.equals("57P01")
                || state.equals("57P02") || state.equals("57P03");
    }

    public static String describe(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("22") || state.startsWith("23")) {
            return "a value of the table made the SQL fail (SQLSTATE " + state + "); the server's message is not shown "
                    + "because it can quote personal data";
        }
        return e.getMessage();
    }
}
