package io.stagingsync.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stagingsync.failure.RefusedException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in strategies' settings: a secret salt without default, fake values that are checked. */
class MaskingSettingsLoaderTest {

    private static MaskingSettings load(Map<String, String> values) {
        return new MaskingSettingsLoader(k -> values.getOrDefault(k, "")).load();
    }

    @Test
    void defaultsHaveNoSaltAndFakeValuesThatAreNotRealOnes() {
        MaskingSettings s = load(Map.of());
        assertFalse(s.hasSalt());
        assertEquals("example.test", s.fakeDomain());
        assertEquals("Demo City", s.fakeCity());
        assertFalse(load(Map.of("sync.anonymization.salt", "   ")).hasSalt(), "a blank salt is no salt");
    }

    @Test
    void saltIsKeptExactlyAndNeverPrinted() {
        MaskingSettings s = load(Map.of("sync.anonymization.salt", " a salt with spaces, long enough "));
        assertEquals(" a salt with spaces, long enough ", s.salt());
        assertFalse(s.toString().contains("long enough"), s.toString());
    }

    @Test
    void shortSaltAndBadFakeValuesAreRefusedTogether() {
        RefusedException e = assertThrows(RefusedException.class, () -> load(Map.of(
                "sync.anonymization.salt", "0123456789abcde",
                "sync.anonymization.fake-domain", "not a domain",
                "sync.anonymization.fake-city", "two\nlines")));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("SYNC_ANONYMIZATION_SALT is shorter than 16 characters"));
        assertFalse(e.getMessage().contains("0123456789abcde"), "the short salt is not echoed");
        assertTrue(e.getMessage().contains("SYNC_ANONYMIZATION_FAKE_DOMAIN=not a domain"));
        assertTrue(e.getMessage().contains("SYNC_ANONYMIZATION_FAKE_CITY must be one line"));
    }
}
