package io.stagingsync.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Asserts that a synced target equals its source: its objects, every table's row count, its sequences' values. */
public final class SameDatabase {

    /** Every object of the database as a line: relations, indexes, constraints, routines, types, triggers, extensions. */
    private static final String OBJECTS = """
            select 'relation ' || c.relkind::text || ' ' || n.nspname || '.' || c.relname
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_toast'
            union all
            select 'index ' || schemaname || ' ' || indexdef from pg_indexes
             where schemaname not in ('pg_catalog', 'information_schema')
            union all
            select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
              from pg_constraint where connamespace = 'public'::regnamespace
            union all
            select 'routine ' || oid::regprocedure from pg_proc where pronamespace = 'public'::regnamespace
            union all
            select 'type ' || typname || ' ' || typtype::text from pg_type where typnamespace = 'public'::regnamespace
            union all
            select 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text from pg_trigger
             where not tgisinternal
            union all
            select 'extension ' || extname || ' ' || extversion from pg_extension
            """;
    private static final String SEQUENCES = """
            select schemaname || '.' || sequencename || ' = ' || coalesce(last_value::text, 'not called')
              from pg_sequences
            """;
    private static final String TABLES = "select format('%I.%I', schemaname, tablename) from pg_tables "
            + "where schemaname not in ('pg_catalog', 'information_schema')";

    private SameDatabase() {
    }

    /** @param what names the run in the failure messages; @param minTables how many tables the source must have */
    public static void assertCopied(String source, String target, String what, int minTables) {
        assertEquals(Rows.strings(source, OBJECTS), Rows.strings(target, OBJECTS), what + ": objects");
        assertEquals(Rows.strings(source, SEQUENCES), Rows.strings(target, SEQUENCES), what + ": sequences");
        Set<String> tables = new TreeSet<>(Rows.strings(source, TABLES));
        assertTrue(tables.size() >= minTables, tables.toString());
        Map<String, Long> sourceRows = counts(source, tables);
        Map<String, Long> targetRows = counts(target, tables);
        for (String table : tables) {
            assertEquals(sourceRows.get(table), targetRows.get(table), what + ": rows of " + table);
        }
    }

    /**
     * Every table's row count, read over one connection: a real schema has a hundred tables or more, and a new
     * connection per count costs the server a backend each time.
     */
    private static Map<String, Long> counts(String database, Set<String> tables) {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = PostgresServer.get().connect(database); Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(database + ": " + e.getMessage(), e);
        }
        return counts;
    }
}
