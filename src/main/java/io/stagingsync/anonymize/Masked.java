package io.stagingsync.anonymize;

import io.stagingsync.run.LeakFindings;
import java.util.List;
import java.util.Map;

/**
 * What masking one table produced inside its still-open transaction: masked columns, leak check, rows inserted.
 *
 * @param violations per column a built-in strategy wrote, the masked rows that do not look as its generator writes
 */
record Masked(List<String> columns, LeakFindings leaks, long rows, Map<String, Long> violations) {

    Masked(List<String> columns, LeakFindings leaks, long rows) {
        this(columns, leaks, rows, Map.of());
    }
}
