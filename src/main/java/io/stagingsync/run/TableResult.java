package io.stagingsync.run;

import java.util.List;
import java.util.Map;

/**
 * What happened to one table: rows read from the archive and committed, masked columns and their leak check.
 *
 * @param survivors per masked column, how many masked rows still hold one of the column's original values
 */
public record TableResult(
        String table,
        String rule,
        long archiveRows,
        long rows,
        List<String> maskedColumns,
        Map<String, Long> survivors,
        long durationMs) {

    public long totalSurvivors() {
        return survivors.values().stream().mapToLong(Long::longValue).sum();
    }
}
