package io.stagingsync.piiscan;

import io.stagingsync.archive.TocEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data written into the schema rather than the rows, which rules cannot mask: enum labels, and the string
 * literals of view and materialized view definitions, read from the archive's table of contents.
 */
final class SchemaLiterals {

    private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");

    private final Detectors detectors;
    private final AllowList allow;

    SchemaLiterals(Detectors detectors, AllowList allow) {
        this.detectors = detectors;
        this.allow = allow;
    }

    List<PiiFinding> scan(List<TocEntry> entries) {
        List<PiiFinding> findings = new ArrayList<>();
        for (TocEntry e : entries) {
            if (e.defn() == null) {
                continue;
            }
            String name = e.namespace() + "." + e.tag();
            if ("TYPE".equals(e.desc()) && e.defn().contains(" AS ENUM (")) {
                judge("type " + name, "label", "enum label", e.defn(), findings);
            } else if ("VIEW".equals(e.desc()) || "MATERIALIZED VIEW".equals(e.desc())) {
                judge("view " + name, "literal", "view literal", e.defn(), findings);
            }
        }
        return findings;
    }

    private void judge(String object, String part, String kind, String defn, List<PiiFinding> findings) {
        if (allow.allowsObject(object)) {
            return;
        }
        Map<String, Integer> kinds = new LinkedHashMap<>();
        int literals = 0;
        Matcher m = LITERAL.matcher(defn);
        while (m.find()) {
            literals++;
            String found = detectors.value(m.group(1).replace("''", "'"));
            if (found != null) {
                kinds.merge(found, 1, Integer::sum);
            }
        }
        int total = literals;
        kinds.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(k -> findings.add(new PiiFinding(
                "archive", object, part, "values: " + k.getKey() + " in " + k.getValue() + " of " + total + " "
                + part + "s", kind)));
    }
}
