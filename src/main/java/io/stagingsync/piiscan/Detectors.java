package io.stagingsync.piiscan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.settings.PiiScanRules;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** The built-in detectors plus the rules file's {@code pii_scan.patterns}; bytea values judged as the text they may hold. */
final class Detectors {

    private static final Pattern BYTEA_HEX = Pattern.compile("\\\\x(?:[0-9a-fA-F]{2})+");

    private final List<Pattern> columnPatterns;
    private final List<Pattern> valuePatterns;

    Detectors(PiiScanRules rules) {
        this.columnPatterns = rules.columnPatterns();
        this.valuePatterns = rules.valuePatterns();
    }

    /** The category the column's name points at beside its table's other columns, or null. */
    String column(QualifiedName table, String column, List<String> columns) {
        for (int i = 0; i < columnPatterns.size(); i++) {
            if (columnPatterns.get(i).matcher(column).find()) {
                return "pattern " + columnPatterns.get(i).pattern();
            }
        }
        return ColumnNameDetector.category(table.name(), column, columns);
    }

    /** The kind of personal data in a value, or null; a bytea's hex is read as the text it may hold. */
    String value(String value) {
        if (value == null) {
            return null;
        }
        String text = BYTEA_HEX.matcher(value).matches() ? byteaText(value) : value;
        for (Pattern p : valuePatterns) {
            if (p.matcher(text).find()) {
                return "pattern " + p.pattern();
            }
        }
        return ValueDetector.detect(text);
    }

    /** Whether one hit is enough: check digits or shape (or the operator's own pattern) make false alarms rare. */
    static boolean strong(String kind) {
        return kind.equals("email") || kind.equals("phone") || kind.equals("iban") || kind.equals("ssh key") || kind.startsWith("pattern ");
    }

    /** The text a bytea's bytes may hold (see {@link BinaryText}): an image or a hash yields nothing to detect. */
    static String byteaText(String hex) {
        return BinaryText.of(HexFormat.of().parseHex(hex, 2, hex.length()));
    }
}
