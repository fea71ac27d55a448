package io.stagingsync.settings;

import java.nio.file.Path;
import java.util.List;

/** The parsed rules file: tables to mask, tables whose data is not copied, the PII scan policy, the file's checksum. */
public record AnonymizationRules(Path file, String sha256, List<TableRule> tables, List<TableName> excludedTables,
                                 PiiScanRules piiScan) {

    public AnonymizationRules(Path file, String sha256, List<TableRule> tables, List<TableName> excludedTables) {
        this(file, sha256, tables, excludedTables, PiiScanRules.defaults());
    }
}
