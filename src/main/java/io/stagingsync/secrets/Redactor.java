package io.stagingsync.secrets;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place secrets are masked: log lines, error messages, reports and notifications all pass through
 * {@link #apply}. It hides the values the process was given (registered as they are read) and, by shape, any
 * URL credentials, pre-signed query strings, bearer tokens and {@code password=} pairs it did not know about.
 */
public final class Redactor {

    public static final String MASK = "***";

    /** Shorter values are too likely to be ordinary words or numbers to be replaced wherever they appear. */
    private static final int MIN_KNOWN_LENGTH = 6;
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    /** KNOWN, longest first (a secret that contains another is masked whole); rebuilt when a secret is added. */
    private static volatile List<String> longestFirst = List.of();

    private static final Pattern URL_CREDENTIALS = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/\"':@]*):[^\\s/\"']*@");
    private static final Pattern HTTP_QUERY = Pattern.compile("(\\bhttps?://[^\\s?#\"']+)\\?[^\\s\"']+");
    private static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)((?<![a-z0-9])(?:password|passwd|pwd|secret|token|api[_-]?token|access[_-]?token|api[_-]?key)"
                    + "(?:\\s*=\\s*|\"\\s*:\\s*\"))(?!\\*\\*\\*)[^\\s&;,\"']+");

    private Redactor() {
    }

    /** Remembers a secret value (password, token, salt) so that it is masked wherever it would appear. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= MIN_KNOWN_LENGTH && KNOWN.add(secret)) {
            synchronized (KNOWN) {
                longestFirst = KNOWN.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
            }
        }
    }

    /** The text with every secret masked; null stays null. */
    public static String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        out = URL_CREDENTIALS.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
        out = HTTP_QUERY.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "?" + MASK));
        out = BEARER.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        out = KEY_VALUE.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        return out;
    }
}
