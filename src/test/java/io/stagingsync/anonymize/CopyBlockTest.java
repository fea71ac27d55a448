package io.stagingsync.anonymize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The COPY block is cut exactly at its terminator, whatever the chunking of pg_restore's output. */
class CopyBlockTest {

    static final String SCRIPT = """
            --
            -- PostgreSQL database dump
            --
            SET client_encoding = 'LATIN1';
            SET standard_conforming_strings = on;

            COPY public.users (id, note) FROM stdin;
            1\t\\\\.starts with an escaped backslash
            2\t\\N
            3\tline\\nbreak
            \\.

            --
            -- PostgreSQL database dump complete
            --
            """;
    static final String ROWS = "1\t\\\\.starts with an escaped backslash\n2\t\\N\n3\tline\\nbreak\n";

    /** Hands out at most {@code chunk} bytes per read, like a pipe would. */
    static InputStream chunked(byte[] bytes, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    @Test
    void rowsEndAtTheTerminatorForEveryChunkSize() throws IOException {
        byte[] script = SCRIPT.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= script.length; chunk++) {
            CopyBlock block = new CopyBlock(chunked(script, chunk));
            block.readHeader();
            assertEquals("COPY public.users (id, note) FROM stdin;", block.copyLine());
            assertEquals("LATIN1", block.encoding());
            byte[] rows = block.rowStream().readAllBytes();
            assertArrayEquals(ROWS.getBytes(StandardCharsets.UTF_8), rows, "chunk " + chunk);
            assertEquals(3, block.rows(), "chunk " + chunk);
            assertTrue(block.terminated());
            block.drain();
        }
    }

    @Test
    void emptyTableHasZeroRows() throws IOException {
        CopyBlock block = new CopyBlock(new ByteArrayInputStream("COPY t (a) FROM stdin;\n\\.\n".getBytes(StandardCharsets.UTF_8)));
        block.readHeader();
        assertEquals(0, block.rowStream().readAllBytes().length);
        assertEquals(0, block.rows());
        assertTrue(block.terminated());
    }

    @Test
    void missingTerminatorIsATruncatedDump() throws IOException {
        CopyBlock block = new CopyBlock(new ByteArrayInputStream("COPY t (a) FROM stdin;\n1\n2\n".getBytes(StandardCharsets.UTF_8)));
        block.readHeader();
        EOFException e = assertThrows(EOFException.class, () -> block.rowStream().readAllBytes());
        assertTrue(e.getMessage().contains("truncated"));
    }

    @Test
    void scriptWithoutCopyIsRefused() {
        CopyBlock block = new CopyBlock(new ByteArrayInputStream("SET x = 1;\n".getBytes(StandardCharsets.UTF_8)));
        assertThrows(EOFException.class, block::readHeader);
    }
}
