package io.stagingsync.init;

import io.stagingsync.archive.PrintableName;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.piiscan.PiiFinding;
import io.stagingsync.plan.TableLoad;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The one reader of the PII scan's findings: each becomes a column to mask, an excluded table's line, or an allow. */
final class FindingSuggestions {

    /** A column to mask, what it holds, and the finding that asks for it. */
    record Wanted(String column, ColumnExpressions.Kind kind, String why) {
    }

    /** A {@code pii_scan.allow} entry for a finding that looks like a false positive, and why. */
    record Allowed(QualifiedName table, String column, String why) {
    }

    /** Tables whose name ends in one of these hold secrets or traces of people, rarely needed in staging. */
    private static final Set<String> EXCLUDED_NOUNS = Set.of("session", "sessions", "token", "tokens", "log", "logs");
    /** Lookup tables of places named after their one column (city.city): a list of places, not anyone's address. */
    private static final Set<String> PLACE_LISTS = Set.of("city", "country", "region", "state", "province", "county",
            "district");

    // judged by the column's shape, not by known column names: whatever the scan learns to find gets a suggestion
    final Map<QualifiedName, Map<String, Wanted>> toMask = new LinkedHashMap<>();
    final Map<QualifiedName, List<String>> excluded = new LinkedHashMap<>();
    final List<Allowed> allowed = new ArrayList<>();
    final Map<QualifiedName, List<String>> dataColumns = new LinkedHashMap<>();
    /** How many findings were read. */
    int findings;
    /** Findings that name no column of a loaded table: the file lists them for review, no rule can answer them. */
    final List<String> unanswered = new ArrayList<>();

    /** @param findings the archive scan's findings; null when no scan ran */
    static FindingSuggestions of(List<TableLoad> loads, List<PiiFinding> findings, ArchiveColumns archive) {
        FindingSuggestions s = new FindingSuggestions();
        s.findings = findings == null ? 0 : findings.size();
        for (TableLoad load : loads) {
            QualifiedName ruled = archive.ruleTable(load.table());
            if (ruled.equals(load.table()) || !s.dataColumns.containsKey(ruled)) {
                s.dataColumns.put(ruled, load.columns());
            }
            if (EXCLUDED_NOUNS.contains(lastWord(ruled.name()))) {
                s.excluded.putIfAbsent(ruled, new ArrayList<>());
            }
        }
        for (PiiFinding finding : findings == null ? List.<PiiFinding>of() : findings) {
            boolean answered = false;
            for (TableLoad load : loads) {
                String column = !load.displayName().equals(finding.table()) ? null : load.columns().stream()
                        .filter(c -> PrintableName.of(c).equals(finding.column())).findFirst().orElse(null);
                if (column != null) {
                    s.add(archive, load.table(), column, finding.reason());
                    answered = true;
                }
            }
            if (!answered) {
                s.unanswered.add(finding.describe());
            }
        }
        return s;
    }

    private void add(ArchiveColumns archive, QualifiedName table, String column, String reason) {
        QualifiedName ruled = archive.ruleTable(table);
        if (excluded.containsKey(ruled)) {
            String line = column + " (" + reason + ")";
            if (!excluded.get(ruled).contains(line)) {
                excluded.get(ruled).add(line);
            }
            return;
        }
        String falsePositive = falsePositive(archive.shape(ruled, column), table, reason);
        if (falsePositive != null) {
            allowed.add(new Allowed(table, column, reason + "; " + falsePositive));
            return;
        }
        toMask.computeIfAbsent(ruled, t -> new LinkedHashMap<>()).putIfAbsent(column,
                new Wanted(column, kind(column, reason), reason));
    }

    /**
     * Why a finding on the column's name alone looks false, or null: conservative, a value-based finding is never
     * one, and every allowed entry is marked for review.
     */
    private static String falsePositive(ColumnShape shape, QualifiedName table, String reason) {
        if (!reason.startsWith("name:")) {
            return null;
        }
        // name: contact, type text[, values: ...]
        String category = reason.substring("name:".length()).split(",")[0].trim();
        if (shape.family() == ColumnShape.Family.BOOLEAN) {
            return "review: a yes/no flag, it cannot hold " + category + " data";
        }
        if (shape.family() == ColumnShape.Family.DATE_TIME && Set.of("contact", "auth").contains(category)) {
            return "review: a date or time (when something happened), not " + category + " data itself";
        }
        if (shape.family() == ColumnShape.Family.TEXT && table.name().equals(shape.name())
                && PLACE_LISTS.contains(shape.name())) {
            return "review: the table is named after the column, a list of places rather than anyone's address";
        }
        return null;
    }

    private static ColumnExpressions.Kind kind(String column, String finding) {
        // the type's name (a domain called short_email) says nothing about the values
        String reason = finding.replaceAll(", type .*?(?=, values: |$)", "");
        List<String> words = words(column);
        if (reason.contains("email") || words.stream().anyMatch(w -> w.equals("mail") || w.startsWith("email"))) {
            return ColumnExpressions.Kind.EMAIL;
        }
        if (reason.contains("phone") || words.stream().anyMatch(w -> w.startsWith("phone") || w.startsWith("mobile")
                || Set.of("tel", "telephone", "fax", "cell").contains(w))) {
            return ColumnExpressions.Kind.PHONE;
        }
        return ColumnExpressions.Kind.OTHER;
    }

    private static String lastWord(String name) {
        List<String> words = words(name);
        return words.isEmpty() ? "" : words.get(words.size() - 1);
    }

    /** userEmail, user_email, User-Email: user, email. */
    private static List<String> words(String name) {
        return Arrays.stream(name.split("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])"))
                .filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }
}
