package io.stagingsync.target;

import static io.stagingsync.target.DatabaseCatalog.exists;
import static io.stagingsync.target.DatabaseCatalog.literal;
import static io.stagingsync.target.DatabaseCatalog.publicConnects;
import static io.stagingsync.target.DatabaseCatalog.quote;
import static io.stagingsync.target.DatabaseCatalog.refusesConnections;

import io.stagingsync.settings.SwapSettings;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.TargetDatabase;

import io.stagingsync.target.DatabaseCatalog.LiveDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swap mode: the run restores into {@code <db>_next}; once verified, the live database's sessions are ended and
 * both names change in one transaction, so readers see yesterday's copy or today's, never a partial one. All of it
 * from the maintenance database, since a database cannot be renamed or dropped from a session on it.
 */
public final class DatabaseSwap {

    private final SyncSettings settings;
    private final SwapSettings swap;

    public DatabaseSwap(SyncSettings settings, SwapSettings swap) {
        this.settings = settings;
        this.swap = swap;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSwap.class);
    /** How long the live database's own sessions get to end once they were told to. */
    private static final Duration SESSIONS_END = Duration.ofSeconds(30);

    public static String nextName(String database) {
        return database + "_next";
    }

    public static String previousName(String database) {
        return database + "_previous";
    }

    /** Creates an empty {@code <db>_next} like the live one (encoding, locale, owner) and points the run at it. */
    public void prepareNext(SyncRun run) {
        TargetDatabase target = run.target().database();
        String next = nextName(target.database());
        run.target().touch();
        try (Connection c = maintenance(run); Statement s = c.createStatement()) {
            dropIfExists(s, next, "a leftover of an interrupted run");
            createLike(s, target.database(), next);
        } catch (SQLException e) {
            throw new SyncFailure("creating " + next + " for the swap failed: " + e.getMessage(), e);
        }
        workIn(run, next);
        LOG.info("swap: restoring into {}", next);
    }

    /**
     * An empty database like the live one (encoding, locale, owner when the role may give it), closed to PUBLIC:
     * while the copy is worked on, only its owner (and superusers) can connect to it.
     */
    static void createLike(Statement s, String live, String copy) throws SQLException {
        LiveDatabase like = DatabaseCatalog.live(s.getConnection(), live);
        s.execute("CREATE DATABASE " + quote(copy) + " TEMPLATE template0 ENCODING " + literal(like.encoding())
                + " LC_COLLATE " + literal(like.collate()) + " LC_CTYPE " + literal(like.ctype())
                + (like.member() ? " OWNER " + quote(like.owner()) : ""));
        s.execute("REVOKE CONNECT ON DATABASE " + quote(copy) + " FROM PUBLIC");
    }

    /** Points the run's stages at {@code database}: a pool of its own replaces the target's. */
    void workIn(SyncRun run, String database) {
        run.target().workDatabase(database);
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        run.target().pool(TargetPool.open(run.target().database().withDatabase(database), settings.parallelism()));
    }

    /**
     * Ends the live database's sessions and renames it to {@code <db>_previous} and {@code <db>_next} to its name,
     * in one transaction; then drops the previous copy unless SYNC_SWAP_KEEP_PREVIOUS. New connections are refused
     * in between, and allowed again whatever happens.
     */
    public void swap(SyncRun run) {
        String live = run.target().database().database();
        String next = nextName(live);
        String previous = previousName(live);
        run.control().beginPublish();
        // the run's own sessions on the copy would block its rename
        run.target().pool().close();
        try (Connection c = maintenance(run); Statement s = c.createStatement()) {
            dropIfExists(s, previous, "the copy kept by the previous swap");
            exchange(c, live, next, previous);
            run.target().workDatabase(live);
            run.target().anonymized();
            LOG.info("swap: {} now holds the new copy", live);
            if (swap.keepPrevious()) {
                run.results().note("the replaced copy is kept as " + previous + " until the next swap");
            } else {
                s.execute("DROP DATABASE " + quote(previous) + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new SyncFailure("the swap of " + next + " into " + live + " failed: " + e.getMessage()
                    + "; the live database is unchanged", e);
        }
    }

    /**
     * Renames {@code live} to {@code previous} and {@code next} to {@code live} in one transaction, once the live
     * database's sessions ended; new connections are refused in between, and allowed again whatever happens.
     * The published copy opens to PUBLIC as the live one was.
     */
    static void exchange(Connection c, String live, String next, String previous) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean publicConnects = publicConnects(c, live);
            s.execute("ALTER DATABASE " + quote(live) + " ALLOW_CONNECTIONS false");
            try {
                endSessions(c, live);
                c.setAutoCommit(false);
                if (publicConnects) {
                    s.execute("GRANT CONNECT ON DATABASE " + quote(next) + " TO PUBLIC");
                }
                s.execute("ALTER DATABASE " + quote(live) + " RENAME TO " + quote(previous));
                s.execute("ALTER DATABASE " + quote(next) + " RENAME TO " + quote(live));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                // whichever name the old copy has now, it accepts connections again
                allowConnections(s, c, live, previous);
            }
        }
    }

    /**
     * What a killed swap run leaves: its {@code <db>_next}, and the live database refusing connections when the kill
     * came in the middle of the renames. Returns what was cleaned, for the log and the report.
     */
    public List<String> cleanLeftovers(SyncRun run) {
        String live = run.target().database().database();
        List<String> cleaned = new ArrayList<>();
        try (Connection c = maintenance(run); Statement s = c.createStatement()) {
            if (exists(c, nextName(live))) {
                awaitNoSessions(c, nextName(live), settings.lockTimeout());
                s.execute("DROP DATABASE " + quote(nextName(live)) + " WITH (FORCE)");
                cleaned.add("dropped " + nextName(live) + ", the copy of an interrupted run");
            }
            if (refusesConnections(c, live)) {
                s.execute("ALTER DATABASE " + quote(live) + " ALLOW_CONNECTIONS true");
                cleaned.add(live + " accepts connections again (an interrupted swap had closed it)");
            }
        } catch (SQLException e) {
            throw new SyncFailure("cleaning what an interrupted run left on " + live + " failed: " + e.getMessage(), e);
        }
        return cleaned;
    }

    /**
     * A copy somebody is connected to is not a leftover: a run of this target that this one's lock did not exclude
     * (an older version, another key), or a client. The sessions of a killed run end with their statement, so they
     * are waited for, up to SYNC_TARGET_LOCK_TIMEOUT_SECONDS; then the copy is left alone and the run fails.
     */
    static void awaitNoSessions(Connection c, String database, Duration patience) throws SQLException {
        SessionWait.Remaining left = SessionWait.untilNone(c, "select count(*), string_agg(pid || ' (' || coalesce("
                + "nullif(application_name, ''), 'no name') || ')', ', ' order by pid) from pg_stat_activity "
                + "where datname = ? and pid <> pg_backend_pid()", database, patience, count -> { });
        if (left != null) {
            throw new SyncFailure(database + " looks like the copy of an interrupted run but " + left.count()
                    + " session(s) are connected to it (server process " + left.description() + "): another "
                    + "run of this target may still be working in it, so it was left alone and this run "
                    + "changed nothing; wait for that run to end, or end those sessions, and run again");
        }
    }

    /** The rollback of swap mode: the copy goes, the live database was never written. */
    public void dropNext(SyncRun run) {
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        try (Connection c = maintenance(run); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(nextName(run.target().database().database())) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new SyncFailure("dropping " + nextName(run.target().database().database()) + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static void endSessions(Connection c, String database) throws SQLException {
        SessionWait.Remaining left = SessionWait.untilNone(c, "select count(pg_terminate_backend(pid)), null "
                + "from pg_stat_activity where datname = ? and pid <> pg_backend_pid()", database, SESSIONS_END,
                count -> LOG.info("swap: ended {} session(s) on {}", count, database));
        if (left != null) {
            throw new SQLException("sessions on " + database + " did not end within 30 s");
        }
    }

    private static void allowConnections(Statement s, Connection c, String... names) throws SQLException {
        for (String name : names) {
            if (exists(c, name)) {
                s.execute("ALTER DATABASE " + quote(name) + " ALLOW_CONNECTIONS true");
            }
        }
    }

    private static void dropIfExists(Statement s, String name, String what) throws SQLException {
        if (exists(s.getConnection(), name)) {
            s.execute("DROP DATABASE " + quote(name) + " WITH (FORCE)");
            LOG.warn("swap: dropped {}, {}", name, what);
        }
    }

    Connection maintenance(SyncRun run) throws SQLException {
        return maintenance(run.target().database());
    }

    Connection maintenance(TargetDatabase target) throws SQLException {
        return target.withDatabase(swap.maintenanceDatabase()).connect();
    }
}
