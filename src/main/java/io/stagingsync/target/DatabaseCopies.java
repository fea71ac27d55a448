package io.stagingsync.target;

import static io.stagingsync.target.DatabaseCatalog.exists;
import static io.stagingsync.target.DatabaseCatalog.quote;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.run.TargetCopy;
import io.stagingsync.settings.SwapSettings;
import io.stagingsync.settings.TargetDatabase;
import io.stagingsync.settings.SyncSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies mode: each run restores into {@code <db>_<UTC time>}; once verified, it takes the name {@code <db>} as a
 * swap does, the replaced live copy going back to its own timestamped name; the last SYNC_COPIES_KEEP copies stay.
 * A failed run drops only its own copy. All of it from the maintenance database, like the swap.
 */
public final class DatabaseCopies {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCopies.class);

    private final SyncSettings settings;
    private final SwapSettings swap;
    private final DatabaseSwap databaseSwap;
    private final Clock clock;

    public DatabaseCopies(SyncSettings settings, SwapSettings swap, DatabaseSwap databaseSwap, Clock clock) {
        this.settings = settings;
        this.swap = swap;
        this.databaseSwap = databaseSwap;
        this.clock = clock;
    }

    /** Creates the run's empty copy like the live database, marked as being restored, and points the run at it. */
    public void prepare(SyncRun run) {
        String live = run.target().database().database();
        String stamp = CopyCatalog.STAMP.format(clock.instant());
        String copy = CopyCatalog.name(live, stamp);
        run.target().touch();
        try (Connection c = databaseSwap.maintenance(run); Statement s = c.createStatement()) {
            if (exists(c, copy)) {
                throw new SyncFailure("a database named " + copy + " already exists: this run's copy cannot take its "
                        + "name, and it was left alone; run again in a second");
            }
            DatabaseSwap.createLike(s, live, copy);
            CopyCatalog.markRestoring(s, copy, stamp);
        } catch (SQLException e) {
            throw new SyncFailure("creating " + copy + " for copies mode failed: " + e.getMessage(), e);
        }
        databaseSwap.workIn(run, copy);
        LOG.info("copies: restoring into {}", copy);
    }

    /**
     * The verified copy becomes {@code <db>}; the replaced live database takes the name of its own time (a database
     * from before copies mode, which has none, the second before the new copy's), in the swap's one transaction.
     */
    public void publish(SyncRun run) {
        String live = run.target().database().database();
        String copy = run.target().workDatabase();
        run.control().beginPublish();
        run.target().pool().close();
        try (Connection c = databaseSwap.maintenance(run); Statement s = c.createStatement()) {
            String liveStamp = CopyCatalog.liveStamp(c, live);
            boolean adopted = liveStamp == null;
            // a database from before copies mode has no time of its own: it sorts just before the copy replacing it
            String replacedStamp = adopted ? CopyCatalog.STAMP.format(Instant.from(CopyCatalog.STAMP.parse(
                    CopyCatalog.stampOf(copy))).minusSeconds(1)) : liveStamp;
            String replaced = CopyCatalog.name(live, replacedStamp);
            if (exists(c, replaced)) {
                throw new SQLException("the name " + replaced + " for the replaced copy is taken by another database");
            }
            CopyCatalog.markVerified(s, copy, CopyCatalog.stampOf(copy));
            DatabaseSwap.exchange(c, live, copy, replaced);
            run.target().workDatabase(live);
            run.target().anonymized();
            LOG.info("copies: {} now holds the copy made {}; the replaced one is kept as {}", live,
                    CopyCatalog.stampOf(copy), replaced);
            if (adopted) {
                adopt(run, s, replaced, replacedStamp);
            }
        } catch (SQLException e) {
            throw new SyncFailure("publishing " + copy + " as " + live + " failed: " + e.getMessage()
                    + "; the live database is unchanged", e);
        }
    }

    /**
     * Marks the replaced database, which was live before copies mode, as a copy: after the renames, so that a failed
     * publish leaves the live database exactly as it was. Unmarked, it would only never be listed nor dropped.
     */
    private static void adopt(SyncRun run, Statement s, String replaced, String stamp) {
        try {
            CopyCatalog.markVerified(s, replaced, stamp);
            run.results().note("copies: the live database was not made in copies mode; it is kept as " + replaced
                    + " (named for the second before this run's copy) and counts as a copy from now on");
        } catch (SQLException e) {
            run.results().note("copies: the replaced database is kept as " + replaced + " but could not be marked as "
                    + "a copy (" + e.getMessage() + "): it is not listed nor ever dropped; drop it when done");
        }
    }

    /**
     * After a successful publish: the copies beyond SYNC_COPIES_KEEP are dropped, never the live one nor the newest
     * verified one. A copy that cannot be dropped is named in the report and left for the next run; it holds
     * anonymized data only, so the run still succeeds.
     */
    public void dropOldCopies(SyncRun run) {
        if (run.targetState() != SyncRun.TargetState.ANONYMIZED) {
            throw new SyncFailure("old copies are dropped only after a published run; none was dropped");
        }
        try (Connection c = databaseSwap.maintenance(run); Statement s = c.createStatement()) {
            for (TargetCopy old : CopyRetention.toDrop(CopyCatalog.list(c, run.target().database().database()),
                    swap.copiesKeep())) {
                try {
                    s.execute("DROP DATABASE " + quote(old.name()) + " WITH (FORCE)");
                    LOG.info("copies: dropped {}, beyond SYNC_COPIES_KEEP={}", old.name(), swap.copiesKeep());
                } catch (SQLException e) {
                    run.results().note("copies: " + old.name() + " could not be dropped (" + e.getMessage()
                            + "); the next run tries again");
                    LOG.warn("copies: {} could not be dropped: {}", old.name(), e.getMessage());
                }
            }
            run.target().copies(CopyCatalog.list(c, run.target().database().database()));
        } catch (SQLException e) {
            run.results().note("copies: the old copies could not be listed (" + e.getMessage() + "); none was dropped");
            LOG.warn("copies: the old copies could not be listed: {}", e.getMessage());
        }
    }

    /** The rollback of copies mode: the run's own copy goes; the live database and the kept copies were never written. */
    public void dropOwnCopy(SyncRun run) {
        String live = run.target().database().database();
        String copy = run.target().workDatabase();
        if (run.target().pool() != null) {
            run.target().pool().close();
        }
        if (copy.equals(live)) {
            // the copy was published: the failure came after, the live database holds the verified copy
            return;
        }
        try (Connection c = databaseSwap.maintenance(run); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(copy) + " WITH (FORCE)");
            run.target().copies(CopyCatalog.list(c, live));
        } catch (SQLException e) {
            throw new SyncFailure("dropping " + copy + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Copies a killed run was still filling (marked restoring) are dropped once no session is left on them; kept
     * copies and the live one are never touched.
     */
    public List<String> cleanLeftovers(SyncRun run) {
        String live = run.target().database().database();
        List<String> cleaned = new ArrayList<>();
        try (Connection c = databaseSwap.maintenance(run); Statement s = c.createStatement()) {
            for (TargetCopy copy : CopyCatalog.list(c, live)) {
                if (copy.state() == TargetCopy.State.RESTORING) {
                    DatabaseSwap.awaitNoSessions(c, copy.name(), settings.lockTimeout());
                    s.execute("DROP DATABASE " + quote(copy.name()) + " WITH (FORCE)");
                    cleaned.add("dropped " + copy.name() + ", the copy of an interrupted run");
                }
            }
        } catch (SQLException e) {
            throw new SyncFailure("cleaning the copies an interrupted run left on " + live + " failed: "
                    + e.getMessage(), e);
        }
        return cleaned;
    }

    /** The live database of {@code target} and its copies, newest first (GET /api/copies). */
    public List<TargetCopy> list(TargetDatabase target) {
        try (Connection c = databaseSwap.maintenance(target)) {
            return CopyCatalog.list(c, target.database());
        } catch (SQLException e) {
            throw new SyncFailure("listing the copies of " + target + " failed: " + e.getMessage(), e);
        }
    }
}
