package io.stagingsync.source.scalingo;

import io.stagingsync.failure.RefusedException;
import io.stagingsync.failure.SyncFailure;
import io.stagingsync.http.AnswerBody;
import io.stagingsync.http.RetryAfter;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Reads a Scalingo answer: the JSON object of a 2xx, or what the error means for the operator. 429 and 5xx are
 * retryable (honouring Retry-After); 401/403/404 say which setting to fix. Never quotes a credential.
 */
public final class ScalingoAnswer {

    private final ScalingoTokens tokens;
    private final Duration maxRetryAfter;

    public ScalingoAnswer(ScalingoTokens tokens, Duration maxRetryAfter) {
        this.tokens = tokens;
        this.maxRetryAfter = maxRetryAfter;
    }

    public Map<String, Object> read(Exchange exchange) {
        ApiRequest request = exchange.getProperty(ScalingoCalls.PROPERTY, ApiRequest.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = body(exchange, request);
        if (status == null) {
            throw new SyncFailure("Scalingo gave no HTTP status when asked to " + request.purpose());
        }
        if (status >= 200 && status < 300) {
            Map<String, Object> answer = AnswerBody.jsonObject(body);
            if (answer != null) {
                return answer;
            }
            throw new SyncFailure("Scalingo's answer when asked to " + request.purpose()
                    + " is not a JSON object: unexpected API answer (is SCALINGO_API_URL / SCALINGO_DB_API_URL right?)");
        }
        String said = " (" + status + errorText(body) + ")";
        switch (status) {
            case 401 -> {
                if (request.auth() == ApiRequest.Auth.API_TOKEN) {
                    throw new RefusedException("Scalingo refused SCALINGO_API_TOKEN" + said + ": the token is wrong, "
                            + "revoked or expired; create one in the Scalingo dashboard (User settings > API tokens)");
                }
                tokens.forget(exchange);
                throw new RetryableApiException("Scalingo no longer accepted its token when asked to " + request.purpose() + said);
            }
            case 403 -> throw new RefusedException("Scalingo refused to " + request.purpose() + said
                    + ": the API token's user must be a collaborator of the source app");
            case 404 -> {
                if (request.whenMissing() != null) {
                    throw new RefusedException(request.whenMissing());
                }
                throw new SyncFailure("Scalingo found nothing when asked to " + request.purpose() + said);
            }
            case 429 -> {
                RetryAfter.apply(exchange, maxRetryAfter);
                throw new RetryableApiException("Scalingo rate-limited the call to " + request.purpose() + said);
            }
            default -> {
                if (status >= 500 && !request.idempotent()) {
                    throw new SyncFailure("Scalingo failed to " + request.purpose() + said + "; it may have done it "
                            + "anyway: see the database's backups in the Scalingo dashboard before running again");
                }
                if (status >= 500) {
                    throw new RetryableApiException("Scalingo failed to " + request.purpose() + said);
                }
                throw new SyncFailure("Scalingo answered " + status + " when asked to " + request.purpose() + errorText(body));
            }
        }
    }

    private static String body(Exchange exchange, ApiRequest request) {
        return AnswerBody.read(exchange, "Scalingo's answer when asked to " + request.purpose(),
                RetryableApiException::new);
    }

    /** The error Scalingo states ({"error": "…"} or {"errors": {…}}), short and printable. */
    private static String errorText(String body) {
        Map<String, Object> answer = AnswerBody.jsonObject(body);
        Object error = answer == null ? null : answer.containsKey("error") ? answer.get("error") : answer.get("errors");
        // not JSON, or no error stated: say nothing more than the status
        return error == null ? "" : ": " + AnswerBody.quoted(error);
    }
}
