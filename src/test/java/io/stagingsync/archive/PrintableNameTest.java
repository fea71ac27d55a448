package io.stagingsync.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableNameTest {

    @Test
    void aNameCannotStartANewLogLineOrMoveTheCursor() {
        assertEquals("evil.\"x\\n2026-12-04 [INFO] ok\\r\\t\\u001b[2K\\u0000\\u0085\"",
                PrintableName.of("evil.\"x\n2026-12-04 [INFO] ok\r\t\u001b[2K\u0000\u0085\""));
    }

    @Test
    void printableNamesAreLeftAsTheyAre() {
        String name = "public.\"Ünïcode name ✓\"";
        assertSame(name, PrintableName.of(name));
        assertEquals(null, PrintableName.of(null));
    }
}
