package io.stagingsync.restore;

import io.stagingsync.archive.DumpArchive;
import io.stagingsync.archive.TocEntry;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.verify.ArchiveObjects;
import io.stagingsync.verify.CatalogBaseline;
import io.stagingsync.verify.CatalogObject;
import io.stagingsync.verify.CatalogScan;
import io.stagingsync.archive.PrintableName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drops, in one transaction, the target's objects the archive recreates (its extensions too): in-place cleaning and rollback. */
public final class TargetCleaner {

    private static final Logger LOG = LoggerFactory.getLogger(TargetCleaner.class);

    // Tables (with their partitions), views, sequences, types, routines and large objects; not yet collations,
    // operators, text search objects or casts, which then fail the pre-data restore with "already exists".
    private static final String RELATIONS = """
            select format('DROP %s IF EXISTS %I.%I CASCADE',
                     case c.relkind when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW' when 'S' then 'SEQUENCE'
                                    when 'f' then 'FOREIGN TABLE' else 'TABLE' end, n.nspname, c.relname)
              from pg_class c
              join pg_namespace n on n.oid = c.relnamespace
              join unnest(?::text[], ?::text[]) as a(ns, name) on a.ns = n.nspname and a.name = c.relname
             where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
               and not exists (select 1 from pg_depend d
                                where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
             order by case c.relkind when 'v' then 0 when 'm' then 1 when 'S' then 3 else 2 end
            """;
    private static final String TYPES = """
            select format('DROP %s IF EXISTS %I.%I CASCADE', case t.typtype when 'd' then 'DOMAIN' else 'TYPE' end,
                          n.nspname, t.typname)
              from pg_type t
              join pg_namespace n on n.oid = t.typnamespace
              join unnest(?::text[], ?::text[]) as a(ns, name) on a.ns = n.nspname and a.name = t.typname
             where t.typtype in ('e', 'd', 'c', 'r', 'b')
               and not exists (select 1 from pg_depend d
                                where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
            """;
    private static final String ROUTINES = """
            select format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure)
              from pg_proc p
              join pg_namespace n on n.oid = p.pronamespace
              join unnest(?::text[], ?::text[]) as a(ns, name)
                on a.ns = n.nspname and a.name = p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'
             where not exists (select 1 from pg_depend d
                                where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
            """;
    private static final String LARGE_OBJECTS = """
            select format('SELECT pg_catalog.lo_unlink(%s)', m.oid)
              from pg_largeobject_metadata m
             where m.oid::text = any(?::text[])
            """;

    /** Drops what the archive would recreate; returns how many objects were dropped. */
    public int dropArchiveObjects(DataSource target, DumpArchive archive, Duration lockTimeout) {
        return dropArchiveObjects(target, archive, lockTimeout, note -> LOG.warn("{}", note));
    }

    /**
     * Drops what the archive would recreate, its extensions last; returns how many objects were dropped. What is
     * kept instead of dropped (an extension the role cannot drop) is told to {@code notes}.
     */
    public int dropArchiveObjects(DataSource target, DumpArchive archive, Duration lockTimeout, Consumer<String> notes) {
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
                // type names then print as pg_dump wrote them in function signatures: qualified unless built in
                s.execute("SET LOCAL search_path = pg_catalog");
            }
            List<String> drops = new ArrayList<>();
            drops.addAll(statements(c, RELATIONS, archive, Set.of("TABLE", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "FOREIGN TABLE")));
            drops.addAll(statements(c, TYPES, archive, Set.of("TYPE", "DOMAIN")));
            drops.addAll(statements(c, ROUTINES, archive, Set.of("FUNCTION", "PROCEDURE", "AGGREGATE")));
            drops.addAll(largeObjects(c, archive));
            try (Statement s = c.createStatement()) {
                for (String drop : drops) {
                    s.execute(drop);
                }
            }
            int extensions = ExtensionCleaner.drop(c, archive, notes);
            c.commit();
            LOG.info("cleaned the target: {} objects of the archive dropped", drops.size() + extensions);
            return drops.size() + extensions;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new SyncFailure("the target's tables are in use (no lock within " + lockTimeout.toSeconds()
                        + " s): stop the staging app's workers or raise SYNC_TARGET_LOCK_TIMEOUT_SECONDS", e);
            }
            throw new SyncFailure("cleaning the target failed: " + e.getMessage(), e);
        }
    }

    /**
     * The rollback's second half in place: drops what appeared during the run and is neither the archive's (dropped
     * by {@link #dropArchiveObjects}) nor there before the run (left untouched); returns how many were dropped.
     */
    public int dropNewObjects(DataSource target, DumpArchive archive, CatalogBaseline baseline, Duration lockTimeout) {
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
                List<CatalogObject> foreign = new CatalogScan().foreign(c, ArchiveObjects.of(archive), baseline::existedBefore);
                s.execute("SET LOCAL search_path = pg_catalog, pg_temp");
                for (CatalogObject o : foreign) {
                    s.execute(o.drop());
                    LOG.warn("rollback: dropped {}, which appeared during the run", PrintableName.of(o.label()));
                }
                c.commit();
                return foreign.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SyncFailure("dropping the objects that appeared during the run failed: " + e.getMessage(), e);
        }
    }

    /** Schemas of the archive that already exist in the target (their CREATE SCHEMA entry is skipped). */
    public Set<String> existingSchemas(DataSource target, DumpArchive archive) {
        List<String> names = archive.entries().stream().filter(e -> "SCHEMA".equals(e.desc())).map(TocEntry::tag).toList();
        Set<String> existing = new HashSet<>();
        if (names.isEmpty()) {
            return existing;
        }
        try (Connection c = target.getConnection();
             PreparedStatement ps = c.prepareStatement("select nspname from pg_namespace where nspname = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
            return existing;
        } catch (SQLException e) {
            throw new SyncFailure("reading the target's schemas failed: " + e.getMessage(), e);
        }
    }

    private static List<String> statements(Connection c, String sql, DumpArchive archive, Set<String> kinds)
            throws SQLException {
        List<String> schemas = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (TocEntry e : archive.entries()) {
            if (kinds.contains(e.desc()) && e.namespace() != null) {
                schemas.add(e.namespace());
                names.add(e.tag());
            }
        }
        if (names.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Array a = c.createArrayOf("text", schemas.toArray());
            Array b = c.createArrayOf("text", names.toArray());
            ps.setArray(1, a);
            ps.setArray(2, b);
            return column(ps);
        }
    }

    private static List<String> largeObjects(Connection c, DumpArchive archive) throws SQLException {
        List<String> oids = archive.entries().stream().filter(e -> "BLOB".equals(e.desc())).map(TocEntry::tag).toList();
        if (oids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement(LARGE_OBJECTS)) {
            ps.setArray(1, c.createArrayOf("text", oids.toArray()));
            return column(ps);
        }
    }

    private static List<String> column(PreparedStatement ps) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
