package io.stagingsync.settings;

/**
 * The values the built-in strategies write: the secret salt of their pseudonyms and the fake contact details.
 *
 * @param salt empty when SYNC_ANONYMIZATION_SALT is unset; never printed, it only reaches the server as a parameter
 */
public record MaskingSettings(String salt, String fakeDomain, String fakeStreet, String fakeCity, String fakePostalCode) {

    /** Shorter salts can be guessed, and a guessed salt turns every pseudonym back into a lookup table. */
    public static final int MIN_SALT_LENGTH = 16;

    static final String DEFAULT_DOMAIN = "example.test";
    static final String DEFAULT_STREET = "1 Demo Street";
    static final String DEFAULT_CITY = "Demo City";
    static final String DEFAULT_POSTAL_CODE = "00000";

    /** The default fake values and no salt: built-in strategies that need the salt are refused. */
    public static MaskingSettings unsalted() {
        return new MaskingSettings("", DEFAULT_DOMAIN, DEFAULT_STREET, DEFAULT_CITY, DEFAULT_POSTAL_CODE);
    }

    public boolean hasSalt() {
        return !salt.isEmpty();
    }

    @Override
    public String toString() {
        return "MaskingSettings[salt=" + (hasSalt() ? "(set)" : "(unset)") + ", fakeDomain=" + fakeDomain
                + ", fakeStreet=" + fakeStreet + ", fakeCity=" + fakeCity + ", fakePostalCode=" + fakePostalCode + "]";
    }
}
