package io.stagingsync.settings;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * The one reader of the settings (env var over application.properties, through Camel's resolver): each is read
 * here once, with its one default, and a bad one is refused with every other problem at once.
 */
public final class SettingsLoader {

    private static final String CRON = "0 0 4 * * ?";
    private static final String ZONE = "UTC";
    private static final Pattern HISTORY_TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");

    private final Function<String, String> lookup;

    public SettingsLoader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** Every setting of the process; refused with all problems at once. */
    public Settings loadAll() {
        return SettingValues.refusing(lookup, SettingsLoader::all);
    }

    private static Settings all(SettingValues v) {
        HttpSettings http = HttpSettings.load(v);
        SyncSettings sync = sync(v, http);
        Settings settings = new Settings(
                sync,
                MaskingSettingsLoader.load(v),
                GuardSettings.load(v),
                SwapSettings.load(v),
                http,
                hooks(v),
                v.number("sync.pii-scan.sample-rows", 1000, 1, 1_000_000),
                new Settings.Confirm(v.flag("sync.confirm", false), v.flag("sync.confirm.interactive", false),
                        v.flag("sync.confirm.assume-yes", false)),
                new Settings.Ops(v.flag("camel.server.enabled", false), opsToken(v),
                        v.number("ops.history-keep", 100, 1, 100_000),
                        Duration.ofSeconds(v.number("ops.events-keep-alive-seconds", 15, 1, 3600))),
                new Settings.Notify(!v.text("slack.webhook-url").isEmpty(), language(v), region(v)),
                schedule(v),
                Duration.ofSeconds(v.number("sync.progress-log-seconds", 10, 1, 86_400)),
                Duration.ofSeconds(v.number("sync.stop-timeout-seconds", 25, 1, 3600)),
                v.flag("sync.restore-test.keep-on-failure", false));
        if (sync.severalTargets() && settings.confirm().enabled()) {
            v.problem("SYNC_CONFIRM=true asks for one target's name at the terminal, SYNC_TARGETS lists several: "
                    + "confirm with one target (DATABASE_URL), or unset SYNC_CONFIRM for the targets file");
        }
        v.number("slack.retries", 3, 0, 20);
        v.number("slack.retry-delay-ms", 2000, 0, 600_000);
        return settings;
    }

    /**
     * OPS_TOKEN, also read by the command line before Camel configures its HTTP server: an ops API without a token
     * must not even listen beyond this machine.
     */
    public static String opsToken(Function<String, String> lookup) {
        return opsToken(new SettingValues(lookup, new ArrayList<>()));
    }

    private static String opsToken(SettingValues v) {
        return v.text("ops.token");
    }

    /** What a run syncs (target, source, rules file, resources); refused with all its problems at once. */
    public SyncSettings load() {
        return SettingValues.refusing(lookup, v -> sync(v, HttpSettings.load(v)));
    }

    /**
     * Copies mode names each copy {@code <db>_<yyyyMMddTHHmmssZ>}, 17 bytes more than the database's name, and
     * PostgreSQL keeps 63 bytes of a name: a longer one would be cut silently, and the copy lost from sight.
     */
    private static void copiesProblems(TargetDatabase target, SourceSpec source, SettingValues v) {
        int max = 63 - 17;
        if (target != null && target.database().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
            v.problem("SYNC_TARGET_MODE=copies names each copy <database>_<UTC time> and the database name "
                    + target.database() + " is longer than " + max + " bytes, so its copies' names would be cut: "
                    + "use swap or in-place mode, or a shorter database name");
        }
        if (source != null && source.kind() == SourceSpec.Kind.MONGODB) {
            v.problem("SYNC_TARGET_MODE=copies is not available with a MongoDB source: use swap or in-place");
        }
    }

    private static SyncSettings sync(SettingValues v, HttpSettings http) {
        List<TargetSpec> targets = targets(v);
        NeonSettings neon = neon(v, http);
        TargetDatabase target = targets.isEmpty() && v.text("sync.targets").isEmpty() && neon == null ? target(v) : null;
        boolean allowInsecureSource = v.flag("sync.source.allow-insecure", false);
        SourceSpec source = null;
        ScalingoSettings scalingo = null;
        TargetDatabase liveSource = null;
        MongoSourceSettings mongo = null;
        try {
            source = SourceSpec.parse(v.text("sync.source"));
            switch (source.kind()) {
                case SCALINGO -> scalingo = ScalingoSettings.load(v, region(v), http);
                case POSTGRES -> liveSource = liveSource(source, allowInsecureSource, v);
                case MONGODB -> mongo = MongoSourceSettings.load(source, allowInsecureSource, v);
                case FILE -> { }
            }
        } catch (IllegalArgumentException e) {
            v.problem(e.getMessage());
        }

        TargetMode mode = TargetMode.AUTO;
        try {
            mode = TargetMode.parse(v.text("sync.target-mode", "auto"));
        } catch (IllegalArgumentException e) {
            v.problem(e.getMessage());
        }
        if (mode == TargetMode.COPIES) {
            copiesProblems(target, source, v);
        }
        if (neon != null) {
            neonProblems(mode, source, v);
            // the run's branch is its own: restored in place, replaced through Neon, never renamed
            mode = TargetMode.IN_PLACE;
        }
        Parallelism parallelism = v.text("sync.parallelism").isEmpty()
                ? Parallelism.forCores(Runtime.getRuntime().availableProcessors())
                : Parallelism.given(v.number("sync.parallelism", 3, 1, 64));
        long lockSeconds = v.number("sync.target.lock-timeout-seconds", 60, 1, 86400);
        long toolMinutes = v.number("sync.tools.timeout-minutes", 360, 1, 10080);
        int unpackRatio = v.number("sync.unpack.max-ratio", 100, 1, 100000);
        int maskingAttempts = v.number("sync.anonymization.retry-attempts", 3, 1, 20);
        int maskingDelayMs = v.number("sync.anonymization.retry-delay-ms", 1000, 0, 600_000);
        int minShared = v.number("sync.leak-check.min-shared", 5, 2, 1000000);
        checkSchedule(v.text("sync.cron", CRON), v.text("sync.cron-timezone", ZONE), v);
        boolean dryRun = v.flag("dry.run", false);
        String liveMode = v.text("sync.live-source.mode", "stream").toLowerCase(java.util.Locale.ROOT);
        if (!liveMode.equals("stream") && !liveMode.equals("dump")) {
            v.problem("SYNC_LIVE_SOURCE_MODE=" + liveMode + " is not a mode: use stream (rows copied straight from the "
                    + "live source) or dump (pg_dump into the work directory first)");
        }
        return new SyncSettings(
                target,
                v.text("app"),
                source,
                v.text("sync.source-app"),
                Path.of(v.text("sync.anonymization-file", "anonymization.yaml")),
                mode,
                parallelism,
                Path.of(v.text("sync.work-dir", System.getProperty("java.io.tmpdir") + "/staging-sync")),
                Path.of(v.text("sync.report-dir", "reports")),
                dryRun,
                v.text("sync.tools.pg-bin-dir"),
                Duration.ofSeconds(lockSeconds),
                Duration.ofMinutes(toolMinutes),
                unpackRatio,
                minShared,
                scalingo,
                liveSource,
                !liveMode.equals("dump"),
                mongo,
                new SyncSettings.MaskingRetry(maskingAttempts, Duration.ofMillis(maskingDelayMs)),
                targets,
                v.number("sync.targets.parallel", 2, 1, 16),
                neon);
    }

    /** SYNC_TARGET: postgres (DATABASE_URL, the default) or neon (a branch per run); null unless neon. */
    private static NeonSettings neon(SettingValues v, HttpSettings http) {
        String kind = v.text("sync.target", "postgres").toLowerCase(java.util.Locale.ROOT);
        if (kind.equals("postgres")) {
            return null;
        }
        if (!kind.equals("neon")) {
            v.problem("SYNC_TARGET=" + kind + " is not a target kind: use postgres (DATABASE_URL) or neon (a Neon "
                    + "branch per run, NEON_API_KEY and NEON_PROJECT_ID)");
            return null;
        }
        return NeonSettings.load(v, http);
    }

    /** What a Neon target cannot be combined with: each run's branch is its own, restored in place. */
    private static void neonProblems(TargetMode mode, SourceSpec source, SettingValues v) {
        if (!v.text("sync.targets").isEmpty()) {
            v.problem("SYNC_TARGET=neon and SYNC_TARGETS both name the target: unset one of them");
        }
        if (mode != TargetMode.AUTO && mode != TargetMode.IN_PLACE) {
            v.problem("SYNC_TARGET_MODE=" + mode.label() + " does not apply to a Neon target (each run restores "
                    + "into a branch of its own, then replaces the staging branch through Neon): unset it");
        }
        if (source != null && source.kind() == SourceSpec.Kind.MONGODB) {
            v.problem("SYNC_TARGET=neon is not available with a MongoDB source");
        }
        if (v.flag("sync.confirm", false)) {
            v.problem("SYNC_CONFIRM=true asks for the target's name, and a Neon target's branch is named by the run: "
                    + "unset SYNC_CONFIRM");
        }
    }

    /** SYNC_TARGETS: the targets file, every problem of it at once; empty when unset (DATABASE_URL is the target). */
    private static List<TargetSpec> targets(SettingValues v) {
        String file = v.text("sync.targets");
        if (file.isEmpty()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<TargetSpec> targets = new TargetsFile(Path.of(file), v::raw, problems).read();
        problems.forEach(v::problem);
        return targets;
    }

    /** DATABASE_URL, else SCALINGO_POSTGRESQL_URL (which Scalingo sets in the staging app); null when refused. */
    private static TargetDatabase target(SettingValues v) {
        String url = v.text("database.url");
        String name = "DATABASE_URL";
        if (url.isEmpty()) {
            url = v.text("scalingo.postgresql.url");
            name = "SCALINGO_POSTGRESQL_URL";
        }
        if (url.isEmpty()) {
            v.problem("DATABASE_URL is not set: set DATABASE_URL (or SCALINGO_POSTGRESQL_URL) to the target "
                    + "database, e.g. postgres://user:password@localhost:5432/staging");
            return null;
        }
        try {
            return TargetDatabase.parse(url, name);
        } catch (IllegalArgumentException e) {
            v.problem(e.getMessage());
            return null;
        }
    }

    /** A live source is read over TLS unless it is on this machine or the operator explicitly allows plain text. */
    private static TargetDatabase liveSource(SourceSpec source, boolean allowInsecure, SettingValues v) {
        TargetDatabase db = TargetDatabase.parse(source.location(), "SYNC_SOURCE");
        if (!Hosts.isLoopback(db.host()) && !db.requiresTls() && !allowInsecure) {
            v.problem("SYNC_SOURCE reads " + db + " without TLS: add ?sslmode=require (or verify-full) to the URL, "
                    + "or set SYNC_SOURCE_ALLOW_INSECURE=true if the network is trusted");
        }
        return db;
    }

    private static List<Path> hooks(SettingValues v) {
        return java.util.Arrays.stream(v.text("sync.hooks").split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of).toList();
    }

    private static String language(SettingValues v) {
        String language = v.text("sync.language", "fr").toLowerCase(java.util.Locale.ROOT);
        if (!language.equals("fr") && !language.equals("en")) {
            v.problem("SYNC_LANGUAGE=" + language + " is not a language of the messages: use fr or en (setting "
                    + "sync.language)");
            return "fr";
        }
        return language;
    }

    private static String region(SettingValues v) {
        return v.text("scalingo.region", "osc-fr1");
    }

    private static Settings.Schedule schedule(SettingValues v) {
        Settings.Cluster cluster = null;
        if (v.flag("sync.cluster.enabled", false)) {
            String url = v.text("sync.cluster.database-url");
            if (url.isEmpty()) {
                v.problem("SYNC_CLUSTER_ENABLED=true needs SYNC_CLUSTER_DATABASE_URL: the PostgreSQL database "
                        + "(postgres://user:password@host:5432/db) the replicas share for their schedule and their run history");
            } else {
                try {
                    cluster = new Settings.Cluster(TargetDatabase.parse(url, "SYNC_CLUSTER_DATABASE_URL"),
                            Duration.ofMillis(v.number("sync.cluster.checkin-interval-ms", 15_000, 1000, 3_600_000)),
                            Duration.ofMillis(v.number("sync.cluster.misfire-threshold-ms", 60_000, 1000, 86_400_000)),
                            historyTable(v));
                } catch (IllegalArgumentException e) {
                    v.problem(e.getMessage());
                }
            }
        }
        return new Settings.Schedule(v.flag("sync.schedule.enabled", false), v.text("sync.cron", CRON),
                v.text("sync.cron-timezone", ZONE), cluster);
    }

    /** The name goes into the history routes' SQL as it is: a plain, optionally schema-qualified, identifier. */
    private static String historyTable(SettingValues v) {
        String table = v.text("ops.history-table", "staging_sync_history");
        if (!HISTORY_TABLE.matcher(table).matches()) {
            v.problem("OPS_HISTORY_TABLE='" + table + "' is not a table name: use lower-case letters, digits and _, "
                    + "optionally after a schema and a dot (staging_sync_history)");
        }
        return table;
    }

    /** Checked for every command: a schedule that can never fire is a configuration error, found before `serve`. */
    private static void checkSchedule(String cron, String zone, SettingValues v) {
        TimeZone timeZone = TimeZone.getTimeZone("UTC");
        try {
            timeZone = TimeZone.getTimeZone(ZoneId.of(zone));
        } catch (DateTimeException e) {
            v.problem("SYNC_CRON_TIMEZONE=" + zone + " is not a time zone (e.g. UTC, Europe/Paris)");
        }
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(timeZone);
            if (expression.getNextValidTimeAfter(new Date()) == null) {
                v.problem("SYNC_CRON=\"" + cron + "\" never fires: give a date that exists");
            }
        } catch (ParseException e) {
            v.problem("SYNC_CRON=\"" + cron + "\" is not a Quartz cron expression (seconds minutes hours day "
                    + "month weekday, e.g. \"0 0 4 * * ?\"): " + e.getMessage());
        }
    }
}
