package io.stagingsync.settings;

import io.stagingsync.secrets.Redactor;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach the Scalingo API and which backup to take: region, base URLs, the API token (secret), freshness.
 *
 * @param maxBackupAge   an older newest backup is refused
 * @param freshBackup    create a manual backup and wait for it instead of taking the newest one
 * @param freshTimeout   how long a fresh backup may take before the run fails
 * @param pollInterval   how often a fresh backup's status is read
 * @param downloadResumes how many times a cut download is resumed before the run fails
 * @param http           timeouts and the backoff policy of the API calls and the download
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
        int downloadResumes,
        HttpSettings http) {

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

    /** Reads and checks the Scalingo settings; each problem is added to the others, named by its variable. */
    static ScalingoSettings load(SettingValues v, String region, HttpSettings http) {
        String apiUrl = url(v, "scalingo.api-url", "SCALINGO_API_URL", "/v1");
        String dbApiUrl = url(v, "scalingo.db-api-url", "SCALINGO_DB_API_URL", "/api");
        String authUrl = url(v, "scalingo.auth-url", "SCALINGO_AUTH_URL", "/v1");
        if (!REGIONS.containsKey(region) && (apiUrl.isEmpty() || dbApiUrl.isEmpty())) {
            v.problem("SCALINGO_REGION=" + region + " is not a Scalingo region: use osc-fr1 or osc-secnum-fr1 "
                    + "(for another one, set SCALINGO_API_URL and SCALINGO_DB_API_URL)");
        }
        String token = v.text("scalingo.api-token");
        if (token.isEmpty()) {
            v.problem("SCALINGO_API_TOKEN is not set: create an API token in the Scalingo dashboard (User settings "
                    + "> API tokens) for a collaborator of the source app, and set SCALINGO_API_TOKEN");
        }
        String app = v.text("sync.source-app");
        if (app.isEmpty()) {
            v.problem("SYNC_SOURCE_APP is not set: name the Scalingo app whose PostgreSQL backups are restored "
                    + "(e.g. SYNC_SOURCE_APP=my-app-production)");
        } else if (!app.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            v.problem("SYNC_SOURCE_APP=" + app + " is not a Scalingo app name (lower-case letters, digits and dashes)");
        }
        return new ScalingoSettings(
                region,
                authUrl.isEmpty() ? AUTH_URL : authUrl,
                apiUrl.isEmpty() ? "https://api." + region + ".scalingo.com/v1" : apiUrl,
                dbApiUrl.isEmpty() ? "https://db-api." + region + ".scalingo.com/api" : dbApiUrl,
                new Secret(token),
                app,
                Duration.ofHours(v.number("sync.backup.max-age-hours", 26, 1, 24 * 366)),
                v.flag("sync.backup.fresh", false),
                Duration.ofMinutes(v.number("sync.backup.fresh-timeout-minutes", 180, 1, 1440)),
                Duration.ofSeconds(v.number("sync.backup.poll-interval-seconds", 10, 1, 600)),
                v.number("sync.download.resumes", 5, 0, 100),
                http);
    }

    /**
     * A base URL override: https, or http to a loopback host only (the token travels with every call). Written
     * without its version path, as the Scalingo CLI's variables of the same names are, it gets {@code version}.
     */
    private static String url(SettingValues v, String key, String env, String version) {
        String raw = v.text(key);
        if (raw.isEmpty()) {
            return "";
        }
        try {
            URI uri = URI.create(raw);
            boolean https = "https".equals(uri.getScheme());
            boolean loopbackHttp = "http".equals(uri.getScheme()) && Hosts.isLoopback(uri.getHost());
            if (uri.getHost() == null || !(https || loopbackHttp)) {
                v.problem(env + "=" + raw + " must be an https:// URL (http:// only to localhost): the API token travels with every call");
                return "";
            }
            if (uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
                v.problem(env + " must be a base URL without credentials or query, e.g. https://api.osc-fr1.scalingo.com/v1");
                return "";
            }
            String base = raw.replaceFirst("/+$", "");
            return uri.getRawPath() == null || uri.getRawPath().replace("/", "").isEmpty() ? base + version : base;
        } catch (IllegalArgumentException e) {
            v.problem(env + "=" + raw + " is not a URL");
            return "";
        }
    }
}
