package io.stagingsync.source.scalingo;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.RunBackup;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.ScalingoSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the Scalingo answers that matter: the PostgreSQL addon, its host, and which backup to restore. */
public final class ScalingoBackups {

    private static final Logger LOG = LoggerFactory.getLogger(ScalingoBackups.class);

    /** One entry of {@code database_backups}. */
    record Backup(String id, String name, Instant createdAt, long size, String status, String method) {
    }

    private final ScalingoSettings settings;
    private final Clock clock;

    /** @param settings null unless the source is Scalingo */
    public ScalingoBackups(ScalingoSettings settings) {
        this(settings, Clock.systemUTC());
    }

    ScalingoBackups(ScalingoSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** SYNC_BACKUP_FRESH: a manual backup is made and waited for, instead of taking the newest one. */
    public boolean fresh() {
        return settings.freshBackup();
    }

    /** How often a fresh backup's status is read (SYNC_BACKUP_POLL_INTERVAL_SECONDS), in milliseconds. */
    public long pollIntervalMillis() {
        return settings.pollInterval().toMillis();
    }

    /** From {@code {"addons": [...]}}: the first addon whose provider is {@code postgresql}. */
    public void pickAddon(SyncRun run, Map<String, Object> answer) {
        String app = settings.sourceApp();
        List<Map<String, Object>> addons = list(answer, "addons", "list the addons of " + app);
        List<String> providers = new ArrayList<>();
        for (Map<String, Object> addon : addons) {
            Object provider = addon.get("addon_provider") instanceof Map<?, ?> p ? p.get("id") : null;
            providers.add(String.valueOf(provider));
            if ("postgresql".equals(provider)) {
                run.backup().sourceAddonId(ScalingoIds.checked(addon.get("id"), "addon id"));
                return;
            }
        }
        throw new RefusedException("the app " + app + " has no PostgreSQL addon (its addons: "
                + (providers.isEmpty() ? "none" : String.join(", ", providers)) + "): check SYNC_SOURCE_APP");
    }

    /** From {@code {"database": {hostname, …}}}: the source database's host, which the target must never be. */
    public void database(SyncRun run, Map<String, Object> answer) {
        Object database = answer.get("database");
        Object host = database instanceof Map<?, ?> d ? d.get("hostname") : null;
        if (!(host instanceof String h) || h.isBlank()) {
            throw new SyncFailure("Scalingo's description of " + settings.sourceApp()
                    + "'s database has no hostname: unexpected API answer");
        }
        run.backup().sourceHost(h);
    }

    /** The newest backup with status {@code done}, refused when older than SYNC_BACKUP_MAX_AGE_HOURS. */
    public void select(SyncRun run, Map<String, Object> answer) {
        ScalingoSettings s = settings;
        List<Backup> backups = backups(answer, s.sourceApp());
        if (backups.isEmpty()) {
            throw new SyncFailure("the database of " + s.sourceApp() + " has no backup yet: enable its periodic "
                    + "backups in the Scalingo dashboard, or set SYNC_BACKUP_FRESH=true to create one");
        }
        Backup newest = backups.stream().filter(b -> "done".equals(b.status()))
                .max(Comparator.comparing(Backup::createdAt))
                .orElseThrow(() -> new SyncFailure("none of the " + backups.size() + " backups of " + s.sourceApp()
                        + "'s database is finished (" + statuses(backups) + "): wait for one to be done, or set SYNC_BACKUP_FRESH=true"));
        Duration age = Duration.between(newest.createdAt(), clock.instant());
        if (age.compareTo(s.maxBackupAge()) > 0) {
            throw new RefusedException("the newest finished backup of " + s.sourceApp() + " (" + newest.name()
                    + ", " + newest.createdAt() + ") is " + age.toHours() + " h old, older than SYNC_BACKUP_MAX_AGE_HOURS="
                    + s.maxBackupAge().toHours() + ": check the database's periodic backups, raise the limit, or set "
                    + "SYNC_BACKUP_FRESH=true to create a fresh one");
        }
        use(run, newest);
        LOG.info("backup {} of {} selected ({}, {} bytes, {} h old)", newest.name(), s.sourceApp(),
                newest.createdAt(), newest.size(), age.toHours());
    }

    /** From {@code {"database_backup": {…}}} after creating a manual backup: the one to wait for. */
    @SuppressWarnings("unchecked")
    public void created(SyncRun run, Map<String, Object> answer) {
        if (!(answer.get("database_backup") instanceof Map<?, ?> created)) {
            throw new SyncFailure("Scalingo's answer to the backup creation has no database_backup: unexpected API answer");
        }
        Backup backup = backup((Map<String, Object>) created);
        run.backup().info(info(run, backup));
        LOG.info("backup {} of {} requested ({})", backup.name(), settings.sourceApp(), backup.status());
    }

    /**
     * Reads the fresh backup's status from the list: true while it must be waited for, false once done.
     * Fails when Scalingo reports an error or the wait exceeds SYNC_BACKUP_FRESH_TIMEOUT_MINUTES.
     */
    public boolean waiting(SyncRun run, Map<String, Object> answer) {
        ScalingoSettings s = settings;
        String id = run.backup().info().id();
        Backup backup = backups(answer, s.sourceApp()).stream().filter(b -> b.id().equals(id)).findFirst()
                .orElseThrow(() -> new SyncFailure("the backup " + run.backup().info().name() + " requested from Scalingo "
                        + "is no longer listed: it was deleted or cancelled"));
        switch (backup.status()) {
            case "done" -> {
                use(run, backup);
                LOG.info("backup {} of {} is done ({} bytes)", backup.name(), s.sourceApp(), backup.size());
                return false;
            }
            case "error", "cancelled", "cancelling" -> throw new SyncFailure("Scalingo's backup " + backup.name()
                    + " of " + s.sourceApp() + " ended with status " + backup.status()
                    + ": see the database's backups in the Scalingo dashboard");
            default -> {
                Duration waited = Duration.between(run.backup().info().createdAt(), clock.instant());
                if (waited.compareTo(s.freshTimeout()) > 0) {
                    throw new SyncFailure("the backup " + backup.name() + " of " + s.sourceApp() + " is still "
                            + backup.status() + " after " + waited.toMinutes() + " min (SYNC_BACKUP_FRESH_TIMEOUT_MINUTES="
                            + s.freshTimeout().toMinutes() + ")");
                }
                LOG.info("backup {} is {}: waiting", backup.name(), backup.status());
                return true;
            }
        }
    }

    /** From {@code {"download_url": "…"}}: the archive's pre-signed address. */
    public DownloadUrl downloadUrl(Map<String, Object> answer) {
        return DownloadUrl.from(answer);
    }

    /** The preflight's line for the Scalingo source. */
    public String describe(SyncRun run) {
        ScalingoSettings s = settings;
        String where = "scalingo app " + s.sourceApp() + " (" + s.region() + "), database " + run.backup().sourceHost();
        RunBackup.Info b = run.backup().info();
        if (b == null) {
            return where + ": a fresh backup will be created (SYNC_BACKUP_FRESH=true)";
        }
        return where + ": backup " + b.name() + " of " + b.createdAt() + " (" + (b.size() >> 20) + " MiB, "
                + Duration.between(b.createdAt(), clock.instant()).toHours() + " h old)";
    }

    private void use(SyncRun run, Backup backup) {
        run.backup().info(info(run, backup));
    }

    private RunBackup.Info info(SyncRun run, Backup b) {
        return new RunBackup.Info(b.id(), b.name(), b.createdAt(), b.size(),
                "scalingo:" + settings.sourceApp());
    }

    private static List<Backup> backups(Map<String, Object> answer, String app) {
        return list(answer, "database_backups", "list the backups of " + app).stream().map(ScalingoBackups::backup).toList();
    }

    private static Backup backup(Map<String, Object> b) {
        Object created = b.get("created_at");
        Instant at;
        try {
            at = OffsetDateTime.parse(String.valueOf(created)).toInstant();
        } catch (DateTimeParseException e) {
            throw new SyncFailure("a Scalingo backup has an unreadable created_at (" + created + "): unexpected API answer");
        }
        Object size = b.get("size");
        return new Backup(ScalingoIds.checked(b.get("id"), "backup id"),
                b.get("name") instanceof String n ? n.replaceAll("[^A-Za-z0-9_.-]", "_") : "backup",
                at,
                size instanceof Number n ? n.longValue() : 0,
                String.valueOf(b.get("status")),
                String.valueOf(b.get("method")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> answer, String key, String purpose) {
        Object value = answer.get(key);
        if (!(value instanceof List<?> items) || !items.stream().allMatch(i -> i instanceof Map)) {
            throw new SyncFailure("Scalingo's answer when asked to " + purpose + " has no '" + key + "' list: unexpected API answer");
        }
        return (List<Map<String, Object>>) items;
    }

    private static String statuses(List<Backup> backups) {
        return backups.stream().collect(Collectors.groupingBy(Backup::status, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }
}
