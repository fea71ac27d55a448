package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} stopped (SIGTERM ends it the same way) while a scheduled sync runs: that sync is rolled back. */
class ServeStopTest {

    @TempDir
    Path dir;

    @Test
    void stoppingServeMidSyncRollsTheSyncBack() throws Exception {
        PostgresServer pg = PostgresServer.get();
        String target = pg.createDatabase("servestop");
        String rules = Files.readString(Path.of("anonymization.yaml"));
        String email = "email: \"'user' || id || '@example.test'\"";
        Path slow = Files.writeString(dir.resolve("slow.yaml"), rules.replace(email,
                "email: \"'user' || id || '@example.test' || (select '' from pg_sleep(0.02 + id * 0))\""));
        Main main = App.newMain(Map.of(
                "database.url", pg.url(target),
                "sync.source", "file:" + SampleDatabase.get().archive(),
                "sync.anonymization-file", slow.toString(),
                "sync.target-mode", "swap",
                "sync.report-dir", dir.toString(),
                "sync.work-dir", dir.resolve("work").toString(),
                "sync.cron", "0/2 * * * * ?",
                "ops.port", Integer.toString(OpsApiTest.freePort())), true);
        try {
            CompletableFuture<Void> serving = CompletableFuture.runAsync(() -> {
                try {
                    main.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> !Rows.strings("postgres", "SELECT pid::text FROM "
                    + "pg_stat_activity WHERE datname = '" + target + "_next' AND query LIKE '%pg_sleep%' AND state = 'active'")
                    .isEmpty());
            main.completed();
            serving.get(30, TimeUnit.SECONDS);

            String report = Files.readString(dir.resolve("report.json"));
            assertTrue(report.contains("\"status\" : \"cancelled\"") && report.contains("\"cancelled_by\" : \"shutdown\"")
                    && report.contains("\"error\" : \"cancelled by the process being stopped during stage load-data\""), report);
            assertFalse(report.contains("operator"), report);
            assertFalse(Rows.strings("postgres", "SELECT datname FROM pg_database").contains(target + "_next"),
                    "the copy was dropped");
            assertFalse(Rows.tableExists(target, "public.users"), "the target was never written");
            try (var files = Files.list(dir.resolve("work"))) {
                assertEquals(0, files.count(), "work files removed");
            }
        } finally {
            pg.dropDatabase(target + "_next");
            pg.dropDatabase(target);
        }
    }
}
