package io.stagingsync.verify;

import io.stagingsync.archive.DumpArchive;
import io.stagingsync.archive.TocEntry;
import java.util.HashSet;
import java.util.Set;

/** What the archive defines, by kind, schema and tag as its table of contents names them. */
public final class ArchiveObjects {

    // schemas and extensions are not in a schema; pg_dump leaves their entry's namespace empty
    private static final Set<String> UNQUALIFIED = Set.of("SCHEMA", "EXTENSION");

    private final Set<String> keys = new HashSet<>();

    private ArchiveObjects() {
    }

    public static ArchiveObjects of(DumpArchive archive) {
        ArchiveObjects objects = new ArchiveObjects();
        for (TocEntry e : archive.entries()) {
            String desc = switch (e.desc()) {
                case "SHELL TYPE" -> "TYPE";
                default -> e.desc();
            };
            String tag = e.tag();
            if ("AGGREGATE".equals(desc) && tag != null && tag.indexOf('(') > 0) {
                // "agg(integer ORDER BY text)": aggregates are matched by name, their support functions by signature
                tag = tag.substring(0, tag.indexOf('('));
            }
            objects.keys.add(key(desc, e.namespace(), tag));
        }
        return objects;
    }

    /** True when the archive has an entry for the object (or, for an index, for the constraint it backs). */
    public boolean defines(CatalogObject o) {
        return keys.contains(key(o.desc(), o.schema(), o.tag()))
                || o.altDesc() != null && keys.contains(key(o.altDesc(), o.schema(), o.altTag()));
    }

    private static String key(String desc, String schema, String tag) {
        return desc + '\0' + (UNQUALIFIED.contains(desc) || schema == null ? "" : schema) + '\0' + tag;
    }
}
