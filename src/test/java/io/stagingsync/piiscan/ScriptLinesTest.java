package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScriptLinesTest {

    /** Hands out one byte per read: every line crosses the buffer's end. */
    private static InputStream trickle(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
    }

    @Test
    void theEndMarkerIsToldFromARowThatStartsLikeIt() throws IOException {
        ScriptLines lines = new ScriptLines(trickle("COPY t (a) FROM stdin;\n\\.x\nrow two\n\\.\nSET x;\nlast"));
        assertEquals("COPY t (a) FROM stdin;", lines.readLine());
        assertTrue(lines.next());
        assertFalse(lines.endOfCopy(), "a row \\.x is not the end marker");
        assertTrue(lines.next());
        assertEquals("row two", lines.current());
        assertTrue(lines.next());
        assertTrue(lines.endOfCopy());
        assertEquals("SET x;", lines.readLine());
        assertEquals("last", lines.readLine(), "a last line without a newline");
        assertNull(lines.readLine());
    }

    @Test
    void bytesComeBackOneCharEachWhateverTheirLength() throws IOException {
        String wide = "é".repeat(70_000);
        ScriptLines lines = new ScriptLines(new ByteArrayInputStream((wide + "\n").getBytes(StandardCharsets.UTF_8)));
        String read = lines.readLine();
        assertEquals(wide, new String(read.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        assertNull(lines.readLine());
    }
}
