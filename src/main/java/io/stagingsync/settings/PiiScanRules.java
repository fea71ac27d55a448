package io.stagingsync.settings;

import java.util.List;

/**
 * The rules file's {@code pii_scan:} section.
 *
 * @param fail  true: a PII-looking column left unmasked and not allowed stops the run; false: it is reported only
 * @param allow reviewed columns that are not personal data, as written: {@code table.column} or
 *              {@code schema.table.column}
 */
public record PiiScanRules(boolean fail, List<String> allow) {

    /** Without a {@code pii_scan:} section findings are reported, and the run goes on. */
    public static PiiScanRules warnOnly() {
        return new PiiScanRules(false, List.of());
    }

    public String policy() {
        return fail ? "fail" : "warn";
    }
}
