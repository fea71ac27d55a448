package io.stagingsync.plan;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archive's extensions and the tables and sequences that belong to them (PostGIS's spatial_ref_sys): pg_dump
 * writes their data but not their definition, since {@code CREATE EXTENSION} makes them, and of their rows only
 * those the extension did not insert itself (pg_extension_config_dump). Which extension owns which table is learnt
 * from a catalog where the extension exists: the archive does not say.
 */
public final class ExtensionTables {

    private static final ExtensionTables NONE = new ExtensionTables(List.of(), Map.of(), Set.of(), Set.of());

    private static final Pattern WITH_SCHEMA = Pattern.compile("WITH SCHEMA (\"(?:[^\"]|\"\")+\"|[^\\s;]+)");

    private final List<String> extensions;
    private final Map<String, String> schemas;
    private final Set<QualifiedName> tables;
    private final Set<QualifiedName> sequences;
    private final Map<QualifiedName, String> owners = new ConcurrentHashMap<>();

    private ExtensionTables(List<String> extensions, Map<String, String> schemas, Set<QualifiedName> tables,
                            Set<QualifiedName> sequences) {
        this.extensions = List.copyOf(extensions);
        this.schemas = Map.copyOf(schemas);
        this.tables = Set.copyOf(tables);
        this.sequences = Set.copyOf(sequences);
    }

    public static ExtensionTables none() {
        return NONE;
    }

    /** Data entries without a definition of their own: a TABLE DATA without TABLE, a SEQUENCE SET without SEQUENCE. */
    public static ExtensionTables of(List<TocEntry> entries) {
        Set<QualifiedName> defined = new HashSet<>();
        Set<QualifiedName> definedSequences = new HashSet<>();
        List<String> extensions = new ArrayList<>();
        Map<String, String> schemas = new HashMap<>();
        for (TocEntry e : entries) {
            switch (e.desc()) {
                case "TABLE" -> defined.add(new QualifiedName(e.namespace(), e.tag()));
                case "SEQUENCE" -> definedSequences.add(new QualifiedName(e.namespace(), e.tag()));
                case "EXTENSION" -> {
                    extensions.add(e.tag());
                    Matcher schema = WITH_SCHEMA.matcher(e.defn() == null ? "" : e.defn());
                    if (schema.find()) {
                        schemas.put(e.tag(), unquote(schema.group(1)));
                    }
                }
                default -> { }
            }
        }
        Set<QualifiedName> tables = new HashSet<>();
        Set<QualifiedName> sequences = new HashSet<>();
        for (TocEntry e : entries) {
            QualifiedName name = new QualifiedName(e.namespace(), e.tag());
            if (e.isTableData() && !defined.contains(name)) {
                tables.add(name);
            } else if ("SEQUENCE SET".equals(e.desc()) && !definedSequences.contains(name)) {
                sequences.add(name);
            }
        }
        return new ExtensionTables(extensions, schemas, tables, sequences);
    }

    private static String unquote(String identifier) {
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
                : identifier;
    }

    /** The extensions the archive creates, by name. */
    public List<String> extensions() {
        return extensions;
    }

    public Set<QualifiedName> tables() {
        return tables;
    }

    public Set<QualifiedName> sequences() {
        return sequences;
    }

    public boolean owns(QualifiedName relation) {
        return tables.contains(relation) || sequences.contains(relation);
    }

    /** Records who owns what, as a catalog where the extensions exist says ({@code schema.name → extension}). */
    public void learnOwners(Map<QualifiedName, String> fromCatalog) {
        fromCatalog.forEach((relation, extension) -> {
            if (owns(relation)) {
                owners.put(relation, extension);
            }
        });
    }

    /**
     * The owning extension as the catalog said; else the archive's extensions created in the relation's schema (an
     * extension makes its tables there), or all of them: one, or every candidate ("a or b").
     */
    public String owner(QualifiedName relation) {
        String known = owners.get(relation);
        if (known != null) {
            return known;
        }
        List<String> inSchema = extensions.stream().filter(e -> relation.schema().equals(schemas.get(e))).toList();
        List<String> candidates = inSchema.isEmpty() ? extensions : inSchema;
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? "an extension the archive does not create" : candidates.get(0);
        }
        return String.join(", ", candidates.subList(0, candidates.size() - 1)) + " or "
                + candidates.get(candidates.size() - 1);
    }

    /** How the plan and the report name such a table: {@code extension-owned: postgis}. */
    public String describe(QualifiedName relation) {
        return "extension-owned: " + owner(relation);
    }
}
