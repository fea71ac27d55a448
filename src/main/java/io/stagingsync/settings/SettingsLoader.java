package io.stagingsync.settings;

import io.stagingsync.run.RefusedException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Function;
import org.quartz.CronExpression;

/** Reads every setting through Camel's resolver (env var over application.properties), refusing bad ones. */
public final class SettingsLoader {

    private final Function<String, String> lookup;

    public SettingsLoader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    public SyncSettings load() {
        List<String> problems = new ArrayList<>();

        TargetDatabase target = null;
        String databaseUrl = value("database.url");
        String settingName = "DATABASE_URL";
        if (databaseUrl.isEmpty()) {
            databaseUrl = value("scalingo.postgresql.url");
            settingName = "SCALINGO_POSTGRESQL_URL";
        }
        if (databaseUrl.isEmpty()) {
            problems.add("DATABASE_URL is not set: set DATABASE_URL (or SCALINGO_POSTGRESQL_URL) to the target "
                    + "database, e.g. postgres://user:password@localhost:5432/staging");
        } else {
            try {
                target = TargetDatabase.parse(databaseUrl, settingName);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }

        SourceSpec source = null;
        ScalingoSettings scalingo = null;
        TargetDatabase liveSource = null;
        MongoSourceSettings mongo = null;
        try {
            source = SourceSpec.parse(value("sync.source"));
            if (source.kind() == SourceSpec.Kind.SCALINGO) {
                scalingo = ScalingoSettings.load(this::value,
                        (key, env, fallback, min, max) -> intValue(key, env, fallback, min, max, problems), problems);
            } else if (source.kind() == SourceSpec.Kind.POSTGRES) {
                liveSource = liveSource(source, problems);
            } else if (source.kind() == SourceSpec.Kind.MONGODB) {
                mongo = MongoSourceSettings.load(source, this::value,
                        (key, env, fallback, min, max) -> intValue(key, env, fallback, min, max, problems), problems);
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }

        TargetMode mode = TargetMode.AUTO;
        try {
            mode = TargetMode.parse(value("sync.target-mode", "auto"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }

        int parallelism = intValue("sync.parallelism", "SYNC_PARALLELISM", 3, 1, 64, problems);
        long lockSeconds = intValue("sync.target.lock-timeout-seconds", "SYNC_TARGET_LOCK_TIMEOUT_SECONDS", 60, 1, 86400, problems);
        long toolMinutes = intValue("sync.tools.timeout-minutes", "SYNC_TOOLS_TIMEOUT_MINUTES", 360, 1, 10080, problems);
        int unpackRatio = intValue("sync.unpack.max-ratio", "SYNC_UNPACK_MAX_RATIO", 100, 1, 100000, problems);
        int maskingAttempts = intValue("sync.anonymization.retry-attempts", "SYNC_ANONYMIZATION_RETRY_ATTEMPTS", 3, 1, 20,
                problems);
        int maskingDelayMs = intValue("sync.anonymization.retry-delay-ms", "SYNC_ANONYMIZATION_RETRY_DELAY_MS", 1000, 0,
                600_000, problems);
        int minShared = intValue("sync.leak-check.min-shared", "SYNC_LEAK_CHECK_MIN_SHARED", 5, 2, 1000000, problems);

        String cron = value("sync.cron", "0 0 4 * * ?");
        String zone = value("sync.cron-timezone", "UTC");
        checkSchedule(cron, zone, problems);

        String rules = value("sync.anonymization-file", "anonymization.yaml");
        String dryRun = value("dry.run", "false");
        if (!dryRun.equalsIgnoreCase("true") && !dryRun.equalsIgnoreCase("false")) {
            problems.add("DRY_RUN=" + dryRun + " must be true or false");
        }

        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return new SyncSettings(
                target,
                value("app"),
                source,
                value("sync.source-app"),
                Path.of(rules),
                mode,
                parallelism,
                Path.of(value("sync.work-dir", System.getProperty("java.io.tmpdir") + "/staging-sync")),
                Path.of(value("sync.report-dir", "reports")),
                dryRun.equalsIgnoreCase("true"),
                value("sync.tools.pg-bin-dir"),
                Duration.ofSeconds(lockSeconds),
                Duration.ofMinutes(toolMinutes),
                unpackRatio,
                minShared,
                scalingo,
                liveSource,
                mongo,
                new SyncSettings.MaskingRetry(maskingAttempts, Duration.ofMillis(maskingDelayMs)));
    }

    /** A live source is read over TLS unless it is on this machine or the operator explicitly allows plain text. */
    private TargetDatabase liveSource(SourceSpec source, List<String> problems) {
        TargetDatabase db = TargetDatabase.parse(source.location(), "SYNC_SOURCE");
        String allow = value("sync.source.allow-insecure", "false");
        if (!allow.equalsIgnoreCase("true") && !allow.equalsIgnoreCase("false")) {
            problems.add("SYNC_SOURCE_ALLOW_INSECURE=" + allow + " must be true or false");
        }
        if (!Hosts.isLoopback(db.host()) && !db.requiresTls() && !allow.equalsIgnoreCase("true")) {
            problems.add("SYNC_SOURCE reads " + db + " without TLS: add ?sslmode=require (or verify-full) to the URL, "
                    + "or set SYNC_SOURCE_ALLOW_INSECURE=true if the network is trusted");
        }
        return db;
    }

    /** Checked for every command: a schedule that can never fire is a configuration error, found before `serve`. */
    private static void checkSchedule(String cron, String zone, List<String> problems) {
        TimeZone timeZone = TimeZone.getTimeZone("UTC");
        try {
            timeZone = TimeZone.getTimeZone(ZoneId.of(zone));
        } catch (DateTimeException e) {
            problems.add("SYNC_CRON_TIMEZONE=" + zone + " is not a time zone (e.g. UTC, Europe/Paris)");
        }
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(timeZone);
            if (expression.getNextValidTimeAfter(new Date()) == null) {
                problems.add("SYNC_CRON=\"" + cron + "\" never fires: give a date that exists");
            }
        } catch (ParseException e) {
            problems.add("SYNC_CRON=\"" + cron + "\" is not a Quartz cron expression (seconds minutes hours day "
                    + "month weekday, e.g. \"0 0 4 * * ?\"): " + e.getMessage());
        }
    }

    private int intValue(String key, String env, int fallback, int min, int max, List<String> problems) {
        String raw = value(key, Integer.toString(fallback));
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                problems.add(env + "=" + raw + " must be between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(env + "=" + raw + " is not a whole number");
            return fallback;
        }
    }

    private String value(String key) {
        return value(key, "");
    }

    private String value(String key, String fallback) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
