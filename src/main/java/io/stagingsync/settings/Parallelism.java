package io.stagingsync.settings;

/**
 * How many tables load at once (and the pg_restore jobs, and the target connections that follow), with why.
 *
 * @param jobs   at least 1
 * @param given  true when SYNC_PARALLELISM set it: then nothing lowers it
 * @param reason one line for the plan and the report
 */
public record Parallelism(int jobs, boolean given, String reason) {

    /** The most a default takes, however many cores: past it the server's disk, not the CPU, is the limit. */
    static final int DEFAULT_MAX = 8;

    /** SYNC_PARALLELISM as set. */
    public static Parallelism given(int jobs) {
        return new Parallelism(jobs, true, "SYNC_PARALLELISM=" + jobs);
    }

    /**
     * Not set: as many as the cores, at least 2, at most {@value #DEFAULT_MAX}. One more than the cores was slower
     * where the server shares the machine (2 cores, bench/BENCHMARKS.md): the extra table took CPU from the masked
     * table that sets the load's length.
     */
    public static Parallelism forCores(int cores) {
        int jobs = Math.max(2, Math.min(DEFAULT_MAX, cores));
        return new Parallelism(jobs, false, "not set: " + jobs + " for " + cores + (cores == 1 ? " core" : " cores"));
    }

    /**
     * A default lowered to what the target can still accept: each job may hold two connections at once (its pool
     * connection and a pg_restore worker during post-data), and two more serve the run itself.
     *
     * @param free connections the target accepts now: max_connections, minus the reserved ones, minus those open
     */
    public Parallelism withinConnections(int free, int maxConnections) {
        int fit = Math.max(1, (free - 2) / 2);
        if (given || fit >= jobs) {
            return new Parallelism(jobs, given, reason + (given ? "" : "; the target has " + free + " of "
                    + maxConnections + " connections free"));
        }
        return new Parallelism(fit, false, reason + ", lowered to " + fit + ": the target has only " + free + " of "
                + maxConnections + " connections free (each job may use two)");
    }
}
