package io.stagingsync.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.stagingsync.testing.ScalingoStub.ADDON_ID;
import static io.stagingsync.testing.ScalingoStub.DONE_BACKUP;
import static io.stagingsync.testing.ScalingoStub.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.Backups;
import io.stagingsync.testing.ObjectStore;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import io.stagingsync.testing.ScalingoStub;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Scalingo source against stubs shaped like the real APIs, into the real PostgreSQL: the path and its failures. */
class ScalingoSourceTest {

    /**
     * The Scalingo calls and the download are all a plan's too: the tests about them stop there, the restore is
     * proven by the tests that check the target.
     */
    private static final Command PLAN = Command.PLAN;


    static final PostgresServer pg = PostgresServer.get();
    final SampleDatabase sample = SampleDatabase.get();

    /**
     * The target of every test but the two that restore into one of their own: the others stop before the target is
     * touched, and say so by finding it still empty, so one empty database serves them all (a database created and
     * dropped per test costs more than most of these runs).
     */
    static String target;

    @TempDir
    Path dir;

    ScalingoStub scalingo;

    @BeforeAll
    static void createTarget() {
        target = pg.createTarget("scalingosourcetest", "template1");
    }

    @AfterAll
    static void dropTarget() {
        pg.dropDatabaseLater(target);
    }

    private final List<String> ownTargets = new ArrayList<>();

    /** A fresh database for a test that restores into it, dropped after the test. */
    private String ownTarget() {
        String own = pg.createTarget("scalingosourcetest", "template1");
        ownTargets.add(own);
        return own;
    }

    @AfterEach
    void dropOwnTargets() {
        ownTargets.forEach(pg::dropDatabaseLater);
    }

    /** A test that wrote into the shared target fails, and the next one gets an empty target again. */
    @AfterEach
    void sharedTargetStaysEmpty() {
        if (!targetIsEmpty()) {
            pg.dropDatabaseLater(target);
            createTarget();
            throw new AssertionError("the run wrote into the target it was to leave untouched");
        }
    }

    @BeforeEach
    void startScalingo() {
        scalingo = new ScalingoStub(sample.archive(), 3);
    }

    @AfterEach
    void stopScalingo() {
        scalingo.close();
    }

    Sync sync() {
        return sync(target);
    }

    Sync sync(String into) {
        return Sync.into(pg.url(into), sample.archive()).with(scalingo.settings());
    }

    boolean targetIsEmpty() {
        return Rows.count(target, "pg_tables WHERE schemaname = 'public'") == 0;
    }

    @Test
    void runRestoresTheNewestFinishedBackupNotTheNewerRunningOne() throws Exception {
        String target = ownTarget();
        Sync sync = sync(target);
        SyncRun run = sync.run();

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(DONE_BACKUP, run.backup().info().id());
        assertEquals(scalingo.archiveName(), run.backup().info().name());
        assertEquals(scalingo.archiveSize(), run.backup().info().size());
        assertEquals(ScalingoStub.DB_HOST, run.backup().sourceHost());
        assertEquals(ADDON_ID, run.backup().sourceAddonId());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(target, "users"));
        assertEquals("0", Rows.single(target, "SELECT count(*) FROM users WHERE email NOT LIKE '%@example.test'"));
        assertEquals(scalingo.archiveSize(), run.progress().snapshot().bytesDone());
        JsonNode report = new ObjectMapper().readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals(dumpSha256(), report.get("archive").get("sha256").asText(), "the checksum computed while unpacking is the dump's");
        JsonNode backup = report.get("backup");
        assertEquals(DONE_BACKUP, backup.get("id").asText());
        assertEquals("scalingo:" + ScalingoStub.APP, backup.get("source").asText());
        assertEquals(ScalingoStub.DB_HOST, backup.get("source_host").asText());
    }

    @Test
    void theDownloadCarriesNoAuthorizationAndTheApiTokenIsExchangedOnce() {
        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<ObjectStore.Seen> downloads = scalingo.store.requests();
        assertEquals(1, downloads.size());
        assertNull(downloads.get(0).authorization(), "the pre-signed URL is its own credential");
        assertEquals(1, scalingo.auth.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/tokens/exchange")).build()).getCount());
        assertEquals(1, scalingo.api.countRequestsMatching(
                postRequestedFor(urlEqualTo("/v1/apps/shop-prod/addons/" + ADDON_ID + "/token")).build()).getCount());
    }

    @Test
    void tokensAboutToExpireAreExchangedAgainBeforeTheNextCall() {
        scalingo.close();
        scalingo = new ScalingoStub(sample.archive(), 3, Instant.now().plusSeconds(120));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        // within five minutes of expiry a token is not reused: every call that needs one gets a fresh one
        assertTrue(scalingo.auth.countRequestsMatching(postRequestedFor(urlEqualTo("/v1/tokens/exchange")).build()).getCount() >= 2);
        assertTrue(scalingo.api.countRequestsMatching(
                postRequestedFor(urlEqualTo("/v1/apps/shop-prod/addons/" + ADDON_ID + "/token")).build()).getCount() >= 3);
    }

    @Test
    void checkLocatesTheBackupWithoutDownloadingIt() {
        SyncRun run = sync().run(Command.CHECK);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        String source = run.results().checks().stream().filter(c -> c.name().equals("source")).findFirst().orElseThrow().detail();
        assertTrue(source.contains(scalingo.archiveName()) && source.contains(ScalingoStub.DB_HOST), source);
        assertTrue(scalingo.store.requests().isEmpty(), "check downloads nothing");
        assertTrue(targetIsEmpty());
    }

    @Test
    void aWrongApiTokenIsRefusedWithExitTwo() {
        SyncRun run = sync().with("scalingo.api-token", "tk-us-wrong").run();

        assertEquals(SyncRun.Status.REFUSED, run.status());
        assertEquals(2, run.exitCode());
        assertTrue(run.error().contains("Scalingo refused SCALINGO_API_TOKEN (401: invalid token)"), run.error());
        assertTrue(run.error().contains("API tokens"), run.error());
        assertFalse(run.error().contains("tk-us-wrong"), "the token is never quoted");
        assertTrue(targetIsEmpty());
    }

    @Test
    void anUnknownAppIsRefusedNamingTheSetting() {
        SyncRun run = sync().with("sync.source-app", "shop-typo").run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("the app shop-typo was not found in region osc-fr1: check SYNC_SOURCE_APP"), run.error());
    }

    @Test
    void anAppWithoutPostgresqlIsRefused() {
        scalingo.api.stubFor(get(urlEqualTo("/v1/apps/shop-prod/addons")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + scalingo.bearer()))
                .willReturn(json(200, "{\"addons\": [{\"id\": \"a1\", \"addon_provider\": {\"id\": \"redis\"}}]}")));

        SyncRun run = sync().run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("the app shop-prod has no PostgreSQL addon (its addons: redis)"), run.error());
    }

    @Test
    void noFinishedBackupFailsSayingWhatThereIs() {
        scalingo.backups(scalingo.backup("b1", Instant.now(), 0, "running", "periodic") + ", "
                + scalingo.backup("b0", Instant.now().minusSeconds(86400), 0, "error", "periodic"));

        SyncRun run = sync().run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("none of the 2 backups of shop-prod's database is finished"), run.error());
        assertTrue(run.error().contains("1 running") && run.error().contains("1 error"), run.error());
        assertTrue(targetIsEmpty());
    }

    @Test
    void aBackupOlderThanTheMaximumAgeIsRefused() {
        scalingo.close();
        scalingo = new ScalingoStub(sample.archive(), 30);

        SyncRun run = sync().run();

        assertEquals(2, run.exitCode(), run::error);
        assertTrue(run.error().contains("is 30 h old, older than SYNC_BACKUP_MAX_AGE_HOURS=26"), run.error());
        assertTrue(scalingo.store.requests().isEmpty());
    }

    @Test
    void aBackupLargerThanTheFreeDiskIsNotDownloaded() {
        scalingo.backups(scalingo.backup(DONE_BACKUP, Instant.now().minusSeconds(3600), 1L << 50, "done", "periodic"));

        SyncRun run = sync().run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("not enough disk space") && run.error().contains("SYNC_WORK_DIR"), run.error());
        assertTrue(scalingo.store.requests().isEmpty());
        assertTrue(targetIsEmpty());
    }

    @Test
    void rateLimitedCallsWaitForRetryAfterThenSucceed() {
        String path = "/api/databases/" + ADDON_ID + "/backups";
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(path))).atPriority(0).inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("limited")
                .willReturn(json(429, "{\"error\": \"rate limit exceeded\", \"code\": \"rate_limit\"}").withHeader("Retry-After", "1")));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<LoggedRequest> calls = scalingo.dbApi.findAll(getRequestedFor(urlEqualTo(path)));
        assertEquals(2, calls.size());
        long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertTrue(waited >= 900, "waited " + waited + " ms, Retry-After said 1 s");
    }

    @Test
    void serverErrorsAreRetriedUntilTheyPass() {
        String path = "/v1/apps/shop-prod/addons";
        scalingo.api.stubFor(get(urlEqualTo(path)).atPriority(0).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("once").willReturn(json(503, "{\"error\": \"upstream provider returned an error, please retry later\"}")));
        scalingo.api.stubFor(get(urlEqualTo(path)).atPriority(0).inScenario("flaky").whenScenarioStateIs("once")
                .willSetStateTo("twice").willReturn(json(500, "{\"error\": \"server internal error\"}")));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(3, scalingo.api.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount());
    }

    @Test
    void persistentServerErrorsFailAfterBoundedRetries() {
        String path = "/v1/apps/shop-prod/addons";
        scalingo.api.stubFor(get(urlEqualTo(path)).atPriority(0).willReturn(json(500, "{\"error\": \"server internal error\"}")));

        SyncRun run = sync().with("scalingo.http.retries", "2").run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("Scalingo failed to list the addons of app shop-prod (500: server internal error)"), run.error());
        assertEquals(3, scalingo.api.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount());
        assertTrue(targetIsEmpty());
    }

    @Test
    void aCallThatTimesOutIsRetried() {
        String path = "/api/databases/" + ADDON_ID;
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(path))).atPriority(0).inScenario("slow")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("fast")
                .willReturn(json(200, "{\"database\": {\"hostname\": \"late\"}}").withFixedDelay(3000)));

        SyncRun run = sync().run(Command.CHECK);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(ScalingoStub.DB_HOST, run.backup().sourceHost());
        assertEquals(2, scalingo.dbApi.countRequestsMatching(getRequestedFor(urlEqualTo(path)).build()).getCount());
    }

    /**
     * A resumed download is proven whole by the checksum of the dump it unpacked: every byte the same as the
     * original's, so the restore is the one {@link #runRestoresTheNewestFinishedBackupNotTheNewerRunningOne} proves.
     */
    @Test
    void aDownloadCutMidwayIsResumedWithARangeRequest() throws Exception {
        scalingo.store.cutConnections(scalingo.archiveSize() / 2, 1);

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<ObjectStore.Seen> downloads = scalingo.store.requests();
        assertEquals(2, downloads.size());
        assertNull(downloads.get(0).range());
        assertEquals("bytes=" + scalingo.archiveSize() / 2 + "-", downloads.get(1).range());
        assertTrue(run.results().notes().stream().anyMatch(n -> n.contains("resumed 1 time")), run.results().notes().toString());
        assertEquals(dumpSha256(), run.backup().sha256(), "the resumed download unpacked the dump byte for byte");
    }

    @Test
    void aServerThatIgnoresRangeIsReadAgainFromTheStart() throws Exception {
        scalingo.store.cutConnections(scalingo.archiveSize() / 3, 1);
        scalingo.store.ignoreRange();

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<ObjectStore.Seen> downloads = scalingo.store.requests();
        assertEquals(2, downloads.size());
        assertEquals("bytes=" + scalingo.archiveSize() / 3 + "-", downloads.get(1).range(), "a resume was asked for");
        assertEquals(dumpSha256(), run.backup().sha256(), "the bytes read again were skipped, not unpacked twice");
    }

    private String dumpSha256() throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(sample.dump())));
    }

    @Test
    void aDownloadThatKeepsFailingIsNeverRestored() {
        scalingo.store.cutConnections(1000, 100);

        SyncRun run = sync().with("sync.download.resumes", "2").run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("the download of the backup failed 3 times"), run.error());
        assertFalse(run.error().contains(ScalingoStub.SIGNATURE), "the pre-signed query never reaches a message");
        assertEquals(3, scalingo.store.requests().size());
        assertTrue(targetIsEmpty(), "nothing was restored");
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
    }

    @Test
    void aDownloadedGzipBombIsRefusedBeforeItsDumpIsWritten() throws Exception {
        Path bomb = Backups.gzipBomb(Files.createDirectories(Path.of("target", "hostile-archives"))
                .resolve("scalingo-bomb-" + System.nanoTime() + ".tar.gz"), "backup.pgsql", "PGDMP".getBytes(), 2L << 30);
        try {
            scalingo.close();
            scalingo = new ScalingoStub(bomb, 3);
            Sync sync = sync();
            SyncRun run = sync.run();

            assertEquals(1, run.exitCode(), run::error);
            assertTrue(run.error().contains("declares " + (2L << 30) + " bytes") && run.error().contains("decompression bomb")
                    && run.error().contains("SYNC_UNPACK_MAX_RATIO"), run.error());
            assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
            assertTrue(targetIsEmpty());
            try (var left = Files.walk(sync.workDir())) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "no work file left");
            }
        } finally {
            Files.deleteIfExists(bomb);
        }
    }

    @Test
    void anArchiveShorterThanTheAnnouncedSizeIsNeverRestored() {
        scalingo.backups(scalingo.backup(DONE_BACKUP, Instant.now().minusSeconds(3600), scalingo.archiveSize() + 10, "done", "periodic"));

        SyncRun run = sync().run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("Scalingo announced " + (scalingo.archiveSize() + 10)), run.error());
        assertTrue(targetIsEmpty());
    }

    @Test
    void anExpiredDownloadAddressIsAskedForAgain() {
        String archive = "/api/databases/" + ADDON_ID + "/backups/" + DONE_BACKUP + "/archive";
        scalingo.store.expireAfterFirstUse(ScalingoStub.SIGNATURE);
        scalingo.store.allow("SECRETSIGNATURE2");
        scalingo.store.cutConnections(scalingo.archiveSize() / 2, 1);
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(archive))).atPriority(0).inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(json(200, "{\"download_url\": \"" + scalingo.store.url(scalingo.archiveName() + ".tar.gz", ScalingoStub.SIGNATURE) + "\"}")));
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(archive))).atPriority(0).inScenario("expiry")
                .whenScenarioStateIs("renewed")
                .willReturn(json(200, "{\"download_url\": \"" + scalingo.store.url(scalingo.archiveName() + ".tar.gz", "SECRETSIGNATURE2") + "\"}")));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(2, scalingo.dbApi.countRequestsMatching(getRequestedFor(urlEqualTo(archive)).build()).getCount());
        List<ObjectStore.Seen> downloads = scalingo.store.requests();
        assertEquals("X-Amz-Signature=SECRETSIGNATURE2", downloads.get(downloads.size() - 1).query());
    }

    @Test
    void redirectsFromTheDownloadAddressAreFollowed() {
        scalingo.archiveAt(DONE_BACKUP, scalingo.store.redirectUrl(scalingo.archiveName() + ".tar.gz", ScalingoStub.SIGNATURE));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        List<ObjectStore.Seen> downloads = scalingo.store.requests();
        assertEquals(2, downloads.size());
        assertTrue(downloads.get(0).path().startsWith("/redirect/"));
        assertTrue(downloads.stream().allMatch(d -> d.authorization() == null));
    }

    @Test
    void aFreshBackupIsCreatedAndPolledUntilDone() {
        String list = "/api/databases/" + ADDON_ID + "/backups";
        String fresh = "674ff000c0ffee0000000009";
        Instant now = Instant.now();
        scalingo.dbApi.stubFor(scalingo.addonCall(post(urlEqualTo(list)))
                .willReturn(json(201, "{\"database_backup\": " + scalingo.backup(fresh, now, 0, "scheduled", "manual")
                        .replace("\"size\": 0", "\"size\": null") + "}")));
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(list))).atPriority(0).inScenario("fresh")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("running")
                .willReturn(json(200, "{\"database_backups\": [" + scalingo.backup(fresh, now, 0, "running", "manual") + "]}")));
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(list))).atPriority(0).inScenario("fresh")
                .whenScenarioStateIs("running")
                .willReturn(json(200, "{\"database_backups\": [" + scalingo.backup(fresh, now, scalingo.archiveSize(), "done", "manual") + "]}")));
        scalingo.archiveAt(fresh, scalingo.store.url(scalingo.archiveName() + ".tar.gz", ScalingoStub.SIGNATURE));

        SyncRun run = sync().with("sync.backup.fresh", "true").run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(fresh, run.backup().info().id());
        assertEquals(1, scalingo.dbApi.countRequestsMatching(postRequestedFor(urlEqualTo(list)).build()).getCount());
        assertEquals(2, scalingo.dbApi.countRequestsMatching(getRequestedFor(urlEqualTo(list)).build()).getCount());
    }

    @Test
    void creatingABackupIsNotRepeatedAfterAServerError() {
        String list = "/api/databases/" + ADDON_ID + "/backups";
        scalingo.dbApi.stubFor(scalingo.addonCall(post(urlEqualTo(list)))
                .willReturn(json(502, "{\"error\": \"upstream provider returned an error, please retry later\"}")));

        SyncRun run = sync().with("sync.backup.fresh", "true").run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("it may have done it anyway"), run.error());
        assertEquals(1, scalingo.dbApi.countRequestsMatching(postRequestedFor(urlEqualTo(list)).build()).getCount(),
                "a second request could create a second backup");
    }

    @Test
    void aTokenRefusedMidRunIsDroppedAndAskedForAgain() {
        String list = "/api/databases/" + ADDON_ID + "/backups";
        scalingo.dbApi.stubFor(scalingo.addonCall(get(urlEqualTo(list))).atPriority(0).inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(json(401, "{\"error\": \"token expired\"}")));

        SyncRun run = sync().run(PLAN);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(2, scalingo.api.countRequestsMatching(
                postRequestedFor(urlEqualTo("/v1/apps/shop-prod/addons/" + ADDON_ID + "/token")).build()).getCount());
    }

    @Test
    void aFreshBackupEndingInErrorFailsTheRunUntouched() {
        String list = "/api/databases/" + ADDON_ID + "/backups";
        scalingo.dbApi.stubFor(scalingo.addonCall(post(urlEqualTo(list)))
                .willReturn(json(201, "{\"database_backup\": " + scalingo.backup("f1", Instant.now(), 0, "scheduled", "manual") + "}")));
        scalingo.backups(scalingo.backup("f1", Instant.now(), 0, "error", "manual"));

        SyncRun run = sync().with("sync.backup.fresh", "true").run();

        assertEquals(1, run.exitCode(), run::error);
        assertTrue(run.error().contains("ended with status error"), run.error());
        assertTrue(targetIsEmpty());
    }

    @Test
    void noCredentialEverReachesTheLogOrTheReport() throws Exception {
        scalingo.store.cutConnections(scalingo.archiveSize() / 2, 1);
        String target = ownTarget();
        Map<String, String> env = new HashMap<>();
        scalingo.settings().forEach((key, value) -> env.put(key.toUpperCase().replace('.', '_').replace('-', '_'), value));
        env.put("DATABASE_URL", pg.url(target));

        AppProcess.Result result = AppProcess.run(Path.of("").toAbsolutePath(), dir, env, "run");

        assertEquals(0, result.exit(), result.output());
        assertTrue(result.output().contains("resuming"), "the cut download was logged");
        String reports = Files.readString(dir.resolve("reports/report.json")) + Files.readString(dir.resolve("reports/report.txt"));
        for (String secret : List.of(ScalingoStub.API_TOKEN, scalingo.bearer(), scalingo.addonToken(), ScalingoStub.SIGNATURE)) {
            assertFalse(result.output().contains(secret), "a credential was logged");
            assertFalse(reports.contains(secret), "a credential reached the report");
        }
    }
}
