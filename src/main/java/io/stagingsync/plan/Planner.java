package io.stagingsync.plan;

import io.stagingsync.archive.DumpArchive;
import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.AnonymizationRules;
import io.stagingsync.settings.MaskingSettings;
import io.stagingsync.settings.TableName;
import io.stagingsync.settings.TableRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Matches the rules to the archive's tables and columns (typos refused, never skipped); splits it in phases. */
public final class Planner {

    private static final Pattern ALTER_ONLY = Pattern.compile("ALTER TABLE ONLY\\s+");
    private static final Pattern ATTACH = Pattern.compile("\\s+ATTACH PARTITION\\s+");
    private static final Pattern PARTITION_OF = Pattern.compile("\\sPARTITION OF\\s+");
    private static final Pattern INHERITS = Pattern.compile("\\)\\s*INHERITS\\s*\\(");
    private static final Pattern REFERENCES = Pattern.compile("REFERENCES (.+)");

    public SyncPlan plan(DumpArchive archive, AnonymizationRules rules) {
        return plan(archive, rules, MaskingSettings.unsalted());
    }

    public SyncPlan plan(DumpArchive archive, AnonymizationRules rules, MaskingSettings masking) {
        List<String> problems = new ArrayList<>();
        List<TocEntry> entries = archive.entries();
        List<QualifiedName> tables = entries.stream().filter(e -> "TABLE".equals(e.desc()))
                .map(e -> new QualifiedName(e.namespace(), e.tag())).toList();
        ExtensionTables extensionTables = ExtensionTables.of(entries);
        // an extension's table can be left out, not masked: its definition is the extension's, not the archive's
        List<QualifiedName> excludable = new ArrayList<>(tables);
        excludable.addAll(extensionTables.tables().stream().sorted(Comparator.comparing(QualifiedName::toString)).toList());

        Map<QualifiedName, TableRule> ruleByTable = new HashMap<>();
        for (TableRule rule : rules.tables()) {
            QualifiedName owned = resolveQuietly(rule.table(), extensionTables.tables());
            if (owned != null && resolveQuietly(rule.table(), tables) == null) {
                problems.add(rules.file() + ": " + rule.entry() + ": " + owned + " ("
                        + extensionTables.describe(owned) + ") cannot be masked: its extension defines it and inserts "
                        + "its own rows, the archive holds only the rows added to it since. List it under "
                        + "exclude_tables to leave those rows out");
                continue;
            }
            QualifiedName t = resolve(rule.table(), tables, rules.file() + ": " + rule.entry(), problems);
            if (t != null && ruleByTable.containsKey(t)) {
                problems.add(rules.file() + ": " + rule.entry() + " and " + ruleByTable.get(t).entry()
                        + " both name " + t + ": merge them into one entry");
            } else if (t != null) {
                ruleByTable.put(t, rule);
            }
        }
        Set<QualifiedName> excluded = new LinkedHashSet<>();
        for (TableName name : rules.excludedTables()) {
            QualifiedName t = resolve(name, excludable, rules.file() + ": exclude_tables entry " + name, problems);
            if (t != null) {
                excluded.add(t);
            }
        }

        Map<QualifiedName, QualifiedName> parentOf = partitionParents(entries);
        List<UniqueKey> uniqueKeys = UniqueKey.read(entries.stream()
                .filter(e -> e.section() == TocEntry.SECTION_POST_DATA).toList());
        StrategyExpansion.expandAll(ruleByTable, entries, parentOf, masking, uniqueKeys, rules.file().toString(), problems);
        for (Map.Entry<QualifiedName, TableRule> e : ruleByTable.entrySet()) {
            QualifiedName ancestor = firstAncestor(parentOf.get(e.getKey()), ruleByTable.keySet(), parentOf);
            if (ancestor != null) {
                problems.add(rules.file() + ": " + e.getValue().entry() + " is a partition or child of " + ancestor
                        + ", which " + ruleByTable.get(ancestor).entry() + " already masks: keep one rule, on the parent");
            }
        }
        RuleReferences.ArchiveNames names = RuleReferences.ArchiveNames.of(entries);
        Map<TableRule, RuleReferences> references = new HashMap<>();
        for (Map.Entry<QualifiedName, TableRule> e : ruleByTable.entrySet()) {
            references.put(e.getValue(), RuleReferences.scan(e.getValue(), e.getKey().name(), names,
                    rules.file() + ": " + e.getValue().entry(), problems));
        }
        List<TableLoad> loads = new ArrayList<>();
        for (TocEntry data : entries) {
            if (!data.isTableData()) {
                continue;
            }
            QualifiedName table = new QualifiedName(data.namespace(), data.tag());
            QualifiedName ruled = firstAncestor(table, ruleByTable.keySet(), parentOf);
            if (firstAncestor(table, excluded, parentOf) != null) {
                continue;
            }
            List<String> columns = QualifiedName.columnList(data.copyStmt() == null ? "" : data.copyStmt());
            TableRule rule = ruled == null ? null : ruleByTable.get(ruled);
            if (rule != null) {
                checkColumns(rule, table, columns, rules, problems);
            }
            List<UniqueKey> keys = rule == null ? List.of() : uniqueKeys.stream()
                    .filter(k -> table.equals(k.table()) && k.columns().stream().anyMatch(rule.columns()::containsKey))
                    .toList();
            loads.add(new TableLoad(data, table, columns, rule, ruled == null ? null : ruled.name(), keys,
                    rule == null ? RuleReferences.NONE : references.get(rule)));
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        loads.sort(Comparator.comparingLong((TableLoad l) -> l.data().dataLength()).reversed());

        // DATABASE entries only matter to pg_restore --create, which in-place mode never uses
        // pii_scan.exclude_large_objects: neither the objects (BLOB) nor their contents (BLOBS) are restored
        boolean largeObjects = !rules.piiScan().excludeLargeObjects();
        List<TocEntry> preData = entries.stream().filter(e -> e.section() == TocEntry.SECTION_PRE_DATA)
                .filter(e -> !e.desc().startsWith("DATABASE"))
                .filter(e -> largeObjects || !"BLOB".equals(e.desc())).toList();
        List<TocEntry> otherData = entries.stream()
                .filter(e -> e.section() == TocEntry.SECTION_DATA && !e.isTableData())
                .filter(e -> largeObjects || !"BLOB".equals(e.desc()) && !"BLOBS".equals(e.desc())).toList();
        List<TocEntry> deferred = new ArrayList<>();
        List<TocEntry> postData = new ArrayList<>();
        for (TocEntry e : entries) {
            if (e.section() != TocEntry.SECTION_POST_DATA) {
                continue;
            }
            if ("FK CONSTRAINT".equals(e.desc()) && referencesAny(e.defn(), excluded)) {
                deferred.add(e);
            } else {
                postData.add(e);
            }
        }
        return new SyncPlan(preData, loads, otherData, postData, deferred, List.copyOf(excluded), Map.copyOf(ruleByTable),
                extensionTables);
    }

    /** The one table {@code name} designates among {@code tables}, or null (no problem recorded). */
    private static QualifiedName resolveQuietly(TableName name, Collection<QualifiedName> tables) {
        List<QualifiedName> found = tables.stream().filter(t -> name.matches(t.schema(), t.name())).toList();
        return found.size() == 1 ? found.get(0) : null;
    }

    private static QualifiedName resolve(TableName name, List<QualifiedName> tables, String where, List<String> problems) {
        List<QualifiedName> exact = tables.stream()
                .filter(t -> (name.schema() == null || name.schema().equals(t.schema())) && name.name().equals(t.name()))
                .toList();
        List<QualifiedName> found = exact.isEmpty()
                ? tables.stream().filter(t -> name.matches(t.schema(), t.name())).toList()
                : exact;
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            problems.add(where + ": the archive has no table " + name + closest(name, tables));
        } else {
            problems.add(where + ": " + name + " is ambiguous (" + found + "): qualify it with its schema");
        }
        return null;
    }

    /** A hint for a typo: the archive's tables within two edits of the name. */
    static String closest(TableName name, List<QualifiedName> tables) {
        List<String> near = tables.stream().map(QualifiedName::name).distinct()
                .filter(t -> DidYouMean.distance(t, name.name()) <= 2).sorted().limit(3).toList();
        return near.isEmpty() ? "" : " (did you mean " + String.join(", ", near) + "?)";
    }


    private static void checkColumns(TableRule rule, QualifiedName table, List<String> columns,
                                     AnonymizationRules rules, List<String> problems) {
        for (String column : rule.columns().keySet()) {
            if (!columns.contains(column)) {
                problems.add(rules.file() + ": " + rule.entry() + ": column '" + column + "' is not among the columns "
                        + "the archive holds for " + table + " " + columns + " (generated columns are computed from "
                        + "the masked ones and cannot be masked themselves)");
            }
        }
    }

    static QualifiedName firstAncestor(QualifiedName table, Set<QualifiedName> wanted,
                                               Map<QualifiedName, QualifiedName> parentOf) {
        QualifiedName current = table;
        for (int depth = 0; current != null && depth < 64; depth++) {
            if (wanted.contains(current)) {
                return current;
            }
            current = parentOf.get(current);
        }
        return null;
    }

    /**
     * Child → parent for partitions and inheritance children, from every form pg_dump 11–17 writes: TABLE ATTACH
     * entries, ATTACH PARTITION statements inside TABLE entries (pg_dump 12–13), CREATE [UNLOGGED] TABLE … PARTITION
     * OF, and INHERITS (…). The target's catalog is checked again after pre-data ({@code RuleCoverage}).
     */
    static Map<QualifiedName, QualifiedName> partitionParents(List<TocEntry> entries) {
        Map<QualifiedName, QualifiedName> parentOf = new HashMap<>();
        for (TocEntry e : entries) {
            if (e.defn() == null || !("TABLE".equals(e.desc()) || "TABLE ATTACH".equals(e.desc()))) {
                continue;
            }
            String defn = e.defn();
            Matcher alter = ALTER_ONLY.matcher(defn);
            while (alter.find()) {
                QualifiedName parent = QualifiedName.parseAt(defn.substring(alter.end()));
                Matcher attach = ATTACH.matcher(defn);
                if (parent != null && attach.find(alter.end())) {
                    QualifiedName child = QualifiedName.parseAt(defn.substring(attach.end()));
                    if (child != null) {
                        parentOf.put(child, parent);
                    }
                }
            }
            if ("TABLE".equals(e.desc())) {
                QualifiedName self = new QualifiedName(e.namespace(), e.tag());
                Matcher partitionOf = PARTITION_OF.matcher(defn);
                if (partitionOf.find()) {
                    QualifiedName parent = QualifiedName.parseAt(defn.substring(partitionOf.end()));
                    if (parent != null) {
                        parentOf.put(self, parent);
                    }
                }
                Matcher inherits = INHERITS.matcher(defn);
                if (inherits.find()) {
                    // multiple inheritance: the first parent is enough to find a rule; the catalog check sees all
                    QualifiedName parent = QualifiedName.parseAt(defn.substring(inherits.end()).stripLeading());
                    if (parent != null) {
                        parentOf.putIfAbsent(self, parent);
                    }
                }
            }
        }
        return parentOf;
    }

    private static boolean referencesAny(String defn, Set<QualifiedName> tables) {
        if (defn == null || tables.isEmpty()) {
            return false;
        }
        Matcher m = REFERENCES.matcher(defn.replaceAll("\\s+", " "));
        return m.find() && tables.contains(QualifiedName.parseAt(m.group(1)));
    }
}
