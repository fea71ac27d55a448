package io.stagingsync.settings;

import io.stagingsync.secrets.Redactor;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How to reach the Scalingo API and which backup to take: region, base URLs, the API token (secret), freshness.
 *
 * @param maxBackupAge   an older newest backup is refused
 * @param freshBackup    create a manual backup and wait for it instead of taking the newest one
 * @param freshTimeout   how long a fresh backup may take before the run fails
 * @param pollInterval   how often a fresh backup's status is read
 * @param downloadResumes how many times a cut download is resumed before the run fails
 * @param retryDelay     first wait before a retry (API call or download), doubled each time, with jitter
 * @param maxRetryDelay  longest wait between retries, Retry-After included
 * @param apiRetries     retries of an API call answered 429/5xx or cut (the API route's redelivery policy)
 */
public record ScalingoSettings(
        String region,
        String authUrl,
        String apiUrl,
        String dbApiUrl,
        Secret apiToken,
        String sourceApp,
        Duration maxBackupAge,
        boolean freshBackup,
        Duration freshTimeout,
        Duration pollInterval,
        Duration connectTimeout,
        Duration readTimeout,
        int downloadResumes,
        Duration retryDelay,
        Duration maxRetryDelay,
        int apiRetries) {

    private static final Map<String, String> REGIONS = Map.of("osc-fr1", "osc-fr1", "osc-secnum-fr1", "osc-secnum-fr1");
    private static final String AUTH_URL = "https://auth.scalingo.com/v1";

    /** A value that must never be printed: its toString says so. */
    public record Secret(String value) {
        public Secret {
            Redactor.register(value);
        }

        @Override
        public String toString() {
            return "***";
        }
    }

    /** The staging app's address on the region's domain, for messages. */
    public String appUrl(String app) {
        return "https://" + app + "." + region + ".scalingo.io";
    }

    /** Reads and checks the Scalingo settings; each problem is added to {@code problems}, named by its variable. */
    static ScalingoSettings load(Function<String, String> value, Numbers numbers, List<String> problems) {
        String region = value.apply("scalingo.region");
        region = region.isEmpty() ? "osc-fr1" : region;
        String apiUrl = url(value, "scalingo.api-url", "SCALINGO_API_URL", "/v1", problems);
        String dbApiUrl = url(value, "scalingo.db-api-url", "SCALINGO_DB_API_URL", "/api", problems);
        String authUrl = url(value, "scalingo.auth-url", "SCALINGO_AUTH_URL", "/v1", problems);
        if (!REGIONS.containsKey(region) && (apiUrl.isEmpty() || dbApiUrl.isEmpty())) {
            problems.add("SCALINGO_REGION=" + region + " is not a Scalingo region: use osc-fr1 or osc-secnum-fr1 "
                    + "(for another one, set SCALINGO_API_URL and SCALINGO_DB_API_URL)");
        }
        String token = value.apply("scalingo.api-token");
        if (token.isEmpty()) {
            problems.add("SCALINGO_API_TOKEN is not set: create an API token in the Scalingo dashboard (User settings "
                    + "> API tokens) for a collaborator of the source app, and set SCALINGO_API_TOKEN");
        }
        String app = value.apply("sync.source-app");
        if (app.isEmpty()) {
            problems.add("SYNC_SOURCE_APP is not set: name the Scalingo app whose PostgreSQL backups are restored "
                    + "(e.g. SYNC_SOURCE_APP=my-app-production)");
        } else if (!app.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("SYNC_SOURCE_APP=" + app + " is not a Scalingo app name (lower-case letters, digits and dashes)");
        }
        String fresh = value.apply("sync.backup.fresh");
        if (!fresh.isEmpty() && !fresh.equalsIgnoreCase("true") && !fresh.equalsIgnoreCase("false")) {
            problems.add("SYNC_BACKUP_FRESH=" + fresh + " must be true or false");
        }
        return new ScalingoSettings(
                region,
                authUrl.isEmpty() ? AUTH_URL : authUrl,
                apiUrl.isEmpty() ? "https://api." + region + ".scalingo.com/v1" : apiUrl,
                dbApiUrl.isEmpty() ? "https://db-api." + region + ".scalingo.com/api" : dbApiUrl,
                new Secret(token),
                app,
                Duration.ofHours(numbers.get("sync.backup.max-age-hours", "SYNC_BACKUP_MAX_AGE_HOURS", 26, 1, 24 * 366)),
                fresh.equalsIgnoreCase("true"),
                Duration.ofMinutes(numbers.get("sync.backup.fresh-timeout-minutes", "SYNC_BACKUP_FRESH_TIMEOUT_MINUTES", 180, 1, 1440)),
                Duration.ofSeconds(numbers.get("sync.backup.poll-interval-seconds", "SYNC_BACKUP_POLL_INTERVAL_SECONDS", 10, 1, 600)),
                Duration.ofSeconds(numbers.get("scalingo.http.connect-timeout-seconds", "SCALINGO_HTTP_CONNECT_TIMEOUT_SECONDS", 10, 1, 600)),
                Duration.ofSeconds(numbers.get("scalingo.http.read-timeout-seconds", "SCALINGO_HTTP_READ_TIMEOUT_SECONDS", 60, 1, 3600)),
                numbers.get("sync.download.resumes", "SYNC_DOWNLOAD_RESUMES", 5, 0, 100),
                Duration.ofMillis(numbers.get("scalingo.http.retry-delay-ms", "SCALINGO_HTTP_RETRY_DELAY_MS", 1000, 1, 600_000)),
                Duration.ofMillis(numbers.get("scalingo.http.max-retry-delay-ms", "SCALINGO_HTTP_MAX_RETRY_DELAY_MS", 30_000, 1, 3_600_000)),
                numbers.get("scalingo.http.retries", "SCALINGO_HTTP_RETRIES", 4, 0, 20));
    }

    /**
     * A base URL override: https, or http to a loopback host only (the token travels with every call). Written
     * without its version path, as the Scalingo CLI's variables of the same names are, it gets {@code version}.
     */
    private static String url(Function<String, String> value, String key, String env, String version,
                              List<String> problems) {
        String raw = value.apply(key);
        if (raw.isEmpty()) {
            return "";
        }
        try {
            URI uri = URI.create(raw);
            boolean https = "https".equals(uri.getScheme());
            boolean loopbackHttp = "http".equals(uri.getScheme()) && Hosts.isLoopback(uri.getHost());
            if (uri.getHost() == null || !(https || loopbackHttp)) {
                problems.add(env + "=" + raw + " must be an https:// URL (http:// only to localhost): the API token travels with every call");
                return "";
            }
            if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                problems.add(env + " must be a base URL without credentials or query, e.g. https://api.osc-fr1.scalingo.com/v1");
                return "";
            }
            String base = raw.replaceFirst("/+$", "");
            return uri.getRawPath() == null || uri.getRawPath().replace("/", "").isEmpty() ? base + version : base;
        } catch (IllegalArgumentException e) {
            problems.add(env + "=" + raw + " is not a URL");
            return "";
        }
    }

    /** Reads a bounded whole number setting, adding a problem when it is not one. */
    @FunctionalInterface
    interface Numbers {
        int get(String key, String env, int fallback, int min, int max);
    }
}
