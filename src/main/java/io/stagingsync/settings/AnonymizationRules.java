package io.stagingsync.settings;

import java.nio.file.Path;
import java.util.List;

/** The parsed rules file: tables to mask, tables whose data is not copied, and the file's checksum. */
public record AnonymizationRules(Path file, String sha256, List<TableRule> tables, List<TableName> excludedTables) {
}
