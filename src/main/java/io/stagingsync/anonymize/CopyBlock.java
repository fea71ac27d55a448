package io.stagingsync.anonymize;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts one table's COPY block out of pg_restore's script; rows pass untouched and are counted. */
public final class CopyBlock {

    private static final Pattern ENCODING = Pattern.compile("SET client_encoding = '([^']+)'");
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private long rows;
    private boolean terminated;
    private String encoding = "UTF8";
    private String copyLine;

    public CopyBlock(InputStream in) {
        this.in = in;
    }

    /** Reads up to and including the COPY line; fails when the script holds no COPY block. */
    public void readHeader() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            Matcher m = ENCODING.matcher(line);
            if (m.find()) {
                encoding = m.group(1);
            }
            if (line.startsWith("COPY ")) {
                copyLine = line;
                return;
            }
        }
        throw new EOFException("pg_restore wrote no COPY block");
    }

    public String encoding() {
        return encoding;
    }

    public String copyLine() {
        return copyLine;
    }

    public long rows() {
        return rows;
    }

    public boolean terminated() {
        return terminated;
    }

    /**
     * The rows, ending before the terminator line; a missing terminator is a truncated dump. Counting newlines
     * counts rows: in COPY text format a newline inside a value is escaped, so every row is exactly one line.
     */
    public InputStream rowStream() {
        return new InputStream() {
            private boolean atLineStart = true;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (terminated) {
                    return -1;
                }
                if (buffered(1) == 0) {
                    throw new EOFException("the table's data ends without its terminator: the dump is truncated");
                }
                if (atLineStart && buf[pos] == '\\') {
                    int have = buffered(3);
                    if (have >= 2 && buf[pos + 1] == '.' && (have == 2 || buf[pos + 2] == '\n' || buf[pos + 2] == '\r')) {
                        terminated = true;
                        pos += Math.min(have, 3);
                        return -1;
                    }
                }
                int n = 0;
                while (n < len && pos < limit) {
                    byte c = buf[pos++];
                    b[off + n++] = c;
                    if (c == '\n') {
                        rows++;
                        if (pos >= limit || buf[pos] == '\\') {
                            atLineStart = true;
                            return n;
                        }
                    }
                }
                atLineStart = false;
                return n;
            }
        };
    }

    /** Reads what follows the block so that the writer can exit. */
    public void drain() throws IOException {
        pos = limit;
        in.transferTo(OutputStream.nullOutputStream());
    }

    /** Makes at least {@code wanted} bytes available unless the stream ends first; returns how many are. */
    private int buffered(int wanted) throws IOException {
        if (limit - pos >= wanted) {
            return limit - pos;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < wanted && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit - pos;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (true) {
            if (buffered(1) == 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
            }
            byte c = buf[pos++];
            if (c == '\n') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (bytes.size() < 1 << 20) {
                bytes.write(c);
            }
        }
    }
}
