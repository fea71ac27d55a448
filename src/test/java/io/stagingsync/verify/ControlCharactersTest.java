package io.stagingsync.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void aNameCannotStartANewLogLineOrMoveTheCursor() {
        assertEquals("evil.\"x\\n2026-12-04 [INFO] ok\\r\\t\\u001b[2K\\u0000\\u0085\"",
                ControlCharacters.escape("evil.\"x\n2026-12-04 [INFO] ok\r\t\u001b[2K\u0000\u0085\""));
    }

    @Test
    void printableNamesAreLeftAsTheyAre() {
        String name = "public.\"Ünïcode name ✓\"";
        assertSame(name, ControlCharacters.escape(name));
        assertEquals(null, ControlCharacters.escape(null));
    }
}
