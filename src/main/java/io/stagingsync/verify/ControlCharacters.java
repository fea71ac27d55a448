package io.stagingsync.verify;

/** Names written by others (a dump, a session on the target) printed safely: no forged line breaks in a log. */
public final class ControlCharacters {

    private ControlCharacters() {
    }

    /** Control characters as {@code \n}, {@code \t}, {@code \r} or {@code \\u001b}; everything else unchanged. */
    public static String escape(String text) {
        if (text == null || text.codePoints().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(cp)) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }
}
