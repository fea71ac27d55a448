package io.stagingsync.ops;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.camel.Exchange;

/**
 * Lets a request in when it carries {@code Authorization: Bearer $OPS_TOKEN}; with no token configured, only
 * requests from this machine (the server then listens on loopback, this is the second lock).
 */
public final class OpsAuth {

    static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";
    private static final String BEARER = "Bearer ";

    private final byte[] tokenDigest;

    public OpsAuth(String token) {
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    public void authenticate(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        // the token must not travel any further with the exchange (logs, a started sync)
        exchange.getMessage().removeHeader("Authorization");
        if (tokenDigest == null) {
            if (!fromLoopback(exchange.getMessage().getHeader(REMOTE_ADDRESS))) {
                throw new OpsError(401, "no OPS_TOKEN is configured, so the ops API answers this machine only; "
                        + "set OPS_TOKEN to reach it from elsewhere");
            }
            return;
        }
        if (header == null || !header.startsWith(BEARER)) {
            throw new OpsError(401, "missing bearer token: send the header 'Authorization: Bearer $OPS_TOKEN'");
        }
        // digests of equal length, compared in constant time: the answer time says nothing about the token
        if (!MessageDigest.isEqual(tokenDigest, sha256(header.substring(BEARER.length()).trim()))) {
            throw new OpsError(401, "the bearer token is not OPS_TOKEN");
        }
    }

    private static boolean fromLoopback(Object remote) {
        if (remote instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return socket.getAddress().isLoopbackAddress();
        }
        if (remote == null) {
            return false;
        }
        // Vert.x gives its own SocketAddress type: "host:port" or a bare host
        String text = remote.toString();
        String host = text.startsWith("[") ? text.substring(1, text.indexOf(']'))
                : text.chars().filter(c -> c == ':').count() == 1 ? text.substring(0, text.indexOf(':')) : text;
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
