package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/copies of `serve` over real HTTP: the target's copies after a run in copies mode, behind the token. */
class CopiesApiTest {

    private final PostgresServer pg = PostgresServer.get();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token = "ops-" + UUID.randomUUID();
    private String target;
    private String base;
    private Main main;

    @BeforeEach
    void serve() throws Exception {
        target = pg.createDatabase("copiesapi");
        pg.execute(target, "CREATE TABLE before_copies (id int)");
        Path reports = Files.createTempDirectory("staging-sync-copies");
        int port = OpsApiTest.freePort();
        base = "http://127.0.0.1:" + port;
        main = App.newMain(Map.of("database.url", pg.url(target), "sync.source", "file:" + SampleDatabase.get().dump(),
                "sync.report-dir", reports.toString(), "sync.work-dir", reports.resolve("work").toString(),
                "sync.cron", "0 0 4 1 1 ? 2099", "ops.port", Integer.toString(port), "ops.token", token,
                "sync.target-mode", "copies"), true);
        main.start();
    }

    @AfterEach
    void stop() {
        main.stop();
        pg.dropCopies(target);
        pg.dropDatabase(target);
    }

    @Test
    void theCopiesAreListedNewestFirstWithTheLiveOneMarkedAndOnlyWithTheToken() throws Exception {
        HttpResponse<String> started = send("POST", "/api/syncs", "Bearer " + token);
        assertEquals(202, started.statusCode(), started.body());
        String id = json.readTree(started.body()).get("id").asText();
        await().atMost(Duration.ofMinutes(3)).until(() -> !json.readTree(send("GET", "/api/syncs/" + id,
                "Bearer " + token).body()).get("status").asText().equals("running"));
        assertEquals("success", json.readTree(send("GET", "/api/syncs/" + id, "Bearer " + token).body())
                .get("status").asText());

        HttpResponse<String> refused = send("GET", "/api/copies", null);
        assertEquals(401, refused.statusCode(), refused.body());
        assertFalse(refused.body().contains(target), "nothing about the copies without the token");

        HttpResponse<String> answer = send("GET", "/api/copies", "Bearer " + token);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode copies = json.readTree(answer.body()).get("copies");
        assertEquals(2, copies.size(), answer.body());
        assertEquals(target, copies.get(0).get("name").asText());
        assertTrue(copies.get(0).get("live").asBoolean());
        assertTrue(copies.get(0).get("size_bytes").asLong() > 0, answer.body());
        String adopted = copies.get(1).get("name").asText();
        assertTrue(adopted.matches(target + "_\\d{8}T\\d{6}Z"), adopted);
        assertEquals("kept", copies.get(1).get("state").asText());
        assertFalse(copies.get(1).get("live").asBoolean());
        assertTrue(Rows.tableExists(adopted, "public.before_copies"), "the listed copy is the database replaced");
        assertTrue(copies.get(0).get("created_at").asText().compareTo(copies.get(1).get("created_at").asText()) > 0);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
