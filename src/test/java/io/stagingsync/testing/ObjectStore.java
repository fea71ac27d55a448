package io.stagingsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage behind Scalingo's pre-signed download addresses, as object stores behave: a token in the query grants
 * access (403 otherwise, or once expired), Range requests answer 206, redirects can be asked for. Faults on demand:
 * connections cut after some bytes, tokens that expire after their first use.
 */
public final class ObjectStore implements AutoCloseable {

    /** What a request looked like, for assertions (no Authorization header must ever reach the store). */
    public record Seen(String path, String query, String range, String authorization) {
    }

    private final HttpServer server;
    private final Map<String, Path> objects = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> singleUseTokens = ConcurrentHashMap.newKeySet();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile long cutAfterBytes = -1;
    private volatile boolean honourRange = true;

    public ObjectStore() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Stores a file under {@code name}, reachable with {@code token}; returns its pre-signed address. */
    public String put(String name, Path file, String token) {
        objects.put(name, file);
        validTokens.add(token);
        return url(name, token);
    }

    public String url(String name, String token) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/archives/" + name + "?X-Amz-Signature=" + token;
    }

    /** An address that redirects (302) to the object's own address. */
    public String redirectUrl(String name, String token) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/redirect/" + name + "?X-Amz-Signature=" + token;
    }

    public void allow(String token) {
        validTokens.add(token);
    }

    /** The token works for one request only, then answers 403 as an expired signature does. */
    public void expireAfterFirstUse(String token) {
        singleUseTokens.add(token);
    }

    /** The next {@code times} responses send the full Content-Length but close the connection after {@code bytes}. */
    public void cutConnections(long bytes, int times) {
        cutAfterBytes = bytes;
        cutsLeft.set(times);
    }

    /** Serve the whole object even to Range requests (some servers do). */
    public void ignoreRange() {
        honourRange = false;
    }

    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String range = exchange.getRequestHeaders().getFirst("Range");
            seen.add(new Seen(path, query, range, exchange.getRequestHeaders().getFirst("Authorization")));
            String token = query != null && query.startsWith("X-Amz-Signature=") ? query.substring(16) : "";
            if (!validTokens.contains(token)) {
                send(exchange, 403, "<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>");
                return;
            }
            if (singleUseTokens.contains(token)) {
                validTokens.remove(token);
            }
            if (path.startsWith("/redirect/")) {
                exchange.getResponseHeaders().add("Location", url(path.substring("/redirect/".length()), token));
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            Path file = objects.get(path.substring("/archives/".length()));
            if (file == null) {
                send(exchange, 404, "<Error><Code>NoSuchKey</Code></Error>");
                return;
            }
            serve(exchange, file, range);
        }
    }

    private void serve(HttpExchange exchange, Path file, String range) throws IOException {
        long size = Files.size(file);
        long from = 0;
        if (range != null && honourRange && range.matches("bytes=\\d+-")) {
            from = Long.parseLong(range.substring(6, range.length() - 1));
            if (from >= size) {
                exchange.getResponseHeaders().add("Content-Range", "bytes */" + size);
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
            exchange.sendResponseHeaders(206, size - from);
        } else {
            exchange.sendResponseHeaders(200, size);
        }
        long limit = cutsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? cutAfterBytes : Long.MAX_VALUE;
        try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
            in.skipNBytes(from);
            byte[] buffer = new byte[8192];
            long sent = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                int allowed = (int) Math.min(n, limit - sent);
                out.write(buffer, 0, allowed);
                sent += allowed;
                if (sent >= limit) {
                    out.flush();
                    // drop the connection mid-body, as a network cut does
                    throw new IOException("cut");
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
