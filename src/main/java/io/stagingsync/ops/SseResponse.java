package io.stagingsync.ops;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * Writes an event stream straight to the HTTP response as events come, then ends it. Camel's own reply would only
 * flush a streamed body by 16 KB blocks; a response already ended is left alone by it.
 */
final class SseResponse {

    private SseResponse() {
    }

    /** Blocks the request's worker thread until the stream ends or the client leaves. */
    static void pump(Exchange exchange, EventStream events, long keepAliveMillis) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            events.close();
            throw new IllegalStateException("the events endpoint needs the platform-http (Vert.x) server");
        }
        HttpServerResponse response = message.getResponse();
        AtomicBoolean gone = new AtomicBoolean();
        response.closeHandler(ignored -> gone.set(true));
        response.setStatusCode(200);
        response.putHeader("Content-Type", "text/event-stream");
        response.putHeader("Cache-Control", "no-cache");
        response.setChunked(true);
        try {
            while (!gone.get()) {
                byte[] next = events.next(keepAliveMillis);
                if (next == EventStream.END) {
                    break;
                }
                response.write(Buffer.buffer(next));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.close();
            if (!gone.get() && !response.ended()) {
                response.end();
            }
        }
    }
}
