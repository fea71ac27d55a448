package io.stagingsync.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The restore test's database name: the target's, a suffix, and never longer than PostgreSQL keeps. */
class RestoreTestDatabaseNameTest {

    @Test
    void aShortNameKeepsTheTargetsNameAndTheUtcTime() {
        assertEquals("staging_restore_test_20261205_014450", RestoreTestDatabase.name("staging", "20261205_014450"));
    }

    @Test
    void aLongNameIsShortenedBeforeItsSuffixSoTheServerDoesNotCutTheTimeOff() {
        String name = RestoreTestDatabase.name("é".repeat(40), "20261205_014450");
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 63, name);
        assertTrue(name.endsWith("_restore_test_20261205_014450"), name);
        assertTrue(name.startsWith("éééé"), name);
    }
}
