package io.stagingsync.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules file's {@code pii_scan:} section: policy, reviewed columns and objects, custom detectors. */
final class PiiScanSection {

    private static final Set<String> KEYS = Set.of("policy", "allow", "patterns", "exclude_large_objects");
    private static final Set<String> PATTERN_KEYS = Set.of("columns", "values");
    /** A reviewed object of the schema rather than a column: what a finding on it names. */
    private static final Pattern OBJECT_ENTRY = Pattern.compile("(type|view) \\S+|large object \\d+");

    private final RulesFileParser parser;

    PiiScanSection(RulesFileParser parser) {
        this.parser = parser;
    }

    PiiScanRules parse(Object node) {
        if (node == null) {
            return PiiScanRules.defaults();
        }
        if (!(node instanceof Map<?, ?> map)) {
            parser.problem("'pii_scan' must be a map like {policy: fail, allow: [parkings.city]}");
            return PiiScanRules.defaults();
        }
        parser.unknownKeys(map, KEYS, "pii_scan");
        String policy = parser.optionalText(map, "policy", "pii_scan");
        if (policy != null && !policy.equals("fail") && !policy.equals("warn")) {
            parser.problem("pii_scan.policy is '" + policy + "': use fail (unreviewed PII-looking columns "
                    + "stop the run) or warn (they are reported)");
        }
        List<String> allow = new ArrayList<>();
        Object allowNode = map.get("allow");
        if (allowNode != null && !(allowNode instanceof List<?>)) {
            parser.problem("pii_scan.allow must be a list of table.column names");
        } else if (allowNode != null) {
            List<?> items = (List<?>) allowNode;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof String object && OBJECT_ENTRY.matcher(object.trim()).matches()) {
                    allow.add(object.trim());
                } else if (!(items.get(i) instanceof String column) || column.split("\\.").length < 2
                        || column.split("\\.").length > 3 && !column.contains(".doc.") || column.contains("..")
                        || column.endsWith(".")) {
                    parser.problem("pii_scan.allow[" + i + "] must be table.column or schema.table.column "
                            + "(or a reviewed object: 'type schema.name', 'view schema.name', 'large object <oid>'; "
                            + "for a MongoDB collection, table.doc.path)");
                } else {
                    allow.add(column.trim());
                }
            }
        }
        Object exclude = map.get("exclude_large_objects");
        if (exclude != null && !(exclude instanceof Boolean)) {
            parser.problem("pii_scan.exclude_large_objects must be true or false");
        }
        Object patterns = map.get("patterns");
        if (patterns != null && !(patterns instanceof Map<?, ?>)) {
            parser.problem("pii_scan.patterns must be a map like {columns: ['^nss$'], values: ['^CUS-\\d{6}$']}");
            patterns = null;
        }
        Map<?, ?> patternMap = patterns == null ? Map.of() : (Map<?, ?>) patterns;
        if (patterns != null) {
            parser.unknownKeys(patternMap, PATTERN_KEYS, "pii_scan.patterns");
        }
        // without a policy the scan is default-deny: it fails on findings
        return new PiiScanRules(!"warn".equals(policy), List.copyOf(allow),
                regexes(patternMap.get("columns"), "pii_scan.patterns.columns", Pattern.CASE_INSENSITIVE),
                regexes(patternMap.get("values"), "pii_scan.patterns.values", 0), Boolean.TRUE.equals(exclude));
    }

    /** Each regex compiled at load: a bad one is named with its key, its position and what is wrong. */
    private List<Pattern> regexes(Object node, String key, int flags) {
        List<Pattern> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        if (!(node instanceof List<?> items)) {
            parser.problem(key + " must be a list of regular expressions");
            return result;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String regex) || regex.isEmpty()) {
                parser.problem(key + "[" + i + "] must be a non-empty regular expression (a string)");
                continue;
            }
            try {
                result.add(Pattern.compile(regex, flags));
            } catch (PatternSyntaxException e) {
                parser.problem(key + "[" + i + "] is not a valid regular expression: "
                        + e.getDescription() + " near index " + e.getIndex() + " of '" + regex
                        + "' (Java regex syntax; quote it in YAML with single quotes)");
            }
        }
        return List.copyOf(result);
    }
}
