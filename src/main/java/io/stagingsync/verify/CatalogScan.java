package io.stagingsync.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lists the user objects of a database the integrity check compares: schemas, extensions, relations (indexes
 * included), routines, operators, types, triggers, rules and policies. Left out: system objects (OID below 16384,
 * what initdb and template0 hold), temporary and TOAST schemas, extension members and what hangs off them, array
 * and table row types, multiranges, partition clones of triggers, internal triggers, views' own {@code _RETURN}.
 * Every name is fully qualified and the search path pinned: the target's role may have planted operators.
 */
public final class CatalogScan {

    private static final String NOT_MEMBER = """
            not exists (select 1 from pg_catalog.pg_depend d
                         where d.classid OPERATOR(pg_catalog.=) %1$s.tableoid and d.objid OPERATOR(pg_catalog.=) %1$s.oid
                           and d.deptype OPERATOR(pg_catalog.=) 'e')""";
    // made by the server as part of another object (a range type's constructors, a multirange): that object counts
    private static final String NOT_PART = """
            not exists (select 1 from pg_catalog.pg_depend d
                         where d.classid OPERATOR(pg_catalog.=) %1$s.tableoid and d.objid OPERATOR(pg_catalog.=) %1$s.oid
                           and d.deptype OPERATOR(pg_catalog.=) 'i')""";
    private static final String USER_OBJECT = "%s.oid OPERATOR(pg_catalog.>=) '16384'::pg_catalog.oid";

    private static final String SCAN = """
            with spaces as (
              select n.oid, n.nspname from pg_catalog.pg_namespace n
               where n.nspname OPERATOR(pg_catalog.!~) '^pg_(toast|temp_)'
                 and n.nspname OPERATOR(pg_catalog.<>) 'information_schema'
            )
            select 31 as ord, n.tableoid, n.oid, 'SCHEMA', null, n.nspname::pg_catalog.text, null, null,
                   pg_catalog.format('schema %I', n.nspname), pg_catalog.format('DROP SCHEMA IF EXISTS %I CASCADE', n.nspname)
              from pg_catalog.pg_namespace n join spaces s on s.oid OPERATOR(pg_catalog.=) n.oid
             where ${user:n} and ${member:n}
            union all
            select 30, e.tableoid, e.oid, 'EXTENSION', null, e.extname::pg_catalog.text, null, null,
                   pg_catalog.format('extension %I', e.extname), pg_catalog.format('DROP EXTENSION IF EXISTS %I CASCADE', e.extname)
              from pg_catalog.pg_extension e
             where ${user:e}
            union all
            select case c.relkind when 'I' then 10 when 'i' then 11 when 'v' then 12 when 'm' then 13 when 'S' then 15
                                  else 14 end,
                   c.tableoid, c.oid, k.kind, s.nspname, c.relname::pg_catalog.text,
                   case when con.oid is not null then 'CONSTRAINT' end,
                   case when con.oid is not null then pg_catalog.format('%s %s', t.relname, con.conname) end,
                   case when t.oid is null then pg_catalog.format('%s %I.%I', pg_catalog.lower(k.kind), s.nspname, c.relname)
                        else pg_catalog.format('index %I.%I on %I', s.nspname, c.relname, t.relname) end,
                   case when con.oid is not null
                        then pg_catalog.format('ALTER TABLE IF EXISTS %I.%I DROP CONSTRAINT IF EXISTS %I CASCADE',
                                               s.nspname, t.relname, con.conname)
                        else pg_catalog.format('DROP %s IF EXISTS %I.%I CASCADE', k.kind, s.nspname, c.relname) end
              from pg_catalog.pg_class c
              join spaces s on s.oid OPERATOR(pg_catalog.=) c.relnamespace
              cross join lateral (select case c.relkind when 'v' then 'VIEW' when 'm' then 'MATERIALIZED VIEW'
                                     when 'S' then 'SEQUENCE' when 'f' then 'FOREIGN TABLE'
                                     when 'i' then 'INDEX' when 'I' then 'INDEX' else 'TABLE' end as kind) k
              left join pg_catalog.pg_index i on i.indexrelid OPERATOR(pg_catalog.=) c.oid
              left join pg_catalog.pg_class t on t.oid OPERATOR(pg_catalog.=) i.indrelid
              left join pg_catalog.pg_constraint con on con.conindid OPERATOR(pg_catalog.=) c.oid
                    and con.conrelid OPERATOR(pg_catalog.=) i.indrelid and con.contype OPERATOR(pg_catalog.=) any ('{p,u,x}')
             where c.relkind OPERATOR(pg_catalog.=) any ('{r,p,v,m,S,f,i,I}') and ${user:c} and ${member:c}
               and (t.oid is null or ${member:t})
            union all
            select 20, p.tableoid, p.oid,
                   case p.prokind when 'p' then 'PROCEDURE' when 'a' then 'AGGREGATE' else 'FUNCTION' end,
                   s.nspname,
                   case when p.prokind OPERATOR(pg_catalog.=) 'a' then p.proname::pg_catalog.text
                        else pg_catalog.format('%s(%s)', p.proname, pg_catalog.oidvectortypes(p.proargtypes)) end,
                   null, null,
                   pg_catalog.format('%s %s', case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate'
                                                 else 'function' end, p.oid::pg_catalog.regprocedure),
                   pg_catalog.format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::pg_catalog.regprocedure)
              from pg_catalog.pg_proc p join spaces s on s.oid OPERATOR(pg_catalog.=) p.pronamespace
             where ${user:p} and ${member:p} and ${part:p}
            union all
            select 21, o.tableoid, o.oid, 'OPERATOR', s.nspname, o.oprname::pg_catalog.text, null, null,
                   pg_catalog.format('operator %s', o.oid::pg_catalog.regoperator),
                   pg_catalog.format('DROP OPERATOR IF EXISTS %s CASCADE', o.oid::pg_catalog.regoperator)
              from pg_catalog.pg_operator o join spaces s on s.oid OPERATOR(pg_catalog.=) o.oprnamespace
             where ${user:o} and ${member:o}
            union all
            select 22, y.tableoid, y.oid, case y.typtype when 'd' then 'DOMAIN' else 'TYPE' end, s.nspname,
                   y.typname::pg_catalog.text, null, null,
                   pg_catalog.format('%s %I.%I', case y.typtype when 'd' then 'domain' else 'type' end, s.nspname, y.typname),
                   pg_catalog.format('DROP %s IF EXISTS %I.%I CASCADE', case y.typtype when 'd' then 'DOMAIN' else 'TYPE' end,
                                     s.nspname, y.typname)
              from pg_catalog.pg_type y
              join spaces s on s.oid OPERATOR(pg_catalog.=) y.typnamespace
              left join pg_catalog.pg_class r on r.oid OPERATOR(pg_catalog.=) y.typrelid
             where y.typtype OPERATOR(pg_catalog.=) any ('{b,c,d,e,r,p}') and ${user:y} and ${member:y} and ${part:y}
               and (y.typrelid OPERATOR(pg_catalog.=) '0'::pg_catalog.oid or r.relkind OPERATOR(pg_catalog.=) 'c')
               and not exists (select 1 from pg_catalog.pg_type a where a.typarray OPERATOR(pg_catalog.=) y.oid)
            union all
            select 3, g.tableoid, g.oid, 'TRIGGER', s.nspname, pg_catalog.format('%s %s', c.relname, g.tgname), null, null,
                   pg_catalog.format('trigger %I on %I.%I', g.tgname, s.nspname, c.relname),
                   pg_catalog.format('DROP TRIGGER IF EXISTS %I ON %I.%I', g.tgname, s.nspname, c.relname)
              from pg_catalog.pg_trigger g
              join pg_catalog.pg_class c on c.oid OPERATOR(pg_catalog.=) g.tgrelid
              join spaces s on s.oid OPERATOR(pg_catalog.=) c.relnamespace
             where not g.tgisinternal and g.tgparentid OPERATOR(pg_catalog.=) '0'::pg_catalog.oid
               and ${user:g} and ${member:g} and ${member:c}
            union all
            select 4, w.tableoid, w.oid, 'RULE', s.nspname, pg_catalog.format('%s %s', c.relname, w.rulename), null, null,
                   pg_catalog.format('rule %I on %I.%I', w.rulename, s.nspname, c.relname),
                   pg_catalog.format('DROP RULE IF EXISTS %I ON %I.%I', w.rulename, s.nspname, c.relname)
              from pg_catalog.pg_rewrite w
              join pg_catalog.pg_class c on c.oid OPERATOR(pg_catalog.=) w.ev_class
              join spaces s on s.oid OPERATOR(pg_catalog.=) c.relnamespace
             where not (w.rulename OPERATOR(pg_catalog.=) '_RETURN' and c.relkind OPERATOR(pg_catalog.=) any ('{v,m}'))
               and ${user:w} and ${member:w} and ${member:c}
            union all
            select 5, l.tableoid, l.oid, 'POLICY', s.nspname, pg_catalog.format('%s %s', c.relname, l.polname), null, null,
                   pg_catalog.format('policy %I on %I.%I', l.polname, s.nspname, c.relname),
                   pg_catalog.format('DROP POLICY IF EXISTS %I ON %I.%I', l.polname, s.nspname, c.relname)
              from pg_catalog.pg_policy l
              join pg_catalog.pg_class c on c.oid OPERATOR(pg_catalog.=) l.polrelid
              join spaces s on s.oid OPERATOR(pg_catalog.=) c.relnamespace
             where ${user:l} and ${member:l} and ${member:c}
             order by 1
            """;

    private static final String SQL = expand(SCAN);

    /**
     * The objects, in the order they are best dropped in (what hangs off a table, then relations, routines, types,
     * extensions, schemas). Runs inside the caller's transaction, in a savepoint that also undoes the pinned path.
     */
    public List<CatalogObject> objects(Connection c) throws SQLException {
        List<CatalogObject> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            s.execute("SAVEPOINT catalog_scan");
            try {
                s.execute("SET LOCAL search_path = pg_catalog, pg_temp");
                try (ResultSet rs = s.executeQuery(SQL)) {
                    while (rs.next()) {
                        out.add(new CatalogObject(new CatalogObject.Ref(rs.getLong(2), rs.getLong(3)), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                rs.getString(10)));
                    }
                }
            } finally {
                s.execute("ROLLBACK TO SAVEPOINT catalog_scan");
                s.execute("RELEASE SAVEPOINT catalog_scan");
            }
        }
        return out;
    }

    /** The objects that are neither the archive's nor {@code known}: what someone else put there. */
    public List<CatalogObject> foreign(Connection c, ArchiveObjects archive, Predicate<CatalogObject.Ref> known)
            throws SQLException {
        return objects(c).stream().filter(o -> !known.test(o.ref()) && !archive.defines(o)).toList();
    }

    private static String expand(String sql) {
        String out = sql;
        for (String alias : new String[] {"n", "e", "c", "t", "p", "o", "y", "g", "w", "l"}) {
            out = out.replace("${member:" + alias + "}", NOT_MEMBER.formatted(alias))
                    .replace("${part:" + alias + "}", NOT_PART.formatted(alias))
                    .replace("${user:" + alias + "}", USER_OBJECT.formatted(alias));
        }
        return out;
    }
}
