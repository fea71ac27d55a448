package io.stagingsync.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events waiting to be written: the run's threads add them without ever waiting, the HTTP side takes
 * them as they come. A client too slow to keep up misses intermediate readings, never the last one, and never
 * slows the sync.
 */
final class EventStream {

    private static final int CAPACITY = 512;
    static final byte[] END = new byte[0];
    static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Runnable onClose;

    EventStream(Runnable onClose) {
        this.onClose = onClose;
    }

    /** An intermediate reading: dropped when the client lags. */
    void event(String name, String id, Map<String, Object> data) {
        queue.offer(encode(name, id, data));
    }

    /** The last event, then the end of the stream: always delivered. */
    void last(String name, String id, Map<String, Object> data) {
        byte[] event = encode(name, id, data);
        while (!queue.offer(event)) {
            queue.poll();
        }
        while (!queue.offer(END)) {
            queue.poll();
        }
    }

    /** The next event, {@link #KEEP_ALIVE} after {@code quietMillis} without one, {@link #END} at the end. */
    byte[] next(long quietMillis) throws InterruptedException {
        byte[] next = queue.poll(quietMillis, TimeUnit.MILLISECONDS);
        return next == null ? KEEP_ALIVE : next;
    }

    /** The client is gone or the stream ended: stop listening to the run. */
    void close() {
        onClose.run();
    }

    /** The id lets a client that reconnects say what it saw last (Last-Event-ID). */
    private static byte[] encode(String name, String id, Map<String, Object> data) {
        try {
            return ("id: " + id + "\nevent: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
