package io.stagingsync.archive;

/**
 * A name that came from a backup (a member of the archive, a table, the dump's header), made safe to print: its
 * control characters are escaped, so that it can neither forge a log line nor drive the terminal that shows it.
 */
public final class PrintableName {

    private PrintableName() {
    }

    /** The name with line breaks, escape characters and other invisible controls written as Java escapes (backslash-n…). */
    public static String of(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String escaped = escape(c);
            if (escaped != null && out == null) {
                out = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (out != null) {
                out.append(escaped != null ? escaped : String.valueOf(c));
            }
        }
        return out == null ? name : out.toString();
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> Character.isISOControl(c) || invisibleLayout(c) ? String.format("\\u%04x", (int) c) : null;
        };
    }

    /** Line and paragraph separators and the bidirectional overrides, which rearrange or break what is shown. */
    private static boolean invisibleLayout(char c) {
        return c == '\u2028' || c == '\u2029' || c == '\u061c' || c == '\u200e' || c == '\u200f'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
