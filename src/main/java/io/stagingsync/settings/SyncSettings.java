package io.stagingsync.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The validated settings of one run, read from application.properties and the environment.
 *
 * @param scalingo   how to reach the Scalingo API, for the Scalingo source only (else null)
 * @param liveSource the database pg_dump reads, for a postgres:// source only (else null)
 * @param liveSourceStreamed SYNC_LIVE_SOURCE_MODE=stream: a live source's rows stream straight into the load (no
 *                   dump file); dump: pg_dump -Fc into the work directory first, then restored like a backup
 * @param unpackMaxRatio how many times its own size a backup may unpack to
 * @param leakCheckMinShared K: a masked value equal to another row's original passes only when K masked rows hold it
 * @param mongo      the MongoDB database read, for a mongodb:// source only (else null)
 * @param parallelismChoice SYNC_PARALLELISM, or the default for the cores (the plan may lower it for the target)
 * @param targets    the targets of SYNC_TARGETS; empty: the one target of DATABASE_URL ({@code target})
 * @param targetsParallel how many of {@code targets} are restored at once
 * @param neon       SYNC_TARGET=neon: the Neon project whose branches are the target (else null; {@code target} null)
 */
public record SyncSettings(
        TargetDatabase target,
        String app,
        SourceSpec source,
        String sourceApp,
        Path rulesFile,
        TargetMode targetMode,
        Parallelism parallelismChoice,
        Path workDir,
        Path reportDir,
        boolean dryRun,
        String pgBinDir,
        Duration lockTimeout,
        Duration toolTimeout,
        int unpackMaxRatio,
        int leakCheckMinShared,
        ScalingoSettings scalingo,
        TargetDatabase liveSource,
        boolean liveSourceStreamed,
        MongoSourceSettings mongo,
        MaskingRetry maskingRetry,
        List<TargetSpec> targets,
        int targetsParallel,
        NeonSettings neon) {

    /** True when each run restores into a Neon branch of its own (SYNC_TARGET=neon) instead of DATABASE_URL. */
    public boolean neonTarget() {
        return neon != null;
    }

    /** True when SYNC_TARGETS lists the targets: each is restored by its own child run. */
    public boolean severalTargets() {
        return !targets.isEmpty();
    }

    /** The most tables loaded at once: sizes the connection pool and the loading threads. */
    public int parallelism() {
        return parallelismChoice.jobs();
    }

    /**
     * How a table's masking that fails on a transient server error is tried again.
     *
     * @param attempts at most this many tries in all (1: never retried)
     * @param delay    the wait before the second try, doubled before each further one
     */
    public record MaskingRetry(int attempts, Duration delay) {
    }
}
