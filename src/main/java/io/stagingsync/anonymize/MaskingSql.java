package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL vocabulary of one table's private copies: the raw copy (named like the table, so that rules written
 * against the table act on it), the masked copy, the leak-check counts, and the one insert into the real table.
 * Every operator the tool writes is pg_catalog's, named as such.
 */
final class MaskingSql {

    static final String ROW_ID = "__staging_sync_row";
    static final String INSIDE = "__staging_sync_inside";
    static final String ORIGINAL = "__staging_sync_original";
    static final String KEPT = "__staging_sync_kept";
    static final String MASKED = "__staging_sync_masked";

    private final TableLoad load;
    private final List<PrivateColumns.Column> columns;
    private final String raw;
    private final String columnList;

    MaskingSql(TableLoad load, List<PrivateColumns.Column> columns) {
        this.load = load;
        this.columns = columns;
        this.raw = "pg_temp." + quote(load.ruleTable());
        this.columnList = load.columns().stream().map(c -> quote(c)).collect(Collectors.joining(", "));
    }

    /** For a table without a rule: its rows go straight into the table. */
    static String copyIntoTable(TableLoad load) {
        return "COPY " + load.table().sql() + " (" + load.columns().stream().map(c -> quote(c))
                .collect(Collectors.joining(", ")) + ") FROM STDIN";
    }

    boolean hasCondition() {
        return load.rule().condition() != null;
    }

    /** The raw copy: built-in types, no constraint, default or trigger; it vanishes with the transaction. */
    String createRaw() {
        return createTemp(quote(load.ruleTable()), load.rule().isQuery(), hasCondition());
    }

    String createMasked() {
        return createTemp(quote(MASKED), false, hasCondition());
    }

    private String createTemp(String name, boolean rowId, boolean inside) {
        String definitions = columns.stream().map(c -> quote(c.name()) + " " + c.privateType())
                .collect(Collectors.joining(", "));
        return "CREATE TEMP TABLE " + name + " (" + definitions
                + (rowId ? ", " + quote(ROW_ID) + " pg_catalog.int8 GENERATED ALWAYS AS IDENTITY" : "")
                + (inside ? ", " + quote(INSIDE) + " pg_catalog.bool" : "") + ") ON COMMIT DROP";
    }

    String copyIntoRaw() {
        return "COPY " + raw + " (" + columnList + ") FROM STDIN";
    }

    /**
     * The condition, evaluated exactly once per row: every later step reads this flag, so a volatile or
     * data-dependent condition cannot put a row both masked and raw.
     */
    String markInsideCondition() {
        return "UPDATE " + raw + " SET " + quote(INSIDE) + " = ((" + load.rule().condition() + ") IS TRUE)";
    }

    /** A columns rule: every expression reads the raw row; the result goes to the masked copy. */
    String insertMaskedColumns() {
        String values = load.columns().stream()
                .map(c -> load.rule().columns().containsKey(c) ? "(" + load.rule().columns().get(c) + ")" : quote(c))
                .collect(Collectors.joining(", "));
        return hasCondition()
                ? "INSERT INTO " + quote(MASKED) + " (" + columnList + ", " + quote(INSIDE) + ") SELECT " + values
                        + ", true FROM " + raw + " WHERE " + quote(INSIDE)
                : "INSERT INTO " + quote(MASKED) + " (" + columnList + ") SELECT " + values + " FROM " + raw;
    }

    /** Rows outside the condition, as they are. */
    String insertOutsideCondition() {
        return "INSERT INTO " + quote(MASKED) + " (" + columnList + ", " + quote(INSIDE) + ") SELECT " + columnList
                + ", false FROM " + raw + " WHERE NOT " + quote(INSIDE);
    }

    /** A query rule: rows outside the condition go aside before the query runs on the copy. */
    String setAsideOutsideCondition() {
        return "CREATE TEMP TABLE " + quote(KEPT) + " ON COMMIT DROP AS SELECT " + columnList + " FROM " + raw
                + " WHERE NOT " + quote(INSIDE);
    }

    String deleteOutsideCondition() {
        return "DELETE FROM " + raw + " WHERE NOT " + quote(INSIDE);
    }

    /** A query rule changes the copy in place: this snapshot is then the raw copy. */
    String snapshotOriginals() {
        return "CREATE TEMP TABLE " + quote(ORIGINAL) + " ON COMMIT DROP AS SELECT " + quote(ROW_ID) + ", "
                + columnList + " FROM " + raw;
    }

    String copyRows() {
        return "SELECT pg_catalog.count(*) FROM " + raw;
    }

    /** For a query rule: per column, how many rows the query changed (as text: any visible change counts). */
    String changedColumns() {
        String counts = load.columns().stream()
                .map(c -> "pg_catalog.count(*) FILTER (WHERE m." + quote(c) + "::pg_catalog.text IS DISTINCT FROM o."
                        + quote(c) + "::pg_catalog.text)")
                .collect(Collectors.joining(", "));
        return "SELECT " + counts + " FROM " + raw + " m JOIN " + quote(ORIGINAL) + " o USING (" + quote(ROW_ID) + ")";
    }

    /** Every private copy that holds original values of masked columns: gone before the real table is touched. */
    String dropRawCopies() {
        return load.rule().isQuery() ? "DROP TABLE " + quote(ORIGINAL) : "DROP TABLE " + raw;
    }

    /** The real table must still be empty before the query rule's rows go in: nothing may have bypassed the copy. */
    String realTableRows() {
        return "SELECT pg_catalog.count(*) FROM ONLY " + load.table().sql();
    }

    /** The masked rows into the real table, cast back to its own types: its code only ever sees masked values. */
    String insertIntoTable() {
        String from = load.rule().isQuery() ? raw : quote(MASKED);
        String insert = "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT ";
        String values = columns.stream()
                .map(c -> c.retyped() ? quote(c.name()) + "::" + c.tableType() : quote(c.name()))
                .collect(Collectors.joining(", "));
        return insert + values + " FROM " + from + (load.rule().isQuery() && hasCondition()
                ? " UNION ALL SELECT " + values + " FROM " + quote(KEPT) : "");
    }

    /** A columns rule: masked rows holding an original value of the masked rows. */
    String survivorsInMasked(String column, boolean typed) {
        String inside = hasCondition() ? " AND m." + quote(INSIDE) : "";
        return survivors(quote(MASKED), raw, inside, hasCondition() ? " AND o." + quote(INSIDE) : "", column, typed);
    }

    /** A query rule: rows of the changed copy that hold an original value. */
    String survivorsInCopy(String column, boolean typed) {
        return survivors(raw, quote(ORIGINAL), "", "", column, typed);
    }

    /**
     * {@code typed}: with the column type's own equality, so that 50000 and 50000.00 are the same value; the text
     * form is the fallback for types without one (json, point, xml).
     */
    private static String survivors(String masked, String originals, String maskedFilter, String originalsFilter,
                                    String column, boolean typed) {
        String c = quote(column);
        String m = typed ? "m." + c : "m." + c + "::pg_catalog.text";
        String o = typed ? "o." + c : "o." + c + "::pg_catalog.text";
        return "SELECT pg_catalog.count(*) FROM " + masked + " m WHERE m." + c + " IS NOT NULL" + maskedFilter + " AND "
                + m + " OPERATOR(pg_catalog.=) ANY (SELECT " + o + " FROM " + originals + " o WHERE o." + c
                + " IS NOT NULL" + originalsFilter + ")";
    }

    String maskedCopy() {
        return load.rule().isQuery() ? raw : quote(MASKED);
    }
}
