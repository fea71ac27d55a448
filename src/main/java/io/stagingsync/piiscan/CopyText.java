package io.stagingsync.piiscan;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of COPY text format into its values: tab-separated, {@code \N} for NULL, backslash escapes. */
final class CopyText {

    private CopyText() {
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean isNull = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\t') {
                out.add(isNull ? null : current.toString());
                current.setLength(0);
                isNull = false;
            } else if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                switch (next) {
                    case 'N' -> isNull = current.isEmpty();
                    case 't' -> current.append('\t');
                    case 'n' -> current.append('\n');
                    case 'r' -> current.append('\r');
                    default -> current.append(next);
                }
            } else {
                current.append(c);
            }
        }
        out.add(isNull ? null : current.toString());
        return out;
    }
}
