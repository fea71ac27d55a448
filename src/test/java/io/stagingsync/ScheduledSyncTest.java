package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve}: the Quartz trigger on SYNC_CRON runs the same pipeline as the command line. */
class ScheduledSyncTest {

    @TempDir
    Path dir;

    @Test
    void cronTriggerRunsASync() throws Exception {
        PostgresServer pg = PostgresServer.get();
        String target = pg.createDatabase("scheduled");
        Main main = App.newMain(Map.of(
                "database.url", pg.url(target),
                "sync.source", "file:" + SampleDatabase.get().archive(),
                "sync.report-dir", dir.toString(),
                "sync.work-dir", dir.resolve("work").toString(),
                "sync.cron", "0/2 * * * * ?",
                "ops.port", Integer.toString(OpsApiTest.freePort())), true);
        try {
            main.start();
            Path report = dir.resolve("report.json");
            await().atMost(Duration.ofMinutes(5)).until(() -> Files.exists(report) && status(report).equals("success"));
            assertEquals(Rows.count(SampleDatabase.get().sourceDb(), "users"), Rows.count(target, "users"));
        } finally {
            main.stop();
            pg.dropDatabase(target);
        }
    }

    private static String status(Path report) {
        try {
            JsonNode json = new ObjectMapper().readTree(Files.readString(report));
            return json.get("status").asText();
        } catch (Exception e) {
            return "unreadable";
        }
    }
}
