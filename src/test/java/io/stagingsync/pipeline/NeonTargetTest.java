package io.stagingsync.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.AppProcess;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.NeonStub;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.SampleDatabase;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.Sync;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SYNC_TARGET=neon against a stand-in of the Neon API whose branches are real local databases: each run restores
 * into a branch of its own, promotes it to the staging branch (whose URL then reads the masked rows), keeps the last
 * run branches, deletes (or keeps, asked) its own on failure, and meets each fault of the API as documented.
 */
class NeonTargetTest extends FreshTargetTest {

    private static final String HOOK = "/services/T000/B000/neonhook";
    private static final String RUN_BRANCH = "staging-sync-\\d{8}T\\d{6}Z";

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();
    /** One stand-in for the class: each test leaves its branches as it found them, but the one run that succeeds. */
    private static NeonStub neon;
    private static NeonStub.Branch staging;
    private Set<String> branchesBefore;
    private int requestsBefore;

    @BeforeAll
    static void standIn() {
        neon = new NeonStub();
        staging = neon.addBranch("staging", SampleDatabase.get().syncedTemplate());
        // what the staging app saw before any run: told apart from any masked row of a run
        PostgresServer.get().execute(staging.database(), "UPDATE users SET email = 'before-the-run-' || id || '@old.test'");
    }

    @AfterAll
    static void closeStandIn() {
        neon.close();
    }

    @BeforeEach
    void noteBranches() {
        neon.clearFaults();
        neon.stuckInInit(false);
        branchesBefore = Set.copyOf(neon.branchNames());
        requestsBefore = neon.requests().size();
    }

    /** The requests this test's runs made. */
    private List<NeonStub.Request> requests() {
        List<NeonStub.Request> all = neon.timedRequests();
        return all.subList(requestsBefore, all.size());
    }

    private long count(String method, String pathEnd) {
        return requests().stream().filter(q -> q.line().startsWith(method + " ") && q.line().endsWith(pathEnd)).count();
    }

    private Sync neonSync() {
        return Sync.into("", sample.dump()).with(neon.settings()).with("neon.staging-branch", "staging")
                .with("neon.parent-branch", "staging");
    }

    /** The branches this test's runs left. */
    private List<String> runBranches() {
        return neon.branchNames().stream().filter(n -> !branchesBefore.contains(n)).toList();
    }

    @Test
    void aRunPromotesItsMaskedBranchToStagingThroughTransientFaultsAndShowsNoSecret() throws Exception {
        NeonStub.Branch oldest = neon.addBranch("staging-sync-20200101T000000Z", "template1");
        neon.addBranch("staging-sync-20200102T000000Z", "template1");
        neon.addBranch("feature-x", "template1");
        String stagingDatabase = staging.database();
        // transient faults Neon documents: a busy project, a rate limit with Retry-After, a server error
        neon.fail("POST", "/branches$", 423, "{\"message\":\"project already has running operations\"}", null, 1);
        neon.fail("GET", "/connection_uri$", 429, "{\"message\":\"rate limit exceeded\"}", "1", 1);
        neon.fail("GET", "/operations/", 500, "{\"message\":\"internal error\"}", null, 1);
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        Map<String, String> env = new HashMap<>();
        neon.settings().forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        env.put("NEON_STAGING_BRANCH", "staging");
        env.put("NEON_PARENT_BRANCH", "staging");
        env.put("NEON_BRANCHES_KEEP", "3");
        env.put("SYNC_SOURCE", "file:" + sample.dump());
        env.put("SLACK_WEBHOOK_URL", slack.baseUrl() + HOOK);
        env.put("SLACK_RETRY_DELAY_MS", "20");

        AppProcess.Result r = AppProcess.run(Path.of("").toAbsolutePath(), dir, env, "run");

        assertEquals(0, r.exit(), r.output());
        // the staging branch's URL (the same local database) now reads the run's masked rows
        assertEquals(stagingDatabase, neon.branch("staging").database());
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(stagingDatabase, "users"));
        Set<String> emails = Rows.values(stagingDatabase, "users", "email");
        assertTrue(emails.stream().noneMatch(e -> e.startsWith("before-the-run-")), "the staging branch holds the run's copy");
        Set<String> raw = Rows.values(sample.sourceDb(), "users", "email");
        assertTrue(emails.stream().noneMatch(raw::contains), "only masked emails reach the staging branch");

        JsonNode report = json.readTree(Files.readString(dir.resolve("reports/report.json")));
        JsonNode branch = report.at("/target/neon");
        String own = branch.get("branch").asText();
        assertTrue(own.matches(RUN_BRANCH), branch.toString());
        assertEquals("staging", branch.get("staging_branch").asText());
        String preserved = own + "-replaced";
        assertEquals(preserved, branch.get("previous_staging_kept_as").asText());
        assertEquals("true", Rows.single(neon.branch(preserved).database(), "SELECT bool_and(email LIKE "
                + "'before-the-run-%')::text FROM users"), "the staging branch's previous state is kept under its name");
        assertEquals("success", report.get("status").asText());

        // NEON_BRANCHES_KEEP=3: the run's branch, the kept previous state and the newest older run branch
        assertEquals(List.of("staging-sync-20200101T000000Z"), json.convertValue(branch.get("deleted_branches"),
                List.class));
        assertNull(neon.branch(oldest.name()));
        assertTrue(Rows.strings("postgres", "SELECT datname FROM pg_database").stream()
                .noneMatch(oldest.database()::equals), "its database went with it");
        assertEquals(Set.of("feature-x", own, preserved, "staging-sync-20200102T000000Z"), Set.copyOf(runBranches()));
        assertTrue(neon.branchNames().containsAll(List.of("main", "staging")), "never the default nor the staging branch");

        // each transient fault was retried: two creations asked, Retry-After's second waited
        assertEquals(2, count("POST", "/branches"));
        List<NeonStub.Request> uris = requests().stream().filter(q -> q.line().endsWith("/connection_uri")).toList();
        assertEquals(2, uris.size());
        assertTrue(uris.get(1).at().toEpochMilli() - uris.get(0).at().toEpochMilli() >= 900,
                "Retry-After: 1 was honoured");

        List<LoggedRequest> messages = slack.findAll(postRequestedFor(urlEqualTo(HOOK)));
        String slackText = messages.stream().map(LoggedRequest::getBodyAsString).collect(Collectors.joining("\n"));
        assertTrue(slackText.contains(own), slackText);
        String everything = r.output() + Files.readString(dir.resolve("reports/report.json"))
                + Files.readString(dir.resolve("reports/report.txt")) + slackText;
        for (String secret : new String[] {neon.apiKey(), NeonStub.URI_PASSWORD, NeonStub.PROJECT}) {
            assertFalse(everything.contains(secret), secret + " leaked:\n" + everything);
        }
    }

    @Test
    void aFailedRunDeletesItsOwnBranchAndLeavesTheStagingBranchUntouched() {
        String before = Rows.checksum(staging.database(), "users");
        List<String> branches = neon.branchNames();

        SyncRun run = neonSync().rules(rules(RULES_FAILING_IN_LOAD)).run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertEquals("load-data", run.failedStage(), run::error);
        assertEquals(branches, neon.branchNames(), "its branch was deleted, no other");
        assertEquals(List.of(), runBranches());
        assertEquals(before, Rows.checksum(staging.database(), "users"));
        assertEquals(SyncRun.TargetState.UNTOUCHED, run.targetState());
    }

    @Test
    void aFailedRunKeepsItsBranchForInspectionWhenAsked() throws Exception {
        String before = Rows.checksum(staging.database(), "users");
        Sync sync = neonSync().rules(rules(RULES_FAILING_IN_LOAD)).with("neon.keep-on-failure", "true");

        SyncRun run = sync.run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertEquals(1, runBranches().size(), neon.branchNames()::toString);
        assertEquals(before, Rows.checksum(staging.database(), "users"));
        JsonNode report = json.readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertTrue(report.at("/target/neon/kept_for_inspection").asBoolean(), report.at("/target").toString());
        assertEquals(runBranches().get(0), report.at("/target/neon/branch").asText());
        neon.delete(runBranches().get(0));
    }

    @Test
    void aKeyNeonRefusesIsRefusedWithExitTwoAndNeverShown() throws Exception {
        Map<String, String> env = new HashMap<>();
        neon.settings().forEach((k, v) -> env.put(k.toUpperCase().replace('.', '_').replace('-', '_'), v));
        env.put("NEON_API_KEY", "neon-key-that-neon-refuses-123");
        env.put("SYNC_SOURCE", "file:" + sample.dump());

        AppProcess.Result r = AppProcess.run(Path.of("").toAbsolutePath(), dir, env, "run");

        assertEquals(2, r.exit(), r.output());
        assertTrue(r.output().contains("Neon refused NEON_API_KEY"), r.output());
        assertTrue(r.output().contains("check the key"), r.output());
        assertFalse(r.output().contains("neon-key-that-neon-refuses-123"), r.output());
        assertEquals(List.of(), runBranches());
    }

    @Test
    void anUnknownProjectOrStagingBranchIsRefusedNamingWhichSetting() {
        SyncRun project = neonSync().with("neon.project-id", "no-such-project-1").run();
        assertEquals(SyncRun.Status.REFUSED, project.status(), project::error);
        assertTrue(project.error().contains("NEON_PROJECT_ID was not found"), project.error());

        SyncRun branch = neonSync().with("neon.staging-branch", "stagingg").run();
        assertEquals(SyncRun.Status.REFUSED, branch.status(), branch::error);
        assertTrue(branch.error().contains("NEON_STAGING_BRANCH=stagingg: the Neon project has no such branch"),
                branch.error());
        assertEquals(List.of(), runBranches());
    }

    @Test
    void aTakenNameFailsAtOnceWithoutARetry() {
        neon.fail("POST", "/branches$", 409, "{\"message\":\"branch with that name already exists\"}", null, 1);

        SyncRun run = neonSync().run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("the name is taken"), run.error());
        assertEquals(1, count("POST", "/branches"), "a taken name is not asked again");
        assertEquals(List.of(), runBranches());
    }

    @Test
    void aServerErrorOnACreationIsNotRetriedAndTheBranchItMayHaveMadeIsDeleted() {
        neon.failAfterDoingIt("POST", "/branches$", 500, "{\"message\":\"internal error\"}");

        SyncRun run = neonSync().run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("Neon failed to create branch") && run.error().contains("may have done it "
                + "anyway"), run.error());
        assertEquals(1, count("POST", "/branches"), "a creation Neon may have carried out is not asked again");
        assertEquals(1, count("DELETE", ""), "the branch Neon made was found by its name and deleted");
        assertEquals(List.of(), runBranches());
    }

    @Test
    void serverErrorsBeyondTheRetriesFailClearly() {
        neon.fail("GET", "/branches$", 500, "{\"message\":\"internal error\"}", null, 100);

        SyncRun run = neonSync().with("neon.http.retries", "2").run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("Neon failed to list the project's branches (500: internal error)"),
                run.error());
        assertEquals(3, count("GET", "/branches"), "the first call and its two retries");
    }

    @Test
    void aBranchStuckInInitFailsTheRunAndIsDeleted() {
        neon.stuckInInit(true);

        SyncRun run = neonSync().with("neon.ready-timeout-seconds", "1").run();

        assertEquals(SyncRun.Status.FAILED, run.status());
        assertTrue(run.error().contains("NEON_READY_TIMEOUT_SECONDS"), run.error());
        assertTrue(run.error().contains("its operation is still running"), run.error());
        assertEquals(List.of(), runBranches(), "the stuck branch was deleted");
    }

    @Test
    void aConnectionUriWithoutTlsIsRefusedAndItsBranchDeleted() {
        SyncRun run = neonSync().with("neon.allow-insecure", "false").run();

        assertEquals(SyncRun.Status.REFUSED, run.status(), run::error);
        assertTrue(run.error().contains("turns TLS off"), run.error());
        assertEquals(List.of(), runBranches());
    }

    @Test
    void checkAsksTheApiAboutTheProjectAndCreatesNoBranch() {
        SyncRun run = neonSync().run(Command.CHECK);

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertTrue(run.results().checks().stream().anyMatch(c -> c.ok() && c.detail().contains(
                "Neon project reachable") && c.detail().contains("staging branch staging")),
                run.results().checks()::toString);
        assertEquals(List.of(), runBranches());
        assertEquals(0, count("POST", "/branches"));
    }

    @Test
    void withoutAStagingBranchTheVerifiedBranchIsLeftForTheOperatorToPointTheAppAt() throws Exception {
        String before = Rows.checksum(staging.database(), "users");
        Sync sync = neonSync().with("neon.staging-branch", "").with("neon.branches-keep", "100");

        SyncRun run = sync.run();

        assertEquals(SyncRun.Status.SUCCESS, run.status(), run::error);
        assertEquals(before, Rows.checksum(staging.database(), "users"), "no branch was replaced");
        assertEquals(1, runBranches().size(), neon.branchNames()::toString);
        String own = runBranches().get(0);
        assertEquals(Rows.count(sample.sourceDb(), "users"), Rows.count(neon.branch(own).database(), "users"));
        assertTrue(run.results().notes().stream().anyMatch(n -> n.contains(own) && n.contains("point the app at "
                + "this branch yourself")), run.results().notes()::toString);
        JsonNode report = json.readTree(Files.readString(sync.reportDir().resolve("report.json")));
        assertEquals(own, report.at("/target/neon/branch").asText());
        assertTrue(report.at("/target/neon/staging_branch").isNull(), report.at("/target").toString());
        neon.delete(own);
    }
}
