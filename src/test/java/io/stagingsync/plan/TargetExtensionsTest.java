package io.stagingsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.archive.QualifiedName;
import io.stagingsync.archive.TocEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Extension tables are told apart by the archive's shape; a missing extension's refusal names what provides it. */
class TargetExtensionsTest {

    private static TocEntry entry(String desc, String schema, String tag) {
        return new TocEntry(1, desc, schema, tag, TocEntry.SECTION_PRE_DATA, "", null, -1, 0);
    }

    private static TocEntry extension(String name, String schema) {
        return new TocEntry(1, "EXTENSION", null, name, TocEntry.SECTION_PRE_DATA,
                "CREATE EXTENSION IF NOT EXISTS " + name + " WITH SCHEMA " + schema + ";\n", null, -1, 0);
    }

    @Test
    void dataWithoutADefinitionIsAnExtensionsAndItsOwnerIsNamedOnceTheCatalogSaysIt() {
        QualifiedName srs = new QualifiedName("public", "spatial_ref_sys");
        QualifiedName config = new QualifiedName("partman", "part_config");
        ExtensionTables tables = ExtensionTables.of(List.of(
                extension("pg_partman", "partman"), extension("postgis", "public"), extension("btree_gist", "public"),
                entry("TABLE", "public", "users"), entry("TABLE DATA", "public", "users"),
                entry("SEQUENCE", "public", "users_id_seq"), entry("SEQUENCE SET", "public", "users_id_seq"),
                entry("TABLE DATA", "public", "spatial_ref_sys"), entry("TABLE DATA", "partman", "part_config"),
                entry("SEQUENCE SET", "partman", "template_seq")));
        assertEquals(Set.of(srs, config), tables.tables());
        assertEquals(Set.of(new QualifiedName("partman", "template_seq")), tables.sequences());
        // before the catalog says it: the extensions created in the table's schema
        assertEquals("extension-owned: postgis or btree_gist", tables.describe(srs));
        assertEquals("pg_partman", tables.owner(config));
        tables.learnOwners(Map.of(srs, "postgis", new QualifiedName("public", "not_in_the_archive"), "other"));
        assertEquals("extension-owned: postgis", tables.describe(srs));
    }

    @Test
    void aMissingExtensionsRefusalNamesItsPackageAndScalingosOption() {
        String postgis = TargetExtensions.missing("postgis", 15, "15.20");
        assertTrue(postgis.startsWith("the archive creates the extension postgis, which the target's server "
                + "(PostgreSQL 15.20) does not have"), postgis);
        assertTrue(postgis.contains("postgresql-15-postgis-3") && postgis.contains("Scalingo")
                && postgis.contains("postgis)"), postgis);
        assertTrue(postgis.endsWith("Nothing was touched"), postgis);
        assertTrue(TargetExtensions.provider("postgis_topology", 16).contains("postgresql-16-postgis-3"));
        assertEquals("pg_partman (Debian: postgresql-15-partman)", TargetExtensions.provider("pg_partman", 15));
        assertTrue(TargetExtensions.provider("btree_gist", 15).contains("part of postgresql-15"));
        assertTrue(TargetExtensions.provider("no_such", 15).contains("postgresql-15-<name>"));
    }
}
