package io.stagingsync.source.scalingo;

import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.settings.ScalingoSettings;
import org.apache.camel.Exchange;

/** Describes each Scalingo API call the routes make (exchange property {@code scalingoRequest}). */
public final class ScalingoCalls {

    public static final String PROPERTY = "scalingoRequest";

    private final ScalingoSettings settings;

    /** @param settings null unless the source is Scalingo */
    public ScalingoCalls(ScalingoSettings settings) {
        this.settings = settings;
    }

    static ApiRequest exchangeToken(ScalingoSettings s) {
        return new ApiRequest("POST", s.authUrl() + "/tokens/exchange", ApiRequest.Auth.API_TOKEN,
                "exchange SCALINGO_API_TOKEN for a bearer token", null, null);
    }

    static ApiRequest addonToken(ScalingoSettings s, String addon) {
        return new ApiRequest("POST", s.apiUrl() + "/apps/" + s.sourceApp() + "/addons/" + addon + "/token",
                ApiRequest.Auth.BEARER, "get a token for the PostgreSQL addon of " + s.sourceApp(), null, null);
    }

    public void listAddons(Exchange exchange) {
        ScalingoSettings s = settings;
        set(exchange, new ApiRequest("GET", s.apiUrl() + "/apps/" + s.sourceApp() + "/addons", ApiRequest.Auth.BEARER,
                "list the addons of app " + s.sourceApp(), null,
                "the app " + s.sourceApp() + " was not found in region " + s.region() + ": check SYNC_SOURCE_APP and "
                        + "SCALINGO_REGION, and that the API token's user is a collaborator of that app"));
    }

    public void showDatabase(Exchange exchange) {
        ScalingoSettings s = settings;
        String addon = addon(exchange);
        set(exchange, new ApiRequest("GET", s.dbApiUrl() + "/databases/" + addon, ApiRequest.Auth.ADDON,
                "read the database of " + s.sourceApp(), addon, null));
    }

    public void listBackups(Exchange exchange) {
        ScalingoSettings s = settings;
        String addon = addon(exchange);
        set(exchange, new ApiRequest("GET", s.dbApiUrl() + "/databases/" + addon + "/backups", ApiRequest.Auth.ADDON,
                "list the backups of " + s.sourceApp() + "'s database", addon, null));
    }

    public void createBackup(Exchange exchange) {
        ScalingoSettings s = settings;
        String addon = addon(exchange);
        set(exchange, new ApiRequest("POST", s.dbApiUrl() + "/databases/" + addon + "/backups", ApiRequest.Auth.ADDON,
                "start a backup of " + s.sourceApp() + "'s database", addon, null));
    }

    public void archiveUrl(Exchange exchange) {
        ScalingoSettings s = settings;
        SyncRun run = run(exchange);
        String addon = addon(exchange);
        String backup = ScalingoIds.checked(run.backup().info().id(), "backup id");
        set(exchange, new ApiRequest("GET", s.dbApiUrl() + "/databases/" + addon + "/backups/" + backup + "/archive",
                ApiRequest.Auth.ADDON, "get the download address of backup " + run.backup().info().name(), addon, null));
    }

    private static void set(Exchange exchange, ApiRequest request) {
        exchange.setProperty(PROPERTY, request);
    }

    private static SyncRun run(Exchange exchange) {
        return exchange.getProperty("run", SyncRun.class);
    }

    private static String addon(Exchange exchange) {
        String id = run(exchange).backup().sourceAddonId();
        if (id == null) {
            throw new SyncFailure("the source's PostgreSQL addon is not known yet");
        }
        return id;
    }
}
