package io.stagingsync.target;

import io.stagingsync.run.SyncRun;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.failure.RefusedException;
import io.stagingsync.settings.SyncSettings;
import io.stagingsync.restore.TargetCleaner;
import io.stagingsync.source.mongodb.DocumentTarget;
import io.stagingsync.target.neon.NeonBranches;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On any failure: the run marked failed or refused, other loads stopped, a touched target emptied or its copy dropped. */
public final class FailClosed {

    private final SyncSettings settings;

    private static final Logger LOG = LoggerFactory.getLogger(FailClosed.class);

    private final TargetCleaner cleaner = new TargetCleaner();
    private final DatabaseSwap swap;

    private final DocumentTarget documents;
    private final RestoreTestDatabase restoreTest;
    private final DatabaseCopies copies;
    private final NeonBranches neon;

    public FailClosed(SyncSettings settings, DatabaseSwap swap, DocumentTarget documents,
                      RestoreTestDatabase restoreTest, DatabaseCopies copies, NeonBranches neon) {
        this.settings = settings;
        this.swap = swap;
        this.documents = documents;
        this.restoreTest = restoreTest;
        this.copies = copies;
        this.neon = neon;
    }

    public void recordFailure(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable cause = meaningful(caught);
        if (run == null) {
            LOG.error("sync failed before it started: {}", cause == null ? "unknown error" : cause.getMessage(), cause);
            return;
        }
        boolean refused = cause instanceof RefusedException;
        String message = cause == null ? "unknown error"
                : cause instanceof RefusedException || cause instanceof SyncFailure ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        run.failureCause(cause);
        if (run.cancelledBy() != null && !refused) {
            // what the cancel interrupted (a killed pg_restore, a stopped load) is its consequence, not the outcome
            run.fail(SyncRun.Status.CANCELLED, run.cancelMessage());
            LOG.warn("sync {} {}; rolling back", run.getId(), run.error());
            LOG.debug("sync {}: the cancelled work ended with: {}", run.getId(), message);
            return;
        }
        run.fail(refused ? SyncRun.Status.REFUSED : SyncRun.Status.FAILED, message);
        if (refused) {
            LOG.error("sync {} refused: {}", run.getId(), message);
        } else {
            LOG.error("sync {} failed{}: {}", run.getId(), run.failedStage() == null ? "" : " at stage " + run.failedStage(),
                    message, cause instanceof SyncFailure ? null : cause);
        }
    }

    public void rollback(SyncRun run) {
        if (run == null || !run.target().touched()) {
            return;
        }
        try {
            // loads still running on other connections end before their tables are dropped
            run.control().abortActiveWork(settings.lockTimeout().plusSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (run.isRestoreTest()) {
            restoreTest.discard(run);
            return;
        }
        // Neon: only the run's own branch was written; the staging branch is as it was
        if (run.isNeon()) {
            neon.discard(run);
            return;
        }
        if (run.isSwap()) {
            dropCopy(run);
            return;
        }
        if (run.isCopies()) {
            dropOwnCopy(run);
            return;
        }
        if (run.documents() != null) {
            dropDocumentTables(run);
            return;
        }
        int dropped = 0;
        RuntimeException failure = null;
        try {
            dropped += cleaner.dropArchiveObjects(run.target().pool(), run.backup().archive(), settings.lockTimeout(), note -> {
                LOG.warn("rollback: {}", note);
                run.results().note("rollback: " + note);
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        // tried even when the archive's objects could not all go: a table planted during the run may hold raw rows
        if (run.target().catalogBaseline() != null) {
            try {
                dropped += cleaner.dropNewObjects(run.target().pool(), run.backup().archive(), run.target().catalogBaseline(),
                        settings.lockTimeout());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure == null) {
            run.target().emptied();
            LOG.warn("rollback: the target was emptied of the archive's objects and of those that appeared during the "
                    + "run ({} dropped); it holds no raw data", dropped);
        } else {
            run.target().unknown();
            LOG.error("ROLLBACK FAILED: the target may hold a partial copy; drop its tables by hand: {}",
                    failure.getMessage(), failure);
        }
    }

    /** In place, a MongoDB run wrote only its collections' tables: dropping them leaves no data. */
    private void dropDocumentTables(SyncRun run) {
        try {
            int dropped = documents.dropTables(run);
            run.target().emptied();
            LOG.warn("rollback: the collections' {} tables were dropped; the target holds no copied data", dropped);
        } catch (RuntimeException e) {
            run.target().unknown();
            LOG.error("ROLLBACK FAILED: drop the collections' tables by hand: {}", e.getMessage(), e);
        }
    }

    /** Swap mode: only {@code <db>_next} was written; dropping it leaves the live database as it was. */
    private void dropCopy(SyncRun run) {
        if (run.targetState() == SyncRun.TargetState.ANONYMIZED) {
            LOG.warn("the failure came after the swap: the target holds the new, verified copy");
            return;
        }
        try {
            swap.dropNext(run);
            run.target().untouched();
            LOG.warn("rollback: {} dropped; the live database was not touched",
                    DatabaseSwap.nextName(run.target().database().database()));
        } catch (RuntimeException e) {
            run.target().untouched();
            LOG.error("ROLLBACK INCOMPLETE: {} could not be dropped (the live database was not touched; the next run "
                    + "drops it): {}", DatabaseSwap.nextName(run.target().database().database()), e.getMessage(), e);
        }
    }

    /** Copies mode: only the run's own copy was written; the live database and the kept copies are as they were. */
    private void dropOwnCopy(SyncRun run) {
        if (run.targetState() == SyncRun.TargetState.ANONYMIZED) {
            LOG.warn("the failure came after the publish: the target holds the new, verified copy");
            return;
        }
        String copy = run.target().workDatabase();
        try {
            copies.dropOwnCopy(run);
            LOG.warn("rollback: {} dropped; the live database and the kept copies were not touched", copy);
        } catch (RuntimeException e) {
            LOG.error("ROLLBACK INCOMPLETE: {} could not be dropped (the live database was not touched; the next run "
                    + "drops it): {}", copy, e.getMessage(), e);
        }
        run.target().untouched();
    }

    /** Skips Camel's wrappers (parallel split failures) down to the exception that says what went wrong. */
    static Throwable meaningful(Throwable t) {
        Throwable current = t;
        while (current != null && current.getCause() != null
                && (current instanceof CamelExchangeException || current instanceof org.apache.camel.RuntimeCamelException
                || current.getClass().getName().startsWith("org.apache.camel"))) {
            current = current.getCause();
        }
        return current;
    }
}
