package io.stagingsync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.testing.ChildJvm;
import io.stagingsync.testing.PostgresServer;
import io.stagingsync.testing.Rows;
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

    /** Generous: two JVMs start and fire on a machine that may be busy; the outcome never depends on it. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);

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
        Path a = startTwoInstances(true);
        Path b = dir.resolve("b");
        // the fires that count are those both instances could have taken: the first up may fire alone meanwhile
        bothInstancesAreUp();
        int before = fires(a).size() + fires(b).size();
        await().atMost(PATIENCE).until(() -> fires(a).size() + fires(b).size() >= before + 4);
        bothInstancesStayedUp();
        List<String> fires = new ArrayList<>(fires(a));
        fires.addAll(fires(b));
        assertEquals(fires.stream().distinct().count(), fires.size(), "a fire ran on both instances: " + fires);
        assertTrue(Rows.tableExists(scheduleDb, "qrtz_locks"), "the job store tables were created");
    }

    @Test
    void withoutTheClusterBothInstancesFireTheSameSchedule() throws Exception {
        Path a = startTwoInstances(false);
        Path b = dir.resolve("b");
        // each instance fires every due time on its own: sooner or later one is fired by both
        await().atMost(PATIENCE).until(() -> fires(a).stream().anyMatch(fires(b)::contains));
        bothInstancesStayedUp();
    }

    /** Starts two instances on a schedule every second; returns the first one's folder, "a" ("b" beside it). */
    private Path startTwoInstances(boolean clustered) throws IOException {
        Path a = dir.resolve("a");
        instances.add(start(a, clustered));
        instances.add(start(dir.resolve("b"), clustered));
        return a;
    }

    /** Unique fires from one lone survivor would prove nothing. */
    private void bothInstancesStayedUp() {
        bothInstancesAreUp();
        assertTrue(instances.stream().allMatch(Process::isAlive));
    }

    private void bothInstancesAreUp() {
        for (int port : ports) {
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> live(port));
        }
    }

    /**
     * The due times an instance fired, from its log: the schedule's own time of each fire, the same on both
     * instances whatever the load delays, unlike the clock when the run starts.
     */
    private static List<String> fires(Path reports) throws IOException {
        Path log = reports.resolve("serve.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        String marker = "scheduled sync due at ";
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(marker)).map(l -> l.substring(l.indexOf(marker) + marker.length()))
                    .toList();
        }
    }

    private Process start(Path reports, boolean clustered) throws IOException {
        Files.createDirectories(reports);
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", pg.url(target));
        // what a fire runs is not what these tests prove, only how often it runs: a backup that passes the start's
        // check (gzip's magic number) but cannot be unpacked ends each run within a moment, so that a run is never
        // still going at the next second's fire (a slower run makes the instance lag behind the schedule, and the
        // control wait for its backlog); and plans only, so that both instances may run at once in the control
        // without fighting over the target
        Path backup = Files.write(reports.resolve("corrupt.tar.gz"),
                new byte[] {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'});
        env.put("SYNC_SOURCE", "file:" + backup);
        env.put("DRY_RUN", "true");
        env.put("SYNC_CRON", "* * * * * ?");
        env.put("SYNC_REPORT_DIR", reports.toString());
        env.put("SYNC_WORK_DIR", reports.resolve("work").toString());
        int port = OpsApiTest.freePort();
        ports.add(port);
        env.put("OPS_PORT", Integer.toString(port));
        env.put("SYNC_CLUSTER_ENABLED", Boolean.toString(clustered));
        env.put("SYNC_CLUSTER_DATABASE_URL", pg.url(scheduleDb));
        env.put("SYNC_CLUSTER_CHECKIN_INTERVAL_MS", "2000");
        List<String> command = ChildJvm.command(App.class.getName());
        command.add("serve");
        ProcessBuilder builder = new ProcessBuilder(command)
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
}
