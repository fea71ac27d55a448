package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which post-data items are built while other tables still load, and what each one waits for: the loads of the
 * tables it is on (every partition of a partitioned table), the items it depends on, and the masked loads whose rule
 * reads one of its tables (their raw-row sessions see those tables as they are today, with no key built yet).
 * Everything else waits for restore-post, after every table is loaded.
 */
public final class PostDataOrder {

    /**
     * A table's own keys and indexes, foreign keys between two loaded tables and a partition's index attached to its
     * parent's: they only read their tables. Triggers, rules, policies and materialized views' data wait: a trigger
     * would fire on later writes, and what a view reads is not all in its dependencies (function bodies are not).
     */
    private static final Set<String> EARLY = Set.of("INDEX", "CONSTRAINT", "FK CONSTRAINT", "INDEX ATTACH");
    private static final Set<String> NOT_A_TABLE = Set.of("VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE");

    private static final PostDataOrder NONE = new PostDataOrder(List.of(), Map.of(), Map.of());

    private final List<TocEntry> early;
    private final Map<Integer, Set<Integer>> dataNeeded;
    private final Map<Integer, Set<Integer>> itemsNeeded;

    private PostDataOrder(List<TocEntry> early, Map<Integer, Set<Integer>> dataNeeded,
                          Map<Integer, Set<Integer>> itemsNeeded) {
        this.early = early;
        this.dataNeeded = dataNeeded;
        this.itemsNeeded = itemsNeeded;
    }

    /** Nothing early: every post-data item waits for restore-post. */
    public static PostDataOrder none() {
        return NONE;
    }

    /**
     * @param entries  the archive's table of contents
     * @param loads    the table data the run loads
     * @param postData the post-data items the run restores
     * @param parentOf child → parent, for partitions and inheritance children
     */
    static PostDataOrder of(List<TocEntry> entries, List<TableLoad> loads, List<TocEntry> postData,
                            Map<QualifiedName, QualifiedName> parentOf) {
        return new Builder(entries, loads, postData, parentOf).build();
    }

    /** The items built as their tables load, in the archive's order. */
    public List<TocEntry> early() {
        return early;
    }

    /** The table data (dump ids) that must be loaded before the item is built. */
    public Set<Integer> dataNeeded(TocEntry item) {
        return dataNeeded.getOrDefault(item.dumpId(), Set.of());
    }

    /** The items (dump ids) that must be built before this one. */
    public Set<Integer> itemsNeeded(TocEntry item) {
        return itemsNeeded.getOrDefault(item.dumpId(), Set.of());
    }

    private static final class Builder {
        private final Map<Integer, TocEntry> byId = new HashMap<>();
        private final Map<Integer, TocEntry> post = new HashMap<>();
        private final List<TocEntry> postData;
        private final Map<QualifiedName, TocEntry> tables = new HashMap<>();
        private final Map<QualifiedName, List<QualifiedName>> children = new HashMap<>();
        private final Map<QualifiedName, QualifiedName> parentOf;
        private final Map<QualifiedName, Integer> dataOf = new HashMap<>();
        private final Map<QualifiedName, Set<Integer>> maskedReaders = new HashMap<>();
        private final Map<Integer, Boolean> eligible = new HashMap<>();
        private final Map<Integer, Set<Integer>> dataNeeded = new HashMap<>();
        private final Map<Integer, Set<Integer>> itemsNeeded = new HashMap<>();

        Builder(List<TocEntry> entries, List<TableLoad> loads, List<TocEntry> postData,
                Map<QualifiedName, QualifiedName> parentOf) {
            this.postData = postData;
            this.parentOf = parentOf;
            for (TocEntry e : entries) {
                byId.put(e.dumpId(), e);
                if ("TABLE".equals(e.desc())) {
                    tables.put(new QualifiedName(e.namespace(), e.tag()), e);
                }
            }
            postData.forEach(e -> post.put(e.dumpId(), e));
            parentOf.forEach((child, parent) -> children.computeIfAbsent(parent, p -> new ArrayList<>()).add(child));
            for (TableLoad load : loads) {
                dataOf.put(load.table(), load.data().dumpId());
                if (load.masked()) {
                    load.references().relations().forEach(r -> maskedReaders
                            .computeIfAbsent(r, t -> new HashSet<>()).add(load.data().dumpId()));
                }
            }
        }

        PostDataOrder build() {
            List<TocEntry> early = postData.stream().filter(e -> eligible(e, new HashSet<>())).toList();
            return new PostDataOrder(early, Map.copyOf(dataNeeded), Map.copyOf(itemsNeeded));
        }

        private boolean eligible(TocEntry item, Set<Integer> visiting) {
            Boolean known = eligible.get(item.dumpId());
            if (known != null) {
                return known;
            }
            if (!visiting.add(item.dumpId())) {
                return false;
            }
            boolean ok = decide(item, visiting);
            eligible.put(item.dumpId(), ok);
            return ok;
        }

        private boolean decide(TocEntry item, Set<Integer> visiting) {
            if (!EARLY.contains(item.desc()) || item.dependencies().isEmpty()) {
                return false;
            }
            Set<Integer> data = new LinkedHashSet<>();
            Set<Integer> items = new LinkedHashSet<>();
            // a partition's own index or key only: an INDEX ATTACH needs its parent's index built first
            boolean own = "INDEX".equals(item.desc()) || "CONSTRAINT".equals(item.desc());
            Set<QualifiedName> above = own ? ancestors(tablesOf(item)) : Set.of();
            for (int id : item.dependencies()) {
                TocEntry dep = byId.get(id);
                if (dep == null || attachedLater(dep, above)) {
                    continue;
                }
                if (post.containsKey(id)) {
                    if (!eligible(dep, visiting)) {
                        return false;
                    }
                    items.add(id);
                } else if ("TABLE".equals(dep.desc())) {
                    QualifiedName table = new QualifiedName(dep.namespace(), dep.tag());
                    if (!addData(table, data)) {
                        return false;
                    }
                    lineage(table).forEach(t -> data.addAll(maskedReaders.getOrDefault(t, Set.of())));
                } else if (dep.section() != TocEntry.SECTION_PRE_DATA || NOT_A_TABLE.contains(dep.desc())) {
                    return false;
                }
            }
            if (data.isEmpty() && items.isEmpty()) {
                return false;
            }
            dataNeeded.put(item.dumpId(), Set.copyOf(data));
            itemsNeeded.put(item.dumpId(), Set.copyOf(items));
            return true;
        }

        /**
         * A partition's index or key depends on its parent's, to which it is attached later: building it needs only the
         * partition's rows (the INDEX ATTACH waits for both), so each partition's keys are built as it is loaded.
         */
        private boolean attachedLater(TocEntry dep, Set<QualifiedName> above) {
            if (!post.containsKey(dep.dumpId()) || !("INDEX".equals(dep.desc()) || "CONSTRAINT".equals(dep.desc()))) {
                return false;
            }
            Set<QualifiedName> on = tablesOf(dep);
            return !on.isEmpty() && above.containsAll(on);
        }

        private Set<QualifiedName> tablesOf(TocEntry item) {
            Set<QualifiedName> on = new LinkedHashSet<>();
            for (int id : item.dependencies()) {
                TocEntry dep = byId.get(id);
                if (dep != null && "TABLE".equals(dep.desc())) {
                    on.add(new QualifiedName(dep.namespace(), dep.tag()));
                }
            }
            return on;
        }

        /** The strict ancestors of the tables (their partitioned or inheritance parents, up the tree). */
        private Set<QualifiedName> ancestors(Set<QualifiedName> tables) {
            Set<QualifiedName> all = new LinkedHashSet<>();
            for (QualifiedName t : tables) {
                for (QualifiedName p = parentOf.get(t); p != null && all.add(p); p = parentOf.get(p)) {
                    // walking up
                }
            }
            return all;
        }

        /**
         * The data of the table and of every partition or child below it; false when one of them is not loaded by the
         * run (excluded, or without data in the archive) and is not a partitioned table, which holds no rows itself.
         */
        private boolean addData(QualifiedName table, Set<Integer> data) {
            Integer id = dataOf.get(table);
            if (id != null) {
                data.add(id);
            } else if (!partitioned(table)) {
                return false;
            }
            for (QualifiedName child : children.getOrDefault(table, List.of())) {
                if (!addData(child, data)) {
                    return false;
                }
            }
            return true;
        }

        private boolean partitioned(QualifiedName table) {
            TocEntry entry = tables.get(table);
            return entry != null && entry.defn() != null && entry.defn().contains("PARTITION BY");
        }

        /** The table, its ancestors and its descendants: a rule reading any of them reads the table's rows. */
        private Set<QualifiedName> lineage(QualifiedName table) {
            Set<QualifiedName> all = new LinkedHashSet<>();
            for (QualifiedName t = table; t != null && all.add(t); t = parentOf.get(t)) {
                // walking up
            }
            List<QualifiedName> below = new ArrayList<>(children.getOrDefault(table, List.of()));
            while (!below.isEmpty()) {
                QualifiedName t = below.remove(below.size() - 1);
                if (all.add(t)) {
                    below.addAll(children.getOrDefault(t, List.of()));
                }
            }
            return all;
        }
    }
}
