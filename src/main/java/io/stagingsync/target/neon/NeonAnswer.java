package io.stagingsync.target.neon;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.http.AnswerBody;
import io.stagingsync.http.RetryAfter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Reads a Neon answer: the JSON object of a 2xx, or what the error means for the operator. 401/403 refuse the key,
 * 404 names what is missing, 423 and a 409 about running operations wait for them, 429 (honouring Retry-After) and
 * 5xx are retried; a 409 on a taken name fails clearly. Never quotes the key.
 */
public final class NeonAnswer {

    static final String PROPERTY = "neonRequest";

    private final Duration maxRetryAfter;

    public NeonAnswer(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public Map<String, Object> read(Exchange exchange) {
        NeonRequest request = exchange.getProperty(PROPERTY, NeonRequest.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = body(exchange, request);
        if (status == null) {
            throw new SyncFailure("Neon gave no HTTP status when asked to " + request.purpose());
        }
        if (status >= 200 && status < 300) {
            if (body.isBlank()) {
                return Map.of();
            }
            Map<String, Object> answer = AnswerBody.jsonObject(body);
            if (answer != null) {
                return answer;
            }
            throw new SyncFailure("Neon's answer when asked to " + request.purpose() + " is not a JSON object: "
                    + "unexpected API answer (is NEON_API_URL right?)");
        }
        String message = errorText(body);
        String said = " (" + status + (message.isEmpty() ? "" : ": " + message) + ")";
        switch (status) {
            case 401, 403 -> throw new RefusedException("Neon refused NEON_API_KEY when asked to " + request.purpose()
                    + said + ": check the key (revoked, mistyped, or without access to the project NEON_PROJECT_ID); "
                    + "create one in the Neon Console under API keys");
            case 404 -> throw request.whenMissing() != null ? new RefusedException(request.whenMissing() + said)
                    : new SyncFailure("Neon found nothing when asked to " + request.purpose() + said);
            case 423 -> {
                RetryAfter.apply(exchange, maxRetryAfter);
                throw new RetryableNeonCall("the Neon project is busy with other operations when asked to "
                        + request.purpose() + said);
            }
            case 409 -> {
                if (busy(message)) {
                    RetryAfter.apply(exchange, maxRetryAfter);
                    throw new RetryableNeonCall("the Neon project is busy with other operations when asked to "
                            + request.purpose() + said);
                }
                throw new SyncFailure("Neon refused to " + request.purpose() + said + ": the name is taken or the "
                        + "branch is in use; nothing was changed, run again (each run's branch is named for its second)");
            }
            case 429 -> {
                RetryAfter.apply(exchange, maxRetryAfter);
                throw new RetryableNeonCall("Neon rate-limited the call to " + request.purpose() + said);
            }
            default -> {
                if (status >= 500 && request.idempotent()) {
                    throw new RetryableNeonCall("Neon failed to " + request.purpose() + said);
                }
                if (status >= 500) {
                    throw new SyncFailure("Neon failed to " + request.purpose() + said + "; it may have done it anyway: "
                            + "see the project's branches in the Neon Console");
                }
                throw new SyncFailure("Neon answered " + status + " when asked to " + request.purpose()
                        + (message.isEmpty() ? "" : ": " + message));
            }
        }
    }

    /** Neon's words for a project whose other operations must end first ("project already has running operations"). */
    private static boolean busy(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("running operation") || m.contains("locked") || m.contains("operation in progress");
    }

    private static String body(Exchange exchange, NeonRequest request) {
        return AnswerBody.read(exchange, "Neon's answer when asked to " + request.purpose(), RetryableNeonCall::new);
    }

    /** The error Neon states ({"code": …, "message": "…"}), short and printable. */
    private static String errorText(String body) {
        Map<String, Object> error = AnswerBody.jsonObject(body);
        // not JSON, or no message: the status says it all
        return error == null || error.get("message") == null ? "" : AnswerBody.quoted(error.get("message"));
    }
}
