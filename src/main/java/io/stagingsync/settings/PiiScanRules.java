package io.stagingsync.settings;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules file's {@code pii_scan:} section.
 *
 * @param fail                 true (the default): a PII-looking column left unmasked and not allowed stops the run;
 *                             false ({@code policy: warn}): it is reported only
 * @param allow                reviewed columns that are not personal data, as written: {@code table.column} or
 *                             {@code schema.table.column}; or a reviewed object: {@code type s.t}, {@code view s.v},
 *                             {@code large object 16403}
 * @param columnPatterns       {@code patterns.columns}: extra column-name detectors, case-insensitive
 * @param valuePatterns        {@code patterns.values}: extra value detectors
 * @param excludeLargeObjects  {@code exclude_large_objects: true}: large objects are neither restored nor scanned
 */
public record PiiScanRules(boolean fail, List<String> allow, List<Pattern> columnPatterns, List<Pattern> valuePatterns,
                           boolean excludeLargeObjects) {

    public PiiScanRules(boolean fail, List<String> allow) {
        this(fail, allow, List.of(), List.of(), false);
    }

    /** Without a {@code pii_scan:} section the scan is default-deny: findings stop the run. */
    public static PiiScanRules defaults() {
        return new PiiScanRules(true, List.of());
    }

    /** Findings are reported, and the run goes on. */
    public static PiiScanRules warnOnly() {
        return new PiiScanRules(false, List.of());
    }

    public String policy() {
        return fail ? "fail" : "warn";
    }
}
