package io.stagingsync.http;

import io.stagingsync.failure.SyncFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.camel.Exchange;

/** An API answer's body as text, bounded: the answers are a few KiB, anything far larger is not one to trust. */
public final class AnswerBody {

    public static final int MAX_BYTES = 4 << 20;

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
}
