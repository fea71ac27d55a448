package io.stagingsync.source.scalingo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.run.SyncRun;
import io.stagingsync.secrets.Redactor;
import io.stagingsync.settings.ScalingoSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;

/**
 * Puts the right credential on each Scalingo call, exchanging the API token for a bearer and asking for the addon
 * token when none is held or it is about to expire (through the same API route, so with the same retries).
 * Tokens live in memory only, between calls and runs, and are never printed.
 */
public final class ScalingoTokens {

    /** Scalingo documents one hour; used when a token's own expiry cannot be read. */
    private static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** Renewed this long before expiry, so that a token never expires in the middle of a call or its retries. */
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Token(String value, Instant expires) {
    }

    private final ScalingoRoutes routes;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private final ScalingoSettings settings;

    /** @param settings null unless the source is Scalingo */
    public ScalingoTokens(ScalingoRoutes routes, ScalingoSettings settings) {
        this(routes, settings, Clock.systemUTC());
    }

    ScalingoTokens(ScalingoRoutes routes, ScalingoSettings settings, Clock clock) {
        this.routes = routes;
        this.settings = settings;
        this.clock = clock;
    }

    /** Sets the Authorization header the call needs; called right before every HTTP request. */
    public void authorize(Exchange exchange) {
        ApiRequest request = exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class);
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        ScalingoSettings settings = this.settings;
        String header = switch (request.auth()) {
            case API_TOKEN -> "Basic " + Base64.getEncoder().encodeToString(
                    (":" + settings.apiToken().value()).getBytes(StandardCharsets.UTF_8));
            case BEARER -> "Bearer " + bearer(run);
            case ADDON -> "Bearer " + addonToken(run, request.addonId());
        };
        exchange.getMessage().setHeader("Authorization", header);
    }

    /** A call was answered 401: its token is dropped, so that the retry gets a new one. */
    public void forget(Exchange exchange) {
        ApiRequest request = exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class);
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        if (request.auth() == ApiRequest.Auth.BEARER) {
            tokens.remove(bearerKey(this.settings));
        } else if (request.auth() == ApiRequest.Auth.ADDON) {
            tokens.remove(addonKey(this.settings, request.addonId()));
        }
    }

    private String bearer(SyncRun run) {
        ScalingoSettings s = this.settings;
        String key = bearerKey(s);
        Token held = valid(key);
        if (held != null) {
            return held.value();
        }
        Object token = call(run, ScalingoCalls.exchangeToken(s)).get("token");
        if (!(token instanceof String value) || value.isBlank()) {
            throw new SyncFailure("Scalingo's token exchange answered without a token: unexpected API answer");
        }
        Redactor.register(value);
        tokens.put(key, new Token(value, expiry(value)));
        return value;
    }

    private String addonToken(SyncRun run, String addonId) {
        ScalingoSettings s = this.settings;
        String key = addonKey(s, addonId);
        Token held = valid(key);
        if (held != null) {
            return held.value();
        }
        Object addon = call(run, ScalingoCalls.addonToken(s, addonId)).get("addon");
        Object token = addon instanceof Map<?, ?> m ? m.get("token") : null;
        if (!(token instanceof String value) || value.isBlank()) {
            throw new SyncFailure("Scalingo gave no token for the PostgreSQL addon of " + s.sourceApp()
                    + ": unexpected API answer");
        }
        Redactor.register(value);
        tokens.put(key, new Token(value, expiry(value)));
        return value;
    }

    /**
     * A token call has had its own retries: its failure is final, so that the call it serves does not retry it
     * again (retries would multiply: 5 × 5 × 5 attempts for an addon token behind a bearer).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> call(SyncRun run, ApiRequest request) {
        try {
            return routes.call("direct:scalingo-api", run, request, Map.class);
        } catch (RetryableApiException e) {
            throw new SyncFailure(e.getMessage());
        } catch (SyncFailure e) {
            throw e.getCause() == null ? e : new SyncFailure(e.getMessage());
        }
    }

    private Token valid(String key) {
        Token token = tokens.get(key);
        return token != null && clock.instant().isBefore(token.expires().minus(MARGIN)) ? token : null;
    }

    /** The JWT's own {@code exp}, else the documented lifetime; its signature is Scalingo's business, not ours. */
    private Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length >= 2) {
            try {
                JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
                if (payload.has("exp") && payload.get("exp").canConvertToLong()) {
                    return Instant.ofEpochSecond(payload.get("exp").asLong());
                }
            } catch (IllegalArgumentException | java.io.IOException e) {
                // not a readable JWT: fall back to the documented lifetime
            }
        }
        return clock.instant().plus(DEFAULT_LIFETIME);
    }

    /** Tokens are kept per API token and host, so that a changed setting never reuses an old credential. */
    private static String bearerKey(ScalingoSettings s) {
        return "bearer|" + s.authUrl() + "|" + fingerprint(s.apiToken().value());
    }

    private static String addonKey(ScalingoSettings s, String addonId) {
        return "addon|" + s.apiUrl() + "|" + s.sourceApp() + "|" + addonId + "|" + fingerprint(s.apiToken().value());
    }

    private static String fingerprint(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
