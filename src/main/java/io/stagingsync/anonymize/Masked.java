package io.stagingsync.anonymize;

import java.util.List;
import java.util.Map;

/** What masking one table produced inside its still-open transaction: masked columns, leak check, rows inserted. */
record Masked(List<String> columns, Map<String, Long> survivors, long rows) {
}
