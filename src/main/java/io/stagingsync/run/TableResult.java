package io.stagingsync.run;

import java.util.List;
import java.util.Map;

/**
 * What happened to one table: rows read from the archive and committed, masked columns and their leak check.
 *
 * @param survivors per masked column, how many masked rows still hold one of the column's original values
 * @param violations per column a built-in strategy wrote, the masked rows that do not match its generator
 */
public record TableResult(
        String table,
        String rule,
        long archiveRows,
        long rows,
        List<String> maskedColumns,
        Map<String, Long> survivors,
        long durationMs,
        Map<String, Long> violations) {

    public TableResult(String table, String rule, long archiveRows, long rows, List<String> maskedColumns,
                       Map<String, Long> survivors, long durationMs) {
        this(table, rule, archiveRows, rows, maskedColumns, survivors, durationMs, Map.of());
    }

    public long totalViolations() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalSurvivors() {
        return survivors.values().stream().mapToLong(Long::longValue).sum();
    }
}
