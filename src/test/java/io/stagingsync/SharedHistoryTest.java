package io.stagingsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.run.Command;
import io.stagingsync.run.SyncRun;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.ServeSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clustered replicas keep one run history in a PostgreSQL table and answer alike; a single instance keeps files. */
class SharedHistoryTest {

    private static final String TABLE = "staging_sync_history";

    private final PostgresServer pg = PostgresServer.get();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private String target;
    private String clusterDb;

    @TempDir
    Path dir;

    @BeforeEach
    void databases() {
        target = pg.createDatabase("history_target");
        clusterDb = pg.createDatabase("history_cluster");
    }

    @AfterEach
    void drop() {
        pg.dropDatabase(target);
        pg.dropDatabase(clusterDb);
    }

    @Test
    void aSyncEndedOnOneReplicaIsListedAndReadOnTheOther() throws Exception {
        int port = OpsApiTest.freePort();
        Main replica = App.newMain(settings(dir.resolve("b"), true, port), true);
        replica.start();
        try {
            assertTrue(Rows.tableExists(clusterDb, TABLE), "the replica created the table at start");
            // another Camel context on the same table: the sync runs there, not on the replica that answers
            SyncRun run = App.runOnce(Command.PLAN, settings(dir.resolve("a"), true, 0));
            assertEquals(0, run.exitCode(), "the plan ran");

            JsonNode syncs = get(port, "/api/syncs").get("syncs");
            assertEquals(run.getId(), syncs.get(0).get("id").asText(), syncs.toString());
            assertEquals("plan", syncs.get(0).get("command").asText());
            JsonNode one = get(port, "/api/syncs/" + run.getId());
            assertEquals("success", one.get("status").asText());
            assertEquals(run.finishedAt().toString(), one.get("finished_at").asText());
            assertTrue(get(port, "/api/syncs/" + run.getId() + "/report").has("stages"), "its report is kept too");
            assertFalse(Files.exists(dir.resolve("a").resolve("history")), "not in the files of the instance that ran it");
        } finally {
            replica.stop();
        }
    }

    @Test
    void aStartingReplicaSeedsTheLastSuccessFromTheTableAndOnlyTheNewestAreKept() throws Exception {
        App.runOnce(Command.PLAN, settings(dir.resolve("a"), true, 0));
        Instant finished = Instant.parse("2026-01-02T04:05:06Z");
        pg.execute(clusterDb, "INSERT INTO " + TABLE + " (id, summary) VALUES ('20260102-040000-0000abcd', "
                + "'{\"id\": \"20260102-040000-0000abcd\", \"command\": \"run\", \"status\": \"success\", "
                + "\"finished_at\": \"" + finished + "\"}')");
        int port = OpsApiTest.freePort();
        Main replica = App.newMain(settings(dir.resolve("b"), true, port), true);
        replica.start();
        try {
            String metrics = text(port, "/observe/metrics");
            assertTrue(metrics.contains("\nstaging_sync_last_success_timestamp_seconds " + (double) finished.getEpochSecond()),
                    metrics);
        } finally {
            replica.stop();
        }
        Map<String, String> keepTwo = settings(dir.resolve("a"), true, 0);
        keepTwo.put("ops.history-keep", "2");
        SyncRun newest = App.runOnce(Command.PLAN, keepTwo);
        List<String> kept = new ArrayList<>(Rows.strings(clusterDb, "SELECT id FROM " + TABLE));
        assertEquals(2, kept.size(), kept.toString());
        assertTrue(kept.contains(newest.getId()), kept.toString());
        assertFalse(kept.contains("20260102-040000-0000abcd"), "the oldest is pruned: " + kept);
    }

    @Test
    void aSyncWhoseHistoryRowCannotBeWrittenStillSucceeds() {
        Map<String, String> unreachable = settings(dir.resolve("a"), true, 0);
        unreachable.put("sync.cluster.database-url", pg.url(clusterDb + "_dropped"));
        SyncRun run = App.runOnce(Command.PLAN, unreachable);
        assertEquals(0, run.exitCode(), "losing the history entry does not fail the sync it describes");
        assertFalse(Rows.tableExists(clusterDb, TABLE));
    }

    @Test
    void aSingleInstanceKeepsItsHistoryInFilesAndCreatesNoTable() {
        Path reports = dir.resolve("single");
        SyncRun run = App.runOnce(Command.PLAN, settings(reports, false, 0));
        assertEquals(0, run.exitCode());
        assertTrue(Files.isRegularFile(reports.resolve("history").resolve(run.getId() + ".json")));
        assertFalse(Rows.tableExists(clusterDb, TABLE));
    }

    private Map<String, String> settings(Path reports, boolean clustered, int port) {
        Map<String, String> s = ServeSettings.of(pg.url(target), reports);
        s.put("sync.cluster.enabled", Boolean.toString(clustered));
        s.put("sync.cluster.database-url", pg.url(clusterDb));
        if (port > 0) {
            s.put("ops.port", Integer.toString(port));
        }
        return s;
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        return json.readTree(text(port, path));
    }

    private String text(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return answer.body();
    }
}
