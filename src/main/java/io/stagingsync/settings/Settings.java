package io.stagingsync.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the process, read and validated once at start ({@link SettingsLoader#loadAll()}) and handed
 * to the beans that need it; nothing reads a raw property after.
 *
 * @param sync          what a run syncs: target, source, rules file, resources
 * @param hooks         the post-sync SQL files, in order (each file is checked again by every run)
 * @param piiSampleRows rows of each table the PII scans judge by their values
 * @param progressLog   how often a loading sync logs where it is
 * @param stopTimeout   how long a one-shot run stopped by a signal may roll back
 * @param keepFailedRestoreTest a failed {@code restore-test} leaves its database for inspection
 */
public record Settings(SyncSettings sync, MaskingSettings masking, GuardSettings guards, SwapSettings swap,
                       HttpSettings http, List<Path> hooks, int piiSampleRows, Confirm confirm, Ops ops, Notify messages,
                       Schedule schedule, Duration progressLog, Duration stopTimeout,
                       boolean keepFailedRestoreTest) {

    /**
     * SYNC_CONFIRM, and what the command line says of the terminal.
     *
     * @param interactive a `run` typed at a terminal (set by the command line)
     * @param assumeYes   `run --yes`
     */
    public record Confirm(boolean enabled, boolean interactive, boolean assumeYes) {
    }

    /**
     * The ops API of `serve`.
     *
     * @param server         the HTTP server runs (set by the command line: `serve` only)
     * @param token          the bearer token; empty: the API answers this machine only. Never printed
     * @param historyKeep    finished syncs kept for GET /api/syncs
     * @param eventsKeepAlive quiet time before a keep-alive comment on an event stream
     */
    public record Ops(boolean server, String token, int historyKeep, Duration eventsKeepAlive) {
        @Override
        public String toString() {
            return "Ops[server=" + server + ", token=" + (token.isEmpty() ? "(unset)" : "(set)") + ", historyKeep="
                    + historyKeep + ", eventsKeepAlive=" + eventsKeepAlive + "]";
        }
    }

    /**
     * Slack messages.
     *
     * @param slack    a webhook URL is set: messages are sent
     * @param language fr or en
     * @param region   the Scalingo region of the staging app, for its URL in the messages
     */
    public record Notify(boolean slack, String language, String region) {
    }

    /**
     * When `serve` syncs.
     *
     * @param enabled the schedule runs (set by the command line: `serve` only)
     * @param cluster the shared Quartz job store of the replicas; null when not clustered
     */
    public record Schedule(boolean enabled, String cron, String zone, Cluster cluster) {
    }

    /**
     * Replicas of `serve` sharing one Quartz schedule.
     *
     * @param database     the database the replicas share
     * @param historyTable the table of that database holding the run history they share
     */
    public record Cluster(TargetDatabase database, Duration checkinInterval, Duration misfireThreshold,
                          String historyTable) {
    }
}
