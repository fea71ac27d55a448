package io.stagingsync.settings;

import io.stagingsync.run.RefusedException;
import io.stagingsync.secrets.Redactor;
import java.util.ArrayList;
import java.util.List;
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
        List<String> problems = new ArrayList<>();
        String salt = raw("sync.anonymization.salt");
        Redactor.register(salt);
        if (!salt.isEmpty() && salt.length() < MaskingSettings.MIN_SALT_LENGTH) {
            problems.add("SYNC_ANONYMIZATION_SALT is shorter than " + MaskingSettings.MIN_SALT_LENGTH + " characters: "
                    + "use a long random secret, e.g. the output of `openssl rand -hex 32`");
        }
        String domain = value("sync.anonymization.fake-domain", MaskingSettings.DEFAULT_DOMAIN).toLowerCase();
        if (!DOMAIN.matcher(domain).matches()) {
            problems.add("SYNC_ANONYMIZATION_FAKE_DOMAIN=" + domain + " is not a domain name like example.test");
        }
        String street = text("sync.anonymization.fake-street", MaskingSettings.DEFAULT_STREET, "SYNC_ANONYMIZATION_FAKE_STREET", problems);
        String city = text("sync.anonymization.fake-city", MaskingSettings.DEFAULT_CITY, "SYNC_ANONYMIZATION_FAKE_CITY", problems);
        String postal = text("sync.anonymization.fake-postal-code", MaskingSettings.DEFAULT_POSTAL_CODE, "SYNC_ANONYMIZATION_FAKE_POSTAL_CODE", problems);
        if (!problems.isEmpty()) {
            throw new RefusedException(problems);
        }
        return new MaskingSettings(salt, domain, street, city, postal);
    }

    private String text(String key, String fallback, String env, List<String> problems) {
        String v = value(key, fallback);
        if (v.length() > 200 || v.chars().anyMatch(Character::isISOControl)) {
            problems.add(env + " must be one line of at most 200 characters");
        }
        return v;
    }

    /** The salt as given: surrounding spaces are part of a secret. */
    private String raw(String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? "" : v;
    }

    private String value(String key, String fallback) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
