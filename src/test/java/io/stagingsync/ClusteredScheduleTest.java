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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two `serve` processes on one schedule: clustered, each fire runs once; not clustered, twice (the control). Both
 * pairs start together, each on databases and folders of its own: most of a test's time is its JVMs starting and
 * then waiting for fires, and the two pairs' waits overlap instead of following each other.
 */
class ClusteredScheduleTest {

    /** Generous: four JVMs start and fire on a machine that may be busy; the outcome never depends on it. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private static final PostgresServer pg = PostgresServer.get();
    private static Pair clustered;
    private static Pair control;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBothPairs() throws IOException {
        clustered = new Pair(dir.resolve("clustered"));
        control = new Pair(dir.resolve("control"));
        clustered.startInstances(true);
        control.startInstances(false);
    }

    @AfterAll
    static void stopBothPairs() throws InterruptedException {
        for (Pair pair : new Pair[] {clustered, control}) {
            if (pair != null) {
                pair.stop();
            }
        }
    }

    @Test
    void twoClusteredInstancesFireEachScheduledSyncOnce() throws Exception {
        Pair pair = clustered;
        // the fires that count are those both instances could have taken: the first up may fire alone meanwhile
        pair.bothInstancesAreUp();
        int before = pair.fires().size();
        await().atMost(PATIENCE).until(() -> pair.fires().size() >= before + 4);
        pair.bothInstancesStayedUp();
        List<String> fires = pair.fires();
        assertEquals(fires.stream().distinct().count(), fires.size(), "a fire ran on both instances: " + fires);
        assertTrue(Rows.tableExists(pair.scheduleDb, "qrtz_locks"), "the job store tables were created");
        // its CPU goes to the other pair's test, if that one is still waiting
        pair.stop();
    }

    @Test
    void withoutTheClusterBothInstancesFireTheSameSchedule() throws Exception {
        Pair pair = control;
        // each instance fires every due time on its own: sooner or later one is fired by both
        await().atMost(PATIENCE).until(() -> fires(pair.a).stream().anyMatch(fires(pair.b)::contains));
        pair.bothInstancesStayedUp();
        pair.stop();
    }

    /** Two instances on a schedule every second, with their own target and schedule databases, folders "a" and "b". */
    private static final class Pair {

        final Path a;
        final Path b;
        final String target;
        final String scheduleDb;
        final List<Process> instances = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        private boolean stopped;

        Pair(Path folder) {
            a = folder.resolve("a");
            b = folder.resolve("b");
            target = pg.createDatabase("cluster_target");
            scheduleDb = pg.createDatabase("cluster_quartz");
        }

        void startInstances(boolean isClustered) throws IOException {
            instances.add(start(a, isClustered));
            instances.add(start(b, isClustered));
        }

        /** Both instances' fires. */
        List<String> fires() throws IOException {
            List<String> all = new ArrayList<>(ClusteredScheduleTest.fires(a));
            all.addAll(ClusteredScheduleTest.fires(b));
            return all;
        }

        /** Unique fires from one lone survivor would prove nothing. */
        void bothInstancesStayedUp() {
            bothInstancesAreUp();
            assertTrue(instances.stream().allMatch(Process::isAlive));
        }

        void bothInstancesAreUp() {
            for (int port : ports) {
                await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> live(port));
            }
        }

        synchronized void stop() throws InterruptedException {
            if (stopped) {
                return;
            }
            stopped = true;
            for (Process p : instances) {
                p.destroyForcibly().waitFor();
            }
            pg.dropDatabase(target);
            pg.dropDatabase(scheduleDb);
        }

        private Process start(Path reports, boolean isClustered) throws IOException {
            Files.createDirectories(reports);
            Map<String, String> env = new HashMap<>();
            env.put("DATABASE_URL", pg.url(target));
            // what a fire runs is not what these tests prove, only how often it runs: a backup that passes the
            // start's check (gzip's magic number) but cannot be unpacked ends each run within a moment, so that a
            // run is never still going at the next second's fire (a slower run makes the instance lag behind the
            // schedule, and the control wait for its backlog); and plans only, so that both instances may run at
            // once in the control without fighting over the target
            Path backup = Files.write(reports.resolve("corrupt.tar.gz"),
                    new byte[] {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'});
            env.put("SYNC_SOURCE", "file:" + backup);
            env.put("DRY_RUN", "true");
            env.put("SYNC_CRON", "* * * * * ?");
            env.put("SYNC_REPORT_DIR", reports.toString());
            env.put("SYNC_WORK_DIR", reports.resolve("work").toString());
            int port = freePort();
            ports.add(port);
            env.put("OPS_PORT", Integer.toString(port));
            env.put("SYNC_CLUSTER_ENABLED", Boolean.toString(isClustered));
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
    }

    /** Four instances choose their ports before any listens: none may be given another's. */
    private static final java.util.Set<Integer> PORTS_GIVEN = new java.util.HashSet<>();

    private static synchronized int freePort() throws IOException {
        int port;
        do {
            port = OpsApiTest.freePort();
        } while (!PORTS_GIVEN.add(port));
        return port;
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
