package io.stagingsync.settings;

import io.stagingsync.secrets.Redactor;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads the built-in strategies' salt and fake values (env over application.properties), refusing bad ones. */
public final class MaskingSettingsLoader {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    private final Function<String, String> lookup;

    public MaskingSettingsLoader(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    public MaskingSettings load() {
        return SettingValues.refusing(lookup, MaskingSettingsLoader::load);
    }

    static MaskingSettings load(SettingValues v) {
        // the salt as given: surrounding spaces are part of a secret
        String salt = v.raw("sync.anonymization.salt");
        Redactor.register(salt);
        if (!salt.isEmpty() && salt.length() < MaskingSettings.MIN_SALT_LENGTH) {
            v.problem("SYNC_ANONYMIZATION_SALT is shorter than " + MaskingSettings.MIN_SALT_LENGTH + " characters: "
                    + "use a long random secret, e.g. the output of `openssl rand -hex 32`");
        }
        String domain = v.text("sync.anonymization.fake-domain", MaskingSettings.DEFAULT_DOMAIN).toLowerCase();
        if (!DOMAIN.matcher(domain).matches()) {
            v.problem("SYNC_ANONYMIZATION_FAKE_DOMAIN=" + domain + " is not a domain name like example.test");
        }
        String street = text(v, "sync.anonymization.fake-street", MaskingSettings.DEFAULT_STREET);
        String city = text(v, "sync.anonymization.fake-city", MaskingSettings.DEFAULT_CITY);
        String postal = text(v, "sync.anonymization.fake-postal-code", MaskingSettings.DEFAULT_POSTAL_CODE);
        return new MaskingSettings(salt, domain, street, city, postal);
    }

    private static String text(SettingValues v, String key, String fallback) {
        String value = v.text(key, fallback);
        if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            v.problem(SettingValues.env(key) + " must be one line of at most 200 characters");
        }
        return value;
    }
}
