package io.stagingsync.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Scalingo APIs as they answer: the auth API (token exchange, Basic auth with an empty user), the regional apps
 * API (addons, addon token) and the database API (database, backups newest first, archive address), each on its own
 * server, with Scalingo's root keys, field names and error bodies. The archive lives in an {@link ObjectStore} on
 * yet another host. By default the source app {@value #APP} has a newer backup still running before a finished one.
 */
public final class ScalingoStub implements AutoCloseable {

    public static final String APP = "shop-prod";
    public static final String API_TOKEN = "tk-us-SECRETAPITOKEN0123456789";
    public static final String ADDON_ID = "6633aa01bb22cc33dd44ee55";
    public static final String DONE_BACKUP = "674e9020c0ffee0000000002";
    public static final String RUNNING_BACKUP = "674fe1a0c0ffee0000000003";
    public static final String DB_HOST = "shop-prod-1234.postgresql.a.osc-fr1.scalingo-dbs.com";
    public static final String SIGNATURE = "SECRETSIGNATURE1";

    private static final DateTimeFormatter SCALINGO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    public final WireMockServer auth = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    public final WireMockServer api = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    public final WireMockServer dbApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    public final ObjectStore store = new ObjectStore();

    private final String bearer;
    private final String addonToken;
    private final String archiveName;
    private final long archiveSize;

    /** Serves {@code archive} as the finished backup created {@code ageHours} ago. */
    public ScalingoStub(Path archive, int ageHours) {
        this(archive, ageHours, Instant.now().plusSeconds(3600));
    }

    /** As above, with bearer and addon tokens that expire at {@code tokensExpire}. */
    public ScalingoStub(Path archive, int ageHours, Instant tokensExpire) {
        auth.start();
        api.start();
        dbApi.start();
        bearer = jwt("user", tokensExpire);
        addonToken = jwt("addon", tokensExpire);
        archiveName = archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        try {
            archiveSize = Files.size(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant done = Instant.now().minusSeconds(ageHours * 3600L);
        stubUnauthorized();
        stubTokenExchange();
        stubAddons(APP);
        api.stubFor(post(urlEqualTo("/v1/apps/" + APP + "/addons/" + ADDON_ID + "/token")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + bearer))
                .willReturn(json(200, "{\"addon\": {\"id\": \"" + ADDON_ID + "\", \"app_id\": \"6633aa00bb22cc33dd44ee00\", "
                        + "\"status\": \"running\", \"addon_provider\": {\"id\": \"postgresql\"}, \"token\": \"" + addonToken + "\"}}")));
        dbApi.stubFor(addonCall(get(urlEqualTo("/api/databases/" + ADDON_ID)))
                .willReturn(json(200, "{\"database\": {\"id\": \"5f00aa\", \"hostname\": \"" + DB_HOST + "\", "
                        + "\"status\": \"running\", \"readable_version\": \"16.4.0\", \"type_name\": \"postgresql\", "
                        + "\"periodic_backups_enabled\": true, \"periodic_backups_scheduled_at\": [1]}}")));
        backups(backup(RUNNING_BACKUP, Instant.now().minusSeconds(60), 0, "running", "periodic")
                + ", " + backup(DONE_BACKUP, done, archiveSize, "done", "periodic")
                + ", " + backup("674d3ea0c0ffee0000000001", done.minusSeconds(86400), 12, "error", "periodic"));
        archiveAt(DONE_BACKUP, store.put(archiveName + ".tar.gz", archive, SIGNATURE));
    }

    /** The settings that point staging-sync at these stubs, with short retry delays. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("sync.source", "scalingo");
        s.put("sync.source-app", APP);
        s.put("scalingo.api-token", API_TOKEN);
        s.put("scalingo.auth-url", auth.baseUrl() + "/v1");
        s.put("scalingo.api-url", api.baseUrl() + "/v1");
        s.put("scalingo.db-api-url", dbApi.baseUrl() + "/api");
        s.put("scalingo.http.retry-delay-ms", "50");
        s.put("scalingo.http.max-retry-delay-ms", "2000");
        s.put("scalingo.http.read-timeout-seconds", "2");
        s.put("sync.backup.poll-interval-seconds", "1");
        return s;
    }

    /** Replaces the backup list ({@code database_backups}, newest first as Scalingo lists them). */
    public void backups(String entries) {
        dbApi.stubFor(addonCall(get(urlEqualTo("/api/databases/" + ADDON_ID + "/backups")))
                .willReturn(json(200, "{\"database_backups\": [" + entries + "]}")));
    }

    /** The archive endpoint of a backup answers with {@code downloadUrl}. */
    public void archiveAt(String backupId, String downloadUrl) {
        dbApi.stubFor(addonCall(get(urlEqualTo("/api/databases/" + ADDON_ID + "/backups/" + backupId + "/archive")))
                .willReturn(json(200, "{\"download_url\": \"" + downloadUrl + "\"}")));
    }

    public String archiveName() {
        return archiveName;
    }

    public long archiveSize() {
        return archiveSize;
    }

    public String bearer() {
        return bearer;
    }

    public String addonToken() {
        return addonToken;
    }

    /** One {@code database_backups} entry, with Scalingo's fields and date format. */
    public String backup(String id, Instant createdAt, long size, String status, String method) {
        String at = OffsetDateTime.ofInstant(createdAt, ZoneOffset.ofHours(1)).format(SCALINGO_DATE);
        return "{\"id\": \"" + id + "\", \"created_at\": \"" + at + "\", \"started_at\": \"" + at + "\", "
                + "\"name\": \"" + archiveName + "\", \"size\": " + size + ", \"status\": \"" + status + "\", "
                + "\"database_id\": \"5f00aa\", \"method\": \"" + method + "\"}";
    }

    /** A call to the database API, authorized by the addon token. */
    public MappingBuilder addonCall(MappingBuilder call) {
        return call.atPriority(1).withHeader("Authorization", equalTo("Bearer " + addonToken));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private void stubTokenExchange() {
        String basic = Base64.getEncoder().encodeToString((":" + API_TOKEN).getBytes(StandardCharsets.UTF_8));
        auth.stubFor(post(urlEqualTo("/v1/tokens/exchange")).atPriority(1)
                .withHeader("Authorization", equalTo("Basic " + basic))
                .willReturn(json(200, "{\"token\": \"" + bearer + "\"}")));
    }

    /** The addons of {@code app}: a Redis addon listed before the PostgreSQL one. */
    private void stubAddons(String app) {
        api.stubFor(get(urlEqualTo("/v1/apps/" + app + "/addons")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + bearer))
                .willReturn(json(200, "{\"addons\": ["
                        + "{\"id\": \"6633aa02bb22cc33dd44ee66\", \"app_id\": \"6633aa00bb22cc33dd44ee00\", \"resource_id\": \"shop_prod_redis\", "
                        + "\"status\": \"running\", \"plan\": {\"id\": \"5f1e\", \"name\": \"redis-starter-256\"}, "
                        + "\"addon_provider\": {\"id\": \"redis\", \"name\": \"Scalingo for Redis\"}}, "
                        + "{\"id\": \"" + ADDON_ID + "\", \"app_id\": \"6633aa00bb22cc33dd44ee00\", \"resource_id\": \"shop_prod_1234\", "
                        + "\"status\": \"running\", \"provisioned_at\": \"2024-05-02T10:00:00.000+02:00\", \"deprovisioned_at\": null, "
                        + "\"plan\": {\"id\": \"5f1f\", \"name\": \"postgresql-starter-1024\", \"display_name\": \"Starter 1G\"}, "
                        + "\"addon_provider\": {\"id\": \"postgresql\", \"name\": \"Scalingo for PostgreSQL\"}}]}")));
    }

    /** What Scalingo answers without a valid credential, and for apps that do not exist. */
    private void stubUnauthorized() {
        auth.stubFor(any(anyUrl()).atPriority(10).willReturn(json(401, "{\"error\": \"invalid token\"}")));
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(json(401, "{\"error\": \"You are not authorized to do this operation\"}")));
        api.stubFor(get(urlPathMatching("/v1/apps/[^/]+/addons")).atPriority(5)
                .withHeader("Authorization", equalTo("Bearer " + bearer))
                .willReturn(json(404, "{\"resource\": \"app\", \"error\": \"not found\"}")));
        dbApi.stubFor(any(anyUrl()).atPriority(10).willReturn(json(401, "{\"error\": \"You are not authorized to do this operation\"}")));
    }

    /** A JWT-shaped token whose payload carries {@code exp}, as Scalingo's do (the signature is not checked). */
    private static String jwt(String subject, Instant expires) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS512\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"sub\":\"" + subject + "\",\"exp\":" + expires.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(("SECRETJWTSIG-" + subject).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        auth.stop();
        api.stop();
        dbApi.stop();
        store.close();
    }
}
