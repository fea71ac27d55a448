package io.stagingsync.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MongoDB wire-protocol server (mongo-java-server, in memory) on a free loopback port, in a JVM of its own
 * (its Netty differs from the application's), for one test; no MongoDB server package exists in Debian.
 */
public final class MongoSourceServer implements AutoCloseable {

    private static final Path CLASSPATH = Path.of("target", "mongo-server");

    private final Process process;
    private final int port;
    private final MongoClient client;

    public MongoSourceServer() {
        if (!Files.isDirectory(CLASSPATH)) {
            throw new IllegalStateException(CLASSPATH + " is missing: run the tests through ./mvnw (process-test-classes "
                    + "copies the server's jars there)");
        }
        try {
            String cp = CLASSPATH.toAbsolutePath() + "/*" + java.io.File.pathSeparator
                    + Path.of("target", "test-classes").toAbsolutePath();
            process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", cp, MongoServerMain.class.getName())).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int found = -1;
            while (found < 0 && (line = out.readLine()) != null) {
                if (line.startsWith("port ")) {
                    found = Integer.parseInt(line.substring(5).trim());
                }
            }
            if (found < 0) {
                throw new IllegalStateException("the test MongoDB server did not start");
            }
            port = found;
            // its later log lines are drained so that a full pipe never blocks it
            Thread drain = new Thread(() -> {
                try {
                    out.transferTo(java.io.Writer.nullWriter());
                } catch (IOException e) {
                    // the process ended
                }
            }, "mongo-server-output");
            drain.setDaemon(true);
            drain.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = MongoClients.create("mongodb://127.0.0.1:" + port);
    }

    /** {@code mongodb://127.0.0.1:<port>/<database>} */
    public String url(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** The source dying: its process killed, every connection cut. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        client.close();
        kill();
    }
}
