package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import io.stagingsync.testing.ServeSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The ops API of `serve` over real HTTP: auth, JSON errors, a real sync started, followed, listed and cancelled. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsApiTest {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    private final PostgresServer pg = PostgresServer.get();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String token = "ops-" + UUID.randomUUID();
    private String target;
    private Path reportDir;
    private String base;
    private Main main;

    @BeforeAll
    void serve() throws Exception {
        target = pg.createDatabase("opsapi");
        reportDir = Files.createTempDirectory("staging-sync-ops");
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        main = App.newMain(settings(port, reportDir, token), true);
        main.start();
    }

    @AfterAll
    void stop() throws Exception {
        main.stop();
        pg.dropDatabase(target);
    }

    private Map<String, String> settings(int port, Path reports, String opsToken) {
        // runs are started through the API
        Map<String, String> s = ServeSettings.of(pg.url(target), reports);
        s.put("ops.port", Integer.toString(port));
        s.put("ops.token", opsToken);
        // the tests hold the sync in in-place's cleaning of the target, and expect its fail-closed state
        s.put("sync.target-mode", "in-place");
        return s;
    }

    @Test
    void requestsWithoutTheRightTokenAreRefusedWithAJson401() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/api/syncs")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, json.readTree(none.body()).get("status").asInt());
        assertTrue(json.readTree(none.body()).get("error").asText().contains("Authorization: Bearer"));

        HttpResponse<String> wrong = send("GET", "/api/syncs", null, "Bearer " + token + "x");
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains(token), "the answer never echoes the token");

        HttpResponse<String> post = send("POST", "/api/syncs", null, "Bearer nope");
        assertEquals(401, post.statusCode());
        assertTrue(history().isEmpty() || history().stream().noneMatch(s -> s.get("status").asText().equals("running")),
                "a refused POST starts nothing");
    }

    @Test
    void badRequestsGetJsonErrorsAndStartNothing() throws Exception {
        HttpResponse<String> malformed = send("POST", "/api/syncs", "{not json", bearer());
        assertEquals(400, malformed.statusCode());
        assertTrue(json.readTree(malformed.body()).get("error").asText().contains("not JSON"));
        HttpResponse<String> unknownField = send("POST", "/api/syncs", "{\"target\": \"prod\"}", bearer());
        assertEquals(400, unknownField.statusCode());
        assertTrue(json.readTree(unknownField.body()).get("error").asText().contains("unknown field 'target'"));
        HttpResponse<String> huge = send("POST", "/api/syncs", "{\"dry_run\": \"" + "x".repeat(10_000) + "\"}", bearer());
        assertEquals(400, huge.statusCode());

        HttpResponse<String> badId = send("GET", "/api/syncs/..%2F..%2Fetc", null, bearer());
        assertEquals(400, badId.statusCode());
        assertEquals("application/json", badId.headers().firstValue("Content-Type").orElse(""));
        HttpResponse<String> unknown = send("GET", "/api/syncs/20200101-000000-0000abcd", null, bearer());
        assertEquals(404, unknown.statusCode());
        assertEquals(404, send("GET", "/api/syncs/20200101-000000-0000abcd/report", null, bearer()).statusCode());
        assertEquals(404, send("DELETE", "/api/syncs/20200101-000000-0000abcd", null, bearer()).statusCode());
        assertEquals(404, send("GET", "/api/syncs/20200101-000000-0000abcd/events", null, bearer()).statusCode());
        assertTrue(send("GET", "/api/syncs", null, bearer()).statusCode() == 200);
    }

    @Test
    void theReadmesCurlExampleWithItsFormContentTypeStartsADryRun() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(err, logged), true, StandardCharsets.UTF_8));
        try {
            // what `curl -X POST -d '{"dry_run": true}'` sends: the JSON under a form content type
            HttpResponse<String> started = sendForm("{\"dry_run\": true}");
            assertEquals(202, started.statusCode(), started.body());
            JsonNode answer = json.readTree(started.body());
            assertEquals("plan", answer.get("command").asText());
            String id = answer.get("id").asText();
            await().atMost(RUN_TIMEOUT).until(() -> !status(base, id).equals("running"));
            assertEquals("success", status(base, id));

            HttpResponse<String> malformed = sendForm("{\"dry_run\": tru-marker-1");
            assertEquals(400, malformed.statusCode(), malformed.body());
            assertTrue(json.readTree(malformed.body()).get("error").asText().contains("not JSON"));
            HttpResponse<String> unknownField = sendForm("{\"drop_target-marker-2\": true}");
            assertEquals(400, unknownField.statusCode(), unknownField.body());
            assertTrue(json.readTree(unknownField.body()).get("error").asText().contains("unknown field"));
            HttpResponse<String> form = sendForm("dry_run=true&marker-3=x");
            assertEquals(400, form.statusCode(), form.body());
            assertTrue(json.readTree(form.body()).get("error").asText().contains("Content-Type: application/json"));
        } finally {
            System.setErr(err);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("[ERROR]"), "a bad request is the client's error, not the server's: " + log);
        assertFalse(log.contains("marker-"), "request bodies never reach the log: " + log);
    }

    private HttpResponse<String> sendForm(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/syncs")).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Writes what the server logs both to the console and to the test's copy. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }

    @Test
    void postedSyncIsFollowedLiveThenListedWithItsReportAndASecondPostIsRefusedMeanwhile() throws Exception {
        String id;
        CompletableFuture<List<String>> events;
        try (Connection held = holdNextSyncInRestoreSchema()) {
            HttpResponse<String> started = send("POST", "/api/syncs", "{}", bearer());
            assertEquals(202, started.statusCode(), started.body());
            id = json.readTree(started.body()).get("id").asText();
            events = follow(id);
            await().atMost(RUN_TIMEOUT).until(() -> stage(id).equals("restore-schema"));

            HttpResponse<String> second = send("POST", "/api/syncs", null, bearer());
            assertEquals(409, second.statusCode(), "one sync at a time");
            assertTrue(json.readTree(second.body()).get("error").asText().contains(id));
        }

        List<String> lines = events.get(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        List<JsonNode> progress = data(lines, "progress");
        assertTrue(progress.stream().anyMatch(p -> p.get("stage").asText().equals("load-data")), lines.toString());
        assertTrue(progress.stream().anyMatch(p -> p.get("progress").get("rows_loaded").asLong() > 0), "rows counted live");
        // the load is followed table by table, against the archive's totals, with the run's percent and time left
        assertTrue(progress.stream().anyMatch(p -> p.get("progress").get("tables_in_flight").size() > 0), lines.toString());
        assertTrue(progress.stream().filter(p -> p.get("stage").asText().equals("load-data")).anyMatch(p ->
                p.get("progress").get("percent").asInt() >= 0 && p.get("progress").get("eta_seconds").asLong() >= 0
                        && p.get("progress").get("data_bytes_done").asLong() > 0), lines.toString());
        JsonNode lastLoad = progress.stream().filter(p -> p.get("stage").asText().equals("load-data"))
                .reduce((x, y) -> y).orElseThrow().get("progress");
        assertTrue(lastLoad.get("data_bytes_total").asLong() > 0 && lastLoad.get("rows_total").asLong() > 0, lastLoad.toString());
        assertTrue(lines.stream().anyMatch(l -> l.matches("id: \\d+")), "progress events carry an id");
        assertTrue(lines.contains("id: end"), lines.toString());
        List<JsonNode> end = data(lines, "end");
        assertEquals(1, end.size());
        assertEquals("success", end.get(0).get("status").asText());

        JsonNode status = json.readTree(send("GET", "/api/syncs/" + id, null, bearer()).body());
        assertEquals("success", status.get("status").asText());
        assertEquals("anonymized", status.get("target_state").asText());
        JsonNode report = json.readTree(send("GET", "/api/syncs/" + id + "/report", null, bearer()).body());
        assertEquals(id, report.get("id").asText());
        assertTrue(report.get("verification").get("passed").asBoolean());
        assertEquals(Rows.count(SampleDatabase.get().sourceDb(), "users"), Rows.count(target, "users"));
        assertTrue(history().stream().anyMatch(s -> s.get("id").asText().equals(id)));

        // an ended run: its events are its outcome at once; it cannot be cancelled any more
        List<String> replay = follow(id).get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("success", data(replay, "end").get(0).get("status").asText());
        // a client that saw the end and reconnects (Last-Event-ID) is told there is nothing more: 204 stops it
        HttpResponse<String> seen = http.send(HttpRequest.newBuilder(URI.create(base + "/api/syncs/" + id + "/events"))
                .header("Authorization", bearer()).header("Last-Event-ID", "end").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, seen.statusCode(), seen.body());
        assertEquals(409, send("DELETE", "/api/syncs/" + id, null, bearer()).statusCode());
    }

    @Test
    void withoutATokenTheApiListensOnLoopbackOnly() throws Exception {
        String outside = nonLoopbackAddress();
        int port = freePort();
        Main open = App.newMain(settings(port, Files.createTempDirectory("staging-sync-ops-open"), ""), true);
        open.start();
        try {
            assertEquals(200, request("http://127.0.0.1:" + port + "/api/syncs", "GET", null, null).statusCode());
            assertThrows(java.net.ConnectException.class,
                    () -> request("http://" + outside + ":" + port + "/api/syncs", "GET", null, null));
        } finally {
            open.stop();
        }
    }

    private static String nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        throw new AssertionError("this test needs a non-loopback IPv4 address to prove the API is not listening there");
    }

    @Test
    void healthAndMetricsNeedNoTokenAndCountTheSyncs() throws Exception {
        HttpResponse<String> started = send("POST", "/api/syncs", null, bearer());
        assertEquals(202, started.statusCode(), started.body());
        String id = json.readTree(started.body()).get("id").asText();
        await().atMost(RUN_TIMEOUT).until(() -> status(base, id).equals("success"));

        HttpResponse<String> health = request(base + "/observe/health", "GET", null, null);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("target-database") && health.body().contains("last-sync"), health.body());
        assertEquals(200, request(base + "/observe/health/live", "GET", null, null).statusCode());
        assertEquals(200, request(base + "/observe/health/ready", "GET", null, null).statusCode());

        String metrics = request(base + "/observe/metrics", "GET", null, null).body();
        assertTrue(metrics.matches("(?s).*staging_sync_runs_total\\{[^}]*outcome=\"success\"[^}]*} [1-9].*"), metrics);
        for (String name : List.of("staging_sync_stage_duration_seconds_count{", "staging_sync_downloaded_bytes_total",
                "staging_sync_rows_restored_total", "staging_sync_rows_masked_total",
                "staging_sync_leak_check_survivors", "staging_sync_last_success_timestamp_seconds")) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        assertTrue(metrics.contains("stage=\"load-data\""));
        assertTrue(metrics.matches("(?s).*\nstaging_sync_rows_masked_total(\\{[^}]*})? [1-9].*"), "masked rows counted");
    }

    @Test
    void anUnreachableTargetMakesTheContainerUnreadyButAlive() throws Exception {
        int port = freePort();
        Map<String, String> unreachable = settings(port, Files.createTempDirectory("staging-sync-ops-down"), token);
        unreachable.put("database.url", pg.url("ss_test_no_such_database_" + ProcessHandle.current().pid()));
        Main down = App.newMain(unreachable, true);
        down.start();
        try {
            String server = "http://127.0.0.1:" + port;
            assertEquals(200, request(server + "/observe/health/live", "GET", null, null).statusCode());
            HttpResponse<String> ready = request(server + "/observe/health/ready", "GET", null, null);
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("target-database"), ready.body());
        } finally {
            down.stop();
        }
    }

    @Test
    void aScheduledFireWhileASyncRunsIsSkippedNotQueued() throws Exception {
        int port = freePort();
        String server = "http://127.0.0.1:" + port;
        Path reports = Files.createTempDirectory("staging-sync-ops-cron");
        Map<String, String> everySecond = settings(port, reports, token);
        everySecond.put("sync.cron", "* * * * * ?");
        Main scheduled = App.newMain(everySecond, true);
        scheduled.start();
        try {
            try (Connection held = holdNextSyncInRestoreSchema()) {
                // the first fire takes the gate and waits in restore-schema
                await().atMost(RUN_TIMEOUT).until(() -> json.readTree(sendTo(server, "GET", "/api/syncs", null).body())
                        .get("syncs").size() == 1);
                String first = json.readTree(sendTo(server, "GET", "/api/syncs", null).body()).get("syncs").get(0)
                        .get("id").asText();
                assertEquals(409, sendTo(server, "POST", "/api/syncs", null).statusCode());
                Thread.sleep(3000);
                JsonNode syncs = json.readTree(sendTo(server, "GET", "/api/syncs", null).body()).get("syncs");
                assertEquals(1, syncs.size(), "fires during the run started nothing: " + syncs);
                assertEquals(first, syncs.get(0).get("id").asText());
            }
        } finally {
            scheduled.stop();
        }
    }

    @Test
    void historyAndTheLastSuccessOutliveARestart() throws Exception {
        Path reports = Files.createTempDirectory("staging-sync-ops-restart");
        int port = freePort();
        String id;
        Main first = App.newMain(settings(port, reports, token), true);
        first.start();
        try {
            id = json.readTree(sendTo("http://127.0.0.1:" + port, "POST", "/api/syncs", "{}").body())
                    .get("id").asText();
            await().atMost(RUN_TIMEOUT).until(() -> status("http://127.0.0.1:" + port, id).equals("success"));
        } finally {
            first.stop();
        }
        Main second = App.newMain(settings(port, reports, token), true);
        second.start();
        try {
            HttpResponse<String> listed = sendTo("http://127.0.0.1:" + port, "GET", "/api/syncs", null);
            JsonNode syncs = json.readTree(listed.body()).get("syncs");
            assertEquals(id, syncs.get(0).get("id").asText());
            assertEquals("run", syncs.get(0).get("command").asText());
            assertEquals("success", status("http://127.0.0.1:" + port, id));
            // an alert on the last success's age works from the first scrape after a restart
            String metrics = request("http://127.0.0.1:" + port + "/observe/metrics", "GET", null, null).body();
            assertTrue(metrics.matches("(?s).*\nstaging_sync_last_success_timestamp_seconds(\\{[^}]*})? [1-9].*"),
                    metrics);
        } finally {
            second.stop();
        }
    }

    @Test
    void deleteCancelsTheRunningSyncAndTheTargetIsLeftWithoutData() throws Exception {
        String id;
        try (Connection held = holdNextSyncInRestoreSchema()) {
            HttpResponse<String> started = send("POST", "/api/syncs", null, bearer());
            assertEquals(202, started.statusCode(), started.body());
            id = json.readTree(started.body()).get("id").asText();
            await().atMost(RUN_TIMEOUT).until(() -> stage(id).equals("restore-schema"));

            HttpResponse<String> cancelled = send("DELETE", "/api/syncs/" + id, null, bearer());
            assertEquals(202, cancelled.statusCode(), cancelled.body());
            assertEquals("cancelling", json.readTree(cancelled.body()).get("status").asText());
            assertEquals("cancelling", status(base, id), "the live run says it is being cancelled");
        }
        await().atMost(RUN_TIMEOUT).until(() -> status(base, id).equals("cancelled"));
        JsonNode summary = json.readTree(send("GET", "/api/syncs/" + id, null, bearer()).body());
        assertEquals("operator", summary.get("cancelled_by").asText());
        assertEquals("cancelled by an operator during stage restore-schema", summary.get("error").asText());
        assertEquals("restore-schema", summary.get("stage").asText());
        assertEquals("emptied", summary.get("target_state").asText());
        assertTrue(request(base + "/observe/metrics", "GET", null, null).body()
                .matches("(?s).*staging_sync_runs_total\\{[^}]*outcome=\"cancelled\"[^}]*} 1\\.0.*"), "counted as cancelled");
        JsonNode report = json.readTree(send("GET", "/api/syncs/" + id + "/report", null, bearer()).body());
        List<String> stages = new ArrayList<>();
        report.get("stages").forEach(st -> stages.add(st.get("name").asText()));
        assertFalse(stages.contains("load-data"), "no stage runs after the cancel: " + stages);
        assertFalse(Rows.tableExists(target, "users"), "fail-closed: the archive's tables are dropped");
        assertEquals(202, send("POST", "/api/syncs", "{\"dry_run\": true}", bearer()).statusCode(),
                "the gate is free again");
        await().atMost(RUN_TIMEOUT).until(() -> history().stream().noneMatch(x -> x.get("status").asText().equals("running")));
    }

    @Test
    void deleteOnceThePublishHasBegunAnswers409AndTheSyncSucceeds() throws Exception {
        Path reports = Files.createTempDirectory("staging-sync-ops-publish");
        int port = freePort();
        String server = "http://127.0.0.1:" + port;
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        Main paused = App.newMain(settings(port, reports, token), true);
        paused.start();
        try {
            // held after the publish began, before the in-place target is marked published
            AdviceWith.adviceWith(paused.getCamelContext(), "publish", route -> route.weaveById("mark-published")
                    .before().process(exchange -> {
                        publishing.countDown();
                        resume.await(5, TimeUnit.MINUTES);
                    }));
            String id = json.readTree(sendTo(server, "POST", "/api/syncs", "{}").body()).get("id").asText();
            assertTrue(publishing.await(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the sync reached its publish");

            HttpResponse<String> refused = sendTo(server, "DELETE", "/api/syncs/" + id, null);
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(json.readTree(refused.body()).get("error").asText().startsWith("too late to cancel: publishing"),
                    refused.body());
            resume.countDown();
            await().atMost(RUN_TIMEOUT).until(() -> !status(server, id).equals("running"));
            assertEquals("success", status(server, id));
        } finally {
            resume.countDown();
            paused.stop();
        }
    }

    /** A table of the archive locked by another session: the next sync waits in restore-schema until closed. */
    private Connection holdNextSyncInRestoreSchema() throws Exception {
        pg.execute(target, "DROP TABLE IF EXISTS users CASCADE", "CREATE TABLE users (id int)");
        Connection lock = pg.connect(target);
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
            s.execute("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
        }
        return lock;
    }

    private List<JsonNode> history() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json.readTree(send("GET", "/api/syncs", null, bearer()).body()).get("syncs").forEach(out::add);
        return out;
    }

    private String stage(String id) throws Exception {
        JsonNode node = json.readTree(send("GET", "/api/syncs/" + id, null, bearer()).body());
        return node.get("stage").isNull() ? "" : node.get("stage").asText();
    }

    private String status(String server, String id) throws Exception {
        return json.readTree(sendTo(server, "GET", "/api/syncs/" + id, null).body()).get("status").asText();
    }

    /** Reads the event stream of a run on another thread, up to its end event. */
    private CompletableFuture<List<String>> follow(String id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/syncs/" + id + "/events"))
                .header("Authorization", bearer()).build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        return CompletableFuture.supplyAsync(() -> {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            }
            return lines;
        });
    }

    private List<JsonNode> data(List<String> lines, String event) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).equals("event: " + event) && lines.get(i + 1).startsWith("data: ")) {
                out.add(json.readTree(lines.get(i + 1).substring("data: ".length())));
            }
        }
        assertNotNull(out);
        return out;
    }

    private String bearer() {
        return "Bearer " + token;
    }

    private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        return request(base + path, method, body, authorization);
    }

    private HttpResponse<String> sendTo(String server, String method, String path, String body) throws Exception {
        return request(server + path, method, body, bearer());
    }

    private HttpResponse<String> request(String url, String method, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
