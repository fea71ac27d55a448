package io.stagingsync.settings;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The Neon target (SYNC_TARGET=neon): the API to call, the project, which branch each run's branch starts from and
 * which one it replaces, the database and role its URI names, how many run branches stay, and its HTTP policy.
 *
 * @param parentBranch  the branch (name or id) each run's branch is created from; empty: the project's default
 * @param stagingBranch the branch (name or id) the verified branch replaces; empty: the operator points the app
 * @param keep          branches named staging-sync-* kept after a successful run, the run's own included
 * @param readyTimeout  how long a new branch may stay in init, its operations running, before the run fails
 * @param allowInsecure true: a connection URI without TLS is accepted (a local stand-in only)
 */
public record NeonSettings(String apiUrl, ScalingoSettings.Secret apiKey, ScalingoSettings.Secret projectId,
                           String parentBranch, String stagingBranch, String databaseName, String roleName, int keep,
                           boolean keepOnFailure, Duration readyTimeout, Duration pollInterval, boolean allowInsecure,
                           HttpSettings http) {

    /** Neon's ids and names as they may appear in a path: no slash, no query, no space. */
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Reads and checks the Neon settings; each problem is added to the others, named by its variable.
     *
     * @param shared the HTTP client's timeouts, which every API call shares (SCALINGO_HTTP_*_TIMEOUT_SECONDS)
     */
    static NeonSettings load(SettingValues v, HttpSettings shared) {
        String key = v.raw("neon.api-key").trim();
        if (key.isEmpty()) {
            v.problem("NEON_API_KEY is not set: create an API key in the Neon Console (Account settings > API keys, "
                    + "or the organization's) and set NEON_API_KEY");
        }
        String project = v.text("neon.project-id");
        if (project.isEmpty()) {
            v.problem("NEON_PROJECT_ID is not set: copy the project id from the Neon Console (Settings > General)");
        } else if (!PATH_SAFE.matcher(project).matches()) {
            v.problem("NEON_PROJECT_ID is not a Neon project id (letters, digits and dashes, e.g. "
                    + "shiny-wind-12345678)");
        }
        String apiUrl = v.text("neon.api-url", "https://console.neon.tech/api/v2").replaceAll("/+$", "");
        if (!apiUrl.startsWith("https://") && !apiUrl.startsWith("http://")) {
            v.problem("NEON_API_URL=" + apiUrl + " is not an http(s) address");
        }
        String parent = v.text("neon.parent-branch");
        String staging = v.text("neon.staging-branch");
        for (String[] branch : new String[][] {{"NEON_PARENT_BRANCH", parent}, {"NEON_STAGING_BRANCH", staging}}) {
            if (!branch[1].isEmpty() && !PATH_SAFE.matcher(branch[1]).matches()) {
                v.problem(branch[0] + "=" + branch[1] + " is not a branch name or id this tool accepts (letters, "
                        + "digits, dots, dashes and underscores)");
            }
        }
        if (staging.startsWith("staging-sync-")) {
            v.problem("NEON_STAGING_BRANCH=" + staging + " is named like the runs' own branches, which retention "
                    + "deletes: give the staging branch another name");
        }
        return new NeonSettings(apiUrl, new ScalingoSettings.Secret(key), new ScalingoSettings.Secret(project), parent,
                staging, v.text("neon.database-name", "neondb"), v.text("neon.role-name", "neondb_owner"),
                v.number("neon.branches-keep", 3, 1, 100), v.flag("neon.keep-on-failure", false),
                Duration.ofSeconds(v.number("neon.ready-timeout-seconds", 300, 1, 86400)),
                Duration.ofMillis(v.number("neon.poll-interval-ms", 2000, 10, 600_000)),
                v.flag("neon.allow-insecure", false), new HttpSettings(shared.connectTimeout(), shared.readTimeout(),
                v.number("neon.http.retries", 4, 0, 20),
                Duration.ofMillis(v.number("neon.http.retry-delay-ms", 1000, 1, 600_000)),
                Duration.ofMillis(v.number("neon.http.max-retry-delay-ms", 30_000, 1, 3_600_000))));
    }
}
