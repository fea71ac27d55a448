package io.stagingsync.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Neon API v2 that behaves like it on a local PostgreSQL server: each branch is a local database
 * (a new branch a copy of its parent's), its operations go from running to finished over a few polls, its connection
 * URI points at that database, DELETE drops it, and a branch restore swaps databases so that the restored branch's
 * URL reads the source's data while its previous state lives on under the preserved name. Faults on demand.
 */
public final class NeonStub implements AutoCloseable {

    public static final String PROJECT = "stub-project-424242";
    /** The password the connection URIs carry: never to be seen in a report, a log line or a Slack message. */
    public static final String URI_PASSWORD = "npg_StubBranchPassword9";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/api/v2/projects/([^/]+)(/.*)?");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final PostgresServer pg = PostgresServer.get();
    private final HttpServer server;
    private final String apiKey = "neon-stub-key-" + UUID.randomUUID();
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    private final Map<String, Integer> operations = new HashMap<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean stuck;

    /** A branch and the local database that holds its data. */
    public static final class Branch {
        final String id;
        final String name;
        final String parentId;
        final boolean isDefault;
        final Instant createdAt = Instant.now();
        String database;
        final List<String> operations = new ArrayList<>();

        Branch(String id, String name, String parentId, boolean isDefault, String database) {
            this.id = id;
            this.name = name;
            this.parentId = parentId;
            this.isDefault = isDefault;
            this.database = database;
        }

        public String id() {
            return id;
        }

        public String name() {
            return name;
        }

        /** The local database its connection URI points at. */
        public String database() {
            return database;
        }
    }

    /** A request received: "METHOD path", and when. */
    public record Request(String line, Instant at) {
    }

    private record Fault(String method, Pattern path, int status, String body, String retryAfter, int[] left,
                         boolean afterDoingIt) {
    }

    public NeonStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        String main = pg.createDatabase("neon_main");
        branches.put("br-main-1", new Branch("br-main-1", "main", null, true, main));
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2";
    }

    public String apiKey() {
        return apiKey;
    }

    /** The settings of a Neon target on this stand-in (plain TCP to the local server: NEON_ALLOW_INSECURE). */
    public Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("sync.target", "neon");
        s.put("database.url", "");
        s.put("neon.api-url", apiUrl());
        s.put("neon.api-key", apiKey);
        s.put("neon.project-id", PROJECT);
        s.put("neon.allow-insecure", "true");
        s.put("neon.poll-interval-ms", "20");
        s.put("neon.http.retry-delay-ms", "10");
        s.put("neon.http.max-retry-delay-ms", "2000");
        return s;
    }

    /** A branch made by hand (the staging branch, an old run's), a copy of {@code template}'s data. */
    public synchronized Branch addBranch(String name, String template) {
        String id = "br-" + name.replaceAll("[^a-z0-9]", "") + "-" + SEQUENCE.incrementAndGet();
        Branch b = new Branch(id, name, "br-main-1", false, pg.createDatabase("neon_br", template));
        branches.put(id, b);
        return b;
    }

    public synchronized Branch branch(String name) {
        return branches.values().stream().filter(b -> b.name.equals(name)).findFirst().orElse(null);
    }

    public synchronized List<String> branchNames() {
        return branches.values().stream().map(b -> b.name).toList();
    }

    /** The next {@code times} calls {@code method} on a path matching {@code path} get this answer instead. */
    public void fail(String method, String path, int status, String body, String retryAfter, int times) {
        faults.add(new Fault(method, Pattern.compile(path), status, body, retryAfter, new int[] {times}, false));
    }

    /** As {@link #fail}, once, after the call was carried out: the answer is lost, not the work. */
    public void failAfterDoingIt(String method, String path, int status, String body) {
        faults.add(new Fault(method, Pattern.compile(path), status, body, null, new int[] {1}, true));
    }

    /** Deletes a branch and its database, as the Console would. */
    public synchronized void delete(String name) {
        Branch b = branch(name);
        branches.remove(b.id);
        pg.dropDatabase(b.database);
    }

    /** New branches never leave init: their operations stay running. */
    public void stuckInInit(boolean value) {
        stuck = value;
    }

    /** "METHOD path" of every request received, in order. */
    public List<String> requests() {
        return requests.stream().map(Request::line).toList();
    }

    public List<Request> timedRequests() {
        return List.copyOf(requests);
    }

    public void clearFaults() {
        faults.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(new Request(method + " " + path, Instant.now()));
        try {
            if (!("Bearer " + apiKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, Map.of("code", "", "message", "authentication required"), null);
                return;
            }
            Fault after = null;
            for (Fault f : faults) {
                if (f.method.equals(method) && f.path.matcher(path).find()) {
                    synchronized (f) {
                        if (f.left[0] > 0) {
                            f.left[0]--;
                            if (f.afterDoingIt) {
                                after = f;
                                break;
                            }
                            send(exchange, f.status, f.body == null ? Map.of("message", "stub fault") : JSON.readValue(
                                    f.body, Map.class), f.retryAfter);
                            return;
                        }
                    }
                }
            }
            Matcher m = PATH.matcher(path);
            if (!m.matches() || !m.group(1).equals(PROJECT)) {
                send(exchange, 404, Map.of("code", "", "message", "project not found"), null);
                return;
            }
            String rest = m.group(2) == null ? "" : m.group(2);
            Map<String, Object> body = readBody(exchange);
            synchronized (this) {
                // a fault after the work: the call is carried out, its answer lost (sent nowhere)
                answer(after == null ? exchange : null, method, rest, body,
                        query(exchange.getRequestURI().getRawQuery()));
            }
            if (after != null) {
                send(exchange, after.status, after.body == null ? Map.of("message", "stub fault")
                        : JSON.readValue(after.body, Map.class), after.retryAfter);
            }
        } catch (RuntimeException e) {
            send(exchange, 500, Map.of("message", "stub: " + e.getMessage()), null);
        }
    }

    @SuppressWarnings("unchecked")
    private void answer(HttpExchange exchange, String method, String rest, Map<String, Object> body,
                        Map<String, String> query) throws IOException {
        if (method.equals("GET") && rest.equals("/branches")) {
            send(exchange, 200, Map.of("branches", branches.values().stream().map(this::branchJson).toList()), null);
        } else if (method.equals("POST") && rest.equals("/branches")) {
            Map<String, Object> asked = (Map<String, Object>) body.getOrDefault("branch", Map.of());
            String name = String.valueOf(asked.get("name"));
            if (branch(name) != null) {
                send(exchange, 409, Map.of("code", "", "message", "branch with name " + name + " already exists"), null);
                return;
            }
            Branch parent = asked.get("parent_id") == null ? branches.get("br-main-1")
                    : branches.get(String.valueOf(asked.get("parent_id")));
            if (parent == null) {
                send(exchange, 404, Map.of("message", "parent branch not found"), null);
                return;
            }
            String id = "br-run-" + SEQUENCE.incrementAndGet();
            Branch b = new Branch(id, name, parent.id, false, copy(parent.database));
            branches.put(id, b);
            List<Map<String, Object>> ops = List.of(operation(b, "create_branch"), operation(b, "start_compute"));
            String host = "ep-" + id + ".stub.neon.local";
            send(exchange, 201, Map.of("branch", branchJson(b),
                    "endpoints", List.of(Map.of("id", "ep-" + id, "host", host, "branch_id", id,
                            "type", "read_write", "current_state", "init")),
                    "operations", ops, "roles", List.of(), "databases", List.of(),
                    "connection_uris", List.of(Map.of("connection_uri", uri(b)))), null);
        } else if (method.equals("GET") && rest.startsWith("/branches/")) {
            Branch b = branches.get(rest.substring("/branches/".length()));
            if (b == null) {
                send(exchange, 404, Map.of("message", "branch not found"), null);
            } else {
                send(exchange, 200, Map.of("branch", branchJson(b)), null);
            }
        } else if (method.equals("DELETE") && rest.startsWith("/branches/")) {
            Branch b = branches.get(rest.substring("/branches/".length()));
            if (b == null) {
                send(exchange, 404, Map.of("message", "branch not found"), null);
            } else if (b.isDefault || branches.values().stream().anyMatch(c -> b.id.equals(c.parentId))) {
                send(exchange, 422, Map.of("message", "branch has children or is the default branch"), null);
            } else {
                branches.remove(b.id);
                pg.dropDatabase(b.database);
                send(exchange, 200, Map.of("branch", branchJson(b), "operations", List.of()), null);
            }
        } else if (method.equals("POST") && rest.matches("/branches/[^/]+/restore")) {
            Branch target = branches.get(rest.split("/")[2]);
            Branch source = branches.get(String.valueOf(body.get("source_branch_id")));
            if (target == null || source == null) {
                send(exchange, 404, Map.of("message", "branch not found"), null);
                return;
            }
            String preserved = String.valueOf(body.get("preserve_under_name"));
            if (branch(preserved) != null) {
                send(exchange, 409, Map.of("message", "branch with name " + preserved + " already exists"), null);
                return;
            }
            // the restored branch keeps its id and URL: its database name now holds the source's data
            String kept = "ss_test_neon_kept_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
            terminate(target.database);
            pg.execute("postgres", "ALTER DATABASE " + target.database + " RENAME TO " + kept);
            terminate(source.database);
            pg.execute("postgres", "CREATE DATABASE " + target.database + " TEMPLATE " + source.database);
            Branch old = new Branch("br-kept-" + SEQUENCE.incrementAndGet(), preserved, target.parentId, false, kept);
            branches.put(old.id, old);
            send(exchange, 200, Map.of("branch", branchJson(target),
                    "operations", List.of(operation(target, "restore"))), null);
        } else if (method.equals("GET") && rest.startsWith("/operations/")) {
            String id = rest.substring("/operations/".length());
            Integer left = operations.get(id);
            if (left == null) {
                send(exchange, 404, Map.of("message", "operation not found"), null);
                return;
            }
            if (!stuck && left > 0) {
                operations.put(id, left - 1);
            }
            send(exchange, 200, Map.of("operation", Map.of("id", id,
                    "status", operations.get(id) == 0 ? "finished" : "running")), null);
        } else if (method.equals("GET") && rest.equals("/connection_uri")) {
            Branch b = branches.get(query.get("branch_id"));
            if (b == null || !"neondb".equals(query.get("database_name"))
                    || !"neondb_owner".equals(query.get("role_name"))) {
                send(exchange, 404, Map.of("message", "database or role not found"), null);
                return;
            }
            send(exchange, 200, Map.of("uri", uri(b)), null);
        } else {
            send(exchange, 404, Map.of("message", "no such route in the stand-in: " + method + " " + rest), null);
        }
    }

    private Map<String, Object> operation(Branch b, String action) {
        String id = UUID.randomUUID().toString();
        operations.put(id, 2);
        b.operations.add(id);
        return Map.of("id", id, "branch_id", b.id, "action", action, "status", "running");
    }

    private Map<String, Object> branchJson(Branch b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id);
        m.put("project_id", PROJECT);
        m.put("name", b.name);
        if (b.parentId != null) {
            m.put("parent_id", b.parentId);
        }
        m.put("default", b.isDefault);
        m.put("primary", b.isDefault);
        boolean busy = b.operations.stream().anyMatch(o -> operations.getOrDefault(o, 0) > 0);
        m.put("current_state", busy ? "init" : "ready");
        m.put("created_at", b.createdAt.toString());
        return m;
    }

    /** Neon's shape (postgresql://role:password@host/db?sslmode=require), on the local server without TLS. */
    private String uri(Branch b) {
        return "postgresql://" + System.getenv().getOrDefault("PGUSER", "postgres") + ":" + URI_PASSWORD + "@"
                + System.getenv().getOrDefault("PGHOST", "127.0.0.1") + ":" + pg.port() + "/" + b.database
                + "?sslmode=disable";
    }

    private String copy(String template) {
        terminate(template);
        return pg.createDatabase("neon_br", template);
    }

    /** Neon branches from a parent whatever its sessions; a local template must have none. */
    private void terminate(String database) {
        pg.execute("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                + "' AND pid <> pg_backend_pid()");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? Map.of() : JSON.readValue(bytes, Map.class);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    /** @param exchange null: the answer is dropped (a fault after the work answers instead) */
    private static void send(HttpExchange exchange, int status, Object body, String retryAfter) throws IOException {
        if (exchange == null) {
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Stops the stand-in and drops every branch's database. */
    @Override
    public synchronized void close() {
        server.stop(0);
        for (Branch b : branches.values()) {
            pg.dropDatabase(b.database);
        }
        branches.clear();
    }
}
