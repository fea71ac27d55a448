package io.stagingsync.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.FreshTargetTest;
import io.stagingsync.testing.Sync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Slack messages as the incoming webhook receives them, in French and English; a Slack outage never fails a sync. */
class SlackNotifyTest extends FreshTargetTest {

    private static final String HOOK = "/services/T000/B000/hooksecret";

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();

    private Sync sync(String language) {
        return Sync.into(pg.url(target), sample.archive())
                .with("slack.webhook-url", slack.baseUrl() + HOOK)
                .with("sync.language", language)
                .with("app", "shop-staging")
                .with("slack.retry-delay-ms", "20")
                // the failure messages below describe in-place's fail-closed state
                .with("sync.target-mode", "in-place");
    }

    /**
     * The English success, through a slow Slack (a quarter of a second a message, the outcome's too): one run read by
     * the two tests below, what Slack received by the time the run returned kept for both.
     */
    private static SyncRun englishSuccess;
    private static List<JsonNode> postedWhenTheRunReturned;

    private void englishSuccessThroughASlowSlack() {
        if (englishSuccess == null) {
            slack.stubFor(post(HOOK).willReturn(ok("ok").withFixedDelay(250)));
            englishSuccess = sync("en").run();
            postedWhenTheRunReturned = requests();
        }
    }

    @Test
    void successIsAnnouncedInEnglishStageByStageWithTheFiguresAndTheStagingUrl() {
        englishSuccessThroughASlowSlack();
        SyncRun run = englishSuccess;
        assertEquals(SyncRun.Status.SUCCESS, run.status());

        List<String> texts = postedWhenTheRunReturned.stream().map(m -> m.toString().replace("\\n", "\n")).toList();
        assertEquals(5, texts.size(), texts::toString);
        assertTrue(texts.get(0).contains("Staging sync started") && texts.get(0).contains("Step 1/4"), texts.get(0));
        assertTrue(texts.get(0).contains("*Target:* shop-staging"), texts.get(0));
        assertTrue(texts.get(1).contains("Step 2/4"), texts.get(1));
        assertTrue(texts.get(2).contains("Step 3/4"), texts.get(2));
        assertTrue(texts.get(3).contains("Step 4/4"), texts.get(3));
        String done = texts.get(4);
        assertTrue(done.contains("Staging sync succeeded"), done);
        long masked = run.results().tables().values().stream().filter(t -> !t.maskedColumns().isEmpty()).mapToLong(t -> t.rows()).sum();
        assertTrue(masked > 0);
        assertTrue(done.contains("*Rows anonymized:* " + String.format(Locale.ENGLISH, "%,d", masked)), done);
        assertTrue(done.contains("*Leak check:* ✅ no original value found"), done);
        assertTrue(done.contains("*Backup of:* "), done);
        assertTrue(done.contains("https://shop-staging.osc-fr1.scalingo.io"), done);
        assertTrue(done.contains(run.getId()), done);
        JsonNode last = postedWhenTheRunReturned.get(4);
        assertEquals("header", last.get("blocks").get(0).get("type").asText(), "Block Kit layout");
        assertEquals("staging-sync", last.get("channel").asText());
    }

    @Test
    void successIsAnnouncedInFrenchWithoutTheGemsUnconditionalClaims() {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        assertEquals(SyncRun.Status.SUCCESS, sync("fr").run().status());
        List<String> texts = messages(5);
        assertTrue(texts.get(0).contains("Synchronisation staging démarrée"), texts.get(0));
        assertTrue(texts.get(2).contains("*Étape 3/4* : chargement et anonymisation"), texts.get(2));
        String done = texts.get(4);
        assertTrue(done.contains("✅ Synchronisation staging réussie"), done);
        assertTrue(done.contains("aucune valeur d'origine retrouvée"), done);
        assertTrue(done.matches("(?s).*\\*Lignes anonymisées :\\* [^(]+ \\(\\d+ tables : [^)]*utilisateurs.*"),
                "the rules file's French label names the users table: " + done);
        assertTrue(done.contains("URL de test : https://shop-staging.osc-fr1.scalingo.io"), done);
        assertFalse(done.contains("Seeds"), "no claim about steps this tool does not run");
    }

    @Test
    void failureIsAnnouncedInFrenchWithTheStageTheTargetStateAndHowToReadTheLogs() {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        SyncRun run = sync("fr").rules(rules(RULES_FAILING_IN_LOAD)).run();
        assertEquals(SyncRun.Status.FAILED, run.status());

        List<String> texts = messages(4);
        String failed = texts.get(texts.size() - 1);
        assertTrue(failed.contains("❌ Échec de la synchronisation staging"), failed);
        assertTrue(failed.contains("*Étape :* load-data"), failed);
        assertTrue(failed.contains("no_such_setting"), failed);
        assertTrue(failed.contains("*État de la cible :* vidée des tables de la sauvegarde : aucune donnée brute"), failed);
        assertTrue(failed.contains("scalingo --region osc-fr1 -a shop-staging logs --lines 500"), failed);
        assertFalse(failed.contains("continué"), "a fatal error never claims the sync went on");
        assertFalse(failed.contains("Étape 4/4") || texts.stream().anyMatch(t -> t.contains("Étape 4/4")),
                "no stage is announced after the failure");
    }

    @Test
    void failureIsAnnouncedInEnglish() {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        assertEquals(SyncRun.Status.FAILED, sync("en").rules(rules(RULES_FAILING_IN_LOAD)).run().status());
        List<String> texts = messages(4);
        String failed = texts.get(texts.size() - 1);
        assertTrue(failed.contains("❌ Staging sync failed"), failed);
        assertTrue(failed.contains("*Target state:* emptied of the backup's tables: no raw data"), failed);
    }

    @Test
    void cancellationIsAnnouncedAsCancelledWithWhoCancelledIt() {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        SyncRun run = sync("en").atRun("restore-post", "restore-post-data", true, r -> r.cancel("operator")).run();
        assertEquals(SyncRun.Status.CANCELLED, run.status(), run::error);
        List<String> texts = messages(5);
        String cancelled = texts.get(texts.size() - 1);
        assertTrue(cancelled.contains("🛑 Staging sync cancelled"), cancelled);
        assertTrue(cancelled.contains("*Cancelled by:* an operator (ops API)"), cancelled);
        assertTrue(cancelled.contains("*Stage:* restore-post"), cancelled);
        assertFalse(cancelled.contains("failed"), cancelled);
    }

    @Test
    void aRunEndsOnlyOnceItsOutcomeIsPostedSoThatTheProcessExitingNeverCutsIt() {
        // a slow Slack: without waiting for it, the command line would stop the context under the last message
        englishSuccessThroughASlowSlack();
        assertEquals(SyncRun.Status.SUCCESS, englishSuccess.status());
        List<JsonNode> sent = postedWhenTheRunReturned;
        assertEquals(5, sent.size(), "every message was posted when the run returned: " + sent);
        assertTrue(sent.get(4).toString().contains("Staging sync succeeded"), sent.get(4).toString());
    }

    @Test
    void slackDownNeverFailsTheSyncAndEachMessageIsRetriedABoundedNumberOfTimes() {
        slack.stubFor(post(HOOK).willReturn(aResponse().withStatus(500).withBody("internal_error")));
        SyncRun run = sync("en").with("slack.retries", "2").run();
        assertEquals(SyncRun.Status.SUCCESS, run.status());
        assertEquals(0, run.exitCode());
        // 5 messages, each tried once and redelivered twice, then dropped
        await().atMost(Duration.ofMinutes(5)).until(() -> slack.findAll(postRequestedFor(urlEqualTo(HOOK))).size() >= 15);
        assertEquals(15, slack.findAll(postRequestedFor(urlEqualTo(HOOK))).size());
    }

    @Test
    void aWebhookThatCutsTheConnectionNeverFailsTheSync() {
        slack.stubFor(post(HOOK).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        SyncRun run = sync("fr").with("slack.retries", "1").run();
        assertEquals(SyncRun.Status.SUCCESS, run.status());
    }

    @Test
    void checksAndPlansAreNotAnnounced() {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        assertEquals(SyncRun.Status.SUCCESS, sync("en").run(Command.PLAN).status());
        assertEquals(0, slack.findAll(postRequestedFor(urlEqualTo(HOOK))).size());
    }

    @Test
    void errorsLoseCredentialsAndLengthBeforeReachingSlack() {
        String redacted = SlackMessages.redact("cannot reach postgres://app:s3cret@db.internal:5432/x token=abc "
                + "x".repeat(2000));
        assertFalse(redacted.contains("s3cret") || redacted.contains("abc"), redacted);
        assertTrue(redacted.contains("postgres://app:***@db.internal"), redacted);
        assertTrue(redacted.length() < 700);
    }

    @Test
    void bothLanguagesHaveEveryText() {
        Set<String> fr = keys("fr");
        Set<String> en = keys("en");
        assertEquals(fr, en);
        assertTrue(fr.size() > 20);
    }

    private static Set<String> keys(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle("io.stagingsync.notify.slack", Locale.forLanguageTag(language),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        assertEquals(language, bundle.getLocale().getLanguage());
        return new TreeSet<>(Collections.list(bundle.getKeys()));
    }

    /** The text of the first {@code count} messages, once that many arrived; blocks flattened to one string each. */
    private List<String> messages(int count) {
        await().atMost(Duration.ofMinutes(5)).until(() -> slack.findAll(postRequestedFor(urlEqualTo(HOOK))).size() >= count);
        List<String> texts = new ArrayList<>();
        for (JsonNode message : requests()) {
            texts.add(message.toString().replace("\\n", "\n"));
        }
        return texts;
    }

    private List<JsonNode> requests() {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest request : slack.findAll(postRequestedFor(urlEqualTo(HOOK)))) {
            try {
                out.add(json.readTree(request.getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
