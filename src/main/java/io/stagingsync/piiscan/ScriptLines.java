package io.stagingsync.piiscan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * pg_restore's script read line by line from bytes: a row the sample does not keep is skipped without becoming a
 * String, so that reading a large archive makes next to no garbage.
 */
final class ScriptLines {

    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private int size;

    ScriptLines(InputStream in) {
        this.in = in;
    }

    /** The next line, each byte one char (ISO-8859-1), without its newline; null at the end. */
    String readLine() throws IOException {
        return next(true) ? new String(line, 0, length, StandardCharsets.ISO_8859_1) : null;
    }

    /** Whether another line was read (kept only for {@link #current()} when {@code keep}). */
    boolean next(boolean keep) throws IOException {
        length = 0;
        size = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buf, 0, BUFFER);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            size += pos - start;
            if (keep || length < 2) {
                append(start, keep ? pos - start : Math.min(pos - start, 2 - length));
            }
            if (pos < limit) {
                pos++;
                return true;
            }
        }
    }

    /** Whether the line read last is a COPY block's end marker {@code \.} (known even for a line not kept). */
    boolean endOfCopy() {
        return size == 2 && line[0] == '\\' && line[1] == '.';
    }

    /** The line read last, when it was kept. */
    String current() {
        return new String(line, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void append(int from, int count) {
        if (length + count > line.length) {
            byte[] bigger = new byte[Math.max(line.length * 2, length + count)];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(buf, from, line, length, count);
        length += count;
    }
}
