package io.stagingsync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;

/** An API answer's body, read bounded (a few KiB is normal, far more is not to be trusted), as text or as JSON. */
public final class AnswerBody {

    public static final int MAX_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED = 200;

    private AnswerBody() {
    }

    /**
     * @param call       who was asked what, for messages ("Scalingo's answer when asked to list the backups")
     * @param unreadable the failure for an answer cut while read: the caller's retryable kind
     */
    public static String read(Exchange exchange, String call, Function<String, RuntimeException> unreadable) {
        InputStream in = exchange.getMessage().getBody(InputStream.class);
        if (in == null) {
            return "";
        }
        try (in) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new SyncFailure(call + " is larger than " + (MAX_BYTES >> 20) + " MiB: unexpected API answer");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw unreadable.apply(call + " could not be read: " + e.getMessage());
        }
    }

    /** The body as a JSON object; null when it is anything else (not JSON, an array, a bare value). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> jsonObject(String body) {
        try {
            return JSON.readValue(body, Object.class) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** What an API stated, on one line and short enough to quote in a message. */
    public static String quoted(Object stated) {
        String text = stated.toString().replaceAll("\\p{Cntrl}", " ");
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
    }
}
