package io.stagingsync.plan;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The archive's extensions on the target's server: each must be installable there (else the run is refused before
 * anything is touched), and the catalog, once they exist, says which of them owns each extension table.
 */
public final class TargetExtensions {

    private static final String AVAILABLE = """
            select a.name, pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog./) 10000,
                   pg_catalog.current_setting('server_version')
              from pg_catalog.pg_available_extensions a
             where a.name OPERATOR(pg_catalog.=) any(?::pg_catalog.text[])
            union all
            select null, pg_catalog.current_setting('server_version_num')::pg_catalog.int4 OPERATOR(pg_catalog./) 10000,
                   pg_catalog.current_setting('server_version')
            """;

    /** Refuses a run whose archive creates an extension the target's server does not have. */
    public void check(SyncRun run) {
        List<String> wanted = run.getPlan().extensions().extensions();
        if (wanted.isEmpty()) {
            return;
        }
        if (run.target().pool() == null) {
            run.results().note("the archive's extensions (" + String.join(", ", wanted) + ") were not checked: no connection to "
                    + "the target");
            return;
        }
        try (Connection c = run.target().pool().getConnection()) {
            Set<String> available = new HashSet<>();
            int major = 0;
            String version = "";
            try (PreparedStatement ps = c.prepareStatement(AVAILABLE)) {
                ps.setArray(1, c.createArrayOf("text", wanted.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1) != null) {
                            available.add(rs.getString(1));
                        }
                        major = rs.getInt(2);
                        version = rs.getString(3);
                    }
                }
            }
            int serverMajor = major;
            String serverVersion = version;
            List<String> missing = wanted.stream().filter(name -> !available.contains(name))
                    .map(name -> missing(name, serverMajor, serverVersion)).toList();
            if (!missing.isEmpty()) {
                throw new RefusedException(missing);
            }
            learnOwners(run, c);
        } catch (SQLException e) {
            throw new SyncFailure("reading the target's available extensions failed: " + e.getMessage(), e);
        }
    }

    /** Names the owner of each extension table from the run's database, where pre-data has created the extensions. */
    public void learnOwners(SyncRun run) {
        if (run.getPlan().extensions().tables().isEmpty() && run.getPlan().extensions().sequences().isEmpty()) {
            return;
        }
        try (Connection c = run.target().pool().getConnection()) {
            learnOwners(run, c);
        } catch (SQLException e) {
            throw new SyncFailure("reading the extensions' tables from " + run.target().workDatabase() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void learnOwners(SyncRun run, Connection c) throws SQLException {
        run.getPlan().extensions().learnOwners(ExtensionRows.owners(ExtensionRows.read(c)));
    }

    static String missing(String extension, int major, String version) {
        return "the archive creates the extension " + extension + ", which the target's server (PostgreSQL " + version
                + ") does not have (pg_available_extensions): install " + provider(extension, major)
                + " on that server, or restore to one that has it. Nothing was touched";
    }

    /** Where an extension comes from: Debian's package, and Scalingo's addon option when there is one. */
    static String provider(String extension, int major) {
        String debian = "postgresql-" + major + "-";
        if (extension.startsWith("postgis") || extension.startsWith("address_standardizer")) {
            return "PostGIS (Debian: " + debian + "postgis-3; on Scalingo: the PostgreSQL addon's PostGIS option, "
                    + "postgis)";
        }
        return switch (extension) {
            case "pg_partman" -> "pg_partman (Debian: " + debian + "partman)";
            case "vector" -> "pgvector (Debian: " + debian + "pgvector)";
            case "pg_cron" -> "pg_cron (Debian: " + debian + "cron)";
            case "pgrouting" -> "pgRouting (Debian: " + debian + "pgrouting)";
            case "timescaledb" -> "TimescaleDB (timescaledb-2-postgresql-" + major + " from Timescale's repository)";
            default -> CONTRIB.contains(extension)
                    ? "PostgreSQL's contrib modules (Debian: part of postgresql-" + major + "; elsewhere often "
                            + "postgresql-contrib)"
                    : "the package that provides it (Debian names most " + debian + "<name>)";
        };
    }

    private static final Set<String> CONTRIB = Set.of("adminpack", "amcheck", "autoinc", "bloom", "btree_gin",
            "btree_gist", "citext", "cube", "dblink", "dict_int", "dict_xsyn", "earthdistance", "file_fdw",
            "fuzzystrmatch", "hstore", "insert_username", "intagg", "intarray", "isn", "lo", "ltree", "moddatetime",
            "old_snapshot", "pageinspect", "pg_buffercache", "pg_freespacemap", "pg_prewarm", "pg_stat_statements",
            "pg_surgery", "pg_trgm", "pg_visibility", "pg_walinspect", "pgcrypto", "pgrowlocks", "pgstattuple",
            "postgres_fdw", "refint", "seg", "sslinfo", "tablefunc", "tcn", "tsm_system_rows", "tsm_system_time",
            "unaccent", "uuid-ossp", "xml2");
}
