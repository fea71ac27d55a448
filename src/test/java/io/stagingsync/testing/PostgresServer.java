package io.stagingsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL every database test uses: a Testcontainers server where Docker runs, else the server named
 * by PGHOST / PGPORT / PGUSER / PGPASSWORD (default 127.0.0.1:5432, user postgres). With neither, every test that
 * needs it fails with this class's message: database tests are never skipped.
 */
public final class PostgresServer {

    /** The password of the roles {@link #createAppRole} creates. */
    public static final String APP_PASSWORD = "app-secret";

    private static PostgresServer instance;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final Set<String> appRoles = ConcurrentHashMap.newKeySet();
    /**
     * Drops the databases the tests are done with ({@link #dropDatabaseLater}), in the order asked, while the next
     * test runs: the server checkpoints at each DROP DATABASE, seconds on a busy disk that no test needs to wait for.
     */
    private final ExecutorService dropper = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "drop-test-databases");
        t.setDaemon(true);
        return t;
    });

    private PostgresServer(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
            instance.dropLeftoversAtExit();
        }
        return instance;
    }

    private static PostgresServer start() {
        if (!"false".equals(System.getenv("STAGING_SYNC_TEST_DOCKER")) && dockerAvailable()) {
            PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(
                    System.getenv().getOrDefault("STAGING_SYNC_TEST_PG_IMAGE", "postgres:15-alpine"));
            pg.start();
            System.out.println("tests use a Testcontainers PostgreSQL (" + pg.getDockerImageName() + ")");
            return checked(new PostgresServer(pg.getHost(), pg.getFirstMappedPort(), pg.getUsername(), pg.getPassword()));
        }
        String host = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));
        String user = System.getenv().getOrDefault("PGUSER", "postgres");
        System.out.println("tests use the PostgreSQL server at " + host + ":" + port + " as " + user + " (no Docker engine)");
        return checked(new PostgresServer(host.startsWith("/") ? "127.0.0.1" : host, port, user, System.getenv("PGPASSWORD")));
    }

    private static boolean dockerAvailable() {
        if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static PostgresServer checked(PostgresServer server) {
        try (Connection c = server.connect("postgres")) {
            return server;
        } catch (SQLException e) {
            throw new IllegalStateException("No PostgreSQL for the tests at " + server.host + ":" + server.port
                    + " as " + server.user + " (" + e.getMessage() + "). Start one (.ci/run does), or point PGHOST, "
                    + "PGPORT, PGUSER, PGPASSWORD at one; the user needs CREATEDB and CREATEROLE.", e);
        }
    }

    public Connection connect(String database) throws SQLException {
        return connect(database, user, password);
    }

    public Connection connect(String database, String asUser, String asPassword) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", asUser);
        if (asPassword != null) {
            p.setProperty("password", asPassword);
        }
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, p);
    }

    /** Creates an empty database with a unique name; one the test does not drop is dropped when the JVM exits. */
    public String createDatabase(String prefix) {
        return createDatabase(prefix, "template1");
    }

    /**
     * As {@link #createDatabase(String)}, a copy of {@code template}: far cheaper than restoring or syncing what it
     * holds again. Nobody may be connected to the template meanwhile.
     */
    public String createDatabase(String prefix, String template) {
        return createDatabaseWith(prefix, "TEMPLATE " + template);
    }

    /** As {@link #createDatabase(String)}, with {@code CREATE DATABASE} options ({@code ENCODING …}, {@code TEMPLATE …}). */
    public String createDatabaseWith(String prefix, String options) {
        String name = "ss_test_" + prefix + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        execute("postgres", "DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name + " " + options);
        created.add(name);
        return name;
    }

    /**
     * The commits of the sessions that connect to {@code database} from now on do not wait for the disk
     * (synchronous_commit off, for this database only): a sync's target need not survive a crash of the server. Not
     * for a database the test dumps: its dump would carry the setting.
     */
    private void commitsWithoutWaitingForTheDisk(String database) {
        execute("postgres", "ALTER DATABASE " + database + " SET synchronous_commit = off");
    }

    /** An empty database for a sync's target, a copy of {@code template}, whose commits do not wait for the disk. */
    public String createTarget(String prefix, String template) {
        String target = createDatabase(prefix, template);
        commitsWithoutWaitingForTheDisk(target);
        return target;
    }

    /** The timestamped copies copies mode made of {@code database}: {@code <db>_<UTC time>}. */
    public List<String> copiesOf(String database) {
        return Rows.strings("postgres", "SELECT datname FROM pg_database").stream()
                .filter(name -> name.matches(java.util.regex.Pattern.quote(database) + "_\\d{8}T\\d{6}Z")).toList();
    }

    /** Drops the timestamped copies of {@code database} (their names have capitals: quoted). */
    public void dropCopies(String database) {
        for (String copy : copiesOf(database)) {
            execute("postgres", "DROP DATABASE IF EXISTS \"" + copy + "\" WITH (FORCE)");
        }
    }


    /** Drops a database, then the app role made for it ({@link #createAppRole}), if any. */
    public void dropDatabase(String name) {
        created.remove(name);
        execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        if (appRoles.remove(appRole(name))) {
            execute("postgres", "DROP ROLE IF EXISTS " + appRole(name));
        }
    }

    /**
     * As {@link #dropDatabase}, in the background while the next test runs, after the drops asked before: for a
     * database {@link #createDatabase} named (unique, never reused) that the caller is done with, together with its
     * app role. Any other name is dropped at once.
     */
    public void dropDatabaseLater(String name) {
        if (!created.remove(name)) {
            dropDatabase(name);
            return;
        }
        dropper.execute(() -> {
            try {
                dropDatabase(name);
            } catch (RuntimeException e) {
                System.err.println("test database " + name + " not dropped: " + e.getMessage());
            }
        });
    }

    /**
     * Creates the login role {@code <database>_app} (password {@value #APP_PASSWORD}) without CREATEDB or CREATEROLE,
     * as a managed host gives an application; with {@code privileges}, all privileges on the database and on its
     * public schema, neither of which it owns. It goes with its database ({@link #dropDatabase}).
     */
    public String createAppRole(String database, boolean privileges) {
        String role = appRole(database);
        execute("postgres", "CREATE ROLE " + role + " LOGIN PASSWORD '" + APP_PASSWORD + "' NOCREATEDB NOCREATEROLE");
        appRoles.add(role);
        if (privileges) {
            execute("postgres", "GRANT ALL PRIVILEGES ON DATABASE " + database + " TO " + role);
            execute(database, "GRANT ALL ON SCHEMA public TO " + role);
        }
        return role;
    }

    /** The URL of {@code database} as its app role ({@link #createAppRole}). */
    public String appUrl(String database) {
        return url(database, appRole(database), APP_PASSWORD);
    }

    private static String appRole(String database) {
        return database + "_app";
    }

    /**
     * The shared databases (the sample source) live as long as the JVM: they go with it, as do forgotten ones,
     * once the background drops are done.
     */
    private void dropLeftoversAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dropper.shutdown();
            try {
                if (!dropper.awaitTermination(5, TimeUnit.MINUTES)) {
                    System.err.println("test databases still being dropped after 5 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (String name : List.copyOf(created)) {
                try {
                    dropDatabase(name);
                } catch (RuntimeException e) {
                    System.err.println("test database " + name + " not dropped: " + e.getMessage());
                }
            }
            for (String role : List.copyOf(appRoles)) {
                try {
                    execute("postgres", "DROP ROLE IF EXISTS " + role);
                } catch (RuntimeException e) {
                    System.err.println("test role " + role + " not dropped: " + e.getMessage());
                }
            }
        }, "drop-test-databases-at-exit"));
    }

    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return url(database, user, password);
    }

    public String url(String database, String asUser, String asPassword) {
        return "postgres://" + asUser + (asPassword == null ? "" : ":" + asPassword) + "@" + host + ":" + port + "/" + database;
    }

    /** The same URL with the server under its other loopback name: localhost for 127.0.0.1, and the reverse. */
    public static String otherSpelling(String url) {
        String other = url.contains("@127.0.0.1:") ? url.replace("@127.0.0.1:", "@localhost:")
                : url.replace("@localhost:", "@127.0.0.1:");
        if (other.equals(url)) {
            throw new IllegalStateException("the test server is reached neither as 127.0.0.1 nor as localhost: " + url);
        }
        return other;
    }

    /** Runs psql -f on a file with ON_ERROR_STOP, e.g. to load a sample database. */
    public void psql(String database, Path file, String... variables) {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", file.toString()));
        for (String v : variables) {
            cmd.add("-v");
            cmd.add(v);
        }
        run(cmd);
    }

    /** pg_dump -Fc of a database into {@code out}, with the real client; {@code options} added (-Z0). */
    public void pgDump(String database, Path out, String... options) {
        List<String> cmd = new ArrayList<>(List.of("pg_dump", "-Fc", "-f", out.toString(), "-d", database));
        cmd.addAll(List.of(options));
        run(cmd);
    }

    public Map<String, String> libpqEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGUSER", user);
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    private void run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(libpqEnv());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(cmd.get(0) + " could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
