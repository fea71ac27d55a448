package io.stagingsync.hooks;

import io.stagingsync.anonymize.SqlErrors;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.verify.CatalogIntegrity;
import io.stagingsync.verify.CatalogObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the post-sync SQL files (the gem's seeds: demo accounts, QA fixtures) on the anonymized target, all in one
 * transaction: every file applies, or none does and the run fails closed like any other stage.
 */
public final class PostSyncHooks {

    private static final Logger LOG = LoggerFactory.getLogger(PostSyncHooks.class);

    private final List<Path> hooks;
    private final CatalogIntegrity integrity;

    /** @param hooks the files SYNC_HOOKS names, in order */
    public PostSyncHooks(List<Path> hooks, CatalogIntegrity integrity) {
        this.hooks = List.copyOf(hooks);
        this.integrity = integrity;
    }

    /** The configured files, refused when one is missing. */
    public List<Path> files() {
        return HookFiles.check(hooks);
    }

    public void run(SyncRun run) {
        // hooks are not a stage boundary: a sync stopped in post-data must not reach them
        run.control().ensureRunning();
        // a target of SYNC_TARGETS may name its own
        List<Path> files = run.target().hooks() != null ? HookFiles.check(run.target().hooks()) : files();
        if (files.isEmpty()) {
            LOG.info("hooks: none configured (SYNC_HOOKS)");
            return;
        }
        try (Connection c = run.target().pool().getConnection()) {
            c.setAutoCommit(false);
            // one snapshot for the catalog reads around the files: what they create is told from what others commit
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement()) {
                Set<CatalogObject.Ref> before = integrity.objects(c);
                for (Path file : files) {
                    long start = System.nanoTime();
                    try {
                        s.execute(Files.readString(file, StandardCharsets.UTF_8));
                    } catch (SQLException e) {
                        throw new SyncFailure("the hook " + file + " failed, no hook was applied: " + SqlErrors.describe(e));
                    }
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    run.results().note("hook " + file + " ran in " + ms + " ms");
                    LOG.info("hook {} ran in {} ms", file, ms);
                }
                Set<CatalogObject.Ref> after = integrity.objects(c);
                c.commit();
                integrity.createdByRun(run, before, after);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException | IOException e) {
            throw new SyncFailure("running the hooks failed: " + e.getMessage(), e);
        }
    }
}
