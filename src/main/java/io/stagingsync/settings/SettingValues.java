package io.stagingsync.settings;

import io.stagingsync.failure.RefusedException;
import java.util.List;
import java.util.function.Function;

/**
 * Reads raw settings (env var over application.properties) for the loaders, each bad value added to one list of
 * problems that names the variable, the value, what is accepted and the property it overrides.
 */
final class SettingValues {

    private final Function<String, String> lookup;
    private final List<String> problems;

    SettingValues(Function<String, String> lookup, List<String> problems) {
        this.lookup = lookup;
        this.problems = problems;
    }

    /** What {@code loader} reads from {@code lookup}, refused with all its problems at once. */
    static <T> T refusing(Function<String, String> lookup, Function<SettingValues, T> loader) {
        SettingValues v = new SettingValues(lookup, new java.util.ArrayList<>());
        T value = loader.apply(v);
        if (!v.problems.isEmpty()) {
            throw new RefusedException(v.problems);
        }
        return value;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** The value trimmed, or {@code fallback} when unset or blank. */
    String text(String key, String fallback) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    String text(String key) {
        return text(key, "");
    }

    /** The value as given, surrounding spaces included (a secret's are part of it); empty when unset or blank. */
    String raw(String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? "" : v;
    }

    /** A whole number within [min, max]; {@code fallback} when unset, and after a refused value. */
    int number(String key, int fallback, int min, int max) {
        String raw = text(key, Integer.toString(fallback));
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
            problems.add(env(key) + "=" + raw + " must be between " + min + " and " + max + " (setting " + key + ")");
        } catch (NumberFormatException e) {
            problems.add(env(key) + "=" + raw + " is not a whole number: give one between " + min + " and " + max
                    + " (setting " + key + ")");
        }
        return fallback;
    }

    /** true or false, any case; {@code fallback} when unset, and after a refused value. */
    boolean flag(String key, boolean fallback) {
        String raw = text(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return raw.equalsIgnoreCase("true");
        }
        problems.add(env(key) + "=" + raw + " must be true or false (setting " + key + ")");
        return fallback;
    }

    /** The environment variable that overrides {@code key}: upper case, '.' and '-' turned into '_'. */
    static String env(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
