package io.stagingsync.run;

import java.util.List;
import java.util.Map;

/**
 * What happened to one table: rows read from the archive and committed, masked columns and their leak check.
 *
 * @param leaks per masked column, the original values still found in the masked rows, by kind, and the constants
 * @param violations per column a built-in strategy wrote, the masked rows that do not match its generator
 */
public record TableResult(
        String table,
        String rule,
        long archiveRows,
        long rows,
        List<String> maskedColumns,
        LeakFindings leaks,
        long durationMs,
        Map<String, Long> violations) {

    public TableResult(String table, String rule, long archiveRows, long rows, List<String> maskedColumns,
                       LeakFindings leaks, long durationMs) {
        this(table, rule, archiveRows, rows, maskedColumns, leaks, durationMs, Map.of());
    }

    /** Per masked column, how many masked rows still hold an original value (any kind). */
    public Map<String, Long> survivors() {
        return leaks.perColumn();
    }

    public long totalViolations() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    public long totalSurvivors() {
        return leaks.total();
    }
}
