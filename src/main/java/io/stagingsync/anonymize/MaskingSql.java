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
        return createTemp(quote(load.ruleTable()), "GENERATED ALWAYS AS IDENTITY", hasCondition());
    }

    /** The masked copy keeps each row's number: the leak check tells a row's own original from another row's. */
    String createMasked() {
        return createTemp(quote(MASKED), "", hasCondition());
    }

    private String createTemp(String name, String rowId, boolean inside) {
        String definitions = columns.stream().map(c -> quote(c.name()) + " " + c.privateType())
                .collect(Collectors.joining(", "));
        return "CREATE TEMP TABLE " + name + " (" + definitions
                + ", " + quote(ROW_ID) + " pg_catalog.int8 " + rowId
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
        String into = "INSERT INTO " + quote(MASKED) + " (" + columnList + ", " + quote(ROW_ID);
        String from = ", " + raw + "." + quote(ROW_ID);
        return hasCondition()
                ? into + ", " + quote(INSIDE) + ") SELECT " + values + from + ", true FROM " + raw + " WHERE " + quote(INSIDE)
                : into + ") SELECT " + values + from + " FROM " + raw;
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

    /** A columns rule: its masked copy against the raw one, inside the condition only. */
    LeakCheckSql leakCheckOfColumns(List<String> masked) {
        return new LeakCheckSql(quote(MASKED), raw, hasCondition(), columns(masked));
    }

    /** A query rule: the changed copy against the snapshot taken before the query ran. */
    LeakCheckSql leakCheckOfQuery(List<String> changed) {
        return new LeakCheckSql(raw, quote(ORIGINAL), false, columns(changed));
    }

    private List<PrivateColumns.Column> columns(List<String> names) {
        return names.stream().map(n -> columns.stream().filter(c -> c.name().equals(n)).findFirst().orElseThrow())
                .toList();
    }

    String maskedCopy() {
        return load.rule().isQuery() ? raw : quote(MASKED);
    }
}
