package io.stagingsync.anonymize;

import static io.stagingsync.archive.QualifiedName.quote;

import io.stagingsync.plan.TableLoad;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of the session-private masking of one table: a TEMP copy named like the table (so that rule queries
 * written as {@code UPDATE users …} act on it); for a columns rule, the masked insert computed from it and the
 * leak check against it; for a query rule, the rows outside the condition set aside, a snapshot of the originals,
 * and the insert of the changed copy. Nothing here is committed before the leak check has passed.
 */
final class MaskingSql {

    static final String ROW_ID = "__staging_sync_row";
    static final String ORIGINAL = "__staging_sync_original";
    static final String KEPT = "__staging_sync_kept";
    static final String TEMP_FIRST_SEARCH_PATH = "SELECT set_config('search_path', CASE current_setting('search_path') "
            + "WHEN '' THEN 'pg_temp' ELSE 'pg_temp, ' || current_setting('search_path') END, true)";

    private final TableLoad load;
    private final String temp;
    private final String columnList;

    MaskingSql(TableLoad load) {
        this.load = load;
        this.temp = load.masked() ? "pg_temp." + quote(load.ruleTable()) : null;
        this.columnList = load.columns().stream().map(io.stagingsync.archive.QualifiedName::quote)
                .collect(Collectors.joining(", "));
    }

    String createTemp() {
        return "CREATE TEMP TABLE " + quote(load.ruleTable()) + " ON COMMIT DROP AS SELECT " + columnList + " FROM "
                + load.table().sql() + " WITH NO DATA";
    }

    String addRowId() {
        return "ALTER TABLE " + temp + " ADD COLUMN " + quote(ROW_ID) + " bigint GENERATED ALWAYS AS IDENTITY";
    }

    String copyIntoTemp() {
        return "COPY " + temp + " (" + columnList + ") FROM STDIN";
    }

    /** Rows outside the condition keep their values: moved aside before the mask runs. */
    List<String> setAsideOutsideCondition() {
        String outside = "(" + load.rule().condition() + ") IS NOT TRUE";
        return List.of(
                "CREATE TEMP TABLE " + quote(KEPT) + " ON COMMIT DROP AS SELECT " + columnList + " FROM " + temp
                        + " WHERE " + outside,
                "DELETE FROM " + temp + " WHERE " + outside);
    }

    String snapshotOriginals(List<String> columns) {
        String cols = columns.stream().map(c -> ", " + quote(c)).collect(Collectors.joining());
        return "CREATE TEMP TABLE " + quote(ORIGINAL) + " ON COMMIT DROP AS SELECT " + quote(ROW_ID) + cols
                + " FROM " + temp;
    }

    /** A columns rule: masked rows straight into the real table, every expression evaluated on the raw row. */
    String insertMaskedColumns() {
        String values = load.columns().stream()
                .map(c -> load.rule().columns().containsKey(c) ? "(" + load.rule().columns().get(c) + ")" : quote(c))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT " + values
                + " FROM " + temp + (load.rule().condition() == null ? "" : " WHERE (" + load.rule().condition() + ") IS TRUE");
    }

    /** A columns rule with a condition: the rows outside it, as they are. */
    String insertOutsideCondition() {
        return "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT " + columnList
                + " FROM " + temp + " WHERE (" + load.rule().condition() + ") IS NOT TRUE";
    }

    /** A columns rule: masked rows of the (uncommitted) real table holding one of the masked rows' original values. */
    String survivorsInTable(String column) {
        String c = quote(column);
        String inside = load.rule().condition() == null ? "" : " AND (" + load.rule().condition() + ") IS TRUE";
        return "SELECT count(*) FROM ONLY " + load.table().sql() + " m WHERE m." + c + " IS NOT NULL AND m." + c
                + "::text IN (SELECT o." + c + "::text FROM " + temp + " o WHERE o." + c + " IS NOT NULL" + inside + ")";
    }

    /** For a query rule: per column, how many rows the query changed. */
    String changedColumns() {
        String counts = load.columns().stream()
                .map(c -> "count(*) FILTER (WHERE m." + quote(c) + "::text IS DISTINCT FROM o." + quote(c) + "::text)")
                .collect(Collectors.joining(", "));
        return "SELECT " + counts + " FROM " + temp + " m JOIN " + quote(ORIGINAL) + " o USING (" + quote(ROW_ID) + ")";
    }

    /** Masked rows whose value is one of the column's original values. */
    String survivors(String column) {
        String c = quote(column);
        return "SELECT count(*) FROM " + temp + " m WHERE m." + c + " IS NOT NULL AND m." + c + "::text IN (SELECT o."
                + c + "::text FROM " + quote(ORIGINAL) + " o WHERE o." + c + " IS NOT NULL)";
    }

    String tempRows() {
        return "SELECT count(*) FROM " + temp;
    }

    /** The real table must still be empty when the masked rows go in: nothing may have bypassed the copy. */
    String realTableRows() {
        return "SELECT count(*) FROM ONLY " + load.table().sql();
    }

    String insertMasked() {
        return "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT "
                + columnList + " FROM " + temp;
    }

    String insertKept() {
        return "INSERT INTO " + load.table().sql() + " (" + columnList + ") OVERRIDING SYSTEM VALUE SELECT "
                + columnList + " FROM " + quote(KEPT);
    }

    String copyIntoTable() {
        return "COPY " + load.table().sql() + " (" + columnList + ") FROM STDIN";
    }
}
