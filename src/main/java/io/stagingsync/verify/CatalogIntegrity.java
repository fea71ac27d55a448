package io.stagingsync.verify;

import io.stagingsync.archive.PrintableName;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The target's integrity during the run: after the load and again before publishing, every object of the work
 * database is the archive's, was there before the run, or was created by the run's own SQL; anything else (a
 * trigger, function, operator, table, policy… created by another session meanwhile) fails the run closed.
 */
public final class CatalogIntegrity {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogIntegrity.class);
    private static final int NAMED = 20;

    private final CatalogScan scan = new CatalogScan();

    /**
     * Records what the target holds before the run first writes it: in place, before the archive's objects are
     * cleaned (what the cleaning drops and someone recreates is then new); in swap and copies modes the copy comes from
     * template0 and holds system objects only, so nothing is read, and no session can slip in before a snapshot.
     */
    public void recordBaseline(SyncRun run) {
        if (run.target().ownDatabase()) {
            run.target().catalogBaseline(CatalogBaseline.freshDatabase());
            return;
        }
        try (Connection c = run.target().pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<CatalogObject.Ref> refs = scan.objects(c).stream().map(CatalogObject::ref).collect(Collectors.toSet());
                run.target().catalogBaseline(CatalogBaseline.of(refs));
                LOG.info("catalog: {} objects of the target's own recorded before the run", refs.size());
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SyncFailure("reading the target's catalog before the run failed: " + e.getMessage(), e);
        }
    }

    /** Fails the run, naming the objects, when the work database holds any the run did not expect. */
    public void check(SyncRun run) {
        CatalogBaseline baseline = run.target().catalogBaseline();
        if (baseline == null) {
            throw new SyncFailure("the target's catalog was not recorded before the run: its integrity cannot be checked");
        }
        long start = System.nanoTime();
        List<CatalogObject> foreign;
        try (Connection c = run.target().pool().getConnection()) {
            c.setAutoCommit(false);
            try {
                foreign = scan.foreign(c, ArchiveObjects.of(run.backup().archive()), baseline::expected);
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new SyncFailure("the check of " + run.target().workDatabase() + "'s catalog could not run: " + e.getMessage(), e);
        }
        LOG.info("catalog of {} checked in {} ms: {} foreign objects", run.target().workDatabase(),
                (System.nanoTime() - start) / 1_000_000, foreign.size());
        if (!foreign.isEmpty()) {
            throw new SyncFailure(foreign.size() + " object(s) appeared in " + run.target().workDatabase() + " during the run that "
                    + "the archive does not define: " + names(foreign) + ". Another session with access to the target "
                    + "changed it while the sync ran; the run stops and the rollback removes them. Find who created them "
                    + "(the staging app, a console, a job) before the next run");
        }
    }

    /**
     * The objects of the connection's database, read in the caller's transaction. Two reads in one REPEATABLE READ
     * transaction see the same committed state: their difference is what the transaction itself created, never what
     * another session committed in between.
     */
    public Set<CatalogObject.Ref> objects(Connection c) throws SQLException {
        return refs(scan.objects(c));
    }

    /** Counts what the run's own SQL (the post-sync hooks) created between two reads as expected, not foreign. */
    public void createdByRun(SyncRun run, Set<CatalogObject.Ref> before, Set<CatalogObject.Ref> after) {
        if (run.target().catalogBaseline() == null) {
            return;
        }
        Set<CatalogObject.Ref> created = new HashSet<>(after);
        created.removeAll(before);
        run.target().catalogBaseline().createdByRun(created);
    }

    private static Set<CatalogObject.Ref> refs(List<CatalogObject> objects) {
        Set<CatalogObject.Ref> refs = new HashSet<>();
        objects.forEach(o -> refs.add(o.ref()));
        return refs;
    }

    static String names(List<CatalogObject> objects) {
        String listed = objects.stream().limit(NAMED).map(o -> PrintableName.of(o.label()))
                .collect(Collectors.joining(", "));
        return objects.size() > NAMED ? listed + " and " + (objects.size() - NAMED) + " more" : listed;
    }
}
