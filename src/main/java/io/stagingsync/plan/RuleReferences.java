package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.settings.TableRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a rule's SQL names beyond pg_catalog and its own private copy. Rule SQL runs on raw rows with a search path
 * of pg_catalog and the private copies only, so anything else must be named with its schema: the operator's choice,
 * which the plan and the report show. Unqualified calls of the archive's functions and reads of its tables are refused.
 *
 * @param functions schema-qualified functions the rule calls, outside pg_catalog
 * @param relations schema-qualified tables (or types) the rule names
 */
public record RuleReferences(List<String> functions, List<QualifiedName> relations) {

    public static final RuleReferences NONE = new RuleReferences(List.of(), List.of());

    private static final Set<String> READS = Set.of("from", "join", "update", "into");
    private static final Set<String> NOT_A_TABLE = Set.of("only", "lateral", "select", "values", "rows", "unnest");

    public boolean isEmpty() {
        return functions.isEmpty() && relations.isEmpty();
    }

    /** The names the archive defines, by which a rule's unqualified names are judged. */
    record ArchiveNames(Set<String> schemas, Map<String, Set<String>> functionSchemas,
                        Map<String, Set<String>> tableSchemas, Set<QualifiedName> views) {

        static ArchiveNames of(List<TocEntry> entries) {
            Set<String> schemas = new LinkedHashSet<>(List.of("public"));
            Map<String, Set<String>> functions = new HashMap<>();
            Map<String, Set<String>> tables = new HashMap<>();
            Set<QualifiedName> views = new LinkedHashSet<>();
            for (TocEntry e : entries) {
                if ("SCHEMA".equals(e.desc())) {
                    schemas.add(e.tag());
                } else if (e.namespace() != null && !e.namespace().isEmpty()) {
                    schemas.add(e.namespace());
                }
                if (Set.of("FUNCTION", "AGGREGATE", "PROCEDURE").contains(e.desc()) && e.tag().contains("(")) {
                    functions.computeIfAbsent(e.tag().substring(0, e.tag().indexOf('(')), k -> new LinkedHashSet<>())
                            .add(e.namespace());
                } else if ("TABLE".equals(e.desc())) {
                    tables.computeIfAbsent(e.tag(), k -> new LinkedHashSet<>()).add(e.namespace());
                } else if ("VIEW".equals(e.desc()) || "FOREIGN TABLE".equals(e.desc())) {
                    views.add(new QualifiedName(e.namespace(), e.tag()));
                }
            }
            return new ArchiveNames(schemas, functions, tables, views);
        }
    }

    /** Reads every piece of SQL the rule holds; what cannot run as written goes to {@code problems}. */
    static RuleReferences scan(TableRule rule, String ruleTable, ArchiveNames names, String where,
                               List<String> problems) {
        Set<String> functions = new LinkedHashSet<>();
        Set<QualifiedName> relations = new LinkedHashSet<>();
        Set<String> reported = new LinkedHashSet<>();
        Stream.concat(Stream.concat(rule.columns().values().stream(), rule.queries().stream()),
                        Stream.ofNullable(rule.condition()))
                .forEach(sql -> scan(sql, ruleTable, names, functions, relations, reported));
        for (String problem : reported) {
            problems.add(where + ": " + problem);
        }
        for (QualifiedName read : relations) {
            if (names.views().contains(read)) {
                problems.add(where + ": reads " + read + ", a view or foreign table: its definition would run on the "
                        + "raw rows; read the tables it is made of instead");
            }
        }
        return functions.isEmpty() && relations.isEmpty() ? NONE
                : new RuleReferences(List.copyOf(functions), List.copyOf(relations));
    }

    private static void scan(String sql, String ruleTable, ArchiveNames names, Set<String> functions,
                             Set<QualifiedName> relations, Set<String> problems) {
        List<SqlTokens.Token> t = SqlTokens.of(sql);
        for (int i = 0; i < t.size(); i++) {
            if (!t.get(i).isName() || (i > 0 && t.get(i - 1).is("."))) {
                continue;
            }
            String name = t.get(i).text();
            if (i + 2 < t.size() && t.get(i + 1).is(".") && t.get(i + 2).isName()) {
                String member = t.get(i + 2).text();
                boolean call = i + 3 < t.size() && t.get(i + 3).is("(");
                if (call && !"pg_catalog".equals(name)) {
                    functions.add(name + "." + member);
                } else if (!call && names.schemas().contains(name)) {
                    relations.add(new QualifiedName(name, member));
                }
                i += 2;
            } else if (i + 1 < t.size() && t.get(i + 1).is("(") && names.functionSchemas().containsKey(name)) {
                String schema = names.functionSchemas().get(name).iterator().next();
                problems.add("calls " + name + "(), a function of the archive's schema " + schema + ": rules run with "
                        + "only pg_catalog's functions in reach; write " + schema + "." + name + "(…) to run it on the "
                        + "raw rows knowingly (the plan and the report list it), or use pg_catalog functions");
            } else if (i > 0 && READS.stream().anyMatch(t.get(i - 1)::isKeyword) && !NOT_A_TABLE.contains(name)
                    && !name.equals(ruleTable) && names.tableSchemas().containsKey(name)) {
                String schema = names.tableSchemas().get(name).iterator().next();
                problems.add("reads " + name + " without its schema: rules reach only their own table's private "
                        + "copy unqualified; write " + schema + "." + name);
            }
        }
    }

    /** How the plan and the report show it: {@code public.fake_email(), public.orders}. */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        functions.forEach(f -> out.add(f + "()"));
        relations.forEach(r -> out.add(r.schema() + "." + r.name()));
        return out;
    }
}
