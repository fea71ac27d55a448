package io.stagingsync.source.mongodb;

import io.stagingsync.plan.DidYouMean;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.settings.TableName;
import io.stagingsync.settings.TableRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plan of a MongoDB run: each rules-file entry matched to a collection (by collection or table name), its
 * columns read as document paths and checked against the sampled documents; mistakes refuse the run (exit 2).
 */
public final class DocumentPlanner {

    public void plan(SyncRun run) {
        AnonymizationRules rules = run.rules();
        DocumentPlan plan = run.documents();
        List<String> problems = new ArrayList<>();
        Map<CollectionCopy, TableRule> matched = new LinkedHashMap<>();
        for (TableRule rule : rules.tables()) {
            CollectionCopy copy = find(plan, rule.table());
            if (copy == null) {
                problems.add(rules.file() + ": " + rule.entry() + " names no collection of " + plan.database()
                        + DidYouMean.suggest(rule.table().name(), names(plan)) + " (collections: " + names(plan) + ")");
            } else {
                matched.put(copy, rule);
            }
        }
        List<CollectionCopy> planned = new ArrayList<>();
        for (CollectionCopy copy : plan.collections()) {
            TableRule rule = matched.get(copy);
            boolean excluded = rules.excludedTables().stream().anyMatch(t -> names(copy, t));
            List<PathRule> paths = rule == null ? List.of() : paths(rules, rule, copy, problems);
            planned.add(copy.withPaths(rule == null ? null : rule.entry(), paths, excluded));
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        run.documents(new DocumentPlan(plan.database(), planned));
        for (CollectionCopy copy : planned) {
            run.results().note("collection " + copy.collection() + " → table " + copy.table() + ": " + copy.sourceCount()
                    + " documents, " + (copy.excluded() ? "excluded (table created empty)" : copy.masked()
                    ? "masked " + copy.maskedPaths() + " by " + copy.rule() : "copied as it is"));
        }
    }

    private static List<PathRule> paths(AnonymizationRules rules, TableRule rule, CollectionCopy copy, List<String> problems) {
        String where = rules.file() + ": " + rule.entry();
        if (rule.isQuery() || rule.strategy() != null || rule.condition() != null) {
            problems.add(where + " masks collection " + copy.collection() + ": a collection takes path rules only, "
                    + "e.g. columns: {doc.email: \"'user' || _id || '@demo.test'\"} (no query, strategy or condition)");
            return List.of();
        }
        Set<String> sampled = sampledPaths(copy);
        List<PathRule> paths = new ArrayList<>();
        for (Map.Entry<String, String> column : rule.columns().entrySet()) {
            PathRule path = PathRule.parse(column.getKey(), column.getValue());
            if (column.getKey().equals("_id") || column.getKey().equals("doc._id")) {
                problems.add(where + ": _id is the copy's key and cannot be masked; move personal data out of _id");
            } else if (path == null) {
                problems.add(where + ": '" + column.getKey() + "' is not a document path: write doc." + column.getKey()
                        + " (doc.address.city for a nested value; arrays are looked through)");
            } else if (!sampled.contains(path.path())) {
                problems.add(where + ": no sampled document of " + copy.collection() + " has the path " + path.path()
                        + DidYouMean.suggest(path.path(), sampled));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }

    static Set<String> sampledPaths(CollectionCopy copy) {
        Set<String> paths = new TreeSet<>();
        copy.samples().forEach(json -> DocumentPaths.walk(json, (path, value) -> paths.add(path)));
        return paths;
    }

    private static CollectionCopy find(DocumentPlan plan, TableName name) {
        return plan.collections().stream().filter(c -> names(c, name)).findFirst().orElse(null);
    }

    private static boolean names(CollectionCopy copy, TableName name) {
        return name.matches("public", copy.table()) || name.schema() == null && name.name().equals(copy.collection());
    }

    private static List<String> names(DocumentPlan plan) {
        return plan.collections().stream().map(CollectionCopy::collection).toList();
    }
}
