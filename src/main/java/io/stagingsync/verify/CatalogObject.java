package io.stagingsync.verify;

/**
 * One object of the target's catalog as the integrity check sees it.
 *
 * @param ref     which catalog row it is (stable while the object exists, new when it is recreated)
 * @param desc    the kind as pg_dump names it in a table of contents (TABLE, FUNCTION, TRIGGER…)
 * @param schema  its schema, or the schema of the table it belongs to; null for schemas and extensions
 * @param tag     its name as pg_dump writes the entry's tag ("f(integer)", "table trigger")
 * @param altDesc for an index that backs a constraint: the constraint's kind (CONSTRAINT), else null
 * @param altTag  that constraint's tag ("table constraint"), else null
 * @param label   how the operator reads it: "trigger grab on public.users"
 * @param drop    the statement that removes it, fully qualified
 */
public record CatalogObject(Ref ref, String desc, String schema, String tag, String altDesc, String altTag, String label,
                            String drop) {

    /** A catalog row: the catalog's OID and the object's OID. */
    public record Ref(long catalog, long oid) {
    }
}
