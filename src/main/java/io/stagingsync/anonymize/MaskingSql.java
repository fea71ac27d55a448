package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.plan.TableLoad;
import java.util.List;
import java.util.stream.Collectors;

/** The SQL vocabulary of one table's private copy: its TEMP table, the masking inserts and the leak-check counts. */
final class MaskingSql {

    static final String ROW_ID = "__staging_sync_row";
    static final String INSIDE = "__staging_sync_inside";
    static final String ORIGINAL = "__staging_sync_original";
    static final String KEPT = "__staging_sync_kept";
    /** The private copy shadows the real table even where search_path names pg_temp late or not at all. */
    static final String TEMP_FIRST_SEARCH_PATH = "SELECT set_config('search_path', CASE current_setting('search_path') "
            + "WHEN '' THEN 'pg_temp' ELSE 'pg_temp, ' || current_setting('search_path') END, true)";

    private final TableLoad load;
    private final String temp;
    private final String columnList;

    MaskingSql(TableLoad load) {
        this.load = load;
        this.temp = load.masked() ? "pg_temp." + quote(load.ruleTable()) : null;
        this.columnList = load.columns().stream().map(QualifiedName::quote).collect(Collectors.joining(", "));
    }

    boolean hasCondition() {
        return load.rule().condition() != null;
    }

    String createTemp() {
        return "CREATE TEMP TABLE " + quote(load.ruleTable()) + " ON COMMIT DROP AS SELECT " + columnList + " FROM "
                + load.table().sql() + " WITH NO DATA";
    }

    /** Identifies rows across a query rule's changes, to compare them with their originals. */
    String addRowId() {
        return "ALTER TABLE " + temp + " ADD COLUMN " + quote(ROW_ID) + " bigint GENERATED ALWAYS AS IDENTITY";
    }

    String addInsideFlag() {
        return "ALTER TABLE " + temp + " ADD COLUMN " + quote(INSIDE) + " boolean";
    }

    String copyIntoTemp() {
        return "COPY " + temp + " (" + columnList + ") FROM STDIN";
    }

    String copyIntoTable() {
        return "COPY " + load.table().sql() + " (" + columnList + ") FROM STDIN";
    }

    /**
     * The condition, evaluated exactly once per row: every later step reads this flag, so a volatile or
     * data-dependent condition cannot put a row both masked and raw.
     */
    String markInsideCondition() {
        return "UPDATE " + temp + " SET " + quote(INSIDE) + " = ((" + load.rule().condition() + ") IS TRUE)";
    }

    /** A columns rule: the masked rows straight into the real table, every expression reading the raw row. */
    String insertMaskedColumns() {
        String values = load.columns().stream()
                .map(c -> load.rule().columns().containsKey(c) ? "(" + load.rule().columns().get(c) + ")" : quote(c))
                .collect(Collectors.joining(", "));
        return insertInto(values, temp, hasCondition() ? " WHERE " + quote(INSIDE) : "");
    }

    /** Rows outside the condition, as they are. */
    String insertOutsideCondition() {
        return insertInto(columnList, temp, " WHERE NOT " + quote(INSIDE));
    }

    /** A query rule: rows outside the condition go aside before the query runs on the copy. */
    String setAsideOutsideCondition() {
        return "CREATE TEMP TABLE " + quote(KEPT) + " ON COMMIT DROP AS SELECT " + columnList + " FROM " + temp
                + " WHERE NOT " + quote(INSIDE);
    }

    String deleteOutsideCondition() {
        return "DELETE FROM " + temp + " WHERE NOT " + quote(INSIDE);
    }

    String snapshotOriginals() {
        return "CREATE TEMP TABLE " + quote(ORIGINAL) + " ON COMMIT DROP AS SELECT " + quote(ROW_ID) + ", "
                + columnList + " FROM " + temp;
    }

    String tempRows() {
        return "SELECT count(*) FROM " + temp;
    }

    /** For a query rule: per column, how many rows the query changed (as text: any visible change counts). */
    String changedColumns() {
        String counts = load.columns().stream()
                .map(c -> "count(*) FILTER (WHERE m." + quote(c) + "::text IS DISTINCT FROM o." + quote(c) + "::text)")
                .collect(Collectors.joining(", "));
        return "SELECT " + counts + " FROM " + temp + " m JOIN " + quote(ORIGINAL) + " o USING (" + quote(ROW_ID) + ")";
    }

    /** The real table must still be empty before the query rule's rows go in: nothing may have bypassed the copy. */
    String realTableRows() {
        return "SELECT count(*) FROM ONLY " + load.table().sql();
    }

    String insertQueryResult() {
        return insertInto(columnList, temp, "");
    }

    String insertKept() {
        return insertInto(columnList, quote(KEPT), "");
    }

    /** A columns rule: masked rows of the uncommitted real table that hold an original value of the masked rows. */
    String survivorsInTable(String column, boolean typed) {
        return survivors("ONLY " + load.table().sql(), temp, hasCondition() ? " AND o." + quote(INSIDE) : "", column, typed);
    }

    /** A query rule: rows of the changed copy that hold an original value. */
    String survivorsInCopy(String column, boolean typed) {
        return survivors(temp, quote(ORIGINAL), "", column, typed);
    }

    /**
     * {@code typed}: with the column type's own equality, so that 50000 and 50000.00 are the same value; the text
     * form is the fallback for types without one (json, point, xml).
     */
    private static String survivors(String masked, String originals, String originalsFilter, String column, boolean typed) {
        String c = quote(column);
        String m = typed ? "m." + c : "m." + c + "::text";
        String o = typed ? "o." + c : "o." + c + "::text";
        return "SELECT count(*) FROM " + masked + " m WHERE m." + c + " IS NOT NULL AND " + m + " IN (SELECT " + o
                + " FROM " + originals + " o WHERE o." + c + " IS NOT NULL" + originalsFilter + ")";
    }

    private String insertInto(String values, String from, String where) {
        return "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT " + values
                + " FROM " + from + where;
    }
}
