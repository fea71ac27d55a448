package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
import io.stagingsync.testing.SampleDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two `serve` processes on one schedule: clustered, each fire runs once; not clustered, twice (the control). */
class ClusteredScheduleTest {

    private static final Duration WATCH = Duration.ofSeconds(14);

    private final PostgresServer pg = PostgresServer.get();
    private final List<Process> instances = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private String target;
    private String scheduleDb;

    @TempDir
    Path dir;

    @BeforeEach
    void databases() {
        target = pg.createDatabase("cluster_target");
        scheduleDb = pg.createDatabase("cluster_quartz");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : instances) {
            p.destroyForcibly().waitFor();
        }
        pg.dropDatabase(target);
        pg.dropDatabase(scheduleDb);
    }

    @Test
    void twoClusteredInstancesFireEachScheduledSyncOnce() throws Exception {
        List<String> fires = watchTwoInstances(true);
        assertTrue(fires.size() >= 3, "the schedule fired: " + fires);
        assertEquals(fires.stream().distinct().count(), fires.size(), "a fire ran on both instances: " + fires);
        assertTrue(Rows.tableExists(scheduleDb, "qrtz_locks"), "the job store tables were created");
    }

    @Test
    void withoutTheClusterBothInstancesFireTheSameSchedule() throws Exception {
        List<String> fires = watchTwoInstances(false);
        assertTrue(fires.size() > fires.stream().distinct().count(), "the control must see double fires: " + fires);
    }

    /** Starts two instances, lets them fire for a while, and returns the second of every run either started. */
    private List<String> watchTwoInstances(boolean clustered) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        instances.add(start(a, clustered));
        instances.add(start(b, clustered));
        await().atMost(Duration.ofSeconds(90)).until(() -> runs(a).size() + runs(b).size() >= 1);
        Thread.sleep(WATCH.toMillis());
        // both instances are up and scheduling: unique fires from one lone survivor would prove nothing
        for (int port : ports) {
            await().atMost(Duration.ofSeconds(30)).until(() -> live(port));
        }
        assertTrue(instances.stream().allMatch(Process::isAlive));
        List<String> fires = new ArrayList<>();
        for (Path reports : List.of(a, b)) {
            // ids start yyyyMMdd-HHmmss: the second the fire was taken
            runs(reports).forEach(id -> fires.add(id.substring(0, 15)));
        }
        return fires;
    }

    private Process start(Path reports, boolean clustered) throws IOException {
        Files.createDirectories(reports);
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", pg.url(target));
        env.put("SYNC_SOURCE", "file:" + SampleDatabase.get().archive());
        // plans only: both instances may run at once in the control without fighting over the target
        env.put("DRY_RUN", "true");
        env.put("SYNC_CRON", "0/2 * * * * ?");
        env.put("SYNC_REPORT_DIR", reports.toString());
        env.put("SYNC_WORK_DIR", reports.resolve("work").toString());
        int port = OpsApiTest.freePort();
        ports.add(port);
        env.put("OPS_PORT", Integer.toString(port));
        env.put("SYNC_CLUSTER_ENABLED", Boolean.toString(clustered));
        env.put("SYNC_CLUSTER_DATABASE_URL", pg.url(scheduleDb));
        env.put("SYNC_CLUSTER_CHECKIN_INTERVAL_MS", "2000");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), App.class.getName(), "serve")
                .directory(new File(".").getAbsoluteFile())
                .redirectErrorStream(true)
                .redirectOutput(reports.resolve("serve.log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static boolean live(int port) {
        try {
            HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health/live")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> runs(Path reports) throws IOException {
        Path history = reports.resolve("history");
        if (!Files.isDirectory(history)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(history)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
    }
}
