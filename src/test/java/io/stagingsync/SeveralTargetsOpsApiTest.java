package io.stagingsync;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.SampleDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Several targets seen from outside: one sync in the ops API with a status per target, one Slack message for all. */
class SeveralTargetsOpsApiTest {

    private static final String HOOK = "/services/T000/B000/targetshook";

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private final PostgresServer pg = PostgresServer.get();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneSyncShowsAStatusPerTargetAndSlackSumsItUpInOneMessage() throws Exception {
        slack.stubFor(post(HOOK).willReturn(ok("ok")));
        String good = pg.createDatabase("targetsops_good");
        String production = pg.createDatabase("targetsops_prod");
        Main main = null;
        try {
            Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets:\n"
                    + "  - {name: staging, url_env: TARGETS_OPS_STAGING_URL, mode: in-place, app: shop-staging}\n"
                    + "  - {name: live, url: \"" + pg.url(production) + "\", mode: in-place, app: shop-production}\n");
            int port = OpsApiTest.freePort();
            Map<String, String> s = new HashMap<>();
            s.put("sync.targets", targets.toString());
            s.put("TARGETS_OPS_STAGING_URL", pg.url(good));
            s.put("sync.source", "file:" + SampleDatabase.get().archive());
            s.put("sync.report-dir", dir.resolve("reports").toString());
            s.put("sync.work-dir", dir.resolve("work").toString());
            s.put("sync.cron", "0 0 4 1 1 ? 2099");
            s.put("ops.port", Integer.toString(port));
            s.put("slack.webhook-url", slack.baseUrl() + HOOK);
            s.put("sync.language", "en");
            main = App.newMain(s, true);
            main.start();
            String base = "http://127.0.0.1:" + port;
            String id = json.readTree(send(base + "/api/syncs", "POST", "{}").body()).get("id").asText();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !status(base, id).get("status").asText().matches("running|starting"));

            JsonNode sync = status(base, id);
            assertEquals("failed", sync.get("status").asText(), sync.toString());
            assertEquals(2, sync.get("targets").size(), sync.toString());
            assertEquals("staging", sync.at("/targets/0/name").asText());
            assertEquals("success", sync.at("/targets/0/status").asText(), sync.toString());
            assertEquals("anonymized", sync.at("/targets/0/target_state").asText());
            assertEquals("refused", sync.at("/targets/1/status").asText(), sync.toString());
            assertEquals("untouched", sync.at("/targets/1/target_state").asText());
            JsonNode report = json.readTree(send(base + "/api/syncs/" + id + "/report", "GET", null).body());
            assertEquals("refused", report.at("/targets/1/status").asText(), report.toString());

            await().atMost(Duration.ofMinutes(1)).until(() -> outcomes().size() == 1);
            String outcome = outcomes().get(0);
            assertTrue(outcome.contains("Targets (1 of 2 synced)"), outcome);
            assertTrue(outcome.contains("✅ *staging*") && outcome.contains("❌ *live*: refused"), outcome);
            // the targets' own stages announce nothing
            assertTrue(slack.findAll(postRequestedFor(urlEqualTo(HOOK))).stream()
                    .noneMatch(r -> r.getBodyAsString().contains("Step 2/4")), "no target's restore is announced");
        } finally {
            if (main != null) {
                main.stop();
            }
            pg.dropDatabase(good);
            pg.dropDatabase(production);
        }
    }

    private List<String> outcomes() {
        return slack.findAll(postRequestedFor(urlEqualTo(HOOK))).stream().map(LoggedRequest::getBodyAsString)
                .map(b -> b.replace("\\n", "\n")).filter(b -> b.contains("Staging sync failed")).toList();
    }

    private JsonNode status(String base, String id) throws Exception {
        return json.readTree(send(base + "/api/syncs/" + id, "GET", null).body());
    }

    private HttpResponse<String> send(String url, String method, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
