package io.stagingsync.piiscan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * pg_restore's script read line by line into one reused byte buffer: a row the sample does not keep never becomes a
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

    ScriptLines(InputStream in) {
        this.in = in;
    }

    /** The next line, each byte one char (ISO-8859-1), without its newline; null at the end. */
    String readLine() throws IOException {
        return next() ? current() : null;
    }

    /** Whether another line was read; {@link #current()} makes it a String, only when it is wanted. */
    boolean next() throws IOException {
        length = 0;
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
            append(start, pos - start);
            if (pos < limit) {
                pos++;
                return true;
            }
        }
    }

    /** Whether the line read last is a COPY block's end marker {@code \.}. */
    boolean endOfCopy() {
        return length == 2 && line[0] == '\\' && line[1] == '.';
    }

    /** The line read last, each byte one char (ISO-8859-1). */
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
